// A small HTTP + gateway client for the simulator tests, written independently of discord/
// (Beast, zlib inflate). Every call is bounded by a deadline; none blocks forever.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mjgate::sim::testing {

struct http_reply {
  int status = 0;
  std::string body;
  std::string content_type;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

/// One HTTP/1.1 request to 127.0.0.1:port; throws after `timeout`.
http_reply http_call(std::uint16_t port, std::string_view method, std::string_view target,
                     std::string_view body = {}, std::string_view authorization = {},
                     std::chrono::milliseconds timeout = std::chrono::seconds{5});

/// A gateway WebSocket connection (plain or zlib-stream).
class gateway_client {
 public:
  /// Connects to 127.0.0.1:port and upgrades `target` (e.g. "/gateway?encoding=json&v=9").
  gateway_client(std::uint16_t port, std::string target);
  ~gateway_client();
  gateway_client(const gateway_client&) = delete;
  gateway_client& operator=(const gateway_client&) = delete;

  void send(const nlohmann::json& payload);
  /// The next payload; nullopt once the server closed (see close_code()). Throws on timeout.
  std::optional<nlohmann::json> next(std::chrono::milliseconds timeout = std::chrono::seconds{5});
  /// Reads until a dispatch whose `t` is `type`; throws after `max_frames` or on close.
  nlohmann::json until_dispatch(std::string_view type, int max_frames = 200);
  /// Sends a close frame with `code` and waits for the server's answer.
  void close(std::uint16_t code);

  int close_code() const;                  ///< the server's close code, 0 while open
  int binary_frames() const;               ///< binary frames received so far
  int text_frames() const;                 ///< text frames received so far
  bool all_binary_frames_flushed() const;  ///< every binary frame ended in 00 00 FF FF
  bool zlib_header_seen() const;           ///< the first binary frame started with 78 9C

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace mjgate::sim::testing
