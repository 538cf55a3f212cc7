// Authentication of a backend admin request (api-contracts.md §7.2):
// `x-auth-token` (JWT) first, then the `backend-token` cookie, each resolved
// to a live session in the credentials index. Pure apart from sliding the
// session's last activity inside the index; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "actors/messages.hpp"
#include "http/auth.hpp"
#include "http/dialects/backend/envelope.hpp"

namespace mjgate::http::backend {

/// The cookie that carries the session id.
inline constexpr std::string_view session_cookie = "backend-token";

/// The value of cookie `name` in a `Cookie` header ("a=1; backend-token=x").
std::optional<std::string_view> cookie_value(std::string_view cookie_header, std::string_view name);

struct backend_auth {
  std::optional<actors::principal> who;  ///< set on success
  code error = code::invalid_token;      ///< the §7.1 error when !who
  std::string session_hash;              ///< the session named by the request ("" = none)
  bool persist = false;                  ///< send the registry a touch (session_hash, now)
  explicit operator bool() const { return who.has_value(); }
};

/// Neither credential → 10107 (invalid_token); a JWT that is malformed or
/// badly signed, or a session whose user is disabled → 10101
/// (unauthorized); a JWT past exp, or a session unknown, revoked, idle for
/// 900 s or older than 48 h → 10103 (session_expired). Auth disabled → root.
backend_auth authenticate_backend(const auth_settings& settings,
                                  std::optional<std::string_view> x_auth_token,
                                  std::optional<std::string_view> cookie_header,
                                  std::int64_t now_ms);

/// The session a request names even when it is no longer valid (logout):
/// the JWT's sid (signature checked, expiry not), else the cookie's hash;
/// "" when neither.
std::string session_of(const auth_settings& settings, std::optional<std::string_view> x_auth_token,
                       std::optional<std::string_view> cookie_header);

/// Set-Cookie values: the login's (`backend-token=<sid>; Path=/; HttpOnly;
/// SameSite=Lax`, plus `; Secure` behind HTTPS) and the logout's (empty,
/// Max-Age=0).
std::string login_cookie(std::string_view session_id, bool secure);
std::string logout_cookie(bool secure);

}  // namespace mjgate::http::backend
