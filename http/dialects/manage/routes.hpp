// mjgate's own management API under /mjgate/api/v1 (docs/api.md "Users and
// API keys"): users, their API keys and dashboard tokens, for admins
// authenticated by API key. Handlers: parse → ask the user registry → render.
#pragma once

#include <string_view>
#include <variant>

#include <restinio/request_handler.hpp>

#include "actors/messages.hpp"
#include "http/bridge.hpp"
#include "http/reply.hpp"

namespace mjgate::http {
struct route_context;
}

namespace mjgate::http::manage {

/// True for the normalised paths this API serves ("/mjgate/api/v1/…").
bool owns(std::string_view normalized_path);

/// Answers every /mjgate/api/v1 request (404 envelope for unknown routes).
void dispatch(const route_context& ctx, const restinio::request_handle_t& req,
              std::string_view normalized_path, responder_ptr r);

/// The admin calling this API (API key, role admin or root), or the refusal
/// to send: 401 without a valid key, 403 "only admins manage <what>".
std::variant<actors::principal, reply> admin_caller(const route_context& ctx,
                                                    const restinio::request_handle_t& req,
                                                    std::string_view what);

}  // namespace mjgate::http::manage
