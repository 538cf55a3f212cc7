#include "http/dialects/backend/envelope.hpp"

#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/message.hpp>
#include <caf/sec.hpp>

#include <optional>
#include <string>

#include "actors/type_ids.hpp"
#include "domain/errc.hpp"
#include "http/errors.hpp"

namespace mjgate::http::backend {

using domain::errc;

std::string_view error_id(code c) {
  switch (c) {
    case code::ok:
      return "";
    case code::internal:
      return "internal";
    case code::unauthorized:
      return "unauthorized";
    case code::invalid_request:
      return "invalid_request";
    case code::session_expired:
      return "session_expired";
    case code::duplicated_entry:
      return "duplicated_entry";
    case code::wrong_password:
      return "wrong_password";
    case code::invalid_token:
      return "invalid_token";
    case code::no_permission:
      return "no_permission";
    case code::not_found:
      return "not_found";
    case code::invalid_status:
      return "invalid_status";
    case code::too_many_requests:
      return "too_many_requests";
    case code::too_many_pending:
      return "too_many_pending";
  }
  return "internal";
}

int http_status(code c) {
  switch (c) {
    case code::ok:
    case code::duplicated_entry:
    case code::wrong_password:
      return 200;
    case code::unauthorized:
    case code::session_expired:
      return 401;
    case code::too_many_requests:
    case code::too_many_pending:
      return 429;
    case code::internal:
      return 500;
    default:
      return 400;
  }
}

std::string_view default_message(code c) {
  switch (c) {
    case code::ok:
      return "ok";
    case code::internal:
      return "系统异常";
    case code::unauthorized:
      return "认证失败";
    case code::invalid_request:
      return "参数错误";
    case code::session_expired:
      return "登录过期";
    case code::duplicated_entry:
      return "重复的数据";
    case code::wrong_password:
      return "用户名或密码错误";
    case code::invalid_token:
      return "未登录";
    case code::no_permission:
      return "没有权限";
    case code::not_found:
      return "任务不存在";
    case code::invalid_status:
      return "不允许的状态变更";
    case code::too_many_requests:
      return "请求过于频繁";
    case code::too_many_pending:
      return "等待中的任务过多";
  }
  return "系统异常";
}

nlohmann::ordered_json ok_envelope(std::string_view msg) {
  nlohmann::ordered_json body;
  body["code"] = 0;
  body["msg"] = msg;
  body["error"] = "";
  return body;
}

reply ok_reply(std::string_view msg, const nlohmann::ordered_json& payload) {
  auto body = ok_envelope(msg);
  for (const auto& [key, value] : payload.items()) body[key] = value;
  return json_reply(200, body);
}

reply error_reply(code c, std::string_view msg, int status) {
  nlohmann::ordered_json body;
  body["code"] = static_cast<int>(c);
  body["msg"] = msg.empty() ? default_message(c) : msg;
  body["error"] = error_id(c);
  return json_reply(status ? status : http_status(c), body);
}

reply failure_reply(const caf::error& err) {
  if (err == caf::sec::request_timeout)
    return error_reply(code::internal, "请求超时，请稍后重试", 504);
  auto c = domain_code(err);
  if (!c) return error_reply(code::internal);
  switch (*c) {
    case errc::validation:
    case errc::parent_invalid:
      return error_reply(code::invalid_request, context_string(err, 0, "参数错误"));
    case errc::banned_prompt:
      return error_reply(code::invalid_request, "可能包含敏感词");
    case errc::task_not_found:
      return error_reply(code::not_found);
    case errc::forbidden:
      return error_reply(code::no_permission);
    case errc::unauthorized:
      return error_reply(code::unauthorized);
    case errc::no_account:
      return error_reply(code::internal, "无可用的账号实例");
    case errc::insufficient_quota:  // §5.3: the hold failed, nothing was created
      return error_reply(code::invalid_request, "额度不足");
    case errc::rate_limited: {  // a per-user limit (§1.7)
      auto r = error_reply(code::too_many_requests, context_string(err, 0, "请求过于频繁"));
      r.headers.emplace_back("Retry-After", std::to_string(context_retry_after(err)));
      return r;
    }
    case errc::too_many_pending: {  // backend.max_pending (§7.1)
      auto r = error_reply(code::too_many_pending, context_string(err, 0, "等待中的任务过多"));
      r.headers.emplace_back("Retry-After", std::to_string(context_retry_after(err)));
      return r;
    }
    case errc::queue_full: {
      auto r = error_reply(code::internal, "队列已满，请稍后尝试", 503);
      r.headers.emplace_back("Retry-After", std::to_string(context_retry_after(err)));
      return r;
    }
    case errc::timeout:
      return error_reply(code::internal, "请求超时，请稍后重试", 504);
    default:
      return error_reply(code::internal);
  }
}

}  // namespace mjgate::http::backend
