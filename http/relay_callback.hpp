// The relay callback route (api-contracts.md §5.5 push): POST
// /mj/relay-callback/{channel id}/{secret} receives the notifyHook of a
// midjourney-proxy upstream. The per-channel secret in the path is the
// credential (no API key); the task center checks it in constant time and
// hands the Task JSON to the channel's poller, which applies it like a poll
// result (an id not in flight is ignored, still 200).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <restinio/request_handler.hpp>

#include "http/bridge.hpp"
#include "http/routes.hpp"

namespace mjgate::http {

/// The channel id and secret of a callback path; nullopt when `path` is not
/// "/mj/relay-callback/<digits>/<secret>" (secret: 1..128 hex characters).
struct relay_callback_target {
  std::int64_t channel_id = 0;
  std::string secret;
};
std::optional<relay_callback_target> parse_relay_callback_path(std::string_view path);

/// Answers `req` through `r` and returns true when `path` (normalised) is a
/// relay callback path; false (leaving `r` alone) otherwise.
bool dispatch_relay_callback(const route_context& ctx, const restinio::request_handle_t& req,
                             std::string_view path, const responder_ptr& r);

}  // namespace mjgate::http
