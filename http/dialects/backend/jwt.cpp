#include "http/dialects/backend/jwt.hpp"

#include <sodium.h>

#include <array>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

namespace mjgate::http::backend {

namespace {

constexpr std::string_view header_json = R"({"alg":"HS512","typ":"JWT"})";

std::string base64url(std::string_view bytes) {
  std::vector<char> out(
      sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING));
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string{out.data()};
}

std::optional<std::string> from_base64url(std::string_view text) {
  std::string out(text.size(), '\0');  // decoded is never longer
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(len);
  return out;
}

std::array<unsigned char, crypto_auth_hmacsha512_BYTES> mac_of(std::string_view signed_part,
                                                               std::string_view key) {
  std::array<unsigned char, crypto_auth_hmacsha512_KEYBYTES> k{};
  std::copy_n(key.begin(), std::min(key.size(), k.size()), k.begin());
  std::array<unsigned char, crypto_auth_hmacsha512_BYTES> mac{};
  crypto_auth_hmacsha512(mac.data(), reinterpret_cast<const unsigned char*>(signed_part.data()),
                         signed_part.size(), k.data());
  sodium_memzero(k.data(), k.size());
  return mac;
}

}  // namespace

std::string jwt_key_from_secret(std::string_view secret) {
  [[maybe_unused]] static const int init = sodium_init();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size());
  return std::string{reinterpret_cast<const char*>(digest.data()), digest.size()};
}

std::string sign_jwt(const jwt_claims& c, std::string_view key) {
  nlohmann::ordered_json payload;
  payload["iat"] = c.iat;
  payload["exp"] = c.exp;
  payload["sid"] = c.sid;
  payload["uid"] = c.uid;
  payload["role"] = c.role;
  payload["perm"] = c.perm;
  auto signed_part = base64url(header_json) + "." + base64url(payload.dump());
  auto mac = mac_of(signed_part, key);
  return signed_part + "." +
         base64url(std::string_view{reinterpret_cast<const char*>(mac.data()), mac.size()});
}

jwt_result verify_jwt(std::string_view token, std::string_view key, std::int64_t now_s) {
  jwt_result r;
  if (key.size() != crypto_auth_hmacsha512_KEYBYTES || token.size() > 4096) return r;
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
    return r;
  auto header = from_base64url(token.substr(0, dot1));
  auto payload = from_base64url(token.substr(dot1 + 1, dot2 - dot1 - 1));
  auto signature = from_base64url(token.substr(dot2 + 1));
  if (!header || !payload || !signature || signature->size() != crypto_auth_hmacsha512_BYTES)
    return r;
  auto h = nlohmann::json::parse(*header, nullptr, false);
  if (!h.is_object() || h.value("alg", "") != "HS512") return r;
  std::array<unsigned char, crypto_auth_hmacsha512_KEYBYTES> k{};
  std::copy_n(key.begin(), k.size(), k.begin());
  const auto signed_part = token.substr(0, dot2);
  const bool valid =
      crypto_auth_hmacsha512_verify(reinterpret_cast<const unsigned char*>(signature->data()),
                                    reinterpret_cast<const unsigned char*>(signed_part.data()),
                                    signed_part.size(), k.data()) == 0;
  sodium_memzero(k.data(), k.size());
  if (!valid) {
    r.check = jwt_check::bad_signature;
    return r;
  }
  auto p = nlohmann::json::parse(*payload, nullptr, false);
  if (!p.is_object()) return r;
  auto integer = [&p](const char* name) -> std::optional<std::int64_t> {
    auto it = p.find(name);
    if (it == p.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<std::int64_t>();
  };
  auto iat = integer("iat"), exp = integer("exp"), uid = integer("uid"), role = integer("role"),
       perm = integer("perm");
  auto sid = p.find("sid");
  if (!iat || !exp || !uid || !role || !perm || sid == p.end() || !sid->is_string()) return r;
  r.claims = {
      *iat, *exp, sid->get<std::string>(), *uid, static_cast<int>(*role), static_cast<int>(*perm)};
  r.check = now_s < *exp ? jwt_check::ok : jwt_check::expired;
  return r;
}

}  // namespace mjgate::http::backend
