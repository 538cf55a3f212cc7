// A logged-in backend admin session for server-level tests (api-contracts.md
// §7.2): the backend routes need a login, not an API key.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "actors/credential_index.hpp"
#include "actors/credential_secrets.hpp"
#include "domain/user.hpp"
#include "http/auth.hpp"
#include "http/dialects/backend/jwt.hpp"

namespace mjgate::test {

/// Makes `settings` know user `who` and one live session of it (creating the
/// credential index and the JWT key when absent) and returns the
/// `x-auth-token` header that presents that session.
inline std::pair<std::string, std::string> backend_login(http::auth_settings& settings,
                                                         domain::user who) {
  auto index = std::const_pointer_cast<actors::credential_index>(settings.credentials);
  if (!index) settings.credentials = index = std::make_shared<actors::credential_index>();
  if (settings.jwt_key.empty()) settings.jwt_key = http::backend::jwt_key_from_secret("test-jwt");
  const auto now_ms = http::auth_now_ms();
  const std::string session_hash = actors::sha256_hex("session-of-" + who.name);
  index->put_user(who);
  index->put_session({session_hash, who.id, now_ms, now_ms, now_ms + 48LL * 3600 * 1000, false});
  const auto iat = now_ms / 1000;
  auto jwt = http::backend::sign_jwt(
      {iat, iat + 48 * 3600, session_hash, who.id, domain::backend_role_bits(who.role), 0},
      settings.jwt_key);
  return {"x-auth-token", std::move(jwt)};
}

/// The root user (id 1) as users creates it at first start.
inline domain::user root_user() {
  domain::user u;
  u.id = 1;
  u.name = "root";
  u.role = domain::role_root;
  return u;
}

}  // namespace mjgate::test
