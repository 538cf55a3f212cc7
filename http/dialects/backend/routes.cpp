#include "http/dialects/backend/routes.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include <array>
#include <string>
#include <variant>

#include "actors/type_ids.hpp"
#include "http/dialects/backend/envelope.hpp"
#include "http/dialects/backend/jwt.hpp"
#include "http/dialects/backend/login.hpp"
#include "http/dialects/backend/session_auth.hpp"
#include "http/routes.hpp"

namespace mjgate::http::backend {

namespace {

constexpr std::string_view prefix = "/backend/api/v1";
constexpr std::int64_t jwt_lifetime_s = 48 * 3600;

template <class Opt>
std::optional<std::string_view> to_std(const Opt& o) {
  if (!o) return std::nullopt;
  return std::string_view{o->data(), o->size()};
}

std::optional<std::string_view> header(const restinio::request_handle_t& req, const char* name) {
  return to_std(req->header().opt_value_of(name));
}

using handler_fn = void (*)(const route_context&, const restinio::request_handle_t&, responder_ptr);

struct route {
  restinio::http_method_id_t method;
  std::string_view path;  ///< below /backend/api/v1
  handler_fn fn;
};

// POST /login {name, password} → LoginData + x-auth-token + cookie.
void login(const route_context& ctx, const restinio::request_handle_t& req, responder_ptr r) {
  auto parsed = parse_login(req->body());
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  if (!ctx.users || ctx.opts.auth.jwt_key.empty()) return r->send(error_reply(code::internal));
  auto& fields = std::get<login_fields>(parsed);
  actors::login_request lr{req->remote_endpoint().address().to_string(), std::move(fields.name),
                           std::move(fields.password)};
  ask<actors::login_grant>(
      *ctx.sys, ctx.users, ctx.opts.ask_timeout, std::move(r),
      [key = ctx.opts.auth.jwt_key, secure = ctx.opts.auth.secure_cookie](actors::login_grant& g) {
        jwt_claims claims;
        claims.iat = g.issued_at / 1000;
        claims.exp = claims.iat + jwt_lifetime_s;
        claims.sid = g.session_hash;
        claims.uid = g.user.id;
        claims.role = domain::backend_role_bits(g.user.role);
        auto rep = json_reply(200, render_login(g.user));
        rep.headers.emplace_back("x-auth-token", sign_jwt(claims, key));
        rep.headers.emplace_back("Set-Cookie", login_cookie(g.session_id, secure));
        rep.headers.emplace_back("Cache-Control", "no-store");
        return rep;
      },
      [](const caf::error& err) {
        if (err == domain::errc::unauthorized) return error_reply(code::wrong_password);
        if (err == domain::errc::rate_limited) return error_reply(code::too_many_requests);
        if (err == domain::errc::forbidden) return error_reply(code::unauthorized, "用户已被禁用");
        return error_reply(code::internal);
      },
      actors::login_atom_v, std::move(lr));
}

// POST /logout: idempotent; the session named by the request ends.
void logout(const route_context& ctx, const restinio::request_handle_t& req, responder_ptr r) {
  auto sid = session_of(ctx.opts.auth, header(req, "x-auth-token"), header(req, "Cookie"));
  auto answer = [secure = ctx.opts.auth.secure_cookie] {
    auto rep = ok_reply();
    rep.headers.emplace_back("Set-Cookie", logout_cookie(secure));
    return rep;
  };
  if (sid.empty() || !ctx.users) return r->send(answer());
  ask<bool>(
      *ctx.sys, ctx.users, ctx.opts.ask_timeout, std::move(r), [answer](bool) { return answer(); },
      [](const caf::error&) { return error_reply(code::internal); }, actors::logout_atom_v,
      std::move(sid));
}

// GET /hola: 0 when logged in.
void hola(const route_context& ctx, const restinio::request_handle_t& req, responder_ptr r) {
  if (require_login(ctx, req, *r)) r->send(ok_reply());
}

const std::array<route, 3>& routes() {
  static const std::array<route, 3> table{{
      {restinio::http_method_post(), "/login", login},
      {restinio::http_method_post(), "/logout", logout},
      {restinio::http_method_get(), "/hola", hola},
  }};
  return table;
}

}  // namespace

bool owns(std::string_view path) {
  return path == "/backend" || path.starts_with("/backend/");
}

std::optional<actors::principal> require_login(const route_context& ctx,
                                               const restinio::request_handle_t& req,
                                               responder& r) {
  auto a = authenticate_backend(ctx.opts.auth, header(req, "x-auth-token"), header(req, "Cookie"),
                                auth_now_ms());
  if (!a) {
    r.send(error_reply(a.error));
    return std::nullopt;
  }
  if (a.persist && ctx.users)
    caf::anon_send(ctx.users, actors::touch_atom_v, a.session_hash, auth_now_ms());
  return a.who;
}

void dispatch(const route_context& ctx, const restinio::request_handle_t& req,
              std::string_view path, responder_ptr r) {
  if (path.starts_with(prefix)) {
    auto rest = path.substr(prefix.size());
    for (const auto& rt : routes()) {
      if (rt.path != rest) continue;
      if (rt.method != req->header().method())
        return r->send(error_reply(code::invalid_request, "method not allowed", 405));
      if (req->body().size() > ctx.opts.max_body_default)
        return r->send(error_reply(code::invalid_request, "请求体过大", 413));
      return rt.fn(ctx, req, std::move(r));
    }
  }
  r->send(error_reply(code::invalid_request, "not found", 404));
}

}  // namespace mjgate::http::backend
