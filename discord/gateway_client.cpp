// Beast WebSocket gateway client: the heavy TU (TLS + WebSocket
// instantiations) behind the pimpl of discord/gateway_client.hpp.
#include "discord/gateway_client.hpp"

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <random>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "discord/close_policy.hpp"
#include "discord/event_parser.hpp"
#include "discord/payloads.hpp"
#include "discord/url.hpp"
#include "discord/zlib_stream.hpp"

namespace mjgate::discord {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using clock_type = std::chrono::steady_clock;
using ms = std::chrono::milliseconds;
using strand_type = net::strand<net::io_context::executor_type>;

// Discord's allowance on top of the heartbeat interval before a silent
// connection counts as a zombie (protocol §4.3).
constexpr ms silence_grace{10000};
// op 9 d:false: wait 1..5 s before a fresh IDENTIFY.
constexpr ms invalid_session_min{1000};
constexpr ms invalid_session_max{5000};

std::int64_t epoch_ms_in(ms delay) {
  return std::chrono::duration_cast<ms>(
             (std::chrono::system_clock::now() + delay).time_since_epoch())
      .count();
}

// One WebSocket connection attempt; handlers hold it alive and compare it with
// the client's current connection to ignore stale completions.
struct connection {
  std::unique_ptr<websocket::stream<beast::tcp_stream>> plain;
  std::unique_ptr<websocket::stream<beast::ssl_stream<beast::tcp_stream>>> tls;
  beast::flat_buffer buffer;
  std::deque<std::string> outbox;
  bool writing = false;
  bool open = false;
  zlib_inflater inflater;

  explicit connection(std::size_t max_payload) : inflater(max_payload) {}

  beast::tcp_stream& tcp() { return plain ? plain->next_layer() : beast::get_lowest_layer(*tls); }

  template <class F>
  void with_ws(F&& f) {
    if (plain)
      f(*plain);
    else
      f(*tls);
  }

  void hard_close() {
    beast::error_code ignored;
    tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcp().close();
  }
};

// One TLS client context per CA file for every gateway client of the
// process: a context holds the parsed CA bundle (about 1 MiB), which 10,000
// accounts must not each keep a copy of. Contexts are thread-safe to share.
std::shared_ptr<ssl::context> shared_tls_context(const std::string& ca_file) {
  static std::mutex mtx;
  static std::map<std::string, std::weak_ptr<ssl::context>> contexts;
  std::lock_guard guard{mtx};
  if (auto ctx = contexts[ca_file].lock()) return ctx;
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->set_default_verify_paths();
  if (!ca_file.empty()) ctx->load_verify_file(ca_file);
  ctx->set_verify_mode(ssl::verify_peer);
  contexts[ca_file] = ctx;
  return ctx;
}

}  // namespace

struct gateway_client::impl : std::enable_shared_from_this<gateway_client::impl> {
  net::io_context& io;
  gateway_options opts;
  gateway_handlers handlers;
  strand_type strand;
  std::shared_ptr<ssl::context> tls_ctx;  ///< created at the first wss:// connect
  tcp::resolver resolver;
  net::steady_timer heartbeat_timer;
  net::steady_timer watchdog_timer;
  net::steady_timer reconnect_timer;
  std::atomic<bool> stopped{false};
  std::minstd_rand rng{std::random_device{}()};  ///< backoff jitter; small state per account

  // -- state, strand only ----------------------------------------------------
  bool started = false;
  bool disabled = false;
  std::string session_id;
  std::string resume_url;
  std::int64_t seq = -1;
  std::shared_ptr<connection> cur;
  ms heartbeat_interval{0};
  bool acked = true;
  clock_type::time_point last_receive;
  int attempts = 0;
  int unknown_streak = 0;

  impl(net::io_context& io_ctx, gateway_options o, gateway_handlers h)
      : io(io_ctx),
        opts(std::move(o)),
        handlers(std::move(h)),
        strand(net::make_strand(io_ctx)),
        resolver(strand),
        heartbeat_timer(strand),
        watchdog_timer(strand),
        reconnect_timer(strand) {}

  // -- callbacks ---------------------------------------------------------------

  void emit_state(link_state s, std::string reason, std::int64_t retry_at = 0) {
    if (!stopped && handlers.on_state) handlers.on_state(s, std::move(reason), retry_at);
  }

