// Parsing of node-api submits, GET or POST /api/v1/trigger/submit
// (api-contracts.md §6.3), into the router's own commands: IMAGINE is the
// mj dialect's submit, UPSCALE/VARIATION its change follow-up. Pure.
#pragma once

#include <string>
#include <variant>

#include "actors/messages.hpp"
#include "domain/task.hpp"
#include "http/dialects/node/params.hpp"
#include "http/reply.hpp"

namespace mjgate::http::node {

/// A validated submit.
struct submit_request {
  domain::task_action action = domain::task_action::imagine;  ///< IMAGINE, UPSCALE or VARIATION
  std::string prompt;   ///< IMAGINE: trimmed, otherwise as sent
  std::string task_id;  ///< UPSCALE/VARIATION: the parent's uuid (lower case) or numeric id
  int index = 0;        ///< UPSCALE/VARIATION: 1..4
  std::string state;
  std::string notify_hook;
  friend bool operator==(const submit_request&, const submit_request&) = default;
};

/// `action` (case-insensitive) is required; IMAGINE needs `prompt` (≤ 8 192
/// code points); UPSCALE/VARIATION need `taskId` (a uuid or an id) and
/// `index` 1–4 (string or number); `state` ≤ 255 code points; `notifyHook`
/// ≤ 2 000 characters, http/https. Any violation → HTTP 400 `{code:0}`.
std::variant<submit_request, reply> parse_submit(const params& p);

/// The IMAGINE command (origin "node").
actors::submit_command imagine_command(const actors::principal& who, submit_request&& req);

/// The UPSCALE/VARIATION follow-up (origin "node": parent by uuid or id).
actors::follow_up_command change_command(const actors::principal& who, submit_request&& req);

}  // namespace mjgate::http::node
