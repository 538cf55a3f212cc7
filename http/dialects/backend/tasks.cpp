#include "http/dialects/backend/tasks.hpp"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include <spdlog/spdlog.h>

#include <array>
#include <optional>
#include <string>

#include "actors/type_ids.hpp"
#include "domain/speed.hpp"
#include "http/dialects/backend/envelope.hpp"
#include "http/dialects/backend/routes.hpp"
#include "http/dialects/backend/status_rules.hpp"
#include "http/dialects/backend/task_requests.hpp"
#include "http/dialects/backend/task_view.hpp"
#include "http/dialects/backend/upload.hpp"
#include "http/dialects/mj/submit_media.hpp"
#include "http/idempotency.hpp"
#include "http/optional_view.hpp"
#include "http/path.hpp"
#include "images/image_store.hpp"

namespace mjgate::http::backend {

namespace {

constexpr std::string_view api_prefix = "/backend/api/v1";
constexpr std::string_view files_prefix = "/files/";

/// Inputs of one matched request.
struct call {
  const route_context& ctx;
  const restinio::request_handle_t& req;
  actors::principal who;
  std::string param;  ///< the {id} segment, if any
};

using handler_fn = void (*)(const call&, responder_ptr);

struct route {
  restinio::http_method_id_t method;
  std::string_view pattern;
  bool upload;  ///< the upload body limit (max_body_submit) instead of max_body_default
  handler_fn fn;
};

// A copy: parse_query's values view into its own decoding buffer.
std::optional<std::string> query_param(const call& c, std::string_view key) {
  auto qp = restinio::parse_query(c.req->header().query());
  auto v = qp.get_param(key);
  if (!v) return std::nullopt;
  return std::string{v->data(), v->size()};
}

std::optional<std::string_view> view(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return std::string_view{*s};
}

// Looks the task with backend id `seq` up (a store reader, then the board's
// fresher snapshot when it is live or recent), checks that the caller may
// see it (10109 / 10108), and calls next(self, task) on the asking actor,
// where a second ask may follow. Every path answers through `r`.
template <class Next>
void with_task(const call& c, std::int64_t seq, responder_ptr r, Next next) {
  domain::task_page_query q;
  q.seqs = {seq};
  q.page_size = 1;
  const auto& reader = c.ctx.readers[static_cast<std::size_t>(seq) % c.ctx.readers.size()];
  c.ctx.sys->spawn([reader, q, r, next, who = c.who, board = c.ctx.board,
                    timeout = c.ctx.opts.ask_timeout](caf::event_based_actor* self) {
    self->request(reader, timeout, actors::page_atom_v, q)
        .then(
            [self, r, next, who, board](domain::task_page& page) {
              if (page.content.empty()) return r->send(error_reply(code::not_found));
              auto t = std::move(page.content.front());
              if (auto fresh = board->find(t.id)) t = *fresh;
              if (auto denied = check_access(who, t)) return r->send(error_reply(*denied));
              next(self, r, t);
            },
            [r](caf::error& err) { r->send(failure_reply(err)); });
  });
}

// -- handlers -----------------------------------------------------------------

// POST /task: image → IMAGINE with prompt = input; video → VIDEO from
// "<image URL> [prompt]" as /mj/submit/video sends it. Answers data.id = seq.
void create_task(const call& c, responder_ptr r) {
  auto parsed = parse_create(c.req->body());
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto& req = std::get<create_request>(parsed);
  actors::submit_command cmd;
  cmd.who = c.who;
  cmd.origin = "backend";
  cmd.priority = req.priority;
  cmd.type = req.type;
  cmd.input = req.input;
  cmd.note = req.note;
  if (req.type == "video") {
    auto video = parse_video_input(req.input);
    if (auto* rejected = std::get_if<reply>(&video)) return r->send(*rejected);
    auto& v = std::get<video_input>(video);
    mj::video_request vr;
    vr.prompt = v.prompt;
    cmd.action = domain::task_action::video;
    cmd.prompt = v.image_url + " " + mj::video_prompt(vr);
  } else {
    cmd.action = domain::task_action::imagine;
    cmd.prompt = req.input;
  }
  domain::speed_request speed;
  speed.prompt_flag = domain::prompt_speed_flag(cmd.prompt);
  if (auto s = domain::requested_speed(speed)) cmd.speed = std::string{domain::to_string(*s)};
  ask<actors::submit_result>(
      *c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r),
      [](actors::submit_result& res) {
        nlohmann::ordered_json payload;
        payload["data"] = {{"id", res.seq}};
        return ok_reply("ok", payload);
      },
      failure_reply, actors::submit_atom_v, std::move(cmd));
}

// The id of GET /task?id= or GET /task/{id}.
std::variant<std::int64_t, reply> id_of(const call& c) {
  if (!c.param.empty()) return parse_task_id(std::string_view{c.param});
  return parse_task_id(view(query_param(c, "id")));
}

void get_task(const call& c, responder_ptr r) {
  auto id = id_of(c);
  if (auto* rejected = std::get_if<reply>(&id)) return r->send(*rejected);
  with_task(c, std::get<std::int64_t>(id), std::move(r),
            [](caf::event_based_actor*, responder_ptr r, const domain::task& t) {
              r->send(detail_reply(t));
            });
}

// PUT /task: the keys present; a waiting task moves in its lane.
void update_task(const call& c, responder_ptr r) {
  auto parsed = parse_update(c.req->body());
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto req = std::get<update_request>(std::move(parsed));
  with_task(c, req.id, std::move(r),
            [req, who = c.who, router = c.ctx.router, timeout = c.ctx.opts.ask_timeout](
                caf::event_based_actor* self, responder_ptr r, const domain::task& t) {
              actors::task_edit e;
              e.id = t.id;
              e.set_note = req.note.has_value();
              e.note = req.note.value_or("");
              e.set_priority = req.priority.has_value();
              e.priority = req.priority.value_or(0);
              if (!e.set_note && !e.set_priority) return r->send(ok_reply("ok"));
              self->request(router, timeout, actors::edit_atom_v, who, std::move(e))
                  .then([r](bool) { r->send(ok_reply("ok")); },
                        [r](caf::error& err) { r->send(failure_reply(err)); });
            });
}

// PUT /task/status: the §7.4 table; a cancel goes through the router.
void update_status(const call& c, responder_ptr r) {
  auto parsed = parse_status(c.req->body());
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto req = std::get<status_request>(parsed);
  with_task(c, req.id, std::move(r),
            [req, who = c.who, router = c.ctx.router, timeout = c.ctx.opts.ask_timeout](
                caf::event_based_actor* self, responder_ptr r, const domain::task& t) {
              auto d = decide_status_change(backend_status(t.status), req.status);
              if (d.effect == status_effect::none) return r->send(ok_reply("ok"));
              if (d.effect == status_effect::refuse)
                return r->send(error_reply(d.error, d.message));
              self->request(router, timeout, actors::cancel_atom_v, who, t.id)
                  .then([r](bool) { r->send(ok_reply("ok")); },
                        [r](caf::error& err) {
                          // Finished meanwhile: the table refuses done → cancel.
                          if (err == domain::errc::validation)
                            return r->send(error_reply(code::invalid_status, "任务已结束"));
                          r->send(failure_reply(err));
                        });
            });
}

// DELETE /task {"ids"}: answers how many were removed.
void delete_tasks(const call& c, responder_ptr r) {
  auto parsed = parse_delete(c.req->body());
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto& ids = std::get<std::vector<std::int64_t>>(parsed);
  auto answer = [](std::int64_t n) {
    nlohmann::ordered_json payload;
    payload["data"] = {{"deleted", n}};
    return ok_reply("ok", payload);
  };
  if (ids.empty()) return r->send(answer(0));
  ask<std::int64_t>(
      *c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r),
      [answer](std::int64_t& n) { return answer(n); }, failure_reply, actors::remove_atom_v, c.who,
      std::move(ids));
}

