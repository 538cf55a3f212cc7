// Beast HTTP/1.1 client: the heavy TU (TLS + HTTP instantiations) behind the
// pimpl of discord/http_client.hpp.
#include "discord/http_client.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <deque>
#include <map>
#include <optional>
#include <variant>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "discord/url.hpp"
#include "domain/proxy_url.hpp"

namespace mjgate::discord {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using clock_type = std::chrono::steady_clock;
using strand_type = net::strand<net::io_context::executor_type>;

// An idle connection older than this is not reused (servers close earlier).
constexpr auto max_idle_age = std::chrono::seconds{50};

struct connection {
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
  clock_type::time_point idle_since;

  beast::tcp_stream& tcp() { return plain ? *plain : beast::get_lowest_layer(*tls); }

  template <class F>
  void with_stream(F&& f) {
    if (plain)
      f(*plain);
    else
      f(*tls);
  }

  void close() {
    beast::error_code ignored;
    tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcp().close();
  }

  // An idle keep-alive socket must have nothing to read: EOF or stray bytes
  // mean the server closed it (or will), so it is not worth a request.
  bool still_usable() {
    auto& sock = tcp().socket();
    if (!sock.is_open() || clock_type::now() - idle_since > max_idle_age) return false;
    char byte;
    auto n = ::recv(sock.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
};

bool is_idempotent(http::verb v) {
  return v == http::verb::get || v == http::verb::put || v == http::verb::delete_ ||
         v == http::verb::head || v == http::verb::options;
}

std::string error_text(std::string_view stage, const beast::error_code& ec) {
  if (ec == beast::error::timeout) return std::string{stage} + ": timeout";
  return std::string{stage} + ": " + ec.message();
}

}  // namespace

std::string http_response::header(std::string_view name) const {
  auto equal = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(a[i])) !=
          std::tolower(static_cast<unsigned char>(b[i])))
        return false;
    return true;
  };
  for (const auto& [k, v] : headers)
    if (equal(k, name)) return v;
  return {};
}

struct http_client::impl : std::enable_shared_from_this<http_client::impl> {
  net::io_context& io;
  http_client_options opts;
  strand_type strand;
  ssl::context tls_ctx{ssl::context::tls_client};
  std::map<std::string, std::deque<std::shared_ptr<connection>>> idle;  // strand only

  class exchange;

  impl(net::io_context& io_ctx, http_client_options o)
      : io(io_ctx), opts(std::move(o)), strand(net::make_strand(io_ctx)) {
    tls_ctx.set_default_verify_paths();
    if (!opts.ca_file.empty()) tls_ctx.load_verify_file(opts.ca_file);
    tls_ctx.set_verify_mode(opts.verify_tls ? ssl::verify_peer : ssl::verify_none);
  }

  std::shared_ptr<connection> take_idle(const std::string& key) {
    auto it = idle.find(key);
    if (it == idle.end()) return nullptr;
    auto& q = it->second;
    while (!q.empty()) {
      auto c = std::move(q.back());  // most recently used first: least likely stale
      q.pop_back();
      if (c->still_usable()) return c;
      c->close();
    }
    return nullptr;
  }

  void put_idle(const std::string& key, std::shared_ptr<connection> c) {
    auto& q = idle[key];
    c->idle_since = clock_type::now();
    q.push_back(std::move(c));
    while (q.size() > opts.max_idle_per_host) {
      q.front()->close();
      q.pop_front();
    }
  }
};

// One request/response exchange; lives in the completion handlers.
class http_client::impl::exchange : public std::enable_shared_from_this<exchange> {
 public:
  using impl_ptr = std::shared_ptr<http_client::impl>;

  exchange(impl_ptr owner, http_request req, std::function<void(http_response)> done)
      : owner_(std::move(owner)),
        req_(std::move(req)),
        done_(std::move(done)),
        resolver_(owner_->strand) {}

  void start() {
    auto url = parse_url(req_.url);
    if (!url || url->scheme == "ws" || url->scheme == "wss")
      return finish_error("invalid url: " + req_.url);
    url_ = *url;
    verb_ = http::string_to_verb(req_.method);
    if (verb_ == http::verb::unknown) return finish_error("invalid method: " + req_.method);
    key_ = url_.scheme + "://" + url_.host + ":" + url_.port;
    if (!req_.proxy.empty()) {
      auto parsed = domain::parse_proxy_url(req_.proxy);
      if (auto* why = std::get_if<std::string>(&parsed))
        return finish_error("invalid proxy: " + *why);
      proxy_ = std::get<domain::proxy_url>(std::move(parsed));
      // A pooled connection belongs to one route: never reused for another
      // proxy (or credentials) or for none. The key stays in memory only.
      key_ += " via " + req_.proxy;
    }
    deadline_ = clock_type::now() + req_.timeout;
    build_message();
    if (auto c = owner_->take_idle(key_)) {
      conn_ = std::move(c);
      reused_ = true;
      write();
    } else {
      connect();
    }
  }

