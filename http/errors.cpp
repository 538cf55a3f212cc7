#include "http/errors.hpp"

#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/message.hpp>
#include <caf/sec.hpp>

#include <cstdint>
#include <string>

#include "actors/type_ids.hpp"
#include "domain/errc.hpp"
#include "http/dialects/mj/envelope.hpp"
#include "http/dialects/node/envelope.hpp"

namespace mjgate::http {

namespace {

using domain::errc;
using mj::result_code;

constexpr int default_retry_after_s = 10;

bool is_timeout(const caf::error& err) {
  if (err == caf::sec::request_timeout) return true;
  auto code = domain_code(err);
  return code && *code == errc::timeout;
}

reply envelope_reply(int status, result_code code, std::string_view description,
                     nlohmann::ordered_json props = nlohmann::ordered_json::object()) {
  return json_reply(status, mj::envelope(code, description, std::move(props)));
}

}  // namespace

std::optional<domain::errc> domain_code(const caf::error& err) {
  if (err.category() != caf::atom("mjgate")) return std::nullopt;
  return static_cast<domain::errc>(err.code());
}

std::string context_string(const caf::error& err, std::size_t n, std::string fallback) {
  const auto& ctx = err.context();
  for (std::size_t i = 0; i < ctx.size(); ++i) {
    if (!ctx.match_element<std::string>(i)) continue;
    if (n-- == 0) return ctx.get_as<std::string>(i);
  }
  return fallback;
}

int context_retry_after(const caf::error& err) {
  const auto& ctx = err.context();
  for (std::size_t i = 0; i < ctx.size(); ++i) {
    if (ctx.match_element<int>(i)) return ctx.get_as<int>(i);
    if (ctx.match_element<std::int64_t>(i)) return static_cast<int>(ctx.get_as<std::int64_t>(i));
  }
  return default_retry_after_s;
}

reply submit_failure(const caf::error& err) {
  auto code = domain_code(err);
  if (!code) return envelope_reply(200, result_code::failure, "提交失败，系统异常");
  switch (*code) {
    case errc::validation:
      return envelope_reply(200, result_code::validation, context_string(err, 0, "参数错误"));
    case errc::parent_invalid:
      return envelope_reply(200, result_code::validation,
                            context_string(err, 0, "关联任务不存在或已失效"));
    case errc::task_not_found:
      return envelope_reply(200, result_code::validation, "关联任务不存在或已失效");
    case errc::no_account:
      return envelope_reply(200, result_code::not_found, "无可用的账号实例");
    case errc::queue_full: {
      nlohmann::ordered_json props;
      props["retryAfter"] = context_retry_after(err);
      return envelope_reply(200, result_code::queue_rejected, "队列已满，请稍后尝试",
                            std::move(props));
    }
    case errc::insufficient_quota:
      return envelope_reply(200, result_code::validation, "额度不足");
    case errc::rate_limited: {  // a per-user limit (api-contracts.md §1.7)
      nlohmann::ordered_json props;
      props["retryAfter"] = context_retry_after(err);
      return envelope_reply(200, result_code::queue_rejected,
                            context_string(err, 0, "提交过于频繁，请稍后尝试"), std::move(props));
    }
    case errc::banned_prompt: {
      nlohmann::ordered_json props;
      props["promptEn"] = context_string(err, 1, "");
      props["bannedWord"] = context_string(err, 0, "");
      return envelope_reply(200, result_code::banned_prompt, "可能包含敏感词", std::move(props));
    }
    case errc::unauthorized:
      return envelope_reply(401, result_code::validation,
                            "Unauthorized: invalid or missing API key");
    case errc::forbidden:
      return envelope_reply(403, result_code::validation, "Forbidden");
    default:
      return envelope_reply(200, result_code::failure, "提交失败，系统异常");
  }
}

reply query_failure(const caf::error& err) {
  if (is_timeout(err)) return envelope_reply(504, result_code::failure, "请求超时，请稍后重试");
  auto code = domain_code(err);
  if (!code) return envelope_reply(500, result_code::failure, "系统异常");
  switch (*code) {
    case errc::task_not_found:
      return envelope_reply(404, result_code::validation, "任务不存在");
    case errc::validation:
    case errc::parent_invalid:
      return envelope_reply(200, result_code::validation, context_string(err, 0, "参数错误"));
    case errc::queue_full: {  // transient (a relayed cancel whose channel is unreachable)
      nlohmann::ordered_json props;
      props["retryAfter"] = context_retry_after(err);
      return envelope_reply(200, result_code::queue_rejected,
                            context_string(err, 0, "队列已满，请稍后尝试"), std::move(props));
    }
    case errc::unauthorized:
      return envelope_reply(401, result_code::validation,
                            "Unauthorized: invalid or missing API key");
    case errc::forbidden:
      return envelope_reply(403, result_code::validation, "Forbidden");
    default:
      return envelope_reply(500, result_code::failure, "系统异常");
  }
}

reply account_failure(const caf::error& err) {
  auto code = domain_code(err);
  if (code && (*code == errc::account_not_found || *code == errc::task_not_found))
    return envelope_reply(404, result_code::validation, "账号不存在");
  if (code && *code == errc::queue_full)
    return envelope_reply(200, result_code::queue_rejected,
                          context_string(err, 0, "账号未连接，请稍后重试"));
  return query_failure(err);
}

reply node_failure(const caf::error& err) {
  auto code = domain_code(err);
  if (!code || is_timeout(err)) return node::error_reply(500, "系统异常");
  switch (*code) {
    case errc::validation:
      return node::invalid(context_string(err, 0, "参数错误"));
    case errc::parent_invalid:
      return node::invalid(context_string(err, 0, "关联任务不存在或已失效"));
    case errc::task_not_found:
      return node::invalid("关联任务不存在或已失效");
    case errc::banned_prompt:
      return node::invalid("可能包含敏感词: " + context_string(err, 0, ""));
    case errc::no_account:
      return node::error_reply(503, "无可用的账号实例");
    case errc::queue_full: {
      auto r = node::error_reply(503, "队列已满，请稍后尝试");
      r.headers.emplace_back("Retry-After", std::to_string(context_retry_after(err)));
      return r;
    }
    case errc::rate_limited: {  // a per-user limit (api-contracts.md §1.7)
      auto r = node::error_reply(429, context_string(err, 0, "提交过于频繁，请稍后尝试"));
      r.headers.emplace_back("Retry-After", std::to_string(context_retry_after(err)));
      return r;
    }
    case errc::insufficient_quota:  // §5.3: the hold failed, nothing was created
      return node::error_reply(403, "额度不足");
    case errc::unauthorized:
      return node::unauthorized();
    case errc::forbidden:
      return node::error_reply(403, "forbidden");
    default:
      return node::error_reply(500, "系统异常");
  }
}

}  // namespace mjgate::http
