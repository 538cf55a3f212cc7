// Authentication of the new-api dashboard (api-contracts.md §4.2): the
// decision from the request's credentials and what the token lookup found,
// and the (HTTP status, body) of every refusal in English or Chinese. Pure:
// the lookup itself is the caller's (http/newapi_routes.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/reply.hpp"

namespace mjgate::http::newapi {

/// User roles (api-contracts.md §1.5).
inline constexpr int role_user = 1;
inline constexpr int role_admin = 10;
inline constexpr int role_root = 100;

/// The compat `Auth-Version` header sent with every answer past
/// authentication; opaque to clients.
inline constexpr const char* auth_version_header = "Auth-Version";
inline constexpr const char* auth_version = "mjgate-dashboard-1";

/// Every way §4.2 can end, in the order the checks run.
enum class auth_outcome : std::uint8_t {
  ok,
  missing_token,         ///< no (or an empty) Authorization header → 401
  invalid_token,         ///< the token names nobody → 200
  user_header_format,    ///< New-Api-User is not an integer → 401
  user_header_mismatch,  ///< New-Api-User is not the token's user → 401
  user_disabled,         ///< → 200
  insufficient_role,     ///< → 200
  storage_error,         ///< the lookup failed → 500
};

/// What the token lookup found: the token's user.
struct token_owner {
  std::int64_t user_id = 0;
  bool enabled = true;
  int role = role_user;
  friend bool operator==(const token_owner&, const token_owner&) = default;
};

/// The token of an Authorization header: the value with one leading
/// "Bearer " removed (a bare token is accepted); nullopt when the header is
/// absent or empty. An empty token after "Bearer " is still a (bad) token.
std::optional<std::string_view> access_token(std::optional<std::string_view> authorization);

/// The user id a New-Api-User header names, one leading "Bearer " removed
/// (seed 000 sends "Bearer <id>"): an optional '-' and digits; nullopt for
/// anything else.
std::optional<std::int64_t> parse_new_api_user(std::string_view header);

/// §4.2 in order: `token_sent` false → missing_token; `owner` nullopt →
/// invalid_token; a New-Api-User header that is present and not blank must
/// parse (user_header_format) and equal owner's id (user_header_mismatch);
/// then disabled → user_disabled; role below `min_role` →
/// insufficient_role; else ok.
auth_outcome admit(bool token_sent, const std::optional<token_owner>& owner,
                   std::optional<std::string_view> new_api_user, int min_role);

/// Chinese when Accept-Language starts with "zh" (any case), else English.
bool wants_chinese(std::optional<std::string_view> accept_language);

/// The refusal of `outcome` (not ok): `{"success":false,"message":…}` with
/// the HTTP status of the §4.2 table.
reply auth_failure(auth_outcome outcome, bool chinese);

}  // namespace mjgate::http::newapi
