// The backend dialect's status values and the transitions a client may ask
// for (api-contracts.md §7.4, §7.5). Pure.
#pragma once

#include <cstdint>
#include <string>

#include "domain/task.hpp"
#include "http/dialects/backend/envelope.hpp"

namespace mjgate::http::backend {

/// The backend values: 0 wait, 2 processing, 1 done, 3 cancel.
inline constexpr int status_wait = 0;
inline constexpr int status_done = 1;
inline constexpr int status_processing = 2;
inline constexpr int status_cancel = 3;

/// The backend value of a unified status: NOT_START/MODAL → 0,
/// SUBMITTED/IN_PROGRESS → 2, SUCCESS → 1, FAILURE/CANCEL → 3.
int backend_status(domain::task_status s);

/// What a PUT /task/status does.
enum class status_effect : std::uint8_t {
  none,    ///< the task already has that status: ok, nothing changes
  cancel,  ///< wait or processing → cancel: the router's cancel
  refuse,  ///< `error` and `message` say why (10102 or 10121)
};

struct status_decision {
  status_effect effect = status_effect::refuse;
  code error = code::ok;
  std::string message;
  friend bool operator==(const status_decision&, const status_decision&) = default;
};

/// The §7.4 table for a task whose backend status is `from` (0..3) and a
/// requested `to`: a value outside 0..3 → 10102; the same value → none;
/// 0 or 2 → 3 → cancel; 2 → 0 → 10121 "不能回退回pending状态"; every other
/// change → 10121 (2 and 1 are set only by the engine).
status_decision decide_status_change(int from, std::int64_t to);

}  // namespace mjgate::http::backend
