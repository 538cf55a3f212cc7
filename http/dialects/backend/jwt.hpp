// The backend login's JWT (api-contracts.md §7.2): HS512 over base64url
// header.payload with libsodium's crypto_auth_hmacsha512; claims iat, exp,
// sid, uid, role, perm. Pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mjgate::http::backend {

struct jwt_claims {
  std::int64_t iat = 0;  ///< issued at, epoch s
  std::int64_t exp = 0;  ///< expiry, epoch s
  std::string sid;       ///< the session's stored hash
  std::int64_t uid = 0;
  int role = 0;  ///< bitmask: user 1, admin 3, root 7
  int perm = 0;  ///< reserved
  friend bool operator==(const jwt_claims&, const jwt_claims&) = default;
};

/// A 32-byte HMAC key derived from any secret text (SHA-256 of it).
std::string jwt_key_from_secret(std::string_view secret);

/// "<header>.<payload>.<signature>", each base64url without padding; the
/// header is {"alg":"HS512","typ":"JWT"}. `key` is 32 bytes.
std::string sign_jwt(const jwt_claims& claims, std::string_view key);

enum class jwt_check { ok, malformed, bad_signature, expired };

struct jwt_result {
  jwt_check check = jwt_check::malformed;
  jwt_claims claims;  ///< set when ok (and when expired)
};

/// Verifies the signature (constant time), that alg is HS512 and that
/// now_s < exp. Anything not shaped like our tokens is malformed.
jwt_result verify_jwt(std::string_view token, std::string_view key, std::int64_t now_s);

}  // namespace mjgate::http::backend
