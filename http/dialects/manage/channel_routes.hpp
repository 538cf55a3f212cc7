// The channels admin API under /mjgate/api/v1/channels (issue 6, docs/api.md
// "Channels"): admins (role ≥ 10) create, list, read, update and delete relay
// channels. Handlers: parse → ask the task center (the channels' one owner)
// → render, in the management envelope.
#pragma once

#include <string_view>

#include <restinio/request_handler.hpp>

#include "http/bridge.hpp"

namespace mjgate::http {
struct route_context;
}

namespace mjgate::http::manage {

/// True for "/mjgate/api/v1/channels" and the paths below it.
bool owns_channels(std::string_view normalized_path);

/// Answers every channels request (401/403/404 envelopes included).
void dispatch_channels(const route_context& ctx, const restinio::request_handle_t& req,
                       std::string_view normalized_path, responder_ptr r);

}  // namespace mjgate::http::manage
