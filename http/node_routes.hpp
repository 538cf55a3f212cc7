// The node-api dialect's routes (api-contracts.md §6): GET and POST
// /api/v1/trigger/submit, /api/v1/task/fetch and /api/v1/task/list. Thin
// handlers: read parameters → ask → render (http/dialects/node).
#pragma once

#include <string_view>

#include <restinio/request_handler.hpp>

#include "http/bridge.hpp"
#include "http/routes.hpp"

namespace mjgate::http {

/// Answers the request when `path` (normalised) is a node-api route and
/// returns true; returns false (and leaves `r` alone) for any other path.
/// Methods other than GET/POST → 405; no valid credential → 401, unless
/// node_api.anonymous_user is set and the request carries none.
bool dispatch_node(const route_context& ctx, const restinio::request_handle_t& req,
                   std::string_view path, const responder_ptr& r);

}  // namespace mjgate::http
