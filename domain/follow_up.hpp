// Follow-up tasks (api-contracts.md §3.4 rules 2, 3, 7, 11;
// discord-midjourney-protocol.md §8.4): whether a click on a parent's button
// may run, and the child task it creates (pinned to the parent's account). Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/errc.hpp"
#include "domain/task.hpp"

namespace mjgate::domain {

/// The code 4 / 23 answer of a refused follow-up; `error == none` means accepted.
struct follow_up_check {
  errc error = errc::none;
  std::string message;
  friend bool operator==(const follow_up_check&, const follow_up_check&) = default;
};

/// Where the parent's account stands (§8.4), as the router sees it.
enum class parent_account_reach : std::uint8_t {
  available,    ///< the parent's account (or one covering its channel) can take it
  unavailable,  ///< only temporarily (CONNECTING, BACKOFF, LOCKED, work window): code 23
  gone,         ///< deleted or disabled and no other account covers the channel: code 4
};

/// /submit/action: `parent` null when missing or not visible → parent_invalid
/// "关联任务不存在或已失效"; not SUCCESS → parent_invalid "关联任务状态错误";
/// `custom_id` not among the parent's buttons → validation "关联任务不允许执行该操作".
follow_up_check check_action(const task* parent, std::string_view custom_id);

/// /submit/change and simple-change: as check_action for the parent, then its
/// action must be IMAGINE, VARIATION, REROLL, BLEND, PAN or ZOOM ("关联任务不允许执行变化"),
/// `action` UPSCALE, VARIATION or REROLL, and `index` 1..4 for U/V ("index 参数错误").
follow_up_check check_change(const task* parent, task_action action, int index);

/// §8.4 / rule 11: code 23 (queue_full) while the account is only temporarily
/// unavailable, code 4 (parent_invalid) when it is gone; never code 3.
follow_up_check check_parent_account(parent_account_reach reach);

/// What the click is, as parsed from its customId.
struct follow_up_spec {
  task_action action = task_action::upscale;
  int index = 0;          ///< 1..4 for U/V picks, 0 otherwise
  std::string custom_id;  ///< the clicked button
};

/// "U2", "V1", "R" for picks and reroll; the action's wire name otherwise ("PAN").
std::string follow_up_label(task_action action, int index);

/// The `state` of child `n` (1..4) of a fan-out click (PicReader "all",
/// api-contracts.md §2.3): "{state}::{n}", so a client tells the children
/// apart in their webhooks; an empty state stays empty.
std::string fan_out_state(std::string_view state, int n);

/// The child task: NOT_START, parent id, the parent's account (pinned), bot
/// type and prompts (prompt, promptEn, finalPrompt), the click's
/// action/index/customId, description "/up <parent id> <label>". The caller
/// sets id, uuid, user, state and hook.
task make_follow_up(const task& parent, const follow_up_spec& spec, std::int64_t now_ms);

}  // namespace mjgate::domain
