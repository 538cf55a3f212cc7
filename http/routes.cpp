// The single route table of the mj dialect. Handlers are thin: parse → ask →
// render; parsing and rendering live in http/dialects/mj, errors in errors.cpp.
#include "http/routes.hpp"
#include "http/optional_view.hpp"

#include <caf/event_based_actor.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "actors/type_ids.hpp"
#include "domain/speed.hpp"
#include "http/cors.hpp"
#include "http/dialects/backend/routes.hpp"
#include "http/dialects/backend/tasks.hpp"
#include "http/dialects/manage/channel_routes.hpp"
#include "http/dialects/manage/routes.hpp"
#include "http/dialects/mj/account_body.hpp"
#include "http/dialects/mj/account_json.hpp"
#include "http/dialects/mj/account_query.hpp"
#include "http/dialects/mj/envelope.hpp"
#include "http/dialects/mj/list_params.hpp"
#include "http/dialects/mj/submit_action.hpp"
#include "http/dialects/mj/submit_change.hpp"
#include "http/dialects/mj/submit_imagine.hpp"
#include "http/dialects/mj/submit_media.hpp"
#include "http/dialects/mj/submit_modal.hpp"
#include "http/dialects/mj/task_json.hpp"
#include "http/dialects/mj/task_query_params.hpp"
#include "http/errors.hpp"
#include "http/idempotency.hpp"
#include "http/image_reply.hpp"
#include "http/newapi_routes.hpp"
#include "http/node_routes.hpp"
#include "http/path.hpp"
#include "http/relay_callback.hpp"
#include "http/suno_routes.hpp"

namespace mjgate::http {

namespace {

using tasks = std::vector<domain::task>;

/// Inputs of one matched request.
struct call {
  const route_context& ctx;
  const restinio::request_handle_t& req;
  actors::principal who;
  std::string param;                        ///< the {id} segment, if any
  speed_prefix speed = speed_prefix::none;  ///< /mj-fast, /mj-relax, /mj-turbo
};

using handler_fn = void (*)(const call&, responder_ptr);

enum class body_limit { submit, normal };

struct route {
  restinio::http_method_id_t method;
  std::string_view pattern;
  body_limit limit;
  handler_fn fn;
};

// The value of header `name`, "" when absent.
std::string_view header_or_empty(const restinio::request_handle_t& req, std::string_view name) {
  return to_std(req->header().opt_value_of(name)).value_or(std::string_view{});
}

// A copy: parse_query's values view into its own decoding buffer.
std::optional<std::string> query_param(const call& c, std::string_view key) {
  auto qp = restinio::parse_query(c.req->header().query());
  auto v = qp.get_param(key);
  if (!v) return std::nullopt;
  return std::string{v->data(), v->size()};
}

std::int64_t visible_user(const actors::principal& who) {
  return who.admin ? 0 : who.user_id;
}

// The visible tasks of a by-ids list in request order: `found[i]` is the
// board's snapshot of ids[i] (or null); `stored` holds, in request order,
// what storage had of the others (already filtered by owner, unknown ids
// absent).
tasks merge_in_order(const actors::principal& who, const std::vector<std::string>& ids,
                     const std::vector<actors::task_board::snapshot>& found, tasks& stored) {
  tasks out;
  out.reserve(ids.size());
  auto next_stored = stored.begin();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (found[i]) {
      if (actors::visible_to(who, *found[i])) out.push_back(*found[i]);
    } else if (next_stored != stored.end() && next_stored->id == ids[i]) {
      out.push_back(std::move(*next_stored++));
    }
  }
  return out;
}

reply task_array_reply(tasks& ts) {
  return reply{200, mj::render_task_array(ts), {}};
}

// Asks the router for a list and renders a bare array.
void ask_list(const call& c, responder_ptr r, domain::task_query q) {
  ask<tasks>(*c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r), task_array_reply,
             query_failure, actors::list_atom_v, c.who, std::move(q));
}

// -- handlers -----------------------------------------------------------------

