// Spawning the task center (interface in actors/task_center_actor.hpp): it
// owns the relay channels, spawns one channel poller per enabled channel
// (suno and midjourney-proxy) and, at start, gives the unfinished
// task-center tasks back to their pollers (relayed Midjourney tasks are the
// router's: it re-adopts them through the center).
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
  /// midjourney-proxy channels: disabled after this many consecutive code-3
  /// answers (0 = never) spanning at least `disable_span` (§5.4).
  int disable_after = 5;
  std::chrono::milliseconds disable_span{600000};
  /// The whole submit (insert, upstream calls, commit) must end within this,
  /// so the HTTP ask that waits for it does not time out first.
  std::chrono::milliseconds submit_budget{8000};
  unsigned node = 0;  ///< ids are minted with node digit (node + 5) % 10
  /// Relayed Midjourney tasks fail "上游任务超时" this long after submit (poll.mj_timeout).
  std::chrono::milliseconds mj_timeout{std::chrono::minutes{60}};
  /// server.public_base_url (or the bound address): the base of the relay
  /// callback URL given to channels with `callback`; "" = no callbacks.
  std::string public_base_url;
};

/// The secret of a channel's relay callback URL: derived from its key (hex,
/// 32 characters), so it survives restarts and only the upstream learns it.
std::string relay_callback_secret(const domain::channel& c);

/// "<base>/mj/relay-callback/<id>/<secret>".
std::string relay_callback_url(const std::string& base, const domain::channel& c);

task_center_actor spawn_task_center(caf::actor_system& sys, task_center_deps deps);

}  // namespace mjgate::actors