  ms uniform(ms lo, ms hi) {
    return ms{std::uniform_int_distribution<long>(lo.count(), std::max(lo, hi).count())(rng)};
  }

  // -- connecting --------------------------------------------------------------

  void start() {
    if (started || stopped) return;
    started = true;
    connect_now();
  }

  void connect_now() {
    if (stopped || disabled) return;
    bool resuming = !session_id.empty();
    std::string base = opts.url;
    if (resuming) {
      if (!opts.resume_url_override.empty())
        base = opts.resume_url_override;
      else if (!resume_url.empty())
        base = resume_url;
    }
    auto url = parse_url(gateway_connect_url(base, opts.query, opts.compress));
    if (!url || (url->scheme != "ws" && url->scheme != "wss")) {
      disabled = true;
      return emit_state(link_state::disabled, "gateway invalid url: " + base);
    }
    emit_state(link_state::connecting, resuming ? "resuming" : "identifying");
    auto c = std::make_shared<connection>(opts.max_payload);
    if (url->tls) {
      if (!tls_ctx) tls_ctx = shared_tls_context(opts.ca_file);
      c->tls = std::make_unique<websocket::stream<beast::ssl_stream<beast::tcp_stream>>>(strand,
                                                                                         *tls_ctx);
    } else
      c->plain = std::make_unique<websocket::stream<beast::tcp_stream>>(strand);
    cur = c;
    resolver.async_resolve(url->host, url->port,
                           [self = shared_from_this(), c, u = *url](
                               beast::error_code ec, tcp::resolver::results_type results) {
                             if (c != self->cur) return;
                             if (ec)
                               return self->connection_lost(c, 1006, "resolve: " + ec.message());
                             self->on_resolve(c, u, std::move(results));
                           });
  }

  void on_resolve(std::shared_ptr<connection> c, url_parts u, tcp::resolver::results_type results) {
    c->tcp().expires_after(opts.connect_timeout);
    c->tcp().async_connect(
        results, [self = shared_from_this(), c, u](beast::error_code ec, const tcp::endpoint&) {
          if (c != self->cur) return;
          if (ec) return self->connection_lost(c, 1006, "connect: " + ec.message());
          if (!u.tls) return self->ws_handshake(c, u);
          auto& tls = c->tls->next_layer();
          if (!SSL_set_tlsext_host_name(tls.native_handle(), u.host.c_str()))
            return self->connection_lost(c, 1006, "tls: cannot set SNI");
          tls.set_verify_callback(ssl::host_name_verification(u.host));
          c->tcp().expires_after(self->opts.connect_timeout);
          tls.async_handshake(ssl::stream_base::client, [self, c, u](beast::error_code ec2) {
            if (c != self->cur) return;
            if (ec2) return self->connection_lost(c, 1006, "tls: " + ec2.message());
            self->ws_handshake(c, u);
          });
        });
  }

  void ws_handshake(std::shared_ptr<connection> c, url_parts u) {
    c->tcp().expires_never();
    c->with_ws([&](auto& ws) {
      ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
      ws.set_option(websocket::stream_base::decorator(
          [ua = opts.user_agent, lang = opts.accept_language](websocket::request_type& req) {
            if (!ua.empty()) req.set(http::field::user_agent, ua);
            if (!lang.empty()) req.set(http::field::accept_language, lang);
            req.set(http::field::origin, "https://discord.com");
          }));
      ws.read_message_max(opts.max_payload);
      ws.async_handshake(u.host_header(), u.target,
                         [self = shared_from_this(), c](beast::error_code ec) {
                           if (c != self->cur) return;
                           if (ec)
                             return self->connection_lost(c, 1006, "handshake: " + ec.message());
                           c->open = true;
                           self->last_receive = clock_type::now();
                           self->read(c);
                         });
    });
  }

  // -- reading -----------------------------------------------------------------

  void read(const std::shared_ptr<connection>& c) {
    c->with_ws([&](auto& ws) {
      ws.async_read(c->buffer, [self = shared_from_this(), c](beast::error_code ec, std::size_t) {
        self->on_read(c, ec);
      });
    });
  }

