// Spawning the password hasher (interface in actors/password_hasher_actor.hpp)
// and the pure argon2id helpers it runs.
#pragma once

#include <caf/fwd.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "actors/password_hasher_actor.hpp"

namespace mjgate::actors {

/// A detached actor (its own thread): each hash or verify takes about
/// 0.1 s and 64 MiB, one at a time per hasher.
password_hasher_actor spawn_password_hasher(caf::actor_system& sys);

/// Blocking: argon2id at libsodium's INTERACTIVE limits; nullopt when out
/// of memory. Call only from a detached actor or a start-up thread.
std::optional<std::string> hash_password(std::string_view password);

/// Blocking: true when `password` matches the argon2id string `hash`.
bool verify_password(std::string_view hash, std::string_view password);

}  // namespace mjgate::actors
