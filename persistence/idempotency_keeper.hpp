// Spawns the idempotency keeper (actors/idempotency_actor.hpp): a detached
// actor with its own database session, so a slow database never holds a
// shared CAF thread, and a duplicate that waits holds a response promise,
// never a thread.
#pragma once

#include <caf/fwd.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "actors/idempotency_actor.hpp"

namespace mjgate::persistence {

struct idempotency_settings {
  std::string dsn;                                      ///< as storage.dsn
  std::chrono::milliseconds wait{10'000};               ///< a duplicate waits this long
  std::chrono::milliseconds prune_every{10 * 60'000};   ///< expired rows leave the table
  std::chrono::milliseconds abandon_after{5 * 60'000};  ///< a claim nobody finished
  std::function<std::int64_t()> clock;                  ///< epoch ms; empty = system clock
};

actors::idempotency_actor spawn_idempotency_keeper(caf::actor_system& sys,
                                                   idempotency_settings settings);

}  // namespace mjgate::persistence