// The speed a submit asks for (api-contracts.md §3.1): URL prefix >
// accountFilter.modes > a flag in the prompt; "" when none.
std::string requested_speed(const call& c, std::string_view prompt,
                            const std::vector<domain::speed_mode>& filter_modes = {}) {
  domain::speed_request r;
  if (c.speed == speed_prefix::fast) r.url_prefix = domain::speed_mode::fast;
  if (c.speed == speed_prefix::relax) r.url_prefix = domain::speed_mode::relax;
  if (c.speed == speed_prefix::turbo) r.url_prefix = domain::speed_mode::turbo;
  r.filter_modes = filter_modes;
  r.prompt_flag = domain::prompt_speed_flag(prompt);
  auto s = domain::requested_speed(r);
  return s ? std::string{domain::to_string(*s)} : std::string{};
}

// Asks the router to run a new task and answers with the submit envelope.
void ask_submit(const call& c, responder_ptr r, actors::submit_command cmd) {
  ask<actors::submit_result>(
      *c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r),
      [](actors::submit_result& res) { return json_reply(200, mj::submit_accepted(res)); },
      submit_failure, actors::submit_atom_v, std::move(cmd));
}

// The part of a media submit every command shares.
actors::submit_command command_of(const call& c, mj::submit_common&& common,
                                  domain::task_action action) {
  actors::submit_command cmd;
  cmd.who = c.who;
  cmd.action = action;
  cmd.speed = requested_speed(c, {}, common.filter.modes);
  cmd.remark = common.filter.remark;
  if (common.filter.remix) cmd.remix = *common.filter.remix ? 1 : 0;
  cmd.state = std::move(common.state);
  cmd.notify_hook = std::move(common.notify_hook);
  cmd.bot_type = std::move(common.bot_type);
  cmd.instance_id = std::move(common.filter.instance_id);
  return cmd;
}

actors::upload_file file_of(mj::image_data&& image) {
  return {{}, std::move(image.mime), std::move(image.bytes)};
}

void submit_describe(const call& c, responder_ptr r) {
  auto parsed = mj::parse_submit_describe(c.req->body(), c.who);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto& req = std::get<mj::describe_request>(parsed);
  auto cmd = command_of(c, std::move(req.common), domain::task_action::describe);
  if (auto* link = std::get_if<mj::image_link>(&req.image))
    cmd.link = std::move(link->url);
  else
    cmd.files.push_back(file_of(std::get<mj::image_data>(std::move(req.image))));
  ask_submit(c, std::move(r), std::move(cmd));
}

void submit_blend(const call& c, responder_ptr r) {
  auto parsed = mj::parse_submit_blend(c.req->body(), c.who);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto& req = std::get<mj::blend_request>(parsed);
  auto cmd = command_of(c, std::move(req.common), domain::task_action::blend);
  for (auto& image : req.images) cmd.files.push_back(file_of(std::move(image)));
  cmd.dimensions = std::string{mj::to_string(req.dimensions)};
  ask_submit(c, std::move(r), std::move(cmd));
}

void submit_shorten(const call& c, responder_ptr r) {
  auto parsed = mj::parse_submit_shorten(c.req->body(), c.who);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto& req = std::get<mj::shorten_request>(parsed);
  auto cmd = command_of(c, std::move(req.common), domain::task_action::shorten);
  cmd.prompt = std::move(req.prompt);
  ask_submit(c, std::move(r), std::move(cmd));
}

void submit_imagine(const call& c, responder_ptr r) {
  auto parsed = mj::parse_submit_imagine(c.req->body(), c.who);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto& cmd = std::get<actors::submit_command>(parsed);
  std::vector<domain::speed_mode> filter_modes;
  if (auto m = domain::parse_speed_mode(cmd.speed)) filter_modes.push_back(*m);
  cmd.speed = requested_speed(c, cmd.prompt, filter_modes);
  ask_submit(c, std::move(r), std::move(cmd));
}

void ask_follow_up(const call& c, responder_ptr r, actors::follow_up_command cmd);

// POST /submit/upload-discord-images: the answer's result is the URL array.
void submit_upload(const call& c, responder_ptr r) {
  auto parsed = mj::parse_submit_upload(c.req->body(), c.who);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto& req = std::get<mj::upload_request>(parsed);
  actors::submit_command cmd;
  cmd.who = req.who;
  cmd.action = domain::task_action::upload;
  for (auto& image : req.images) cmd.files.push_back(file_of(std::move(image)));
  ask_submit(c, std::move(r), std::move(cmd));
}

