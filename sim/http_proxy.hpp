// mjgate-sim's HTTP proxy: a forward proxy on its own listener that relays
// absolute-form requests ("POST http://127.0.0.1:port/path HTTP/1.1") and
// CONNECT tunnels to 127.0.0.1 targets only, can require Basic credentials,
// and counts what it relayed (GET /_sim/proxy). Plain POSIX sockets, one
// thread per client connection; shares no code with mjgate's http_client on
// purpose (each catches the other's mistakes).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace mjgate::sim {

struct proxy_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;   ///< 0 = the OS picks
  std::string credentials;  ///< "user:password" required as Proxy-Authorization: Basic; "" = open
  int max_connections = 64;
};

class http_proxy {
 public:
  explicit http_proxy(proxy_options opts);
  ~http_proxy();  ///< stops
  http_proxy(const http_proxy&) = delete;
  http_proxy& operator=(const http_proxy&) = delete;

  /// Binds and starts accepting; throws std::runtime_error when it cannot listen.
  void start();
  /// Closes the listener and every connection, joins the threads. Idempotent.
  void stop();
  std::uint16_t port() const;

  /// {"port", "auth_required", "connections", "requests", "connects",
  ///  "refused_auth", "refused_target", "upstream_errors", "by_request":
  ///  {"POST /suno/fetch": n, …}, "by_connect": {"127.0.0.1:443": n, …}}.
  nlohmann::json stats() const;
  /// Sets every counter back to zero.
  void reset();

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace mjgate::sim