  void on_read(const std::shared_ptr<connection>& c, beast::error_code ec) {
    if (c != cur) return;
    if (ec) {
      int code = 1006;
      if (ec == websocket::error::closed) c->with_ws([&](auto& ws) { code = ws.reason().code; });
      return connection_lost(c, code, ec.message());
    }
    last_receive = clock_type::now();
    bool binary = false;
    c->with_ws([&](auto& ws) { binary = ws.got_binary(); });
    auto data = beast::buffers_to_string(c->buffer.data());
    c->buffer.consume(c->buffer.size());
    if (binary) {
      std::string payload;
      try {
        if (c->inflater.feed(data, payload)) handle_payload(c, payload);
      } catch (const zlib_error& e) {
        return drop(c, 4000, std::string{"gateway "} + e.what(), false);
      }
    } else {
      handle_payload(c, data);  // text frames are plain JSON even in zlib mode
    }
    if (c == cur) read(c);
  }

  void handle_payload(const std::shared_ptr<connection>& c, std::string_view text) {
    auto frame = parse_frame(text);
    if (!frame) return;
    switch (frame->op) {
      case 10: {
        auto interval =
            frame->data.is_object() ? frame->data.value("heartbeat_interval", 41250) : 41250;
        heartbeat_interval = ms{std::max(interval, 1)};
        acked = true;
        schedule_heartbeat(c, uniform(ms{0}, heartbeat_interval));
        arm_watchdog(c, heartbeat_interval + silence_grace);
        send(c, session_id.empty()
                    ? identify_payload(opts.token, opts.user_agent, opts.client_build_number)
                    : resume_payload(opts.token, session_id, seq));
        break;
      }
      case 11:
        acked = true;
        break;
      case 1:
        send(c, heartbeat_payload(seq));
        break;
      case 7:
        drop(c, 4000, "gateway op 7 reconnect requested", true);
        break;
      case 9: {
        bool resumable = frame->data.is_boolean() && frame->data.get<bool>();
        if (resumable) {
          drop(c, 4000, "gateway op 9 invalid session (resumable)", true);
        } else {
          session_id.clear();
          seq = -1;
          drop(c, 1000, "gateway op 9 invalid session", false);
          schedule_reconnect(uniform(invalid_session_min, invalid_session_max),
                             "gateway op 9 invalid session");
        }
        break;
      }
      case 0:
        if (frame->seq >= 0) seq = frame->seq;
        dispatch(*frame);
        break;
      default:
        break;
    }
  }

  void dispatch(const gateway_frame& frame) {
    if (frame.type == "READY") {
      auto ready = parse_ready(frame.data);
      if (!ready) return;
      session_id = ready->session_id;
      resume_url = ready->resume_gateway_url;
      attempts = unknown_streak = 0;
      if (!stopped && handlers.on_ready) handlers.on_ready(*ready);
      emit_state(link_state::ready, "");
    } else if (frame.type == "RESUMED") {
      attempts = unknown_streak = 0;
      if (!stopped && handlers.on_resumed) handlers.on_resumed();
      emit_state(link_state::ready, "");
    } else if (auto ev = parse_dispatch(frame.type, frame.data, frame.seq)) {
      if (!stopped && handlers.on_event) handlers.on_event(std::move(*ev));
    }
  }

  // -- writing -----------------------------------------------------------------

  void send(const std::shared_ptr<connection>& c, std::string text) {
    c->outbox.push_back(std::move(text));
    if (!c->writing) write_next(c);
  }

  void write_next(const std::shared_ptr<connection>& c) {
    c->writing = true;
    c->with_ws([&](auto& ws) {
      ws.text(true);
      ws.async_write(net::buffer(c->outbox.front()),
                     [self = shared_from_this(), c](beast::error_code ec, std::size_t) {
                       c->outbox.pop_front();
                       c->writing = false;
                       // A failed write also fails the pending read, which handles it.
                       if (!ec && c == self->cur && !c->outbox.empty()) self->write_next(c);
                     });
    });
  }

  // -- heartbeat and watchdog ----------------------------------------------------