// POST /submit/video: from an image (a prompt job), or the parent's Animate button.
void submit_video(const call& c, responder_ptr r) {
  auto parsed = mj::parse_submit_video(c.req->body(), c.who);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto& req = std::get<mj::video_request>(parsed);
  if (!req.parent_id.empty()) {
    actors::follow_up_command cmd;
    cmd.who = req.who;
    cmd.parent_id = std::move(req.parent_id);
    cmd.change_action = domain::task_action::video;
    cmd.index = req.index;
    cmd.state = std::move(req.common.state);
    cmd.notify_hook = std::move(req.common.notify_hook);
    cmd.high_motion = req.motion == mj::video_motion::high;
    cmd.extend = req.extend;
    return ask_follow_up(c, std::move(r), std::move(cmd));
  }
  if (req.end_image && std::holds_alternative<mj::image_data>(*req.end_image))
    return r->send(mj::invalid_field("endImage必须是http或https图片地址"));
  auto prompt = mj::video_prompt(req);
  auto cmd = command_of(c, std::move(req.common), domain::task_action::video);
  if (auto* link = std::get_if<mj::image_link>(&*req.image)) {
    cmd.prompt = link->url + " " + prompt;
  } else {
    cmd.files.push_back(file_of(std::get<mj::image_data>(std::move(*req.image))));
    cmd.prompt = std::move(prompt);
  }
  ask_submit(c, std::move(r), std::move(cmd));
}

// Asks the router to run a follow-up and answers with the submit envelope.
void ask_follow_up(const call& c, responder_ptr r, actors::follow_up_command cmd) {
  cmd.speed = requested_speed(c, {});
  ask<actors::submit_result>(
      *c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r),
      [](actors::submit_result& res) { return json_reply(200, mj::submit_accepted(res)); },
      submit_failure, actors::submit_atom_v, std::move(cmd));
}

actors::follow_up_command follow_up_of(mj::change_request&& req) {
  return {req.who,
          std::move(req.parent_id),
          {},
          req.action,
          req.index,
          std::move(req.state),
          std::move(req.notify_hook),
          false,
          {}};
}

void submit_change(const call& c, responder_ptr r) {
  auto parsed = mj::parse_submit_change(c.req->body(), c.who);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  ask_follow_up(c, std::move(r), follow_up_of(std::get<mj::change_request>(std::move(parsed))));
}

void submit_simple_change(const call& c, responder_ptr r) {
  auto parsed = mj::parse_submit_simple_change(c.req->body(), c.who);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  ask_follow_up(c, std::move(r), follow_up_of(std::get<mj::change_request>(std::move(parsed))));
}

void submit_action(const call& c, responder_ptr r) {
  auto parsed = mj::parse_submit_action(c.req->body(), c.who);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto& req = std::get<mj::action_request>(parsed);
  ask_follow_up(c, std::move(r),
                {req.who,
                 std::move(req.parent_id),
                 std::move(req.custom_id),
                 domain::task_action::upscale,
                 0,
                 std::move(req.state),
                 std::move(req.notify_hook),
                 req.enable_remix,
                 {}});
}

// POST /submit/modal: confirms a MODAL task (api-contracts.md §3.4 rule 9).
void submit_modal(const call& c, responder_ptr r) {
  auto parsed = mj::parse_submit_modal(c.req->body(), c.who);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto& req = std::get<mj::modal_request>(parsed);
  ask<actors::submit_result>(
      *c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r),
      [](actors::submit_result& res) { return json_reply(200, mj::submit_accepted(res)); },
      submit_failure, actors::modal_atom_v,
      actors::modal_command{req.who, std::move(req.task_id), std::move(req.prompt),
                            std::move(req.mask_base64)});
}

reply task_not_found() {
  return query_failure(caf::make_error(domain::errc::task_not_found));
}

// Live and recently finished tasks are answered from the board on this
// thread; older ones are read from a store reader (chosen by id) and, once
// finished, remembered on the board.
void fetch_task(const call& c, responder_ptr r) {
  if (auto s = c.ctx.board->find(c.param)) {
    if (!actors::visible_to(c.who, *s)) return r->send(task_not_found());
    return r->send(reply{200, mj::render_task(*s), {}});
  }
  const auto& reader = c.ctx.readers[std::hash<std::string>{}(c.param) % c.ctx.readers.size()];
  ask<tasks>(
      *c.ctx.sys, reader, c.ctx.opts.ask_timeout, std::move(r),
      [who = c.who, board = c.ctx.board](tasks& found) {
        if (found.empty() || !actors::visible_to(who, found.front())) return task_not_found();
        auto s = std::make_shared<const domain::task>(std::move(found.front()));
        board->remember(s);
        return reply{200, mj::render_task(*s), {}};
      },
      query_failure, actors::fetch_atom_v, c.param);
}

