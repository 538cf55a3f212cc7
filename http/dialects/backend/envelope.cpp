#include "http/dialects/backend/envelope.hpp"

namespace mjgate::http::backend {

std::string_view error_id(error_code code) {
  switch (code) {
    case error_code::internal:
      return "internal";
    case error_code::unauthorized:
      return "unauthorized";
    case error_code::invalid_request:
      return "invalid_request";
    case error_code::session_expired:
      return "session_expired";
    case error_code::duplicated_entry:
      return "duplicated_entry";
    case error_code::wrong_password:
      return "wrong_password";
    case error_code::invalid_token:
      return "invalid_token";
    case error_code::no_permission:
      return "no_permission";
    case error_code::not_found:
      return "not_found";
    case error_code::invalid_status:
      return "invalid_status";
    case error_code::too_many_requests:
      return "too_many_requests";
    case error_code::too_many_pending:
      return "too_many_pending";
  }
  return "internal";
}

int http_status(error_code code) {
  switch (code) {
    case error_code::internal:
      return 500;
    case error_code::unauthorized:
    case error_code::session_expired:
      return 401;
    case error_code::duplicated_entry:
    case error_code::wrong_password:
      return 200;
    case error_code::too_many_requests:
    case error_code::too_many_pending:
      return 429;
    case error_code::invalid_request:
    case error_code::invalid_token:
    case error_code::no_permission:
    case error_code::not_found:
    case error_code::invalid_status:
      return 400;
  }
  return 500;
}

std::string_view default_message(error_code code) {
  switch (code) {
    case error_code::internal:
      return "内部错误";
    case error_code::unauthorized:
      return "无效的凭证";
    case error_code::invalid_request:
      return "参数错误";
    case error_code::session_expired:
      return "登录过期";
    case error_code::duplicated_entry:
      return "重复的记录";
    case error_code::wrong_password:
      return "用户名或密码错误";
    case error_code::invalid_token:
      return "未登录";
    case error_code::no_permission:
      return "没有权限";
    case error_code::not_found:
      return "任务不存在";
    case error_code::invalid_status:
      return "状态错误";
    case error_code::too_many_requests:
      return "请求过于频繁，请稍后再试";
    case error_code::too_many_pending:
      return "等待中的任务过多";
  }
  return "内部错误";
}

nlohmann::ordered_json ok_envelope(std::string_view msg) {
  nlohmann::ordered_json j;
  j["code"] = 0;
  j["msg"] = msg;
  j["error"] = "";
  return j;
}

reply error_reply(error_code code, std::string_view msg, int status) {
  nlohmann::ordered_json j;
  j["code"] = static_cast<int>(code);
  j["msg"] = msg.empty() ? default_message(code) : msg;
  j["error"] = error_id(code);
  return json_reply(status != 0 ? status : http_status(code), j);
}

}  // namespace mjgate::http::backend
