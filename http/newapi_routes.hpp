// The new-api dashboard's routes (api-contracts.md §4): GET /api/mj/self,
// /api/mj, /api/task/self and /api/task. Thin handlers: authenticate →
// parse (http/dialects/newapi) → ask the router for one page → render.
#pragma once

#include <optional>
#include <string_view>

#include <restinio/request_handler.hpp>

#include "actors/messages.hpp"
#include "http/bridge.hpp"
#include "http/dialects/newapi/dashboard_auth.hpp"
#include "http/routes.hpp"

namespace mjgate::http {

/// Who a dashboard request comes from, once every §4.2 check has run.
struct dashboard_identity {
  newapi::auth_outcome outcome = newapi::auth_outcome::missing_token;
  actors::principal who;  ///< meaningful when outcome is ok
};

/// The dashboard's one credential lookup: the access token of
/// `authorization` → its user, then newapi::admit (New-Api-User, disabled,
/// `min_role`). Until users and access tokens exist, the API key
/// (http/auth.hpp) stands in for the access token and its root principal is
/// an enabled root user; swapping in the access-token lookup changes only
/// this function. Runs on the calling (RESTinio) thread; never blocks.
dashboard_identity dashboard_caller(const route_context& ctx,
                                    std::optional<std::string_view> authorization,
                                    std::optional<std::string_view> new_api_user, int min_role);

/// Answers `req` through `r` and returns true when `path` (normalised: no
/// trailing slash) is one of the dashboard lists and the method is GET;
/// returns false and leaves `r` alone otherwise.
bool dispatch_newapi(const route_context& ctx, const restinio::request_handle_t& req,
                     std::string_view path, responder_ptr& r);

}  // namespace mjgate::http
