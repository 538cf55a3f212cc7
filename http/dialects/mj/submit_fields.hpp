// Readers for the fields that recur across mj submit bodies (api-contracts.md
// §1.2, §3.4): the JSON-object gate, taskId, prompt, state, notifyHook,
// botType, accountFilter. Each returns the code-4 reply that rejects a field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "http/dialects/mj/account_filter.hpp"
#include "http/reply.hpp"

namespace mjgate::http::mj {

/// Longest task id accepted in a body (mj ids are 16 digits).
inline constexpr std::size_t max_task_id_chars = 64;

/// The optional fields shared by describe, blend, shorten and video.
struct submit_common {
  std::string state;
  std::string notify_hook;
  std::string bot_type = "MID_JOURNEY";  ///< MID_JOURNEY or NIJI_JOURNEY
  account_filter filter;
  friend bool operator==(const submit_common&, const submit_common&) = default;
};

/// The body as a JSON object: non-JSON → HTTP 400 code 4 "请求体不是合法的JSON";
/// JSON that is not an object → HTTP 200 code 4.
std::variant<nlohmann::json, reply> parse_body_object(std::string_view body);

/// HTTP 200 code 4 with `description` (a JSON body with an invalid field).
reply invalid_field(std::string_view description);

/// True for an `http://` or `https://` URL (scheme case-insensitive) with
/// something after the scheme.
bool is_http_url(std::string_view s);

/// Reads an optional string: absent or null leaves `out` untouched and
/// succeeds; another type fails.
bool read_optional_string(const nlohmann::json& obj, std::string_view key, std::string& out);

/// Reads an optional integer: a JSON integer or a string of decimal digits
/// with an optional leading `-` (Jackson coerces both). Absent or null leaves
/// `out` untouched and succeeds; anything else (fractions, text) fails.
bool read_optional_int(const nlohmann::json& obj, std::string_view key,
                       std::optional<std::int64_t>& out);

/// Reads an optional boolean: absent or null leaves `out` untouched.
bool read_optional_bool(const nlohmann::json& obj, std::string_view key, bool& out);

/// The required `taskId`: a string (or a non-negative integer, coerced) of
/// letters, digits, `-` or `_`, at most max_task_id_chars, trimmed.
std::optional<reply> read_task_id(const nlohmann::json& obj, std::string& out);

/// `prompt`, trimmed and at most max_prompt_chars code points; `required`
/// rejects an empty one with "prompt不能为空".
std::optional<reply> read_prompt(const nlohmann::json& obj, bool required, std::string& out);

/// `state` (≤ max_state_chars) and `notifyHook` (trimmed, ≤
/// max_notify_hook_chars, http/https), exactly as /submit/imagine checks them.
std::optional<reply> read_state_and_hook(const nlohmann::json& obj, std::string& state,
                                         std::string& notify_hook);

/// state, notifyHook, botType (MID_JOURNEY default, NIJI_JOURNEY) and
/// accountFilter.
std::optional<reply> read_submit_common(const nlohmann::json& obj, submit_common& out);

}  // namespace mjgate::http::mj
