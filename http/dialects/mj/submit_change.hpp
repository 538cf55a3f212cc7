// Parsing of POST /mj/submit/change and /mj/submit/simple-change bodies
// (api-contracts.md §3.4 rules 2–3): both give the same typed change_request.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "actors/messages.hpp"
#include "domain/task.hpp"
#include "http/reply.hpp"

namespace mjgate::http::mj {

/// A U/V/R follow-up on the parent task `parent_id`.
struct change_request {
  actors::principal who;
  std::string parent_id;
  domain::task_action action = domain::task_action::upscale;  ///< UPSCALE, VARIATION or REROLL
  int index = 0;  ///< 1..4 for UPSCALE/VARIATION, 0 for REROLL
  std::string state;
  std::string notify_hook;
  friend bool operator==(const change_request&, const change_request&) = default;
};

/// Either the request, or the reply that rejects the body (HTTP 400 code 4
/// for non-JSON, HTTP 200 code 4 for an invalid field).
using change_parse_result = std::variant<change_request, reply>;

/// `{taskId, action: UPSCALE|VARIATION|REROLL, index 1..4 (ignored for
/// REROLL), state?, notifyHook?}`; `action` is case-insensitive.
change_parse_result parse_submit_change(std::string_view body, const actors::principal& who);

/// `{content: "<taskId> <op>", state?, notifyHook?}`; a content that does not
/// parse → "content参数错误".
change_parse_result parse_submit_simple_change(std::string_view body, const actors::principal& who);

/// The simple-change grammar: `<taskId> <op>` after trimming, exactly one
/// space, op U1–U4, V1–V4 or R (case-insensitive). Only `parent_id`,
/// `action` and `index` are set; nullopt when the text does not match.
std::optional<change_request> parse_change_content(std::string_view content);

}  // namespace mjgate::http::mj
