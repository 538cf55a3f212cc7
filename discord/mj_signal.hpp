// Error and health signals in Midjourney's replies (discord-midjourney-protocol.md
// §7.1, §7.2): which signal an embed, content or iframe modal carries, what it
// means for the task and the account, and the text that becomes failReason. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "discord/events.hpp"

namespace mjgate::discord {

/// One row of §7.1 (titles compared case-insensitively, without trailing
/// punctuation or emoji; the colour only supports a title).
enum class mj_signal : std::uint8_t {
  none,               ///< not an error or notice
  job_queued,         ///< "Job queued": informational, the task stays SUBMITTED
  queue_full,         ///< "Queue full": re-queue on our side, then fail
  banned_prompt,      ///< "Banned prompt detected": fail; counts toward per-user throttling
  invalid_parameter,  ///< "Invalid prompt/parameter/link", titles with Invalid/error/denied,
                      ///< output filters, or a red embed: fail
  action_needed,      ///< "Action needed to continue" (moderation): fail at once, keep the appeal
  fast_exhausted,     ///< "Credits exhausted": account flag fastExhausted, re-queue (relax lane)
  blocked,            ///< "Blocked": account DISABLED (BANNED), fail the task
  subscription,       ///< "Plan Cancelled", "Subscription required/paused": DISABLED (SUBSCRIPTION)
  pending_mod,        ///< "Pending mod message": account LOCKED, re-queue the task
  tos,                ///< "ToS not accepted": click Accept ToS, resubmit once
  captcha,            ///< iframe "Action required to continue" or a "verify you're human" embed
  failed,             ///< content starting with "Failed": fail with the content
};

/// What happens to the task that triggered the signal.
enum class task_reaction : std::uint8_t {
  none,            ///< not an error
  stay_submitted,  ///< job queued notice
  fail,            ///< fail with fail_reason
  requeue,         ///< run it again elsewhere / later (queue full, credits, pending mod)
  resubmit,        ///< resubmit once after accepting the ToS
};

/// What happens to the account (§7.3 states).
enum class account_reaction : std::uint8_t {
  none,
  lower_concurrency,      ///< job queued: effective concurrency −1 for 10 min
  fast_exhausted,         ///< flag, not a state
  locked,                 ///< CAPTCHA or account review
  disabled_banned,        ///< DISABLED, reason BANNED
  disabled_subscription,  ///< DISABLED, reason SUBSCRIPTION
  accept_tos,             ///< click the Accept ToS button
};

struct mj_signal_reading {
  mj_signal signal = mj_signal::none;
  std::string title;             ///< the embed title verbatim ("" for content / none)
  std::string fail_reason;       ///< "[<title>] <description>", the Failed… content, or ""
  std::string button_custom_id;  ///< the Appeal or "Accept ToS" button's customId, if present
};

/// Classifies a bot message (first embed, then content).
mj_signal_reading classify_mj_signal(const gateway_event& ev);

/// Classifies an INTERACTION_IFRAME_MODAL_CREATE: CAPTCHA when titled "Action
/// required to continue" (fail reason "[Action required to continue] captcha"),
/// none for the Vary Region editor.
mj_signal_reading classify_iframe_modal(const gateway_event& ev);

task_reaction task_reaction_of(mj_signal signal);
account_reaction account_reaction_of(mj_signal signal);

/// Lower case, without leading/trailing spaces, punctuation and emoji (non-ASCII).
std::string normalized_title(std::string_view title);

}  // namespace mjgate::discord
