// The backend admin dialect's task and upload routes (api-contracts.md §7.3,
// §7.6): their handler table, the credential check and the public GET
// /files/<name>. Handlers are thin: parse → ask → render.
#pragma once

#include <string_view>
#include <variant>

#include <restinio/request_handler.hpp>

#include "actors/messages.hpp"
#include "http/bridge.hpp"
#include "http/reply.hpp"
#include "http/routes.hpp"

namespace mjgate::http::backend {

/// The caller of a backend request, or the §7.1 answer: no credential →
/// 10107 "未登录"; an unusable one → 10101. Today the credential is the API
/// key (`Authorization` / `mj-api-secret`, as the mj dialect reads it); the
/// backend login (x-auth-token, then the cookie) replaces this one function.
std::variant<actors::principal, reply> backend_caller(const route_context& ctx,
                                                      const restinio::request_handle_t& req);

/// Serves `path` (normalised, http/path.hpp) when it is a backend task or
/// upload route (POST/GET/PUT/DELETE /backend/api/v1/task, GET
/// /backend/api/v1/task/{id}, PUT …/task/status, GET …/tasks, POST
/// …/upload) or GET /files/<name>; then `r` is answered (or will be) and
/// true returned. False, with `r` untouched, for every other path (other
/// backend routes, e.g. the login, are served elsewhere).
bool dispatch_backend_tasks(const route_context& ctx, const restinio::request_handle_t& req,
                            std::string_view path, responder_ptr& r);

}  // namespace mjgate::http::backend
