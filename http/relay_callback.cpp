#include "http/relay_callback.hpp"

#include <caf/event_based_actor.hpp>

#include <charconv>

#include "actors/type_ids.hpp"
#include "http/dialects/mj/envelope.hpp"
#include "http/reply.hpp"

namespace mjgate::http {

namespace {

constexpr std::string_view callback_prefix = "/mj/relay-callback/";

bool is_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

reply refused(int status, const char* text) {
  return json_reply(status, mj::envelope(mj::result_code::validation, text));
}

}  // namespace

std::optional<relay_callback_target> parse_relay_callback_path(std::string_view path) {
  if (!path.starts_with(callback_prefix)) return std::nullopt;
  auto rest = path.substr(callback_prefix.size());
  auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash > 18) return std::nullopt;
  auto id_text = rest.substr(0, slash);
  auto secret = rest.substr(slash + 1);
  relay_callback_target out;
  auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), out.channel_id);
  if (ec != std::errc{} || end != id_text.data() + id_text.size() || out.channel_id <= 0)
    return std::nullopt;
  if (secret.empty() || secret.size() > 128 || !is_hex(secret)) return std::nullopt;
  out.secret = std::string{secret};
  return out;
}

bool dispatch_relay_callback(const route_context& ctx, const restinio::request_handle_t& req,
                             std::string_view path, const responder_ptr& r) {
  if (!path.starts_with(callback_prefix)) return false;
  if (req->header().method() != restinio::http_method_post()) {
    r->send(refused(405, "Method Not Allowed"));
    return true;
  }
  auto target = parse_relay_callback_path(path);
  if (!target || !ctx.center) {
    r->send(refused(403, "Forbidden"));
    return true;
  }
  if (req->body().size() > ctx.opts.max_body_default) {
    r->send(refused(413, "请求体过大"));
    return true;
  }
  ask<bool>(
      *ctx.sys, ctx.center, ctx.opts.ask_timeout, r,
      [](bool) { return json_reply(200, mj::envelope(mj::result_code::success, "成功")); },
      [](const caf::error& err) {
        return err == domain::errc::forbidden ? refused(403, "Forbidden")
                                              : refused(503, "请稍后重试");
      },
      actors::callback_atom_v, target->channel_id, std::move(target->secret),
      std::string{req->body()});
  return true;
}

}  // namespace mjgate::http
