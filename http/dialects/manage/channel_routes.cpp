#include "http/dialects/manage/channel_routes.hpp"

#include <caf/event_based_actor.hpp>

#include <string>
#include <variant>
#include <vector>

#include "actors/type_ids.hpp"
#include "http/auth.hpp"
#include "http/dialects/manage/channel_json.hpp"
#include "http/dialects/manage/routes.hpp"
#include "http/optional_view.hpp"
#include "http/routes.hpp"

namespace mjgate::http::manage {

namespace {

constexpr std::string_view prefix = "/mjgate/api/v1/channels";

template <class Result, class Render, class... Ts>
void ask_center(const route_context& ctx, responder_ptr r, Render render, Ts... xs) {
  ask<Result>(
      *ctx.sys, ctx.center, ctx.opts.ask_timeout, std::move(r),
      [render](Result& res) { return ok_reply(render(res)); },
      [](const caf::error& err) { return failure_reply(err); }, xs...);
}

std::optional<std::string_view> query(const restinio::request_handle_t& req, std::string_view key,
                                      std::string& buffer) {
  auto qp = restinio::parse_query(req->header().query());
  auto v = qp.get_param(key);
  if (!v) return std::nullopt;
  buffer.assign(v->data(), v->size());
  return std::string_view{buffer};
}

void list(const route_context& ctx, const restinio::request_handle_t& req, responder_ptr r) {
  std::string off, lim;
  auto parsed = parse_page(query(req, "offset", off), query(req, "limit", lim));
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto p = std::get<page_params>(parsed);
  ask_center<std::vector<domain::channel>>(
      ctx, std::move(r),
      [p](std::vector<domain::channel>& all) { return render_channel_page(all, p); },
      actors::channels_atom_v);
}

void write(const route_context& ctx, const restinio::request_handle_t& req, std::int64_t id,
           responder_ptr r) {
  auto parsed = parse_channel_body(req->body(), id);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto edit = std::get<domain::channel_edit>(std::move(parsed));
  auto render = [](domain::channel& c) { return render_channel(c); };
  if (id == 0)
    ask_center<domain::channel>(ctx, std::move(r), render, actors::create_atom_v, edit);
  else
    ask_center<domain::channel>(ctx, std::move(r), render, actors::update_atom_v, edit);
}

}  // namespace

bool owns_channels(std::string_view path) {
  return path == prefix || path.starts_with(std::string{prefix} + "/");
}

void dispatch_channels(const route_context& ctx, const restinio::request_handle_t& req,
                       std::string_view path, responder_ptr r) {
  const auto& h = req->header();
  auto caller = admin_caller(ctx, req, "channels");
  if (auto* refused = std::get_if<reply>(&caller)) return r->send(std::move(*refused));
  if (!ctx.center) return r->send(error_reply(503, "the task center is not running"));
  if (req->body().size() > ctx.opts.max_body_default)
    return r->send(error_reply(413, "the body is too large"));
  auto rest = path.substr(prefix.size());
  const auto method = h.method();
  if (rest.empty() || rest == "/") {
    if (method == restinio::http_method_get()) return list(ctx, req, std::move(r));
    if (method == restinio::http_method_post()) return write(ctx, req, 0, std::move(r));
    return r->send(error_reply(405, "use GET or POST"));
  }
  auto id = parse_id(rest.substr(1));
  if (!id || rest.find('/', 1) != std::string_view::npos)
    return r->send(error_reply(404, "no such channel"));
  if (method == restinio::http_method_get())
    return ask_center<domain::channel>(
        ctx, std::move(r), [](domain::channel& c) { return render_channel(c); },
        actors::fetch_atom_v, *id);
  if (method == restinio::http_method_put() || method == restinio::http_method_patch())
    return write(ctx, req, *id, std::move(r));
  if (method == restinio::http_method_delete())
    return ask_center<bool>(
        ctx, std::move(r),
        [id = *id](bool) {
          nlohmann::ordered_json j;
          j["id"] = id;
          j["deleted"] = true;
          return j;
        },
        actors::remove_atom_v, *id);
  r->send(error_reply(405, "use GET, PUT or DELETE"));
}

}  // namespace mjgate::http::manage