// POST /task/{id}/cancel (api-contracts.md §3.5).
void cancel_task(const call& c, responder_ptr r) {
  ask<bool>(
      *c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r),
      [id = c.param](bool) {
        auto body = mj::envelope(mj::result_code::success, "取消成功");
        body["result"] = id;
        return json_reply(200, body);
      },
      query_failure, actors::cancel_atom_v, c.who, c.param);
}

void list_by_condition(const call& c, responder_ptr r) {
  auto parsed = mj::parse_ids_body(c.req->body(), c.ctx.opts.max_ids);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto& ids = std::get<std::vector<std::string>>(parsed);
  if (ids.empty()) return r->send(reply{200, "[]", {}});  // an empty id list would mean "all"
  // Board hits keep their place; only the ids it lacks go to storage.
  std::vector<actors::task_board::snapshot> found(ids.size());
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (!(found[i] = c.ctx.board->find(ids[i]))) missing.push_back(ids[i]);
  auto render = [who = c.who, ids, found = std::move(found)](tasks& stored) {
    return reply{200, mj::render_task_array(merge_in_order(who, ids, found, stored)), {}};
  };
  if (missing.empty()) {
    tasks none;
    return r->send(render(none));
  }
  domain::task_query q;
  q.user_id = visible_user(c.who);
  q.limit = static_cast<int>(missing.size());
  q.ids = std::move(missing);
  ask<tasks>(*c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r), std::move(render),
             query_failure, actors::list_atom_v, c.who, std::move(q));
}

void task_queue(const call& c, responder_ptr r) {
  auto limit = mj::parse_limit(query_param(c, "limit"), 100, 1000);
  if (!limit) return r->send(mj::validation_reply(400, "limit参数错误"));
  domain::task_query q;
  q.user_id = visible_user(c.who);
  q.statuses = {domain::task_status::not_start, domain::task_status::modal,
                domain::task_status::submitted, domain::task_status::in_progress};
  q.limit = *limit;
  q.oldest_first = true;
  ask_list(c, std::move(r), std::move(q));
}

void task_list(const call& c, responder_ptr r) {
  auto limit = mj::parse_limit(query_param(c, "limit"), 100, 500);
  if (!limit) return r->send(mj::validation_reply(400, "limit参数错误"));
  auto before = mj::parse_before(query_param(c, "before"));
  if (!before) return r->send(mj::validation_reply(400, "before参数错误"));
  domain::task_query q{visible_user(c.who), {}, {}, std::move(*before), *limit, false};
  ask<tasks>(
      *c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r),
      [n = *limit](tasks& ts) {
        auto rep = task_array_reply(ts);
        if (!ts.empty() && ts.size() == static_cast<std::size_t>(n))
          rep.headers.emplace_back("X-Next-Before", ts.back().id);
        return rep;
      },
      query_failure, actors::list_atom_v, c.who, std::move(q));
}

// GET /task/{id}/image-seed (api-contracts.md §3.5): waits up to 20 s for the
// capture; code 23 when it is still running (a retry then gets it).
void image_seed(const call& c, responder_ptr r) {
  ask<std::string>(
      *c.ctx.sys, c.ctx.router, std::max(c.ctx.opts.ask_timeout, std::chrono::milliseconds{25000}),
      std::move(r),
      [](std::string& seed) {
        auto body = mj::envelope(mj::result_code::success, "成功");
        body["result"] = seed;
        return json_reply(200, body);
      },
      [](const caf::error& err) {
        if (err == domain::errc::queue_full)
          return json_reply(
              200, mj::envelope(mj::result_code::queue_rejected, "seed获取中，请稍后重试"));
        return query_failure(err);
      },
      actors::seed_atom_v, c.who, c.param);
}

// GET /account/list and GET /account/{id}/fetch (api-contracts.md §3.9): admins only.
using statuses = std::vector<actors::account_status>;

