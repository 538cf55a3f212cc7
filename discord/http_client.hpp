// A small asynchronous HTTP/1.1 client (http:// and https://) on Boost.Beast
// with keep-alive connections per host and per-call timeouts. Used for Discord
// REST, webhooks and the relay pollers (optionally through an HTTP proxy). pimpl: the heavy TU is
// http_client.cpp.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace mjgate::discord {

struct http_request {
  std::string method = "GET";
  std::string url;  ///< absolute: http(s)://host[:port]/path?query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{10000};  ///< whole exchange
  std::chrono::milliseconds connect_timeout{5000};
  /// "" = direct; else an HTTP proxy "http://[user:pass@]host:port" (only
  /// plain-http proxies): http:// targets are sent to it in absolute-form,
  /// https:// targets are tunnelled with CONNECT. Credentials travel as
  /// Proxy-Authorization: Basic. A refusal (connect failure, 407, a non-2xx
  /// CONNECT) is a transport error (status 0) whose text never holds the password.
  std::string proxy;
};

struct http_response {
  int status = 0;     ///< 0 = no HTTP answer (see error)
  bool sent = false;  ///< the request was fully written (ambiguous outcome when status == 0)
  std::string error;  ///< transport error text when status == 0
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  /// Header value (case-insensitive name), "" when absent.
  std::string header(std::string_view name) const;
};

struct http_client_options {
  std::size_t max_idle_per_host = 8;
  std::size_t max_body = 64u << 20;
  std::string ca_file;
  bool verify_tls = true;
};

class http_client {
 public:
  explicit http_client(boost::asio::io_context& io, http_client_options opts = {});
  ~http_client();
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  /// Sends the request; `done` runs exactly once, on the io thread. Thread-safe.
  void send(http_request req, std::function<void(http_response)> done);

  /// The io_context all callbacks run on (rest_client puts its retry timers there).
  boost::asio::io_context& io() const;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace mjgate::discord
