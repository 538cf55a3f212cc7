#include "actors/password_hasher.hpp"

#include <caf/actor_system.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <sodium.h>

#include <algorithm>
#include <array>

namespace mjgate::actors {

std::optional<std::string> hash_password(std::string_view password) {
  if (sodium_init() < 0) return std::nullopt;
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return std::nullopt;
  return std::string{out.data()};
}

bool verify_password(std::string_view hash, std::string_view password) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::array<char, crypto_pwhash_STRBYTES> stored{};
  std::copy(hash.begin(), hash.end(), stored.begin());  // libsodium wants a C string
  return crypto_pwhash_str_verify(stored.data(), password.data(), password.size()) == 0;
}

namespace {

password_hasher_actor::behavior_type password_hasher() {
  return {
      [](hash_atom, const std::string& password) -> caf::result<std::string> {
        if (auto h = hash_password(password)) return *h;
        return caf::make_error(domain::errc::internal, std::string{"password hashing failed"});
      },
      [](verify_atom, const std::string& hash, const std::string& password) {
        return verify_password(hash, password);
      },
  };
}

}  // namespace

password_hasher_actor spawn_password_hasher(caf::actor_system& sys) {
  return sys.spawn<caf::detached>(password_hasher);
}

}  // namespace mjgate::actors
