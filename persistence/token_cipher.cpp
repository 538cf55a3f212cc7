#include "persistence/token_cipher.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace mjgate::persistence {

namespace {

constexpr std::size_t nonce_bytes = crypto_secretbox_NONCEBYTES;
constexpr std::size_t mac_bytes = crypto_secretbox_MACBYTES;
constexpr int stored_variant = sodium_base64_VARIANT_ORIGINAL;

// The bytes of a base64 text in one variant; nullopt when it is not exactly that.
std::optional<std::vector<unsigned char>> from_base64(std::string_view text, int variant) {
  std::vector<unsigned char> out(text.size() * 3 / 4 + 3);
  std::size_t len = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, nullptr,
                        variant) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

std::string to_base64(const std::vector<unsigned char>& bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), stored_variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), stored_variant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

}  // namespace

bool is_sealed(std::string_view stored) {
  return stored.substr(0, sealed_prefix.size()) == sealed_prefix;
}

std::optional<secret_key> parse_secret_key(std::string_view text) {
  secret_key key{};
  if (text.size() == 2 * key.size()) {
    std::size_t len = 0;
    const char* end = nullptr;
    if (sodium_hex2bin(key.data(), key.size(), text.data(), text.size(), nullptr, &len, &end) ==
            0 &&
        len == key.size() && end == text.data() + text.size())
      return key;
  }
  for (int variant : {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
                      sodium_base64_VARIANT_URLSAFE, sodium_base64_VARIANT_URLSAFE_NO_PADDING}) {
    auto bytes = from_base64(text, variant);
    if (bytes && bytes->size() == key.size()) {
      std::copy(bytes->begin(), bytes->end(), key.begin());
      sodium_memzero(bytes->data(), bytes->size());
      return key;
    }
    if (bytes) sodium_memzero(bytes->data(), bytes->size());
  }
  return std::nullopt;
}

std::string to_hex(const secret_key& key) {
  std::string out(2 * key.size() + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), key.data(), key.size());
  out.resize(2 * key.size());
  return out;
}

token_cipher::token_cipher(const secret_key& key) : key_(key) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

token_cipher::~token_cipher() {
  sodium_memzero(key_.data(), key_.size());
}

std::string token_cipher::seal(std::string_view token) const {
  if (token.empty() || is_sealed(token)) return std::string{token};
  std::vector<unsigned char> out(nonce_bytes + mac_bytes + token.size());
  randombytes_buf(out.data(), nonce_bytes);
  crypto_secretbox_easy(out.data() + nonce_bytes,
                        reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                        out.data(), key_.data());
  return std::string{sealed_prefix} + to_base64(out);
}

std::optional<std::string> token_cipher::open(std::string_view stored) const {
  if (!is_sealed(stored)) return std::string{stored};
  auto bytes = from_base64(stored.substr(sealed_prefix.size()), stored_variant);
  if (!bytes || bytes->size() < nonce_bytes + mac_bytes) return std::nullopt;
  std::string clear(bytes->size() - nonce_bytes - mac_bytes, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(clear.data()),
                                 bytes->data() + nonce_bytes, bytes->size() - nonce_bytes,
                                 bytes->data(), key_.data()) != 0)
    return std::nullopt;
  return clear;
}

}  // namespace mjgate::persistence