void account_list(const call& c, responder_ptr r) {
  auto limit = mj::parse_limit(query_param(c, "limit"), 100, 1000);
  if (!limit) return r->send(mj::validation_reply(400, "limit参数错误"));
  ask<statuses>(
      *c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r),
      [n = static_cast<std::size_t>(*limit)](statuses& all) {
        return reply{200, mj::render_account_array(all, n), {}};
      },
      query_failure, actors::status_atom_v, c.who);
}

void account_fetch(const call& c, responder_ptr r) {
  ask<statuses>(
      *c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r),
      [id = c.param](statuses& all) {
        for (const auto& s : all)
          if (s.acct.id == id) return json_reply(200, mj::render_account(s));
        return account_failure(caf::make_error(domain::errc::account_not_found));
      },
      account_failure, actors::status_atom_v, c.who);
}

// POST /account/query: one Spring-style page of Account JSON (§3.9.3).
void account_query(const call& c, responder_ptr r) {
  auto parsed = mj::parse_account_query(c.req->body());
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  ask<statuses>(
      *c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r),
      [q = std::get<mj::account_query>(std::move(parsed))](statuses& all) {
        auto page = mj::select_accounts(std::move(all), q);
        std::vector<std::string> items;
        items.reserve(page.content.size());
        for (const auto& s : page.content) items.push_back(dump_json(mj::render_account(s)));
        return reply{200, mj::render_page(items, page.total, q.page_number, q.page_size), {}};
      },
      account_failure, actors::status_atom_v, c.who);
}

reply account_done(std::optional<std::string> result = std::nullopt) {
  auto body = mj::envelope(mj::result_code::success, "成功");
  if (result) body["result"] = *result;
  return json_reply(200, body);
}

// POST /account/create: {"code":1,"description":"成功","result":"<id>"}; the
// account connects asynchronously.
void account_create(const call& c, responder_ptr r) {
  auto parsed = mj::parse_account_create(c.req->body());
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  ask<std::string>(
      *c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r),
      [](std::string& id) { return account_done(id); }, account_failure, actors::create_atom_v,
      c.who, std::get<domain::account_patch>(std::move(parsed)));
}

// PUT /account/{id}/update-reconnect and /account/{id}/update.
void account_update(const call& c, responder_ptr r, bool reconnect) {
  auto parsed = mj::parse_account_update(c.req->body());
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  ask<bool>(
      *c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r),
      [](bool) { return account_done(); }, account_failure, actors::update_atom_v, c.who, c.param,
      std::get<domain::account_patch>(std::move(parsed)), reconnect);
}

void account_update_reconnect(const call& c, responder_ptr r) {
  account_update(c, std::move(r), true);
}

void account_update_live(const call& c, responder_ptr r) {
  account_update(c, std::move(r), false);
}

// DELETE /account/{id}/delete: its queued and running tasks fail "账号已删除".
void account_delete(const call& c, responder_ptr r) {
  ask<bool>(
      *c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r),
      [](bool) { return account_done(); }, account_failure, actors::remove_atom_v, c.who, c.param);
}

// POST /task/query and /task-admin/query (api-contracts.md §3.5, §3.9.3): one
// Spring-style page of the caller's (admins: everyone's) tasks.
void query_tasks(const call& c, responder_ptr r) {
  auto parsed = mj::parse_task_query(c.req->body(), c.ctx.opts.max_ids);
  if (auto* rejected = std::get_if<reply>(&parsed)) return r->send(*rejected);
  auto& q = std::get<domain::task_page_query>(parsed);
  q.user_id = visible_user(c.who);
  ask<domain::task_page>(
      *c.ctx.sys, c.ctx.router, c.ctx.opts.ask_timeout, std::move(r),
      [number = q.page_number, size = q.page_size](domain::task_page& page) {
        std::vector<std::string> items;
        items.reserve(page.content.size());
        for (const auto& t : page.content) items.push_back(mj::render_task(t));
        return reply{200, mj::render_page(items, page.total, number, size), {}};
      },
      query_failure, actors::page_atom_v, c.who, std::move(q));
}

// POST /account/{id}/sync-info, /change-version?version=, /action {customId}:
// {"code":1,"description":"成功","result":<Account JSON>}; 23 when the account
// is not connected; unknown account → HTTP 404.
void account_command(const call& c, responder_ptr r, std::string kind, std::string value) {
  ask<actors::account_status>(
      *c.ctx.sys, c.ctx.router, std::max(c.ctx.opts.ask_timeout, std::chrono::milliseconds{20000}),
      std::move(r),
      [](actors::account_status& s) {
        auto body = mj::envelope(mj::result_code::success, "成功");
        body["result"] = mj::render_account(s);
        return json_reply(200, body);
      },
      account_failure, actors::sync_atom_v, c.who, c.param, std::move(kind), std::move(value));
}

