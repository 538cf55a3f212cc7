// The one place that mints and hashes credentials (API keys, dashboard access
// tokens, session ids, generated passwords) with libsodium, so the HTTP layer
// and the user registry hash them identically. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace mjgate::actors {

/// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

/// The stored form of an API key: sha256_hex of the key after one leading
/// "sk-" is stripped (so "sk-abc" and "abc" are the same key).
std::string hash_api_key(std::string_view key);

/// Constant-time equality of two strings of equal length (false otherwise).
bool equal_secrets(std::string_view a, std::string_view b);

/// "sk-" + 48 random characters of [A-Za-z0-9].
std::string new_api_key();

/// 32 random characters of [A-Za-z0-9] (the dashboard access token).
std::string new_access_token();

/// 64 random hex digits (the backend session id the cookie carries).
std::string new_session_id();

/// 20 random characters of [A-Za-z0-9] (a generated root password).
std::string new_password();

}  // namespace mjgate::actors
