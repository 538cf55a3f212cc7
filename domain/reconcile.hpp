// Reconciliation from channel history (discord-midjourney-protocol.md §6.3):
// after a lost session, a restart or a stall, the account reads the channel
// since its oldest pending dispatch and decides, per in-flight task, whether
// it finished, is still running, or is lost. Cascade steps 3–7 of §6.2. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/task.hpp"

namespace mjgate::domain {

/// An in-flight task as the account knows it (from its job table or storage).
struct pending_job {
  std::string task_id;
  task_action action = task_action::imagine;
  std::string nonce;
  std::string interaction_id;            ///< I, "" if never learned
  std::vector<std::string> message_ids;  ///< progress / final messages already seen
  std::string job_hash;                  ///< H, "" if unknown
  std::string seed;                      ///< injected or caller seed ("" = from the prompt)
  std::string prompt_full;               ///< the prompt as sent (normalised here)
  std::string parent_message_id;         ///< U picks: the grid message clicked
  int pick_index = 0;                    ///< U picks: n of "Image #n"
  std::int64_t started_at = 0;           ///< dispatch time, epoch ms
};

/// One Midjourney message of the history page, already read by discord/.
struct history_message {
  std::string id;
  std::int64_t timestamp_ms = 0;
  std::optional<task_action> action;  ///< the action its tail names, if known
  std::string prompt;                 ///< MJ's echo (seed still inside)
  std::string job_hash;
  bool final = false;  ///< a finished result (else progress / waiting)
  std::string image_url;
  std::string referenced_message_id;      ///< message_reference.message_id
  int image_index = 0;                    ///< n of an "Image #n" tail
  std::string interaction_id;             ///< interaction_metadata.id
  std::string triggering_interaction_id;  ///< after a modal submit
  bool mentions_user = false;             ///< the tail mentions this account's user
};

/// What reconciliation decided for one task.
enum class reconcile_outcome : std::uint8_t {
  finished,  ///< `message_index` is its final message
  running,   ///< no final yet, still young enough to wait for
  failed,    ///< no final and older than the window: fail with `reason`
};

/// The decision for one pending task.
struct reconcile_verdict {
  std::string task_id;
  reconcile_outcome outcome = reconcile_outcome::running;
  std::optional<std::size_t> message_index;   ///< into the page: the final message
  std::optional<std::size_t> progress_index;  ///< the last progress message seen, if any
  std::string job_hash;                       ///< learned on the way ("" if none)
  std::string reason;                         ///< fail reason for `failed`
};

/// How the caller read the history.
struct reconcile_params {
  std::int64_t now_ms = 0;
  std::int64_t max_age_ms = 5 * 60 * 1000;  ///< run timeout: older tasks without a final fail
  bool history_complete = true;             ///< false when more pages exist: nobody is failed yet
};

/// One verdict per task, in the order of `tasks`. Messages are taken oldest
/// first; each final message finishes at most one task; progress messages
/// teach their job hash so a later final matches by it. Seed + normalised
/// prompt (step 7) needs a mention and, with several candidates, takes the
/// oldest task.
std::vector<reconcile_verdict> reconcile(const std::vector<pending_job>& tasks,
                                         const std::vector<history_message>& page,
                                         const reconcile_params& params);

/// Where to start reading: the oldest `started_at` minus 5 s (§6.3);
/// nullopt without tasks.
std::optional<std::int64_t> history_window(const std::vector<pending_job>& tasks);

/// The fail reason of a task whose result is not in the history.
inline constexpr std::string_view reconcile_lost_reason =
    "the job's result was not found in the channel history";

}  // namespace mjgate::domain
