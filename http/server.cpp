#include "http/server.hpp"

#include <caf/actor_system.hpp>

#include <atomic>
#include <future>
#include <optional>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <restinio/all.hpp>

#include "http/bridge.hpp"
#include "http/routes.hpp"

namespace mjgate::http {

namespace {

// A real strand (done() may run on any thread) and a connection cap.
struct traits : restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t> {
  static constexpr bool use_connection_count_limiter = true;
};

using http_server = restinio::http_server_t<traits>;
using work_guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

}  // namespace

struct server::impl {
  impl(caf::actor_system& sys, actors::task_router_actor router, server_options opts)
      : ctx(std::make_shared<route_context>(route_context{&sys, std::move(router), std::move(opts),
                                                          std::make_shared<inflight_tracker>()})) {}

  std::shared_ptr<route_context> ctx;
  // Declared before `srv`: outlives it. A pointer so that stop() can leak it
  // when connections outlive the shutdown grace period (see stop()).
  std::unique_ptr<boost::asio::io_context> io = std::make_unique<boost::asio::io_context>();
  std::optional<work_guard> guard;
  std::unique_ptr<http_server> srv;
  std::vector<std::thread> threads;
  std::atomic<std::uint16_t> bound_port{0};
  // Ready once RESTinio destroyed its connection settings, i.e. once the
  // acceptor and every connection object are gone.
  std::future<void> restinio_gone;
  bool stopped = false;

  void join_threads() {
    guard.reset();
    io->stop();
    for (auto& t : threads)
      if (t.joinable()) t.join();
    threads.clear();
  }

  // The route handler, wrapped so that the destruction of its last copy
  // (held by RESTinio's connection settings) signals restinio_gone.
  request_handler make_handler() {
    auto gone = std::make_shared<std::promise<void>>();
    restinio_gone = gone->get_future();
    std::shared_ptr<void> sentinel{nullptr, [gone](void*) { gone->set_value(); }};
    return [inner = make_request_handler(ctx), sentinel](restinio::request_handle_t req) {
      return inner(std::move(req));
    };
  }
};

server::server(caf::actor_system& sys, actors::task_router_actor router, server_options opts)
    : impl_(std::make_unique<impl>(sys, std::move(router), std::move(opts))) {}

server::~server() {
  stop();
}

void server::start() {
  auto& d = *impl_;
  const auto& o = d.ctx->opts;
  const auto n_io = std::max(1u, o.io_threads);
  auto settings = restinio::server_settings_t<traits>{}
                      .address(o.host)
                      .port(o.port)
                      .request_handler(d.make_handler())
                      .handle_request_timeout(o.handle_timeout)
                      .max_parallel_connections(o.max_connections)
                      .incoming_http_msg_limits(
                          restinio::incoming_http_msg_limits_t{}
                              .max_body_size(std::max(o.max_body_submit, o.max_body_default))
                              .max_url_size(8192)
                              .max_field_count(100))
                      .concurrent_accepts_count(n_io)
                      .separate_accept_and_create_connect(true)
                      .acceptor_post_bind_hook([&d](boost::asio::ip::tcp::acceptor& acc) {
                        d.bound_port = acc.local_endpoint().port();
                      });
  d.srv = std::make_unique<http_server>(restinio::external_io_context(*d.io), std::move(settings));
  d.guard.emplace(d.io->get_executor());
  for (unsigned i = 0; i < n_io; ++i) d.threads.emplace_back([&d] { d.io->run(); });
  std::promise<void> opened;
  d.srv->open_async([&opened] { opened.set_value(); },
                    [&opened](std::exception_ptr e) { opened.set_exception(e); });
  try {
    opened.get_future().get();
  } catch (...) {
    d.join_threads();
    d.srv.reset();
    throw;
  }
  spdlog::info("http: listening on {}:{}", o.host, d.bound_port.load());
}

void server::stop() {
  auto& d = *impl_;
  if (d.stopped || !d.srv) return;
  d.stopped = true;
  std::promise<void> closed;
  d.srv->close_async([&closed] { closed.set_value(); },
                     [&closed](std::exception_ptr) { closed.set_value(); });
  closed.get_future().wait_for(std::chrono::seconds{5});
  // Answers still in flight are written by the io threads: wait for them
  // (each is bounded by the ask timeout) before stopping the io_context.
  if (!d.ctx->tracker->wait_idle(d.ctx->opts.ask_timeout + std::chrono::seconds{1}))
    spdlog::warn("http: stopping with requests still unanswered");
  // RESTinio 0.6.16's connection-count limiter lives in the acceptor and
  // connections point at it: destroying the io_context while connection
  // handlers are pending is a use-after-free. So release the server, let the
  // io threads finish the connections, and only then stop them.
  d.srv.reset();
  const bool clean = d.restinio_gone.wait_for(std::chrono::seconds{2}) == std::future_status::ready;
  d.join_threads();
  if (!clean) {
    spdlog::warn("http: connections still open at shutdown; leaking their io_context");
    [[maybe_unused]] auto* leaked = d.io.release();
  }
}

std::uint16_t server::port() const {
  return impl_->bound_port.load();
}

}  // namespace mjgate::http