void account_sync(const call& c, responder_ptr r) {
  account_command(c, std::move(r), "sync", {});
}

// `key` from the query string, else from a JSON body; "" when neither has it
// (the seed's admin calls send either form).
std::string query_or_body(const call& c, const char* key) {
  if (auto v = query_param(c, key); v && !v->empty()) return *v;
  auto body = nlohmann::json::parse(c.req->body(), nullptr, false);
  if (body.is_object() && body.contains(key) && body[key].is_string())
    return body[key].get<std::string>();
  return {};
}

void account_change_version(const call& c, responder_ptr r) {
  auto version = query_or_body(c, "version");
  if (version.empty()) return r->send(mj::validation_reply(200, "version不能为空"));
  account_command(c, std::move(r), "version", std::move(version));
}

void account_action(const call& c, responder_ptr r) {
  auto custom_id = query_or_body(c, "customId");
  if (custom_id.empty()) return r->send(mj::validation_reply(200, "customId不能为空"));
  account_command(c, std::move(r), "action", std::move(custom_id));
}

// -- the route table ----------------------------------------------------------

const std::array<route, 29>& mj_routes() {
  static const std::array<route, 29> table{{
      {restinio::http_method_post(), "/submit/imagine", body_limit::submit, submit_imagine},
      {restinio::http_method_post(), "/submit/describe", body_limit::submit, submit_describe},
      {restinio::http_method_post(), "/submit/blend", body_limit::submit, submit_blend},
      {restinio::http_method_post(), "/submit/shorten", body_limit::submit, submit_shorten},
      {restinio::http_method_post(), "/submit/video", body_limit::submit, submit_video},
      {restinio::http_method_post(), "/submit/upload-discord-images", body_limit::submit,
       submit_upload},
      {restinio::http_method_post(), "/submit/change", body_limit::submit, submit_change},
      {restinio::http_method_post(), "/submit/simple-change", body_limit::submit,
       submit_simple_change},
      {restinio::http_method_post(), "/submit/action", body_limit::submit, submit_action},
      {restinio::http_method_post(), "/submit/modal", body_limit::submit, submit_modal},
      {restinio::http_method_get(), "/task/{id}/fetch", body_limit::normal, fetch_task},
      {restinio::http_method_post(), "/task/{id}/cancel", body_limit::normal, cancel_task},
      {restinio::http_method_get(), "/task/{id}/image-seed", body_limit::normal, image_seed},
      {restinio::http_method_post(), "/task/list-by-condition", body_limit::normal,
       list_by_condition},
      {restinio::http_method_post(), "/task/list-by-ids", body_limit::normal, list_by_condition},
      {restinio::http_method_get(), "/task/queue", body_limit::normal, task_queue},
      {restinio::http_method_get(), "/task/list", body_limit::normal, task_list},
      {restinio::http_method_get(), "/account/list", body_limit::normal, account_list},
      {restinio::http_method_get(), "/account/{id}/fetch", body_limit::normal, account_fetch},
      {restinio::http_method_post(), "/account/{id}/sync-info", body_limit::normal, account_sync},
      {restinio::http_method_post(), "/account/{id}/change-version", body_limit::normal,
       account_change_version},
      {restinio::http_method_post(), "/account/{id}/action", body_limit::normal, account_action},
      {restinio::http_method_post(), "/account/create", body_limit::normal, account_create},
      {restinio::http_method_post(), "/account/query", body_limit::normal, account_query},
      {restinio::http_method_put(), "/account/{id}/update-reconnect", body_limit::normal,
       account_update_reconnect},
      {restinio::http_method_put(), "/account/{id}/update", body_limit::normal,
       account_update_live},
      {restinio::http_method_delete(), "/account/{id}/delete", body_limit::normal, account_delete},
      {restinio::http_method_post(), "/task/query", body_limit::normal, query_tasks},
      {restinio::http_method_post(), "/task-admin/query", body_limit::normal, query_tasks},
  }};
  return table;
}

