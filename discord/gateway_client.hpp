// One Discord gateway connection for one account: HELLO/IDENTIFY/READY,
// heartbeat with ACK watchdog, RESUME after a drop, close-code policy,
// zlib-stream. Boost.Beast inside (pimpl: the heavy TU is gateway_client.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "discord/events.hpp"

namespace boost::asio {
class io_context;
}

namespace mjgate::discord {

struct gateway_options {
  std::string url = "wss://gateway.discord.gg";  ///< ws:// or wss://, without query
  std::string query = "encoding=json&v=9";       ///< "&compress=zlib-stream" added when compress
  bool compress = true;
  std::string resume_url_override;  ///< "" = READY's resume_gateway_url
  std::string token;
  std::string user_agent;
  std::string accept_language = "en-US,en;q=0.9";  ///< handshake header; "" = omit
  int client_build_number = 345000;
  std::string ca_file;  ///< extra trusted CA (TLS simulator)
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds backoff_min{1000};
  std::chrono::milliseconds backoff_max{60000};
  std::size_t max_payload = 16u << 20;
};

/// Callbacks run on the io_context's thread; keep them short (post to an actor).
struct gateway_handlers {
  std::function<void(const ready_info&)> on_ready;
  std::function<void()> on_resumed;
  std::function<void(gateway_event)> on_event;
  /// State changes; reason is readable ("gateway 4004 Authentication failed …"),
  /// retry_at_ms is set for backoff (epoch ms).
  std::function<void(link_state, std::string reason, std::int64_t retry_at_ms)> on_state;
};

class gateway_client {
 public:
  gateway_client(boost::asio::io_context& io, gateway_options opts, gateway_handlers handlers);
  ~gateway_client();
  gateway_client(const gateway_client&) = delete;
  gateway_client& operator=(const gateway_client&) = delete;

  /// Connects (and keeps reconnecting per the close-code policy). Thread-safe.
  void start();
  /// Closes the socket (1000) and stops reconnecting. Thread-safe; callbacks
  /// stop before the returned future-less call completes on the io thread.
  void stop();

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace mjgate::discord
