#include "actors/credential_secrets.hpp"

#include <sodium.h>

#include <array>

namespace mjgate::actors {

namespace {

void ensure_sodium() {
  [[maybe_unused]] static const int init = sodium_init();  // once; idempotent
}

std::string random_text(std::size_t n) {
  ensure_sodium();
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out += alphabet[randombytes_uniform(sizeof alphabet - 1)];
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  ensure_sodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string{hex.data(), crypto_hash_sha256_BYTES * 2};
}

std::string hash_api_key(std::string_view key) {
  if (key.starts_with("sk-")) key.remove_prefix(3);
  return sha256_hex(key);
}

bool equal_secrets(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string new_api_key() {
  return "sk-" + random_text(48);
}

std::string new_access_token() {
  return random_text(32);
}

std::string new_session_id() {
  ensure_sodium();
  std::array<unsigned char, 32> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::array<char, 65> hex{};
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  return std::string{hex.data(), 64};
}

std::string new_password() {
  return random_text(20);
}

}  // namespace mjgate::actors
