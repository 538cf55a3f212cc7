// At-rest encryption of Discord user tokens (ARCHITECTURE.md invariant 7):
// libsodium's secretbox with a random nonce per seal, kept as versioned text
// "enc:v1:<base64(nonce | box)>". A value without the prefix is a clear token
// written before encryption existed; it is sealed on its next write.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace mjgate::persistence {

/// The 32-byte secretbox key (config `security.secret_key` or the key file).
using secret_key = std::array<unsigned char, 32>;

/// The prefix of a sealed token (format version 1).
inline constexpr std::string_view sealed_prefix = "enc:v1:";

/// True when `stored` is in the sealed form.
bool is_sealed(std::string_view stored);

/// `security.secret_key` as text: 64 hex digits, or base64 (standard or
/// URL-safe alphabet, padding optional) of exactly 32 bytes; nullopt for
/// anything else.
std::optional<secret_key> parse_secret_key(std::string_view text);

/// The key as 64 lower-case hex digits (what the key file holds).
std::string to_hex(const secret_key& key);

/// Seals and opens tokens with one key. Immutable after construction, so one
/// instance may be shared by every thread. The key is wiped on destruction.
class token_cipher {
 public:
  /// Throws std::runtime_error when libsodium cannot be initialised.
  explicit token_cipher(const secret_key& key);
  ~token_cipher();
  token_cipher(const token_cipher&) = delete;
  token_cipher& operator=(const token_cipher&) = delete;

  /// The stored form of a token, with a fresh random nonce on every call.
  /// "" stays "" (no token) and an already sealed value is returned as is,
  /// so sealing whatever a row holds is always safe.
  std::string seal(std::string_view token) const;

  /// The clear token of a stored value: an unsealed (legacy clear) value as
  /// is; nullopt when a sealed value cannot be opened (another key, altered
  /// or truncated text).
  std::optional<std::string> open(std::string_view stored) const;

 private:
  secret_key key_;
};

}  // namespace mjgate::persistence
