#include "http/auth.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <sodium.h>

namespace mjgate::http {

namespace {

constexpr actors::principal root_principal{1, true};

std::string_view strip_prefix(std::string_view s, std::string_view prefix) {
  return s.starts_with(prefix) ? s.substr(prefix.size()) : s;
}

}  // namespace

std::string extract_api_key(std::optional<std::string_view> authorization,
                            std::optional<std::string_view> mj_api_secret) {
  std::string_view key;
  if (authorization) {
    key = *authorization;
    if (key.starts_with("Bearer "))
      key.remove_prefix(7);
    else if (key.starts_with("bearer "))
      key.remove_prefix(7);
  }
  if (key.empty() || key == "midjourney-proxy") key = mj_api_secret.value_or(std::string_view{});
  return std::string{key};
}

std::string hash_api_key(std::string_view key) {
  [[maybe_unused]] static const int init = sodium_init();  // once; idempotent
  key = strip_prefix(key, "sk-");
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(key.data()), key.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string{hex.data(), crypto_hash_sha256_BYTES * 2};
}

std::optional<actors::principal> authenticate(const auth_settings& settings,
                                              std::optional<std::string_view> authorization,
                                              std::optional<std::string_view> mj_api_secret) {
  if (!settings.enabled) return root_principal;
  auto key = extract_api_key(authorization, mj_api_secret);
  if (strip_prefix(key, "sk-").empty()) return std::nullopt;
  auto expected = settings.root_key_sha256_hex;
  std::transform(expected.begin(), expected.end(), expected.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto actual = hash_api_key(key);
  if (expected.size() != actual.size()) return std::nullopt;
  if (sodium_memcmp(expected.data(), actual.data(), actual.size()) != 0) return std::nullopt;
  return root_principal;
}

}  // namespace mjgate::http
