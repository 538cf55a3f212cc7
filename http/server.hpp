// The HTTP front door: a RESTinio server on its own io_context that turns mj
// dialect requests into asks to the task router (api-contracts.md §1, §3).
#pragma once

#include <caf/fwd.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "actors/idempotency_actor.hpp"
#include "actors/store_actor.hpp"
#include "actors/task_board.hpp"
#include "actors/task_center_actor.hpp"
#include "actors/task_router_actor.hpp"
#include "actors/user_registry_actor.hpp"
#include "http/auth.hpp"
#include "http/dialects/node/options.hpp"

namespace mjgate::http {

/// Server configuration; every limit is finite. ask_timeout must be shorter
/// than handle_timeout so a mapped error can still be sent.
struct server_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  ///< 0 = the OS picks (see server::port())
  unsigned io_threads = 2;
  std::chrono::milliseconds handle_timeout{30000};  ///< RESTinio handle_request_timeout
  std::chrono::milliseconds ask_timeout{10000};     ///< every ask to the router
  std::size_t max_body_submit = 32u << 20;          ///< /submit/* bodies (→ 413 above)
  std::size_t max_body_default = 1u << 20;          ///< other bodies (→ 413 above)
  std::size_t max_connections = 10000;
  std::size_t max_ids = 10000;   ///< list-by-condition ids
  std::string image_dir;         ///< kept images for GET /mj/image/{id}; "" = none (404)
  int dashboard_page_size = 20;  ///< new-api lists' page size when a request names none (1..100)
  std::string files_dir;         ///< backend uploads, GET /files/<name>; "" = none (404)
  /// Base of absolute links (backend upload `full_uri`); "" = http://<host>:<bound port>,
  /// filled in by start().
  std::string public_base_url;
  /// Origins allowed to call from a browser ("*" = any, without credentials);
  /// empty = CORS off (api-contracts.md §1.1, http/cors.hpp).
  std::vector<std::string> cors_origins;
  auth_settings auth;
  node::options node;  ///< the node_api section (api-contracts.md §6)
};

/// What the handlers talk to: `router` for work and lists, `board` for live
/// and recent tasks, `readers` (at least one) for older single tasks,
/// `users` for user management and backend logins.
struct server_backends {
  server_backends() = default;
  server_backends(actors::task_router_actor r, std::shared_ptr<actors::task_board> b,
                  std::vector<actors::store_actor> rs, actors::user_registry_actor u = {})
      : router(std::move(r)), board(std::move(b)), readers(std::move(rs)), users(std::move(u)) {}

  actors::task_router_actor router;
  std::shared_ptr<actors::task_board> board;
  std::vector<actors::store_actor> readers;
  actors::user_registry_actor users;  ///< management API and backend logins; may be null
  actors::task_center_actor center;   ///< the task center (/suno/*); may be null
  /// Idempotency-Key (§1.6); null: requests with a key answer 503.
  actors::idempotency_actor idempotency;
};

/// Runs RESTinio on its own io_context with `io_threads` threads. Not
/// copyable. Destroy it before the actor_system; the destructor calls stop().
class server {
 public:
  server(caf::actor_system& sys, server_backends backends, server_options opts);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Binds and starts listening; returns once listening. Throws on failure
  /// (e.g. the port is taken). Call at most once.
  void start();

  /// Stops accepting, waits (at most ask_timeout + 1 s) for requests still
  /// being answered, then stops and joins the io threads. Idempotent.
  void stop();

  /// The bound port (the OS-chosen one when options.port was 0); 0 before start().
  std::uint16_t port() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace mjgate::http
