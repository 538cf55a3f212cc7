// Spawning an account actor (interface in actors/account_actor.hpp).
#pragma once

#include <caf/fwd.hpp>

#include <chrono>

#include "actors/account_actor.hpp"
#include "actors/task_router_actor.hpp"
#include "config/config.hpp"
#include "domain/account.hpp"

namespace boost::asio {
class io_context;
}

namespace mjgate::discord {
class http_client;
}

namespace mjgate::actors {

/// What every account actor shares: the Discord io_context (its own threads,
/// so HTTP load never delays heartbeats), one HTTP client, and settings.
struct account_env {
  boost::asio::io_context* io = nullptr;
  discord::http_client* http = nullptr;
  config::discord_config discord;
  /// This account's run timeout: reconciliation fails a job this old whose
  /// result is not in the history (set per account by the router).
  std::chrono::milliseconds run_timeout{300000};
  /// scheduler.aging: waiting tasks gain +1 priority per period (0 = off).
  std::chrono::milliseconds aging{600000};
};

/// Spawns the actor that owns one Discord account; it connects at once and
/// pushes its load to `router` on every change.
account_actor spawn_account(caf::actor_system& sys, domain::account acct, account_env env,
                            task_router_actor router);

}  // namespace mjgate::actors
