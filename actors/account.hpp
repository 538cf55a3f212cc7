// Spawning an account actor (interface in actors/account_actor.hpp).
#pragma once

#include <caf/fwd.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

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

/// At-rest protection of Discord tokens (persistence/token_cipher), handed in
/// by app/: `seal` gives the stored form of a clear token (a stored one comes
/// back unchanged), `open` the clear token of a stored one (nullopt: it cannot
/// be opened, e.g. another key). Both thread-safe. Left empty (tests), tokens
/// are kept and used as given.
struct token_codec {
  std::function<std::string(const std::string&)> seal;
  std::function<std::optional<std::string>(const std::string&)> open;
};

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
  token_codec tokens;  ///< the account opens its token only to connect
};

/// Spawns the actor that owns one Discord account; it connects at once and
/// pushes its load to `router` on every change.
account_actor spawn_account(caf::actor_system& sys, domain::account acct, account_env env,
                            task_router_actor router);

}  // namespace mjgate::actors