reply not_found() {
  return json_reply(404, mj::envelope(mj::result_code::validation, "Not Found"));
}

void dispatch(const route_context& ctx, const restinio::request_handle_t& req, responder_ptr r) {
  auto path = normalize_path(req->header().path());
  if (backend::dispatch_backend_tasks(ctx, req, path, r)) return;
  const auto method = req->header().method();
  if (path == "/healthz" && method == restinio::http_method_get())
    return r->send(reply{200, R"({"status":"ok"})", {}});
  if (backend::owns(path)) return backend::dispatch(ctx, req, path, std::move(r));
  if (manage::owns_channels(path)) return manage::dispatch_channels(ctx, req, path, std::move(r));
  if (manage::owns(path)) return manage::dispatch(ctx, req, path, std::move(r));
  if (dispatch_newapi(ctx, req, path, r)) return;  // /api/mj…, /api/task… (new-api dashboard)
  if (dispatch_node(ctx, req, path, r)) return;
  if (dispatch_suno(ctx, req, path, r)) return;            // /suno/* (task center)
  if (dispatch_relay_callback(ctx, req, path, r)) return;  // upstream pushes (its own secret)
  auto mj_path = split_mj_prefix(path);
  if (!mj_path) return r->send(not_found());
  const auto& h = req->header();
  // Images need no API key (api-contracts.md §3.10: dashboards link to them).
  // Everything below /image/ is an id to image_reply, which accepts digits only.
  if (method == restinio::http_method_get() && mj_path->rest.starts_with("/image/"))
    return r->send(image_reply(ctx.opts.image_dir, mj_path->rest.substr(7),
                               to_std(h.opt_value_of("If-None-Match")),
                               to_std(h.opt_value_of("Range"))));
  auto caller = authenticate_api_key(ctx.opts.auth, to_std(h.opt_value_of("Authorization")),
                                     to_std(h.opt_value_of("mj-api-secret")), auth_now_ms());
  if (caller.outcome == key_outcome::disabled)  // §3.2: a disabled user
    return r->send(json_reply(403, mj::envelope(mj::result_code::validation, "Forbidden")));
  if (!caller)
    return r->send(json_reply(401, mj::envelope(mj::result_code::validation,
                                                "Unauthorized: invalid or missing API key")));
  const auto* who = &caller.who;
  std::string param;
  for (const auto& rt : mj_routes()) {
    if (rt.method != method || !match_path(rt.pattern, mj_path->rest, param)) continue;
    auto max =
        rt.limit == body_limit::submit ? ctx.opts.max_body_submit : ctx.opts.max_body_default;
    if (req->body().size() > max) return r->send(mj::validation_reply(413, "请求体过大"));
    if (rt.limit != body_limit::submit)
      return rt.fn(call{ctx, req, *who, std::move(param), mj_path->speed}, std::move(r));
    // Every /submit/* route honours Idempotency-Key (api-contracts.md §1.6).
    return run_idempotent(ctx, req, who->user_id, std::move(r), mj_idem_reject,
                          [&ctx, req, who = *who, param = std::move(param), fn = rt.fn,
                           speed = mj_path->speed](responder_ptr inner) {
                            fn(call{ctx, req, who, param, speed}, std::move(inner));
                          });
  }
  r->send(not_found());
}

}  // namespace

request_handler make_request_handler(std::shared_ptr<const route_context> ctx) {
  return [ctx = std::move(ctx)](restinio::request_handle_t req) {
    auto r = std::make_shared<responder>(req, ctx->tracker);
    if (!ctx->opts.cors_origins.empty()) {
      const auto origin = header_or_empty(req, "Origin");
      if (req->header().method() == restinio::http_method_options()) {
        if (auto pre = preflight_reply(ctx->opts.cors_origins, origin,
                                       header_or_empty(req, "Access-Control-Request-Method"),
                                       header_or_empty(req, "Access-Control-Request-Headers"))) {
          r->send(*pre);
          return restinio::request_accepted();
        }
      }
      r->add_to_every_answer(cors_headers(ctx->opts.cors_origins, origin));
    }
    try {
      dispatch(*ctx, req, r);
    } catch (const std::exception&) {
      // e.g. a malformed query string: answered below unless already answered
      r->send(mj::validation_reply(400, "请求参数错误"));
    }
    return restinio::request_accepted();
  };
}

}  // namespace mjgate::http
