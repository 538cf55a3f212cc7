// mjgate's own management API under /mjgate/api/v1 (docs/api.md "Users and
// API keys"): users, their API keys and dashboard tokens, for admins
// authenticated by API key. Handlers: parse → ask the user registry → render.
#pragma once

#include <string_view>

#include <restinio/request_handler.hpp>

#include "http/bridge.hpp"

namespace mjgate::http {
struct route_context;
}

namespace mjgate::http::manage {

/// True for the normalised paths this API serves ("/mjgate/api/v1/…").
bool owns(std::string_view normalized_path);

/// Answers every /mjgate/api/v1 request (404 envelope for unknown routes).
void dispatch(const route_context& ctx, const restinio::request_handle_t& req,
              std::string_view normalized_path, responder_ptr r);

}  // namespace mjgate::http::manage
