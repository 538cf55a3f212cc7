// Parsing of POST /mj/submit/action bodies (api-contracts.md §3.4 rule 7):
// a button click on a parent task. What the customId means is decided by the
// actor layer (discord::parse_custom_id); here it is only shape-checked.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "actors/messages.hpp"
#include "http/dialects/mj/account_filter.hpp"
#include "http/reply.hpp"

namespace mjgate::http::mj {

/// Longest customId accepted (Discord's limit on a component custom_id).
inline constexpr std::size_t max_custom_id_chars = 100;

/// A click on the button `custom_id` of the parent task `parent_id`.
struct action_request {
  actors::principal who;
  std::string parent_id;
  std::string custom_id;      ///< non-empty, starts with "MJ::"
  bool enable_remix = false;  ///< `enableRemix`
  bool choose_same_channel =
      false;  ///< accepted, ignored (follow-ups stay on the parent's channel)
  std::string state;
  std::string notify_hook;
  account_filter filter;
  friend bool operator==(const action_request&, const action_request&) = default;
};

/// Either the request, or the reply that rejects the body (HTTP 400 code 4
/// for non-JSON, HTTP 200 code 4 for an invalid field; a customId that is not
/// an `MJ::` id → "未知的 Action 类型").
using action_parse_result = std::variant<action_request, reply>;

/// `{taskId, customId, enableRemix?, chooseSameChannel?, state?, notifyHook?,
/// accountFilter?}`.
action_parse_result parse_submit_action(std::string_view body, const actors::principal& who);

}  // namespace mjgate::http::mj
