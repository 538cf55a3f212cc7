// Spawning the webhook notifier (interface in actors/notifier_actor.hpp).
#pragma once

#include <caf/fwd.hpp>

#include <chrono>
#include <string>

#include "actors/notifier_actor.hpp"

namespace mjgate::discord {
class http_client;
}

namespace mjgate::actors {

struct notifier_settings {
  std::chrono::milliseconds timeout{10000};
  std::chrono::milliseconds connect_timeout{5000};
  int max_attempts = 10;  ///< for terminal events; progress events retry until superseded
  std::chrono::milliseconds backoff_base{1000};
  std::chrono::milliseconds backoff_max{300000};
  std::size_t max_tasks = 100000;  ///< tasks with pending deliveries (bound)
  std::string user_agent = "mjgate/0.1.0";
};

/// `http` must outlive the actor.
notifier_actor spawn_notifier(caf::actor_system& sys, discord::http_client* http,
                              notifier_settings settings);

/// Backoff before attempt `attempt + 1` (attempt ≥ 1): base·2^(attempt-1),
/// capped, then scaled by `jitter` in [0.8, 1.2].
std::chrono::milliseconds webhook_backoff(int attempt, std::chrono::milliseconds base,
                                          std::chrono::milliseconds cap, double jitter);

}  // namespace mjgate::actors
