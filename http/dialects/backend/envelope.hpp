// The backend admin dialect's envelope and error table (api-contracts.md
// §7.1): {"code","msg","error"} plus payload keys beside them. Pure.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "http/reply.hpp"

namespace mjgate::http::backend {

/// The §7.1 codes (the enum value is the wire `code`).
enum class error_code {
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

/// The §7.1 `error` id ("internal", "unauthorized", …).
std::string_view error_id(error_code code);

/// The §7.1 HTTP status (200, 400, 401, 429 or 500).
int http_status(error_code code);

/// The default `msg` ("登录过期", "用户名或密码错误", "未登录", …).
std::string_view default_message(error_code code);

/// {"code":0,"msg":msg,"error":""}: `msg` is "ok" for writes, "" for reads.
nlohmann::ordered_json ok_envelope(std::string_view msg = "");

/// The error answer: its HTTP status (`status` 0 = the table's) and
/// {"code","msg","error"}; `msg` "" = the default message.
reply error_reply(error_code code, std::string_view msg = "", int status = 0);

}  // namespace mjgate::http::backend
