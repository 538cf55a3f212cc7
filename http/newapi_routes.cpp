#include "http/newapi_routes.hpp"

#include <caf/event_based_actor.hpp>

#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "actors/type_ids.hpp"
#include "http/auth.hpp"
#include "http/dialects/newapi/envelope.hpp"
#include "http/dialects/newapi/list_items.hpp"
#include "http/dialects/newapi/list_params.hpp"

namespace mjgate::http {

namespace {

using newapi::list_route;

std::optional<std::string_view> header_value(const restinio::request_handle_t& req,
                                             std::string_view name) {
  auto v = req->header().opt_value_of(restinio::string_view_t{name.data(), name.size()});
  if (!v) return std::nullopt;
  return std::string_view{v->data(), v->size()};
}

std::optional<list_route> route_of(std::string_view path) {
  if (path == "/api/mj/self") return list_route::mj_self;
  if (path == "/api/mj") return list_route::mj_all;
  if (path == "/api/task/self") return list_route::task_self;
  if (path == "/api/task") return list_route::task_all;
  return std::nullopt;
}

// Every answer past authentication carries the compat header (§4.2).
reply authenticated(reply r) {
  r.headers.emplace_back(std::string{auth_version_header}, std::string{auth_version_value});
  return r;
}

// Each key's first value; nullopt for a malformed query string.
std::optional<newapi::query_params> query_params_of(const restinio::request_handle_t& req) {
  try {
    newapi::query_params out;
    for (const auto& [k, v] : restinio::parse_query(req->header().query()))
      out.emplace(std::string{k.data(), k.size()}, std::string{v.data(), v.size()});
    return out;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// One item in the view of `route`; `names` are the owners' user names.
std::string render_item(list_route route, const domain::task& t,
                        const std::map<std::int64_t, std::string>& names) {
  switch (route) {
    case list_route::mj_self:
    case list_route::mj_all:
      return newapi::render_mj_item(t);
    case list_route::task_self:
      return newapi::render_task_item(t, newapi::task_view::self);
    case list_route::task_all:
      break;
  }
  auto name = names.find(t.user_id);
  return newapi::render_task_item(t, newapi::task_view::admin,
                                  name == names.end() ? std::string_view{} : name->second);
}

void list_tasks(const route_context& ctx, const restinio::request_handle_t& req, list_route route,
                responder_ptr r) {
  auto id = authenticate_dashboard(
      ctx.opts.auth, header_value(req, "Authorization"), header_value(req, "New-Api-User"),
      newapi::is_admin_route(route) ? domain::role_admin : domain::role_user);
  if (!id) return r->send(dashboard_auth_error(id.outcome, header_value(req, "Accept-Language")));
  auto params = query_params_of(req);
  if (!params) return r->send(authenticated(newapi::failure_reply(400, "invalid query string")));
  auto parsed = newapi::parse_list_params(route, *params, ctx.opts.dashboard_page_size);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(authenticated(*rejected));
  auto& lr = std::get<newapi::list_request>(parsed);
  if (!newapi::is_admin_route(route)) lr.query.user_id = id.who.user_id;
  lr.query.with_user_names = route == list_route::task_all;
  if (lr.matches_nothing)
    return r->send(authenticated({200, newapi::render_list(lr.page, lr.page_size, 0, {}), {}}));
  ask<domain::task_page>(
      *ctx.sys, ctx.router, ctx.opts.ask_timeout, std::move(r),
      [route, page = lr.page, size = lr.page_size](domain::task_page& found) {
        std::vector<std::string> items;
        items.reserve(found.content.size());
        for (const auto& t : found.content)
          items.push_back(render_item(route, t, found.user_names));
        return authenticated({200, newapi::render_list(page, size, found.total, items), {}});
      },
      [](const caf::error&) {
        return authenticated(newapi::failure_reply(200, newapi::list_failure_message));
      },
      actors::page_atom_v, id.who, std::move(lr.query));
}

}  // namespace

bool dispatch_newapi(const route_context& ctx, const restinio::request_handle_t& req,
                     std::string_view path, responder_ptr& r) {
  auto route = route_of(path);
  if (!route || req->header().method() != restinio::http_method_get()) return false;
  list_tasks(ctx, req, *route, std::move(r));
  return true;
}

}  // namespace mjgate::http
