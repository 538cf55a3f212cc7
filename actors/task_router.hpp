// Spawning the task router (interface in actors/task_router_actor.hpp): it
// spawns one account actor per configured account and recovers unfinished
// tasks from the store at start.
#pragma once

#include <caf/fwd.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "actors/account.hpp"
#include "actors/notifier_actor.hpp"
#include "actors/store_actor.hpp"
#include "actors/task.hpp"
#include "actors/task_center_actor.hpp"
#include "actors/task_router_actor.hpp"
#include "domain/billing.hpp"
#include "domain/mj_relay.hpp"

namespace mjgate::actors {

struct router_settings {
  std::vector<std::string> banned_words;
  bool inject_seed = true;
  std::size_t max_prompt = 8192;
  std::size_t max_in_flight = 200000;
  bool allow_private_hooks = false;
  std::chrono::milliseconds queue_timeout{3600000};
  std::chrono::milliseconds backend_queue_timeout{86400000};  ///< origin "backend" (§2.2)
  std::chrono::milliseconds run_timeout{300000};
  std::chrono::milliseconds modal_timeout{1800000};
  std::chrono::milliseconds ask_timeout{8000};  ///< inner asks; below the HTTP ask
  unsigned node = 0;
  std::string inputs_dir;  ///< where the client's images wait for their job ("" = memory only)
  /// billing.enabled: every accepted task holds its price from its owner's
  /// balance (the store debits it in the insert's transaction).
  bool billing = false;
  domain::price_table prices;
  int rate_limit_per_minute = 60;             ///< auth.rate_limit per user (0 = off; root exempt)
  std::size_t max_in_flight_per_user = 1000;  ///< auth.max_in_flight (0 = off; root exempt)
  std::size_t backend_max_pending = 1000;     ///< backend.max_pending (0 = off; everyone)
  /// Where new tasks run (accounts, channels or accounts first) per group
  /// and action; channels are reached through router_deps::center.
  domain::routing_rules routing;
  /// Relayed tasks fail "上游任务超时" after this (their poller enforces it;
  /// the task actor's timers are a backstop a little later).
  std::chrono::milliseconds mj_timeout{3600000};
};

struct router_deps {
  store_actor writer;
  std::shared_ptr<task_board> board;  ///< shared with http/ for reads
  std::vector<store_actor> readers;   ///< at least one; reads are spread round-robin
  notifier_actor notifier;
  task_renderer render;
  account_env env;
  std::vector<domain::account> accounts;  ///< enabled ones get an actor
  router_settings settings;
  images::image_keeper_actor image_keeper;  ///< null = image.rehost off
  /// The owner of the relay channels (midjourney-proxy submits, pollers);
  /// null = no relay: every task runs on the accounts.
  task_center_actor center;
};

task_router_actor spawn_task_router(caf::actor_system& sys, router_deps deps);

}  // namespace mjgate::actors
