#include "http/dialects/manage/routes.hpp"

#include <caf/event_based_actor.hpp>

#include <array>
#include <string>
#include <variant>

#include "actors/type_ids.hpp"
#include "http/auth.hpp"
#include "http/dialects/manage/user_json.hpp"
#include "http/optional_view.hpp"
#include "http/path.hpp"
#include "http/routes.hpp"

namespace mjgate::http::manage {

namespace {

constexpr std::string_view prefix = "/mjgate/api/v1";

/// Inputs of one matched request.
struct call {
  const route_context& ctx;
  const restinio::request_handle_t& req;
  actors::principal who;
  std::int64_t id = 0;  ///< the {id} segment, when the route has one
};

using handler_fn = void (*)(const call&, responder_ptr);

struct route {
  restinio::http_method_id_t method;
  std::string_view pattern;  ///< below /mjgate/api/v1
  handler_fn fn;
};

// Asks the registry and renders the answer with `render`.
template <class Result, class Render, class... Ts>
void ask_users(const call& c, responder_ptr r, Render render, Ts... xs) {
  ask<Result>(
      *c.ctx.sys, c.ctx.users, c.ctx.opts.ask_timeout, std::move(r),
      [render](Result& res) { return ok_reply(render(res)); },
      [](const caf::error& err) { return failure_reply(err); }, xs...);
}

std::optional<std::string_view> query(const call& c, std::string_view key, std::string& buffer) {
  auto qp = restinio::parse_query(c.req->header().query());
  auto v = qp.get_param(key);
  if (!v) return std::nullopt;
  buffer.assign(v->data(), v->size());
  return std::string_view{buffer};
}

// -- handlers -----------------------------------------------------------------------

void create_user(const call& c, responder_ptr r) {
  auto parsed = parse_user_create(c.req->body());
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  ask_users<domain::user>(c, std::move(r), render_user, actors::insert_atom_v, c.who,
                          std::get<domain::user_edit>(std::move(parsed)));
}

void list_users(const call& c, responder_ptr r) {
  std::string off, lim;
  auto parsed = parse_page(query(c, "offset", off), query(c, "limit", lim));
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto p = std::get<page_params>(parsed);
  ask_users<actors::user_page>(
      c, std::move(r), [p](actors::user_page& page) { return render_user_page(page, p); },
      actors::list_atom_v, c.who, p.offset, static_cast<std::int32_t>(p.limit));
}

void fetch_user(const call& c, responder_ptr r) {
  ask_users<domain::user>(c, std::move(r), render_user, actors::fetch_atom_v, c.who, c.id);
}

void update_user(const call& c, responder_ptr r) {
  auto parsed = parse_user_update(c.req->body(), c.id);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  ask_users<domain::user>(c, std::move(r), render_user, actors::update_atom_v, c.who,
                          std::get<domain::user_edit>(std::move(parsed)));
}

// DELETE disables: rows stay (tasks keep their owner), credentials stop working.
void disable_user(const call& c, responder_ptr r) {
  domain::user_edit e;
  e.id = c.id;
  e.has_status = true;
  e.status = domain::user_disabled;
  ask_users<domain::user>(c, std::move(r), render_user, actors::update_atom_v, c.who, e);
}

void create_token(const call& c, responder_ptr r) {
  auto parsed = parse_token_request(c.req->body(), c.id);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  ask_users<actors::token_grant>(c, std::move(r), render_token_grant, actors::token_atom_v, c.who,
                                 std::get<actors::token_request>(std::move(parsed)));
}

void list_tokens(const call& c, responder_ptr r) {
  ask_users<std::vector<domain::api_token>>(
      c, std::move(r),
      [](std::vector<domain::api_token>& keys) {
        auto items = nlohmann::ordered_json::array();
        for (const auto& k : keys) items.push_back(render_token(k));
        return items;
      },
      actors::tokens_atom_v, c.who, c.id);
}

void revoke_token(const call& c, responder_ptr r) {
  ask_users<domain::api_token>(c, std::move(r), render_token, actors::revoke_atom_v, c.who, c.id);
}

void access_token(const call& c, responder_ptr r) {
  ask_users<std::string>(
      c, std::move(r),
      [id = c.id](std::string& token) {
        nlohmann::ordered_json j;
        j["user_id"] = id;
        j["access_token"] = token;
        return j;
      },
      actors::access_atom_v, c.who, c.id);
}

const std::array<route, 10>& routes() {
  static const std::array<route, 10> table{{
      {restinio::http_method_post(), "/users", create_user},
      {restinio::http_method_get(), "/users", list_users},
      {restinio::http_method_get(), "/users/{id}", fetch_user},
      {restinio::http_method_put(), "/users/{id}", update_user},
      {restinio::http_method_patch(), "/users/{id}", update_user},
      {restinio::http_method_delete(), "/users/{id}", disable_user},
      {restinio::http_method_post(), "/users/{id}/tokens", create_token},
      {restinio::http_method_get(), "/users/{id}/tokens", list_tokens},
      {restinio::http_method_delete(), "/tokens/{id}", revoke_token},
      {restinio::http_method_post(), "/users/{id}/access-token", access_token},
  }};
  return table;
}

}  // namespace

std::variant<actors::principal, reply> admin_caller(const route_context& ctx,
                                                    const restinio::request_handle_t& req,
                                                    std::string_view what) {
  const auto& h = req->header();
  auto key = authenticate_api_key(ctx.opts.auth, to_std(h.opt_value_of("Authorization")),
                                  to_std(h.opt_value_of("mj-api-secret")), auth_now_ms());
  if (!key) return failure_reply(domain::errc::unauthorized, {});
  if (!has_role(key.who, domain::role_admin))
    return error_reply(403, "only admins manage " + std::string{what});
  return key.who;
}

bool owns(std::string_view path) {
  return path == prefix || path.starts_with(std::string{prefix} + "/");
}

void dispatch(const route_context& ctx, const restinio::request_handle_t& req,
              std::string_view path, responder_ptr r) {
  const auto& h = req->header();
  auto caller = admin_caller(ctx, req, "users");
  if (auto* refused = std::get_if<reply>(&caller)) return r->send(std::move(*refused));
  const auto& who = std::get<actors::principal>(caller);
  if (!ctx.users) return r->send(error_reply(503, "user management is not available"));
  auto rest = path.substr(prefix.size());
  std::string param;
  for (const auto& rt : routes()) {
    if (rt.method != h.method() || !match_path(rt.pattern, rest, param)) continue;
    if (req->body().size() > ctx.opts.max_body_default)
      return r->send(error_reply(413, "the body is too large"));
    std::int64_t id = 0;
    if (!param.empty()) {
      auto parsed = parse_id(param);
      if (!parsed) return r->send(error_reply(404, "no such id"));
      id = *parsed;
    }
    return rt.fn(call{ctx, req, who, id}, std::move(r));
  }
  r->send(error_reply(404, "no such route"));
}

}  // namespace mjgate::http::manage
