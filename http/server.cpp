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
#include <boost/asio/steady_timer.hpp>
#include <restinio/all.hpp>

#include "http/bridge.hpp"
#include "http/routes.hpp"

namespace mjgate::http {

namespace {

// RESTinio's asio_timer_manager_t plus an exact count of live connections:
// every connection owns exactly one timer guard for its whole lifetime.
// RESTinio 0.6.16's connection-count limiter lives inside the acceptor and
// each connection's destructor calls into it, so the acceptor (the
// http_server_t) must outlive every connection; stop() uses this count.
class counting_timer_manager : public std::enable_shared_from_this<counting_timer_manager> {
 public:
  using duration = std::chrono::steady_clock::duration;

  counting_timer_manager(boost::asio::io_context& io, duration period,
                         std::shared_ptr<inflight_tracker> live)
      : io_(io), period_(period), live_(std::move(live)) {}

  class timer_guard_t {
   public:
    timer_guard_t(boost::asio::io_context& io, duration period,
                  std::shared_ptr<inflight_tracker> live)
        : timer_(io), period_(period), live_(std::move(live)) {
      if (live_) live_->acquire();
    }
    timer_guard_t(timer_guard_t&&) noexcept = default;  // the moved-from guard counts nothing
    timer_guard_t& operator=(timer_guard_t&&) = delete;
    ~timer_guard_t() {
      if (live_) live_->release();
    }

    void schedule(restinio::tcp_connection_ctx_weak_handle_t weak) {
      timer_.expires_after(period_);
      timer_.async_wait([weak = std::move(weak)](const boost::system::error_code& ec) {
        if (ec) return;
        if (auto h = weak.lock()) h->check_timeout(h);
      });
    }

    void cancel() noexcept {
      boost::system::error_code ignored;
      timer_.cancel(ignored);
    }

   private:
    boost::asio::steady_timer timer_;
    duration period_;
    std::shared_ptr<inflight_tracker> live_;
  };

  timer_guard_t create_timer_guard() const { return timer_guard_t{io_, period_, live_}; }
  void start() const noexcept {}
  void stop() const noexcept {}

  struct factory_t {
    factory_t() = default;
    factory_t(duration period, std::shared_ptr<inflight_tracker> live)
        : period_(period), live_(std::move(live)) {}
    auto create(boost::asio::io_context& io) const {
      return std::make_shared<counting_timer_manager>(io, period_, live_);
    }
    duration period_ = std::chrono::seconds{1};
    std::shared_ptr<inflight_tracker> live_ = std::make_shared<inflight_tracker>();
  };

 private:
  boost::asio::io_context& io_;
  duration period_;
  std::shared_ptr<inflight_tracker> live_;
};

// A real strand (done() may run on any thread) and a connection cap.
struct traits : restinio::traits_t<counting_timer_manager, restinio::null_logger_t> {
  static constexpr bool use_connection_count_limiter = true;
};

using http_server = restinio::http_server_t<traits>;
using work_guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

// Links need the bound port when the OS chose it. Called from the bind hook,
// before the first accept, so no handler reads the value while it is written.
void default_public_base(server_options& o, std::uint16_t port) {
  if (o.public_base_url.empty())
    o.public_base_url = "http://" + o.host + ":" + std::to_string(port);
}

constexpr std::chrono::seconds close_grace{5};
constexpr std::chrono::seconds connection_grace{2};

}  // namespace

struct server::impl {
  impl(caf::actor_system& sys, server_backends b, server_options opts)
      : ctx(std::make_shared<route_context>(
            route_context{&sys, std::move(b.router), std::move(b.board), std::move(b.readers),
                          std::move(opts), std::make_shared<inflight_tracker>(), std::move(b.users),
                          std::move(b.center), std::move(b.idempotency)})) {}

  std::shared_ptr<route_context> ctx;
  std::shared_ptr<inflight_tracker> connections = std::make_shared<inflight_tracker>();
  // Declared before `srv`, so it outlives it. Pointers so that stop() can
  // leak both when clients keep connections open past the grace period.
  std::unique_ptr<boost::asio::io_context> io = std::make_unique<boost::asio::io_context>();
  std::optional<work_guard> guard;
  std::unique_ptr<http_server> srv;
  std::vector<std::thread> threads;
  std::atomic<std::uint16_t> bound_port{0};
  bool stopped = false;

  void join_threads() {
    guard.reset();
    io->stop();
    for (auto& t : threads)
      if (t.joinable()) t.join();
    threads.clear();
  }
};

server::server(caf::actor_system& sys, server_backends backends, server_options opts)
    : impl_(std::make_unique<impl>(sys, std::move(backends), std::move(opts))) {}

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
                      .request_handler(make_request_handler(d.ctx))
                      .timer_manager(std::chrono::seconds{1}, d.connections)
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
                        default_public_base(d.ctx->opts, d.bound_port);
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
  closed.get_future().wait_for(close_grace);
  // Answers still in flight are written by the io threads: wait for them
  // (each is bounded by the ask timeout) before stopping the io_context.
  if (!d.ctx->tracker->wait_idle(d.ctx->opts.ask_timeout + std::chrono::seconds{1}))
    spdlog::warn("http: stopping with requests still unanswered");
  // The acceptor must outlive every connection (see counting_timer_manager).
  if (d.connections->wait_idle(connection_grace)) {
    d.srv.reset();
    d.join_threads();
    return;
  }
  // Clients keep idle connections open: destroying anything now would let a
  // connection call into a freed acceptor, so leak server and io_context
  // (this only happens at process shutdown).
  spdlog::warn("http: connections still open at shutdown; leaking the http io_context");
  d.join_threads();
  [[maybe_unused]] auto* leaked_server = d.srv.release();
  [[maybe_unused]] auto* leaked_io = d.io.release();
}

std::uint16_t server::port() const {
  return impl_->bound_port.load();
}

}  // namespace mjgate::http