  void schedule_heartbeat(const std::shared_ptr<connection>& c, ms delay) {
    heartbeat_timer.expires_after(delay);
    heartbeat_timer.async_wait([self = shared_from_this(), c](beast::error_code ec) {
      if (ec || c != self->cur) return;
      if (!self->acked)
        return self->drop(c, 4000, "gateway zombie connection (heartbeat not acknowledged)", true);
      self->acked = false;
      self->send(c, heartbeat_payload(self->seq));
      self->schedule_heartbeat(c, self->heartbeat_interval);
    });
  }

  void arm_watchdog(const std::shared_ptr<connection>& c, ms delay) {
    watchdog_timer.expires_after(delay);
    watchdog_timer.async_wait([self = shared_from_this(), c](beast::error_code ec) {
      if (ec || c != self->cur) return;
      auto limit = self->heartbeat_interval + silence_grace;
      auto silent = std::chrono::duration_cast<ms>(clock_type::now() - self->last_receive);
      if (silent >= limit) return self->drop(c, 4000, "gateway zombie connection (silent)", true);
      self->arm_watchdog(c, limit - silent);
    });
  }

  // -- closing and reconnecting --------------------------------------------------

  void cancel_timers() {
    heartbeat_timer.cancel();
    watchdog_timer.cancel();
  }

  // Closes `c` (with a close frame when possible) and forgets it.
  void close_connection(const std::shared_ptr<connection>& c, std::uint16_t code) {
    if (c == cur) cur.reset();
    cancel_timers();
    if (c->open && !c->writing) {
      c->open = false;
      c->with_ws([&](auto& ws) {
        ws.async_close(websocket::close_reason{code}, [c](beast::error_code) { c->hard_close(); });
      });
    } else {
      c->hard_close();
    }
  }

  // We drop the connection on purpose; `resume_now` reconnects at once.
  void drop(const std::shared_ptr<connection>& c, std::uint16_t code, std::string reason,
            bool resume_now) {
    close_connection(c, code);
    if (resume_now) schedule_reconnect(ms{0}, std::move(reason));
  }

  // The server or the network ended the connection: apply the close policy.
  void connection_lost(const std::shared_ptr<connection>& c, int code, std::string detail) {
    c->open = false;  // the socket is already gone or closing: no close frame
    close_connection(c, 1000);
    if (stopped) return;
    auto decision = decide_close(code, unknown_streak);
    unknown_streak = is_unknown_close_code(code) ? unknown_streak + 1 : 0;
    auto reason = code == 1006 ? "gateway 1006 " + detail : decision.reason;
    switch (decision.action) {
      case close_action::disable:
        disabled = true;
        reconnect_timer.cancel();
        return emit_state(link_state::disabled, decision.reason);
      case close_action::new_session:
        session_id.clear();
        seq = -1;
        return schedule_reconnect(next_backoff(), reason);
      case close_action::resume:
        return schedule_reconnect(next_backoff(), reason);
      case close_action::backoff_then_resume:
        return schedule_reconnect(std::max(decision.delay, next_backoff()), reason);
    }
  }

  // 1, 2, 4 … 60 s caps with full jitter.
  ms next_backoff() {
    auto cap = opts.backoff_min;
    for (int i = 0; i < attempts && cap < opts.backoff_max; ++i) cap *= 2;
    cap = std::min(cap, opts.backoff_max);
    ++attempts;
    return uniform(ms{0}, cap);
  }

  void schedule_reconnect(ms delay, std::string reason) {
    if (stopped || disabled) return;
    emit_state(link_state::backoff, std::move(reason), epoch_ms_in(delay));
    reconnect_timer.expires_after(delay);
    reconnect_timer.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->stopped) return;
      self->connect_now();
    });
  }

  void stop() {
    cancel_timers();
    reconnect_timer.cancel();
    resolver.cancel();
    if (auto c = cur) close_connection(c, 1000);
  }
};

gateway_client::gateway_client(boost::asio::io_context& io, gateway_options opts,
                               gateway_handlers handlers)
    : impl_(std::make_shared<impl>(io, std::move(opts), std::move(handlers))) {}

gateway_client::~gateway_client() {
  stop();
}

void gateway_client::start() {
  net::post(impl_->strand, [self = impl_] { self->start(); });
}

void gateway_client::stop() {
  impl_->stopped = true;
  net::post(impl_->strand, [self = impl_] { self->stop(); });
}

}  // namespace mjgate::discord