 private:
  void build_message() {
    msg_.method(verb_);
    // Through a proxy, an http:// target goes in absolute-form (RFC 9112
    // §3.2.2); an https:// one travels in a CONNECT tunnel as usual.
    if (proxy_ && !url_.tls)
      msg_.target("http://" + url_.host_header() + url_.target);
    else
      msg_.target(url_.target);
    msg_.version(11);
    msg_.set(http::field::host, url_.host_header());
    bool has_ua = false;
    for (const auto& [k, v] : req_.headers) {
      msg_.set(k, v);
      has_ua = has_ua || beast::iequals(k, "user-agent");
    }
    if (!has_ua) msg_.set(http::field::user_agent, "mjgate");
    if (proxy_ && !url_.tls && proxy_->has_credentials)
      msg_.set(http::field::proxy_authorization, proxy_->authorization());
    msg_.keep_alive(true);
    msg_.body() = req_.body;
    msg_.prepare_payload();
  }

  std::chrono::milliseconds remaining() const {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - clock_type::now());
    return std::max(left, std::chrono::milliseconds{1});
  }

  void connect() {
    resolver_.async_resolve(
        proxy_ ? proxy_->host : url_.host, proxy_ ? proxy_->port : url_.port,
        [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type results) {
          if (ec) return self->fail(ec, self->proxy_ ? "proxy resolve" : "resolve");
          self->on_resolve(std::move(results));
        });
  }

  void on_resolve(tcp::resolver::results_type results) {
    conn_ = std::make_shared<connection>();
    if (url_.tls)
      conn_->tls =
          std::make_unique<beast::ssl_stream<beast::tcp_stream>>(owner_->strand, owner_->tls_ctx);
    else
      conn_->plain = std::make_unique<beast::tcp_stream>(owner_->strand);
    conn_->tcp().expires_after(std::min(req_.connect_timeout, remaining()));
    conn_->tcp().async_connect(
        results, [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
          if (ec) return self->fail(ec, self->proxy_ ? "proxy connect" : "connect");
          if (self->proxy_ && self->url_.tls) return self->open_tunnel();
          self->on_connect();
        });
  }

  // https through the proxy: CONNECT host:port, a 2xx, then TLS in the tunnel.
  void open_tunnel() {
    tunnel_req_.method(http::verb::connect);
    auto host = url_.host.find(':') != std::string::npos ? "[" + url_.host + "]" : url_.host;
    tunnel_req_.target(host + ":" + url_.port);  // authority-form, port always explicit
    tunnel_req_.version(11);
    tunnel_req_.set(http::field::host, tunnel_req_.target());
    tunnel_req_.set(http::field::user_agent, "mjgate");
    if (proxy_->has_credentials)
      tunnel_req_.set(http::field::proxy_authorization, proxy_->authorization());
    conn_->tcp().expires_after(remaining());
    http::async_write(conn_->tcp(), tunnel_req_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->fail(ec, "proxy write");
                        self->read_tunnel_answer();
                      });
  }

  void read_tunnel_answer() {
    tunnel_res_.emplace();
    tunnel_res_->skip(true);  // a 2xx answer to CONNECT has no body (RFC 9110 §9.3.6)
    buffer_.clear();
    conn_->tcp().expires_after(remaining());
    http::async_read_header(conn_->tcp(), buffer_, *tunnel_res_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->fail(ec, "proxy read");
                              auto status = self->tunnel_res_->get().result_int();
                              if (status < 200 || status > 299)
                                return self->refused_by_proxy(status, "CONNECT");
                              self->on_connect();
                            });
  }

  // The proxy said no: a transport error (nothing reached the target).
  void refused_by_proxy(unsigned status, std::string_view what) {
    if (conn_) conn_->close();
    conn_.reset();
    auto text = "proxy: " + std::string{what} + " refused with " + std::to_string(status);
    if (status == 407) text += " (proxy authentication required or wrong)";
    finish_error(std::move(text));
  }

  void on_connect() {
    if (!url_.tls) return write();
    auto* native = conn_->tls->native_handle();
    if (!SSL_set_tlsext_host_name(native, url_.host.c_str()))
      return finish_error("tls: cannot set SNI for " + url_.host);
    if (owner_->opts.verify_tls)
      conn_->tls->set_verify_callback(ssl::host_name_verification(url_.host));
    conn_->tcp().expires_after(remaining());
    conn_->tls->async_handshake(ssl::stream_base::client,
                                [self = shared_from_this()](beast::error_code ec) {
                                  if (ec) return self->fail(ec, "tls");
                                  self->write();
                                });
  }

  void write() {
    conn_->tcp().expires_after(remaining());
    conn_->with_stream([&](auto& stream) {
      http::async_write(stream, msg_,
                        [self = shared_from_this()](beast::error_code ec, std::size_t) {
                          if (ec) return self->fail(ec, "write");
                          self->sent_ = self->ever_sent_ = true;
                          self->read();
                        });
    });
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(owner_->opts.max_body);
    buffer_.clear();
    conn_->tcp().expires_after(remaining());
    conn_->with_stream([&](auto& stream) {
      http::async_read(stream, buffer_, *parser_,
                       [self = shared_from_this()](beast::error_code ec, std::size_t) {
                         if (ec) return self->fail(ec, "read");
                         self->on_response();
                       });
    });
  }

  void on_response() {
    auto& res = parser_->get();
    if (proxy_ && !url_.tls && res.result_int() == 407) {
      sent_ = ever_sent_ = false;  // the proxy kept it: the target saw nothing
      return refused_by_proxy(407, "request");
    }
    http_response out;
    out.status = static_cast<int>(res.result_int());
    out.sent = true;
    for (const auto& field : res)
      out.headers.emplace_back(std::string{field.name_string()}, std::string{field.value()});
    out.body = std::move(res.body());
    conn_->tcp().expires_never();
    if (res.keep_alive())
      owner_->put_idle(key_, std::move(conn_));
    else
      conn_->close();
    finish(std::move(out));
  }

  void fail(beast::error_code ec, std::string_view stage) {
    if (conn_) conn_->close();
    conn_.reset();
    // A pooled connection the server had already dropped: try once more on a
    // fresh one, when nothing was sent or resending is harmless.
    if (reused_ && !retried_ && ec != beast::error::timeout && (!sent_ || is_idempotent(verb_))) {
      retried_ = true;
      reused_ = sent_ = false;
      return connect();
    }
    finish_error(error_text(stage, ec));
  }

  void finish_error(std::string text) {
    http_response out;
    out.sent = ever_sent_;
    out.error = std::move(text);
    finish(std::move(out));
  }

  void finish(http_response res) {
    if (auto done = std::exchange(done_, nullptr)) done(std::move(res));
  }

  impl_ptr owner_;
  http_request req_;
  std::function<void(http_response)> done_;
  tcp::resolver resolver_;
  url_parts url_;
  http::verb verb_ = http::verb::get;
  std::string key_;
  clock_type::time_point deadline_;
  http::request<http::string_body> msg_;
  std::shared_ptr<connection> conn_;
  beast::flat_buffer buffer_;
  std::optional<http::response_parser<http::string_body>> parser_;
  std::optional<domain::proxy_url> proxy_;
  http::request<http::empty_body> tunnel_req_;
  std::optional<http::response_parser<http::empty_body>> tunnel_res_;
  bool reused_ = false;
  bool retried_ = false;
  bool sent_ = false;
  bool ever_sent_ = false;
};

http_client::http_client(boost::asio::io_context& io, http_client_options opts)
    : impl_(std::make_shared<impl>(io, std::move(opts))) {}

http_client::~http_client() {
  // In-flight exchanges keep the impl alive; only the idle pool goes now.
  net::post(impl_->strand, [owner = impl_] {
    for (auto& [key, q] : owner->idle)
      for (auto& c : q) c->close();
    owner->idle.clear();
  });
}

void http_client::send(http_request req, std::function<void(http_response)> done) {
  net::post(impl_->strand, [owner = impl_, req = std::move(req), done = std::move(done)]() mutable {
    std::make_shared<impl::exchange>(owner, std::move(req), std::move(done))->start();
  });
}

boost::asio::io_context& http_client::io() const {
  return impl_->io;
}

}  // namespace mjgate::discord
