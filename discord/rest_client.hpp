// Discord REST for one account (discord-midjourney-protocol.md §2): the
// interactions endpoint with 429 handling, message history, command search,
// users/@me. Built on http_client; no CAF here.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "discord/http_client.hpp"

namespace mjgate::discord {

struct rest_options {
  std::string api_base = "https://discord.com";  ///< "/api/v9" is appended
  std::string token;
  std::string user_agent;
  std::string super_properties;  ///< base64 X-Super-Properties; "" = omit
  std::chrono::milliseconds timeout{10000};
  int max_rate_limit_retries = 5;
  std::chrono::milliseconds server_error_backoff{1000};  ///< 5xx: waits 1×, 2×, 4× this
  int max_server_error_retries = 3;
  std::chrono::milliseconds max_jitter{250};  ///< added to every 429 wait
};

struct rest_result {
  int status = 0;  ///< 0 = transport error (see http_response::sent)
  bool sent = false;
  std::string body;
  std::string error;             ///< readable: "400 50035 Invalid Form Body" or the transport error
  int discord_code = 0;          ///< "code" of a Discord error body
  bool invalid_version = false;  ///< 50035 INTERACTION_APPLICATION_COMMAND_INVALID_VERSION
};

/// Pure: the rest_result for one HTTP answer (error text "<status> <code>
/// <message>", Discord code, INVALID_VERSION detection); status 0 keeps the
/// transport error.
rest_result to_rest_result(const http_response& res);

/// Pure: how long a 429 asks to wait: JSON `retry_after` (seconds, fractional),
/// else the `Retry-After` header; nullopt when neither is readable.
std::optional<std::chrono::milliseconds> retry_after_of(const http_response& res);

class rest_client {
 public:
  /// `http` must outlive this client.
  rest_client(http_client& http, rest_options opts);

  /// POST /interactions with a ready JSON body; retries 429 after retry_after
  /// (same body, same nonce) up to max_rate_limit_retries; `done` runs once.
  void post_interaction(std::string body, std::function<void(rest_result)> done);
  /// GET /channels/{c}/messages?limit=&after=
  void get_messages(const std::string& channel_id, const std::string& after, int limit,
                    std::function<void(rest_result)> done);
  /// GET /channels/{c}/application-commands/search?type=1&include_applications=true
  void search_commands(const std::string& channel_id, std::function<void(rest_result)> done);
  /// GET /users/@me
  void get_me(std::function<void(rest_result)> done);
  /// Any call relative to {api_base}/api/v9 (e.g. "POST", "/channels/1/messages")
  /// with the same headers and 429/5xx handling; `body` "" = none.
  void call(std::string method, std::string path, std::string body,
            std::function<void(rest_result)> done);

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace mjgate::discord
