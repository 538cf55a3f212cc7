// The backend admin dialect's routes (api-contracts.md §7): login, logout,
// hola, and the authentication every other backend route calls. Handlers
// are thin: parse → ask the user registry → render.
#pragma once

#include <optional>
#include <string_view>

#include <restinio/request_handler.hpp>

#include "actors/messages.hpp"
#include "http/bridge.hpp"

namespace mjgate::http {
struct route_context;
}

namespace mjgate::http::backend {

/// True for the normalised paths this dialect serves ("/backend/…").
bool owns(std::string_view normalized_path);

/// Answers every /backend/ request; unknown routes get HTTP 404 with a
/// 10102 envelope.
void dispatch(const route_context& ctx, const restinio::request_handle_t& req,
              std::string_view normalized_path, responder_ptr r);

/// For backend route handlers: the logged-in caller (x-auth-token first,
/// then the cookie; the session slides), or nullopt after answering the
/// §7.1 error (10107 / 10101 / 10103) through `r`.
std::optional<actors::principal> require_login(const route_context& ctx,
                                               const restinio::request_handle_t& req, responder& r);

}  // namespace mjgate::http::backend
