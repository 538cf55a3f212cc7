// Spawning a channel poller (interface in actors/channel_poller_actor.hpp).
#pragma once

#include <caf/fwd.hpp>

#include <chrono>
#include <cstddef>

#include "actors/channel_poller_actor.hpp"
#include "domain/channel.hpp"
#include "domain/relay.hpp"

namespace mjgate::discord {
class http_client;
}

namespace mjgate::actors {

/// How a poller polls (config [poll], api-contracts.md §5.5).
struct poll_settings {
  std::chrono::milliseconds interval{2000};
  std::size_t batch = 200;
  unsigned parallel = 2;
  std::chrono::milliseconds request_timeout{15000};
  std::chrono::milliseconds backoff_base{15000};
  std::chrono::milliseconds backoff_max{300000};
  domain::relay_limits limits;
};

/// Spawns the poller of `channel`. Its HTTP calls go through `http` (which
/// must outlive it); it stops the task actors it holds when it stops.
channel_poller_actor spawn_channel_poller(caf::actor_system& sys, domain::channel channel,
                                          discord::http_client* http, poll_settings settings);

}  // namespace mjgate::actors
