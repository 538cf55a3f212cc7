// The backend admin dialect's envelope (api-contracts.md §7.1):
// {"code","msg","error"} with payload keys flattened beside them, its error
// codes, their error ids and HTTP statuses, and the one mapping of actor
// errors onto them.
#pragma once

#include <caf/fwd.hpp>

#include <string_view>

#include <nlohmann/json.hpp>

#include "http/reply.hpp"

namespace mjgate::http::backend {

/// The §7.1 codes.
enum class code : int {
  ok = 0,
  internal = 10100,
  unauthorized = 10101,
  invalid_request = 10102,
  session_expired = 10103,
  duplicated_entry = 10104,
  wrong_password = 10106,
  invalid_token = 10107,
  no_permission = 10108,
  not_found = 10109,
  invalid_status = 10121,
  too_many_requests = 10201,
  too_many_pending = 10202,
};

/// The `error` id of a code ("" for ok, "invalid_request", ...).
std::string_view error_id(code c);

/// The HTTP status the original answers a code with (200, 400, 401, 429, 500).
int http_status(code c);

/// The default `msg` of an error code ("未登录", "没有权限", ...).
std::string_view default_message(code c);

/// {"code":0,"msg":<msg>,"error":""}: `msg` is "ok" for writes, "" for reads.
nlohmann::ordered_json ok_envelope(std::string_view msg = "");

/// ok_envelope(msg) followed by every key of `payload` in
/// its order. Writes say "ok", reads "" (as in the seed).
reply ok_reply(std::string_view msg = "",
               const nlohmann::ordered_json& payload = nlohmann::ordered_json::object());

/// {"code":<c>,"msg":<msg or the default>,"error":<id>} with http_status(c),
/// or `status` when it is not 0 (e.g. 413, 503).
reply error_reply(code c, std::string_view msg = {}, int status = 0);

/// An error from the actor system on a backend route: validation → 10102
/// (its text), banned_prompt → 10102 "可能包含敏感词", task_not_found → 10109,
/// forbidden → 10108, unauthorized → 10101, insufficient_quota → 10102
/// "额度不足", rate_limited → 10201 (429, Retry-After), queue_full → 10100 with HTTP
/// 503 and Retry-After, timeouts → 10100 with 504, anything else → 10100.
reply failure_reply(const caf::error& err);

}  // namespace mjgate::http::backend
