#include "http/suno_routes.hpp"

#include <caf/event_based_actor.hpp>

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "actors/type_ids.hpp"
#include "http/auth.hpp"
#include "http/dialects/suno/suno.hpp"
#include "http/idempotency.hpp"

namespace mjgate::http {

namespace {

using tasks = std::vector<domain::task>;

template <class Opt>
std::optional<std::string_view> to_view(const Opt& o) {
  if (!o) return std::nullopt;
  return std::string_view{o->data(), o->size()};
}

void submit(const route_context& ctx, const actors::principal& who, std::string_view action,
            std::string_view body, const responder_ptr& r) {
  auto parsed = suno::parse_submit(action, body);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto& req = std::get<suno::submit_request>(parsed);
  actors::suno_submit_command cmd{who, req.action, std::move(req.prompt), std::move(req.model),
                                  std::move(req.body)};
  ask<domain::task>(
      *ctx.sys, ctx.center, ctx.opts.ask_timeout, r,
      [](domain::task& t) { return suno::submit_ok(t); },
      [](const caf::error& err) { return suno::failure(err); }, actors::submit_atom_v,
      std::move(cmd));
}

void fetch_many(const route_context& ctx, const actors::principal& who, std::string_view body,
                const responder_ptr& r) {
  auto parsed = suno::parse_fetch(body);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto& req = std::get<suno::fetch_request>(parsed);
  if (req.ids.empty()) return r->send(suno::fetch_ok({}, {}));
  ask<tasks>(
      *ctx.sys, ctx.center, ctx.opts.ask_timeout, r,
      [action = req.action](tasks& found) { return suno::fetch_ok(found, action); },
      [](const caf::error& err) { return suno::failure(err); }, actors::fetch_atom_v, who,
      std::move(req.ids));
}

void fetch_one(const route_context& ctx, const actors::principal& who, std::string id,
               const responder_ptr& r) {
  ask<tasks>(
      *ctx.sys, ctx.center, ctx.opts.ask_timeout, r,
      [](tasks& found) {
        return found.empty() ? suno::task_not_exist() : suno::fetch_one_ok(found.front());
      },
      [](const caf::error& err) { return suno::failure(err); }, actors::fetch_atom_v, who,
      std::vector<std::string>{std::move(id)});
}

}  // namespace

bool dispatch_suno(const route_context& ctx, const restinio::request_handle_t& req,
                   std::string_view path, const responder_ptr& r) {
  constexpr std::string_view prefix = "/suno/";
  if (!path.starts_with(prefix)) return false;
  auto rest = path.substr(prefix.size());
  const auto& h = req->header();
  const auto method = h.method();
  const bool post = method == restinio::http_method_post();
  const bool get = method == restinio::http_method_get();
  auto who = authenticate(ctx.opts.auth, to_view(h.opt_value_of("Authorization")),
                          to_view(h.opt_value_of("mj-api-secret")));
  if (!who) {
    r->send(suno::unauthorized());
    return true;
  }
  if (!ctx.center) {
    r->send(suno::error_reply(503, "no_available_channel", "the task center is not running"));
    return true;
  }
  if (req->body().size() > ctx.opts.max_body_default) {
    r->send(suno::error_reply(413, "invalid_request", "request body too large"));
    return true;
  }
  std::string_view body{req->body().data(), req->body().size()};
  if (post && rest.starts_with("submit/") && rest.find('/', 7) == std::string_view::npos)
    // api-contracts.md §1.6: the submit honours Idempotency-Key.
    run_idempotent(
        ctx, req, who->user_id, r, suno_idem_reject,
        [&ctx, req, who = *who, action = std::string{rest.substr(7)}](responder_ptr inner) {
          submit(ctx, who, action, {req->body().data(), req->body().size()}, inner);
        });
  else if (post && rest == "fetch")
    fetch_many(ctx, *who, body, r);
  else if (get && rest.starts_with("fetch/") && rest.size() > 6 &&
           rest.find('/', 6) == std::string_view::npos)
    fetch_one(ctx, *who, std::string{rest.substr(6)}, r);
  else
    r->send(suno::error_reply(404, "not_found", "no such route"));
  return true;
}

}  // namespace mjgate::http
