// The mj route table's entry point: one RESTinio request handler that
// normalises the path, authenticates and dispatches (http/routes.cpp).
#pragma once

#include <functional>
#include <memory>

#include <restinio/request_handler.hpp>

#include "actors/idempotency_actor.hpp"
#include "actors/store_actor.hpp"
#include "actors/task_board.hpp"
#include "actors/task_center_actor.hpp"
#include "actors/user_registry_actor.hpp"
#include "http/bridge.hpp"
#include "http/server.hpp"

namespace mjgate::http {

/// What every handler needs; shared by all requests, read-only.
struct route_context {
  caf::actor_system* sys = nullptr;
  actors::task_router_actor router;
  std::shared_ptr<actors::task_board> board;  ///< live and recent tasks, read without a hop
  std::vector<actors::store_actor> readers;   ///< single-task reads the board cannot answer
  server_options opts;
  std::shared_ptr<inflight_tracker> tracker;
  actors::user_registry_actor users;  ///< users, keys, logins (null: those routes answer 503)
  actors::task_center_actor center;   ///< /suno/* (null: those routes answer 503)
  /// Idempotency-Key (§1.6); null: requests with a key answer 503.
  actors::idempotency_actor idempotency;
};

using request_handler =
    std::function<restinio::request_handling_status_t(restinio::request_handle_t)>;

/// The server's request handler. Always accepts: every request is answered
/// (404 JSON for unknown routes).
request_handler make_request_handler(std::shared_ptr<const route_context> ctx);

}  // namespace mjgate::http
