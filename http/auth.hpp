// API-key authentication of the mj dialect (api-contracts.md §1.5, §3.2):
// key extraction, hashing and the constant-time check against the root key.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "actors/messages.hpp"

namespace mjgate::http {

/// How callers are authenticated. Disabled only in demo mode, where every
/// caller is the root principal.
struct auth_settings {
  bool enabled = true;
  std::string root_key_sha256_hex;  ///< hex SHA-256 of the root API key (without "sk-")
};

/// The key a request carries (§1.5, exact order): `Authorization` with one
/// leading "Bearer "/"bearer " removed; when that is empty or literally
/// "midjourney-proxy", `mj-api-secret` instead. The "sk-" prefix is kept.
std::string extract_api_key(std::optional<std::string_view> authorization,
                            std::optional<std::string_view> mj_api_secret);

/// SHA-256 hex of a key after stripping one leading "sk-" (libsodium
/// crypto_hash_sha256). Thread-safe.
std::string hash_api_key(std::string_view key);

/// The principal for a request's credentials, or nullopt (→ HTTP 401).
/// Compares hashes in constant time (sodium_memcmp).
std::optional<actors::principal> authenticate(const auth_settings& settings,
                                              std::optional<std::string_view> authorization,
                                              std::optional<std::string_view> mj_api_secret);

}  // namespace mjgate::http
