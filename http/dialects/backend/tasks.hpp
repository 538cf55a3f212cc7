// The backend admin dialect's task and upload routes (api-contracts.md §7.3,
// §7.6): their handler table and the public GET
// /files/<name>. Every route but /files needs the backend login
// (routes.hpp require_login). Handlers are thin: parse → ask → render.
#pragma once

#include <string_view>

#include <restinio/request_handler.hpp>

#include "actors/messages.hpp"
#include "http/bridge.hpp"
#include "http/reply.hpp"
#include "http/routes.hpp"

namespace mjgate::http::backend {

/// Serves `path` (normalised, http/path.hpp) when it is a backend task or
/// upload route (POST/GET/PUT/DELETE /backend/api/v1/task, GET
/// /backend/api/v1/task/{id}, PUT …/task/status, GET …/tasks, POST
/// …/upload) or GET /files/<name>; then `r` is answered (or will be) and
/// true returned. False, with `r` untouched, for every other path (other
/// backend routes, e.g. the login, are served elsewhere).
bool dispatch_backend_tasks(const route_context& ctx, const restinio::request_handle_t& req,
                            std::string_view path, responder_ptr& r);

}  // namespace mjgate::http::backend
