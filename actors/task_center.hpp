// Spawning the task center (interface in actors/task_center_actor.hpp): it
// spawns one channel poller per enabled suno channel and, at start, gives the
// unfinished task-center tasks back to their pollers.
#pragma once

#include <caf/fwd.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/channel_poller.hpp"
#include "actors/notifier_actor.hpp"
#include "actors/store_actor.hpp"
#include "actors/task.hpp"
#include "actors/task_board.hpp"
#include "actors/task_center_actor.hpp"
#include "domain/billing.hpp"
#include "domain/channel.hpp"

namespace mjgate::actors {

struct task_center_deps {
  store_actor writer;
  std::vector<store_actor> readers;  ///< at least one
  std::shared_ptr<task_board> board;
  notifier_actor notifier;
  task_renderer render;
  discord::http_client* http = nullptr;  ///< must outlive the center
  /// Every channel as stored (keys sealed, or clear when key_open is empty).
  std::vector<domain::channel> channels;
  /// At-rest protection of channel keys (persistence/token_cipher): seal a
  /// clear key, open a stored one (nullopt: it cannot be opened). Left
  /// empty (tests), keys are kept and used as given.
  std::function<std::string(const std::string&)> key_seal;
  std::function<std::optional<std::string>(const std::string&)> key_open;
  bool allow_private_urls = false;  ///< notify.allow_private: the URL policy of base URLs
  bool billing = false;             ///< billing.enabled: tasks hold their price (§5.3)
  domain::price_table prices;       ///< suno_music, suno_lyrics × group ratio
  poll_settings poll;
  int submit_retries = 2;  ///< further channels after a network error, 5xx or 429
  /// The whole submit (insert, upstream calls, commit) must end within this,
  /// so the HTTP ask that waits for it does not time out first.
  std::chrono::milliseconds submit_budget{8000};
  unsigned node = 0;  ///< ids are minted with node digit (node + 5) % 10
};

task_center_actor spawn_task_center(caf::actor_system& sys, task_center_deps deps);

}  // namespace mjgate::actors
