// Parsing and validation of POST /mj/submit/imagine bodies (api-contracts.md
// §1.2, §3.3, §3.4): a pure function, so every rejection is unit-tested.
#pragma once

#include <string_view>
#include <variant>

#include "actors/messages.hpp"
#include "http/reply.hpp"

namespace mjgate::http::mj {

/// Size limits of submit bodies, in Unicode code points.
inline constexpr std::size_t max_prompt_chars = 8192;
inline constexpr std::size_t max_state_chars = 255;
inline constexpr std::size_t max_notify_hook_chars = 2000;

/// Either the command to send to the router, or the reply that rejects the
/// body (HTTP 400 code 4 for non-JSON, HTTP 200 code 4 for invalid fields).
using imagine_parse_result = std::variant<actors::submit_command, reply>;

/// Parses an imagine body for `who`. The Content-Type is not consulted: any
/// body that parses as JSON is JSON (compat, §1.1).
imagine_parse_result parse_submit_imagine(std::string_view body, const actors::principal& who);

/// Number of UTF-8 code points in `s` (continuation bytes are not counted).
std::size_t utf8_length(std::string_view s);

}  // namespace mjgate::http::mj
