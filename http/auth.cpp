#include "http/auth.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>

#include "actors/credential_secrets.hpp"
#include "domain/text.hpp"

namespace mjgate::http {

namespace {

std::string_view strip_prefix(std::string_view s, std::string_view prefix) {
  return s.starts_with(prefix) ? s.substr(prefix.size()) : s;
}

// One leading "Bearer " or "bearer ".
std::string_view strip_bearer(std::string_view s) {
  if (s.starts_with("Bearer ") || s.starts_with("bearer ")) s.remove_prefix(7);
  return s;
}

bool matches_legacy_secret(const auth_settings& settings, std::string_view key) {
  if (settings.root_key_sha256_hex.empty()) return false;
  auto expected = domain::to_lower(settings.root_key_sha256_hex);
  return actors::equal_secrets(expected, actors::hash_api_key(key));
}

key_outcome key_outcome_of(actors::credential_index::outcome o) {
  using o_t = actors::credential_index::outcome;
  switch (o) {
    case o_t::ok:
      return key_outcome::ok;
    case o_t::disabled:
      return key_outcome::disabled;
    case o_t::expired:
      return key_outcome::expired;
    case o_t::unknown:
      break;
  }
  return key_outcome::unknown;
}

}  // namespace

std::int64_t auth_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string extract_api_key(std::optional<std::string_view> authorization,
                            std::optional<std::string_view> mj_api_secret) {
  std::string_view key;
  if (authorization) key = strip_bearer(*authorization);
  if (key.empty() || key == "midjourney-proxy") key = mj_api_secret.value_or(std::string_view{});
  return std::string{key};
}

std::string hash_api_key(std::string_view key) {
  return actors::hash_api_key(key);
}

key_auth authenticate_api_key(const auth_settings& settings,
                              std::optional<std::string_view> authorization,
                              std::optional<std::string_view> mj_api_secret, std::int64_t now_ms) {
  if (!settings.enabled) return {key_outcome::ok, actors::root_principal()};
  auto key = extract_api_key(authorization, mj_api_secret);
  if (strip_prefix(key, "sk-").empty()) return {key_outcome::missing, {}};
  if (matches_legacy_secret(settings, key)) return {key_outcome::ok, actors::root_principal()};
  if (!settings.credentials) return {key_outcome::unknown, {}};
  auto found = settings.credentials->by_api_key(actors::hash_api_key(key), now_ms);
  auto outcome = key_outcome_of(found.result);
  if (outcome != key_outcome::ok) return {outcome, {}};
  return {outcome, found.who};
}

std::optional<actors::principal> authenticate(const auth_settings& settings,
                                              std::optional<std::string_view> authorization,
                                              std::optional<std::string_view> mj_api_secret) {
  auto a = authenticate_api_key(settings, authorization, mj_api_secret, auth_now_ms());
  if (!a) return std::nullopt;
  return a.who;
}

bool has_role(const actors::principal& who, int min_role) {
  return who.role >= min_role;
}

// -- dashboard ------------------------------------------------------------------------

namespace {

// New-Api-User: an optional "Bearer " then a (possibly signed) integer.
std::optional<std::int64_t> parse_user_header(std::string_view v) {
  v = domain::trim(strip_bearer(domain::trim(v)));
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc{} || end != v.data() + v.size()) return std::nullopt;
  return n;
}

}  // namespace

dashboard_auth authenticate_dashboard(const auth_settings& settings,
                                      std::optional<std::string_view> authorization,
                                      std::optional<std::string_view> new_api_user, int min_role) {
  actors::principal who;
  if (!settings.enabled) {
    who = actors::root_principal();
  } else {
    if (!authorization || domain::trim(*authorization).empty())
      return {dashboard_outcome::no_authorization, {}};
    auto token = domain::trim(strip_bearer(domain::trim(*authorization)));
    if (token.empty() || !settings.credentials) return {dashboard_outcome::invalid_token, {}};
    auto found = settings.credentials->by_access_token(actors::sha256_hex(token));
    using o_t = actors::credential_index::outcome;
    if (found.result == o_t::unknown || found.result == o_t::expired)
      return {dashboard_outcome::invalid_token, {}};
    who = found.who;
    if (found.result == o_t::disabled) {
      // The header checks come first in the §4.2 order.
      if (new_api_user) {
        auto id = parse_user_header(*new_api_user);
        if (!id) return {dashboard_outcome::user_header_format, {}};
        if (*id != who.user_id) return {dashboard_outcome::user_header_mismatch, {}};
      }
      return {dashboard_outcome::user_disabled, {}};
    }
  }
  if (new_api_user) {
    auto id = parse_user_header(*new_api_user);
    if (!id) return {dashboard_outcome::user_header_format, {}};
    if (*id != who.user_id) return {dashboard_outcome::user_header_mismatch, {}};
  }
  if (!has_role(who, min_role)) return {dashboard_outcome::insufficient_role, {}};
  return {dashboard_outcome::ok, who};
}

reply dashboard_auth_error(dashboard_outcome outcome,
                           std::optional<std::string_view> accept_language) {
  const bool zh =
      accept_language && domain::to_lower(domain::trim(*accept_language)).starts_with("zh");
  auto answer = [zh](int status, const char* en, const char* cn) {
    nlohmann::ordered_json body;
    body["success"] = false;
    body["message"] = zh ? cn : en;
    return json_reply(status, body);
  };
  switch (outcome) {
    case dashboard_outcome::no_authorization:
      return answer(401, "Unauthorized, not logged in and no access token provided",
                    "无权进行此操作，未登录且未提供 access token");
    case dashboard_outcome::invalid_token:
      return answer(200, "Unauthorized, invalid access token", "无权进行此操作，access token 无效");
    case dashboard_outcome::user_header_format:
      return answer(401, "Unauthorized, New-Api-User format error",
                    "无权进行此操作，New-Api-User 格式错误");
    case dashboard_outcome::user_header_mismatch:
      return answer(401, "Unauthorized, New-Api-User does not match",
                    "无权进行此操作，New-Api-User 与登录用户不匹配");
    case dashboard_outcome::user_disabled:
      return answer(200, "User has been banned", "用户已被封禁");
    case dashboard_outcome::insufficient_role:
      return answer(200, "Unauthorized, insufficient privileges", "无权进行此操作，权限不足");
    case dashboard_outcome::storage_error:
    case dashboard_outcome::ok:
      break;
  }
  return answer(500, "database error", "database error");
}

}  // namespace mjgate::http
