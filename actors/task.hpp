// Spawning a task actor (interface in actors/task_actor.hpp).
#pragma once

#include <caf/fwd.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "actors/account_actor.hpp"
#include "actors/input_files.hpp"
#include "actors/notifier_actor.hpp"
#include "actors/store_actor.hpp"
#include "actors/task_actor.hpp"
#include "actors/task_board.hpp"
#include "images/image_keeper_actor.hpp"

namespace mjgate::actors {

/// Renders the webhook body of a task at its current revision (by origin:
/// the mj Task JSON or the node-api document; injected by app/); nullopt
/// when this revision posts no event (node-api: terminal events only).
using task_renderer = std::function<std::optional<std::string>(const domain::task&)>;

struct task_deps {
  store_actor store;  ///< the writer
  std::shared_ptr<task_board> board;
  notifier_actor notifier;
  task_renderer render;
  std::chrono::milliseconds queue_timeout{3600000};
  std::chrono::milliseconds run_timeout{300000};
  std::chrono::milliseconds modal_timeout{900000};  ///< MODAL waiting for /submit/modal
  input_files inputs{{}};  ///< the client's images: forgotten when the task ends
  /// Copies a SUCCESS image before it is committed; null = image.rehost off.
  images::image_keeper_actor image_keeper = {};
  std::chrono::milliseconds image_timeout{30000};  ///< the keeper's whole answer
};

/// Spawns the owner of a live task, whose first snapshot the caller has
/// already put on the board. `executor` is told to release the task when one
/// of its timers fails it. The actor quits once the task is terminal.
task_actor spawn_task(caf::actor_system& sys, task_board::snapshot t, task_deps deps,
                      account_actor executor);

}  // namespace mjgate::actors
