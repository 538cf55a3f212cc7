// Parsing of POST /mj/submit/modal bodies (api-contracts.md §3.4 rule 9): the
// prompt (and Vary Region mask) that moves a MODAL task on.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "actors/messages.hpp"
#include "http/reply.hpp"

namespace mjgate::http::mj {

/// The confirmation of the MODAL task `task_id`.
struct modal_request {
  actors::principal who;
  std::string task_id;
  std::string prompt;       ///< trimmed; "" = the parent's prompt
  std::string mask_base64;  ///< PNG as base64 without `data:` header or whitespace; "" = none
  friend bool operator==(const modal_request&, const modal_request&) = default;
};

/// Either the request, or the reply that rejects the body (HTTP 400 code 4
/// for non-JSON, HTTP 200 code 4 for an invalid field).
using modal_parse_result = std::variant<modal_request, reply>;

/// `{taskId, prompt?, maskBase64?}`. maskBase64 may carry a
/// `data:image/png;base64,` header (stripped); it must decode to a PNG of at
/// most max_image_bytes (Discord's inpaint job takes PNG base64 only).
modal_parse_result parse_submit_modal(std::string_view body, const actors::principal& who);

}  // namespace mjgate::http::mj
