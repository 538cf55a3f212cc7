#include "http/dialects/backend/session_auth.hpp"

#include "actors/credential_secrets.hpp"
#include "domain/text.hpp"
#include "http/dialects/backend/jwt.hpp"

namespace mjgate::http::backend {

namespace {

using outcome = actors::credential_index::outcome;

// The header's token, one "Bearer " stripped; nullopt when blank.
std::optional<std::string_view> bearer_token(std::optional<std::string_view> header) {
  if (!header) return std::nullopt;
  auto v = domain::trim(*header);
  if (v.starts_with("Bearer ") || v.starts_with("bearer ")) v = domain::trim(v.substr(7));
  if (v.empty()) return std::nullopt;
  return v;
}

std::optional<std::string_view> cookie_session(std::optional<std::string_view> cookie_header) {
  if (!cookie_header) return std::nullopt;
  auto v = cookie_value(*cookie_header, session_cookie);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

backend_auth from_session(const auth_settings& settings, std::string hash, std::int64_t now_ms,
                          std::int64_t jwt_uid) {
  backend_auth a;
  a.session_hash = std::move(hash);
  if (!settings.credentials) {
    a.error = code::session_expired;
    return a;
  }
  auto s = settings.credentials->touch_session(a.session_hash, now_ms);
  switch (s.result) {
    case outcome::ok:
      if (jwt_uid != 0 && jwt_uid != s.who.user_id) {
        a.error = code::unauthorized;
        return a;
      }
      a.who = s.who;
      a.persist = s.persist;
      return a;
    case outcome::disabled:
      a.error = code::unauthorized;
      return a;
    case outcome::unknown:
    case outcome::expired:
      break;
  }
  a.error = code::session_expired;
  return a;
}

}  // namespace

std::optional<std::string_view> cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    auto end = header.find(';');
    auto part = domain::trim(header.substr(0, end));
    header = end == std::string_view::npos ? std::string_view{} : header.substr(end + 1);
    auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    if (domain::trim(part.substr(0, eq)) != name) continue;
    auto value = domain::trim(part.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    return value;
  }
  return std::nullopt;
}

backend_auth authenticate_backend(const auth_settings& settings,
                                  std::optional<std::string_view> x_auth_token,
                                  std::optional<std::string_view> cookie_header,
                                  std::int64_t now_ms) {
  if (!settings.enabled) {
    backend_auth a;
    a.who = actors::root_principal();
    return a;
  }
  if (auto token = bearer_token(x_auth_token)) {
    auto v = verify_jwt(*token, settings.jwt_key, now_ms / 1000);
    backend_auth a;
    switch (v.check) {
      case jwt_check::ok:
        return from_session(settings, v.claims.sid, now_ms, v.claims.uid);
      case jwt_check::expired:
        a.error = code::session_expired;
        a.session_hash = v.claims.sid;
        return a;
      case jwt_check::malformed:
      case jwt_check::bad_signature:
        break;
    }
    a.error = code::unauthorized;
    return a;
  }
  if (auto sid = cookie_session(cookie_header))
    return from_session(settings, actors::sha256_hex(*sid), now_ms, 0);
  return {};
}

std::string session_of(const auth_settings& settings, std::optional<std::string_view> x_auth_token,
                       std::optional<std::string_view> cookie_header) {
  if (auto token = bearer_token(x_auth_token)) {
    auto v = verify_jwt(*token, settings.jwt_key, 0);  // expiry does not matter here
    if (v.check == jwt_check::ok) return v.claims.sid;
  }
  if (auto sid = cookie_session(cookie_header)) return actors::sha256_hex(*sid);
  return {};
}

std::string login_cookie(std::string_view session_id, bool secure) {
  return std::string{session_cookie} + "=" + std::string{session_id} +
         "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
}

std::string logout_cookie(bool secure) {
  return std::string{session_cookie} + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" +
         (secure ? "; Secure" : "");
}

}  // namespace mjgate::http::backend
