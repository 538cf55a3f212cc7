// What cancelling a task does (api-contracts.md §3.5, discord-midjourney-protocol.md
// §8.1): waiting tasks leave their lane, running ones are CANCEL at once but keep
// their slot until Discord ends the job, finished ones refuse. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/errc.hpp"
#include "domain/task.hpp"

namespace mjgate::domain {

/// What a cancel does to the task's lane place.
enum class cancel_effect : std::uint8_t {
  remove_from_lane,  ///< NOT_START / MODAL: CANCEL, leave the lane (account_lanes::cancel_queued)
  keep_slot,         ///< SUBMITTED / IN_PROGRESS: CANCEL, slot held until the job ends or times out
  refuse,            ///< terminal: code 4 "任务已结束，无法取消"
};

/// The decision for one cancel request.
struct cancel_decision {
  cancel_effect effect = cancel_effect::refuse;
  errc error = errc::none;  ///< validation for `refuse`
  std::string message;      ///< the code 4 text for `refuse`
  friend bool operator==(const cancel_decision&, const cancel_decision&) = default;
};

/// failReason of a cancelled task.
inline constexpr std::string_view cancel_reason = "任务已取消";

/// The decision for a task in `status` (§3.5).
cancel_decision decide_cancel(task_status status);

/// Moves `t` to CANCEL with failReason "任务已取消" at `now_ms`; the decision
/// for its previous status tells the caller what to do with its lane slot.
/// A terminal task is left unchanged (effect `refuse`).
cancel_decision cancel_task(task& t, std::int64_t now_ms);

}  // namespace mjgate::domain