// GET /tasks?offset=&limit=&all=: newest seq first, the true total.
void list_tasks(const call& c, responder_ptr r) {
  auto parsed = parse_page(view(query_param(c, "offset")), view(query_param(c, "limit")),
                           view(query_param(c, "all")));
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  const auto& req = std::get<page_request>(parsed);
  domain::task_page_query q;
  q.user_id = c.who.admin && req.all ? 0 : c.who.user_id;
  q.sort_field = domain::task_sort_field::seq;
  q.descending = true;
  q.offset = req.offset;
  q.page_size = req.limit;
  q.count_only = req.limit == 0;
  q.with_user_names = true;
  ask<domain::task_page>(
      *c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r),
      [](domain::task_page& page) { return tasks_reply(page); }, failure_reply, actors::page_atom_v,
      c.who, std::move(q));
}

// POST /upload: checked here, written by a short-lived detached actor (a
// write and fsync of up to 10 MiB must not hold a RESTinio thread).
void upload_file(const call& c, responder_ptr r) {
  auto parsed = parse_upload(to_std(c.req->header().opt_value_of("Content-Type")), c.req->body());
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  if (c.ctx.opts.files_dir.empty()) return r->send(error_reply(code::internal, "未配置上传目录"));
  auto up = std::get<upload>(std::move(parsed));
  auto name = new_upload_name(up.content_type);
  auto writer = c.ctx.sys->spawn<caf::detached>(
      [r, name, bytes = std::move(up.bytes), dir = c.ctx.opts.files_dir,
       base = c.ctx.opts.public_base_url](caf::event_based_actor* self) -> caf::behavior {
        return {[=](int) {
          std::string problem;
          if (images::write_file(dir, name, bytes, problem)) {
            r->send(upload_reply(name, base));
          } else {
            spdlog::error("backend upload: {} not stored: {}", name, problem);
            r->send(error_reply(code::internal, "文件保存失败"));
          }
          self->quit();
        }};
      });
  caf::anon_send(writer, 0);
}

