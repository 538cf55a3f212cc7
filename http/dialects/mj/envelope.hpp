// The mj dialect's SubmitResultVO envelope {code, description, result,
// properties} (api-contracts.md §3.3), built by small pure functions.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "actors/messages.hpp"
#include "http/reply.hpp"

namespace mjgate::http::mj {

/// SubmitResultVO codes used by mjgate (api-contracts.md §3.3).
enum class result_code : int {
  success = 1,
  not_found = 3,
  validation = 4,
  failure = 9,
  modal = 21,
  in_queue = 22,
  queue_rejected = 23,
  banned_prompt = 24,
};

/// `{"code":c,"description":d,"result":null,"properties":props}`.
nlohmann::ordered_json envelope(
    result_code code, std::string_view description,
    nlohmann::ordered_json properties = nlohmann::ordered_json::object());

/// A code-4 envelope with the given HTTP status (400, 401, 404, 413 or 200).
reply validation_reply(int http_status, std::string_view description);

/// Code 1 (nothing ahead) or 22 (n ahead) for an accepted submit.
nlohmann::ordered_json submit_accepted(const actors::submit_result& r);

}  // namespace mjgate::http::mj
