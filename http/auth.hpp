// Authentication of every dialect (api-contracts.md §1.5, §3.2, §4.2, §7.2):
// key extraction, the credentials index lookups, and the pure mapping of
// each outcome onto a dialect's answer. Called on RESTinio io threads: no
// function here blocks or talks to an actor.
//
// Signatures other dialects call (all thread-safe):
//
//   // API key (mj, node-api, relay): §1.5 extraction order, "sk-" optional,
//   // the legacy single secret maps to root.
//   key_auth authenticate_api_key(const auth_settings&, std::optional<std::string_view>
//   authorization,
//                                 std::optional<std::string_view> mj_api_secret, std::int64_t
//                                 now_ms);
//   std::optional<actors::principal> authenticate(const auth_settings&, authorization,
//   mj_api_secret);
//
//   // new-api dashboard (§4.2): access token + optional New-Api-User, then a
//   // minimum role; the outcome maps 1:1 onto the §4.2 table.
//   dashboard_auth authenticate_dashboard(const auth_settings&, std::optional<std::string_view>
//   authorization,
//                                         std::optional<std::string_view> new_api_user, int
//                                         min_role);
//   reply dashboard_auth_error(dashboard_outcome, std::optional<std::string_view> accept_language);
//   bool has_role(const actors::principal&, int min_role);
//
//   // backend admin (§7.1, §7.2): http/dialects/backend/session_auth.hpp,
//   // authenticate_backend(...) → principal or the §7.1 error.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "actors/credential_index.hpp"
#include "actors/messages.hpp"
#include "http/reply.hpp"

namespace mjgate::http {

/// How callers are authenticated. Disabled only in demo mode, where every
/// caller is the root principal.
struct auth_settings {
  auth_settings() = default;
  /// The form before users existed: on/off and the legacy secret's hash.
  auth_settings(bool on, std::string legacy_key_sha256_hex)
      : enabled(on), root_key_sha256_hex(std::move(legacy_key_sha256_hex)) {}

  bool enabled = true;
  /// Hex SHA-256 (hash_api_key) of the legacy single secret (`mj.api_secret`,
  /// NZ style): it maps to the root user. "" = none.
  std::string root_key_sha256_hex;
  /// Users' API keys, dashboard tokens and backend sessions (written by the
  /// user registry). Null = no user credentials (only the legacy secret).
  std::shared_ptr<const actors::credential_index> credentials;
  /// The backend JWT's HS512 key (32 bytes); "" = backend logins refused.
  std::string jwt_key;
  /// `Secure` on the backend cookie (public base URL is https).
  bool secure_cookie = false;
};

// -- API keys (mj, node-api, relay) -------------------------------------------

/// The key a request carries (§1.5, exact order): `Authorization` with one
/// leading "Bearer "/"bearer " removed; when that is empty or literally
/// "midjourney-proxy", `mj-api-secret` instead. The "sk-" prefix is kept.
std::string extract_api_key(std::optional<std::string_view> authorization,
                            std::optional<std::string_view> mj_api_secret);

/// SHA-256 hex of a key after stripping one leading "sk-" (libsodium
/// crypto_hash_sha256). Thread-safe.
std::string hash_api_key(std::string_view key);

/// ok; missing (no key sent); unknown (no such key, or revoked); disabled
/// (its user is disabled); expired (the key's expires_at passed).
enum class key_outcome { ok, missing, unknown, disabled, expired };

struct key_auth {
  key_outcome outcome = key_outcome::missing;
  actors::principal who;  ///< set when ok
  explicit operator bool() const { return outcome == key_outcome::ok; }
};

/// The principal of a request's API key: the legacy secret (constant-time
/// compare) → root; else the credentials index. Auth disabled → root.
key_auth authenticate_api_key(const auth_settings& settings,
                              std::optional<std::string_view> authorization,
                              std::optional<std::string_view> mj_api_secret, std::int64_t now_ms);

/// authenticate_api_key at the current time, as an optional: nullopt for
/// every failure (→ HTTP 401 in the mj dialect).
std::optional<actors::principal> authenticate(const auth_settings& settings,
                                              std::optional<std::string_view> authorization,
                                              std::optional<std::string_view> mj_api_secret);

// -- roles --------------------------------------------------------------------

/// True when the principal's role is at least `min_role` (1, 10, 100).
bool has_role(const actors::principal& who, int min_role);

// -- new-api dashboard (§4.2) ---------------------------------------------------

/// One value per row of the §4.2 table, plus ok.
enum class dashboard_outcome {
  ok,
  no_authorization,      ///< 401
  invalid_token,         ///< 200
  user_header_format,    ///< New-Api-User not an integer: 401
  user_header_mismatch,  ///< New-Api-User ≠ user id: 401
  user_disabled,         ///< 200
  insufficient_role,     ///< 200
  storage_error,         ///< 500
};

struct dashboard_auth {
  dashboard_outcome outcome = dashboard_outcome::no_authorization;
  actors::principal who;  ///< set when ok
  explicit operator bool() const { return outcome == dashboard_outcome::ok; }
};

/// `Authorization: Bearer <access token>` (bare accepted, one "Bearer "
/// stripped), then `New-Api-User` when present (integer after an optional
/// "Bearer "; must equal the user id), then the user's status, then
/// `min_role`. Auth disabled → root (New-Api-User still checked).
dashboard_auth authenticate_dashboard(const auth_settings& settings,
                                      std::optional<std::string_view> authorization,
                                      std::optional<std::string_view> new_api_user, int min_role);

/// The §4.2 answer of a failed outcome: HTTP status and
/// `{"success":false,"message":…}`, in Chinese when `accept_language`
/// starts with "zh" (case-insensitive), else English. `ok` maps to 500
/// (a caller bug, never a success).
reply dashboard_auth_error(dashboard_outcome outcome,
                           std::optional<std::string_view> accept_language);

/// The compat header a successful dashboard answer carries (§4.2), and its
/// opaque value.
inline constexpr std::string_view auth_version_header = "Auth-Version";
inline constexpr std::string_view auth_version_value = "mjgate-1";

/// Current time in epoch ms (the clock every auth call uses).
std::int64_t auth_now_ms();

}  // namespace mjgate::http