// -- the route table ----------------------------------------------------------

const std::array<route, 8>& backend_routes() {
  static const std::array<route, 8> table{{
      {restinio::http_method_post(), "/task", false, create_task},
      {restinio::http_method_get(), "/task", false, get_task},
      {restinio::http_method_get(), "/task/{id}", false, get_task},
      {restinio::http_method_put(), "/task", false, update_task},
      {restinio::http_method_put(), "/task/status", false, update_status},
      {restinio::http_method_delete(), "/task", false, delete_tasks},
      {restinio::http_method_get(), "/tasks", false, list_tasks},
      {restinio::http_method_post(), "/upload", true, upload_file},
  }};
  return table;
}

}  // namespace

bool dispatch_backend_tasks(const route_context& ctx, const restinio::request_handle_t& req,
                            std::string_view path, responder_ptr& r) {
  const auto method = req->header().method();
  if (path.starts_with(files_prefix)) {
    if (method != restinio::http_method_get()) return false;
    const auto& h = req->header();
    r->send(uploaded_file_reply(ctx.opts.files_dir, path.substr(files_prefix.size()),
                                to_std(h.opt_value_of("If-None-Match")),
                                to_std(h.opt_value_of("Range"))));
    return true;
  }
  if (!path.starts_with(api_prefix)) return false;
  auto rest = path.substr(api_prefix.size());
  std::string param;
  for (const auto& rt : backend_routes()) {
    if (rt.method != method || !match_path(rt.pattern, rest, param)) continue;
    auto caller = require_login(ctx, req, *r);
    if (!caller) return true;
    auto max = rt.upload ? ctx.opts.max_body_submit : ctx.opts.max_body_default;
    if (req->body().size() > max) {
      r->send(error_reply(code::invalid_request, "请求体过大", 413));
      return true;
    }
    if (rt.fn != create_task) {
      rt.fn(call{ctx, req, std::move(*caller), std::move(param)}, std::move(r));
      return true;
    }
    // api-contracts.md §1.6: the submit honours Idempotency-Key.
    run_idempotent(ctx, req, caller->user_id, std::move(r), backend_idem_reject,
                   [&ctx, req, who = std::move(*caller)](responder_ptr inner) {
                     create_task(call{ctx, req, who, {}}, std::move(inner));
                   });
    return true;
  }
  return false;
}

}  // namespace mjgate::http::backend
