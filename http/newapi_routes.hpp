// The new-api dashboard's routes (api-contracts.md §4): GET /api/mj/self,
// /api/mj, /api/task/self and /api/task. Thin handlers: authenticate →
// parse (http/dialects/newapi) → ask the router for one page → render.
#pragma once

#include <optional>
#include <string_view>

#include <restinio/request_handler.hpp>

#include "actors/messages.hpp"
#include "http/bridge.hpp"
#include "http/routes.hpp"

namespace mjgate::http {

/// Answers `req` through `r` and returns true when `path` (normalised: no
/// trailing slash) is one of the dashboard lists and the method is GET;
/// returns false and leaves `r` alone otherwise.
bool dispatch_newapi(const route_context& ctx, const restinio::request_handle_t& req,
                     std::string_view path, responder_ptr& r);

}  // namespace mjgate::http
