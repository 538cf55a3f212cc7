// Spawns the user registry (actors/user_registry_actor.hpp): a detached actor
// with its own database session that owns users, API keys and backend
// sessions, and is the one writer of the credentials index.
#pragma once

#include <caf/fwd.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "actors/credential_index.hpp"
#include "actors/password_hasher_actor.hpp"
#include "actors/user_registry_actor.hpp"

namespace mjgate::persistence {

struct user_registry_settings {
  std::string dsn;                                 ///< as storage.dsn
  std::int64_t session_idle_ms = 900'000;          ///< §7.2: 900 s, sliding
  std::int64_t session_max_ms = 48 * 3'600'000LL;  ///< §7.2: 48 h absolute
  std::int64_t touch_every_ms = 60'000;            ///< the index's persist period
  std::size_t max_sessions_per_user = 20;          ///< older ones are revoked at login
  int login_max_failures = 10;                     ///< per IP and name …
  std::int64_t login_window_ms = 60'000;           ///< … per this window
  std::chrono::milliseconds hash_timeout{30'000};  ///< one hasher request
  std::chrono::milliseconds prune_every{60'000};   ///< dead sessions leave index and table
  std::function<std::int64_t()> clock;             ///< epoch ms; empty = the system clock
};

/// Loads the index from the database before answering anything (a database
/// that is down is retried at each prune). `hashers` must not be empty.
actors::user_registry_actor spawn_user_registry(caf::actor_system& sys,
                                                user_registry_settings settings,
                                                std::shared_ptr<actors::credential_index> index,
                                                std::vector<actors::password_hasher_actor> hashers);

}  // namespace mjgate::persistence
