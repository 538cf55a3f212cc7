#include "http/dialects/newapi/dashboard_auth.hpp"

#include <cctype>
#include <limits>

#include "domain/text.hpp"
#include "http/dialects/newapi/envelope.hpp"

namespace mjgate::http::newapi {

namespace {

std::string_view without_bearer(std::string_view s) {
  return s.starts_with("Bearer ") ? s.substr(7) : s;
}

struct refusal {
  int status;
  const char* en;
  const char* zh;
};

refusal refusal_of(auth_outcome outcome) {
  switch (outcome) {
    case auth_outcome::missing_token:
      return {401, "Unauthorized, not logged in and no access token provided",
              "无权进行此操作，未登录且未提供 access token"};
    case auth_outcome::invalid_token:
      return {200, "Unauthorized, invalid access token", "无权进行此操作，access token 无效"};
    case auth_outcome::user_header_format:
      return {401, "Unauthorized, New-Api-User format error",
              "无权进行此操作，New-Api-User 格式错误"};
    case auth_outcome::user_header_mismatch:
      return {401, "Unauthorized, New-Api-User does not match",
              "无权进行此操作，New-Api-User 与登录用户不匹配"};
    case auth_outcome::user_disabled:
      return {200, "User has been banned", "用户已被封禁"};
    case auth_outcome::insufficient_role:
      return {200, "Unauthorized, insufficient privileges", "无权进行此操作，权限不足"};
    case auth_outcome::storage_error:
    case auth_outcome::ok:  // not a refusal: never asked for
      break;
  }
  return {500, "database error", "database error"};
}

}  // namespace

std::optional<std::string_view> access_token(std::optional<std::string_view> authorization) {
  if (!authorization || authorization->empty()) return std::nullopt;
  return without_bearer(*authorization);
}

std::optional<std::int64_t> parse_new_api_user(std::string_view header) {
  auto s = without_bearer(domain::trim(header));
  bool negative = s.starts_with('-');
  if (negative) s.remove_prefix(1);
  if (s.empty() || s.size() > 18) return std::nullopt;  // 18 digits always fit an int64
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return negative ? -v : v;
}

auth_outcome admit(bool token_sent, const std::optional<token_owner>& owner,
                   std::optional<std::string_view> new_api_user, int min_role) {
  if (!token_sent) return auth_outcome::missing_token;
  if (!owner) return auth_outcome::invalid_token;
  if (new_api_user && !domain::trim(*new_api_user).empty()) {
    auto id = parse_new_api_user(*new_api_user);
    if (!id) return auth_outcome::user_header_format;
    if (*id != owner->user_id) return auth_outcome::user_header_mismatch;
  }
  if (!owner->enabled) return auth_outcome::user_disabled;
  if (owner->role < min_role) return auth_outcome::insufficient_role;
  return auth_outcome::ok;
}

bool wants_chinese(std::optional<std::string_view> accept_language) {
  if (!accept_language) return false;
  auto s = domain::trim(*accept_language);
  return s.size() >= 2 && std::tolower(static_cast<unsigned char>(s[0])) == 'z' &&
         std::tolower(static_cast<unsigned char>(s[1])) == 'h';
}

reply auth_failure(auth_outcome outcome, bool chinese) {
  auto r = refusal_of(outcome);
  return failure_reply(r.status, chinese ? r.zh : r.en);
}

}  // namespace mjgate::http::newapi
