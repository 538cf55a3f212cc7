#include "http/node_routes.hpp"

#include <caf/event_based_actor.hpp>

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "actors/type_ids.hpp"
#include "http/auth.hpp"
#include "http/dialects/node/document.hpp"
#include "http/dialects/node/envelope.hpp"
#include "http/dialects/node/params.hpp"
#include "http/dialects/node/submit.hpp"
#include "http/dialects/node/task_params.hpp"
#include "http/errors.hpp"
#include "http/idempotency.hpp"

namespace mjgate::http {

namespace {

using tasks = std::vector<domain::task>;

/// Inputs of one matched node-api request.
struct node_call {
  const route_context& ctx;
  actors::principal who;
  node::params params;
};

using node_handler = void (*)(const node_call&, responder_ptr);

template <class Opt>
std::optional<std::string_view> to_view(const Opt& o) {
  if (!o) return std::nullopt;
  return std::string_view{o->data(), o->size()};
}

// The caller, or the anonymous user for a request without any credential:
// that user as the users table has it now (role, group, enabled; its quota
// is charged like anyone's). A user that was deleted → 401, disabled → 403.
std::variant<actors::principal, reply> caller(const route_context& ctx,
                                              std::optional<std::string_view> authorization,
                                              std::optional<std::string_view> secret) {
  if (auto who = authenticate(ctx.opts.auth, authorization, secret)) return *who;
  const auto anonymous = ctx.opts.node.anonymous_user;
  auto key = extract_api_key(authorization, secret);
  if (anonymous == 0 || !(key.empty() || key == "sk-")) return node::unauthorized();
  if (!ctx.opts.auth.credentials) return node::unauthorized();
  auto found = ctx.opts.auth.credentials->by_user_id(anonymous);
  using outcome = actors::credential_index::outcome;
  if (found.result == outcome::ok) return found.who;
  if (found.result == outcome::disabled)
    return node::error_reply(403, "forbidden: the anonymous user is disabled");
  return node::unauthorized();
}

void submit(const node_call& c, responder_ptr r) {
  auto parsed = node::parse_submit(c.params);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto& req = std::get<node::submit_request>(parsed);
  auto ok = [](actors::submit_result& res) { return node::submit_ok(res.uuid); };
  if (req.action == domain::task_action::imagine)
    return ask<actors::submit_result>(*c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout,
                                      std::move(r), ok, node_failure, actors::submit_atom_v,
                                      node::imagine_command(c.who, std::move(req)));
  ask<actors::submit_result>(*c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r), ok,
                             node_failure, actors::submit_atom_v,
                             node::change_command(c.who, std::move(req)));
}

// By id: the board, else a store reader (finished rows are remembered). By
// uuid: a store reader resolves it, and the board's snapshot of that id (a
// live task's freshest state) wins.
void fetch(const node_call& c, responder_ptr r) {
  auto parsed = node::parse_fetch(c.params);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto ref = std::get<node::task_ref>(std::move(parsed));
  auto render = [who = c.who, style = c.ctx.opts.node.progress](const domain::task& t) {
    if (!actors::visible_to(who, t)) return node::task_missing();
    return reply{200, node::render_document(t, style), {}};
  };
  if (!ref.is_uuid)
    if (auto s = c.ctx.board->find(ref.value)) return r->send(render(*s));
  const auto& reader = c.ctx.readers[std::hash<std::string>{}(ref.value) % c.ctx.readers.size()];
  auto on_found = [render, board = c.ctx.board](tasks& found) {
    if (found.empty()) return node::task_missing();
    if (auto live = board->find(found.front().id)) return render(*live);
    auto s = std::make_shared<const domain::task>(std::move(found.front()));
    board->remember(s);
    return render(*s);
  };
  if (ref.is_uuid)
    return ask<tasks>(*c.ctx.sys, reader, c.ctx.opts.ask_timeout, std::move(r), on_found,
                      node_failure, actors::resolve_atom_v, ref.value);
  ask<tasks>(*c.ctx.sys, reader, c.ctx.opts.ask_timeout, std::move(r), on_found, node_failure,
             actors::fetch_atom_v, ref.value);
}

// One bounded page of the caller's (admins: everyone's) documents, newest
// first; a live task shows the board's state when it is newer than its row.
void list(const node_call& c, responder_ptr r) {
  auto parsed = node::parse_list(c.params);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto q = node::list_query(std::get<node::list_request>(parsed));
  q.user_id = c.who.admin ? 0 : c.who.user_id;
  ask<domain::task_page>(
      *c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r),
      [board = c.ctx.board, style = c.ctx.opts.node.progress](domain::task_page& page) {
        for (auto& t : page.content)
          if (auto s = board->find(t.id); s && s->revision > t.revision) t = *s;
        return reply{200,
                     node::render_documents(page.content, style),
                     {{"X-Total-Count", std::to_string(page.total)}}};
      },
      node_failure, actors::page_atom_v, c.who, std::move(q));
}

struct node_route {
  std::string_view path;
  node_handler fn;
};

constexpr std::array<node_route, 3> node_routes{{
    {"/api/v1/trigger/submit", submit},
    {"/api/v1/task/fetch", fetch},
    {"/api/v1/task/list", list},
}};

}  // namespace

bool dispatch_node(const route_context& ctx, const restinio::request_handle_t& req,
                   std::string_view path, const responder_ptr& r) {
  const node_route* route = nullptr;
  for (const auto& rt : node_routes)
    if (rt.path == path) route = &rt;
  if (!route) return false;
  try {
    const auto& h = req->header();
    const auto method = h.method();
    if (method != restinio::http_method_get() && method != restinio::http_method_post()) {
      r->send(node::method_not_allowed());
      return true;
    }
    auto who = caller(ctx, to_view(h.opt_value_of("Authorization")),
                      to_view(h.opt_value_of("mj-api-secret")));
    if (auto* refused = std::get_if<reply>(&who)) {
      r->send(*refused);
      return true;
    }
    if (req->body().size() > ctx.opts.max_body_default) {
      r->send(node::error_reply(413, "请求体过大"));
      return true;
    }
    auto content_type = to_view(h.opt_value_of(restinio::http_field::content_type));
    auto params = node::read_params({content_type.value_or(std::string_view{}), req->body(),
                                     std::string_view{h.query().data(), h.query().size()}});
    if (auto* rejected = std::get_if<reply>(&params)) {
      r->send(*rejected);
      return true;
    }
    const auto& caller_principal = std::get<actors::principal>(who);
    auto call = node_call{ctx, caller_principal, std::get<node::params>(std::move(params))};
    if (route->fn != submit) {
      route->fn(call, r);
      return true;
    }
    // api-contracts.md §1.6: the submit honours Idempotency-Key.
    run_idempotent(
        ctx, req, caller_principal.user_id, r, node_idem_reject,
        [call = std::move(call)](responder_ptr inner) { submit(call, std::move(inner)); });
  } catch (const std::exception&) {
    r->send(node::invalid("请求参数错误"));  // a no-op when already answered
  }
  return true;
}

}  // namespace mjgate::http
