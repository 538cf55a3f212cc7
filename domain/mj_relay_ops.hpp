// The midjourney-proxy relay's follow-up calls (api-contracts.md §3.5, §5.4):
// the cancel of an upstream task and how its answer decides the local task,
// and the ids of a fan-out answer (PicReader "all"). Pure; no I/O. Beside
// domain/mj_relay.hpp (the submit and poll codec), which it extends: an
// mj_upstream_submit of kind "cancel" is the cancel of its `task_id`
// (path mj_cancel_path, body "{}").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mjgate::domain {

/// The path of a cancel of the upstream task `upstream_id` below the
/// channel's base URL: "/mj/task/<id>/cancel" (the id percent-encoded
/// outside [A-Za-z0-9-._~]); its body is "{}" (mj_submit_body of kind
/// "cancel").
std::string mj_cancel_path(std::string_view upstream_id);

/// What an upstream cancel answer means for the local task (api-contracts.md §3.5).
enum class mj_cancel_verdict : std::uint8_t {
  cancelled,    ///< HTTP 200, code 1: the upstream task is CANCEL; so is ours
  finished,     ///< HTTP 200, code 4: already final there; ours follows the poller, not us
  unknown,      ///< HTTP 404: the upstream has no such task (or no cancel route):
                ///< nothing runs there that we could stop; cancelled here
  unreachable,  ///< network error, 401/403, 5xx, 429, an unreadable or other answer:
                ///< nothing changes; the client may try again
};

struct mj_cancel_outcome {
  mj_cancel_verdict verdict = mj_cancel_verdict::unreachable;
  int code = 0;             ///< the upstream's code (0 when it sent none)
  std::string description;  ///< the upstream's text (finished), or what went wrong
  friend bool operator==(const mj_cancel_outcome&, const mj_cancel_outcome&) = default;
};

/// Reads an upstream cancel answer: HTTP status (0 = no answer) and body.
mj_cancel_outcome read_mj_cancel(int http_status, std::string_view body);

/// The ids of a fan-out answer (PicReader "all": comma-joined ids in
/// `result`), in order, blanks trimmed and empty entries dropped.
std::vector<std::string> split_upstream_ids(std::string_view result);

}  // namespace mjgate::domain
