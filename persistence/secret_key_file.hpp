// The token encryption key kept in the data directory when the config names
// none (`security.secret_key` empty): created once, mode 0600, so an offline
// set-up (scripts/run, the demo) encrypts without any configuration.
#pragma once

#include <filesystem>
#include <string>
#include <variant>

#include "persistence/token_cipher.hpp"

namespace mjgate::persistence {

struct key_file {
  secret_key key{};
  bool created = false;  ///< true when this call wrote the file
};

/// The key in `path` (64 hex digits, surrounding whitespace ignored), or a
/// new random key written there first (parent directories created, mode
/// 0600, exclusive create, fsync) when the file does not exist. Blocking:
/// start-up only. On failure, a readable error that never contains the key.
std::variant<key_file, std::string> load_or_create_key_file(const std::filesystem::path& path);

}  // namespace mjgate::persistence
