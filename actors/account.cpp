#include "actors/account.hpp"

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <set>

#include "actors/clock.hpp"
#include "actors/job_table.hpp"
#include "actors/reconciler.hpp"
#include "discord/attachment_upload.hpp"
#include "discord/command_discovery.hpp"
#include "discord/custom_id.hpp"
#include "discord/gateway_client.hpp"
#include "discord/message_history.hpp"
#include "discord/mj_signal.hpp"
#include "discord/payloads.hpp"
#include "discord/replies.hpp"
#include "discord/rest_client.hpp"
#include "domain/account_edit.hpp"
#include "domain/errc.hpp"
#include "domain/prompt.hpp"
#include "domain/queue_order.hpp"
#include "domain/speed.hpp"

namespace mjgate::actors {

namespace {

struct waiting_task {
  job_request job;
  task_actor task;
};

struct running_task {
  task_actor task;
  std::string body;  ///< the interaction as sent; a resend reuses it (same nonce)
  int attempts = 0;
  job_request job;             ///< what runs (files are moved out into the upload)
  std::string nonce;           ///< of the command, registered at dispatch
  upload_done uploaded;        ///< the upload's result, for a rebuilt command
  bool version_retry = false;  ///< resent once after a stale command version
};

/// Pseudo task ids of the account's own /info and /settings commands in the
/// job table (they share its correlation cascade but take no slot).
constexpr std::string_view info_job = "sync:info";
constexpr std::string_view settings_job = "sync:settings";

/// The current gateway connection; shared with the actor's exit hook (CAF
/// destroys the state before attached functors run).
struct gateway_link {
  std::shared_ptr<discord::gateway_client> gateway;
};

struct account_state {
  domain::account acct;
  account_env env;
  task_router_actor router;
  std::shared_ptr<gateway_link> link = std::make_shared<gateway_link>();
  std::shared_ptr<discord::rest_client> rest;
  domain::account_health health;
  discord::ready_info session;
  discord::discovered_commands commands;       ///< from the command search; fallbacks when empty
  std::vector<std::string> awaiting_commands;  ///< tasks to resend once commands are rediscovered
  bool discovering = false;
  account_load synced;  ///< username, mode, version, … from READY, /info and /settings
  /// upload-discord-images in flight, by their key in upload_done.
  std::map<std::string, caf::typed_response_promise<std::vector<std::string>>> uploads;
  unsigned upload_seq = 0;
  /// Clicks that start no job (bookmark), by their key in sent_atom.
  std::map<std::string, caf::typed_response_promise<bool>> clicks;
  unsigned click_seq = 0;
  /// Seed capture (✉️ reaction → the bot's DM): seeds seen, and the callers
  /// waiting for a job hash's seed.
  std::map<std::string, std::string> seeds;
  std::map<std::string, std::vector<caf::typed_response_promise<std::string>>> seed_waiters;
  std::map<std::string, std::int64_t> seed_asked;  ///< when the ✉️ was last sent, by hash
  /// The last /settings message (its buttons and version selector are clicked
  /// by account commands) and the commands waiting for it to refresh.
  std::optional<discord::settings_reply> settings;
  std::vector<caf::typed_response_promise<bool>> settings_waiters;
  std::map<std::string, bool> reserved;  ///< task id → reserved in the relax lane
  std::deque<waiting_task> queue;
  std::map<std::string, running_task> running;
  job_table jobs;
  account_load last_load;  ///< what the router last heard; pushes only on change
  unsigned nonce_seq = 0;
  bool remix = false;         ///< Remix mode, from the last /settings reading
  reconciler rec;             ///< history reads after lost events (§6.3)
  bool stall_timer = false;   ///< a stall_atom is on its way
  std::int64_t draw_day = 0;  ///< UTC day (epoch days) that `draws` counts
  int draws = 0;              ///< jobs started that day (day_draw_limit), since start
  static inline const char* name = "account";
};

using self_ptr = account_actor::stateful_pointer<account_state>;

/// True when the job runs in the relax lane (RELAX asked for); every other
/// job runs in the fast lane, which turbo shares (api-contracts §2.5).
bool is_relax(const job_request& j) {
  return j.speed == "RELAX";
}

/// True when the job takes one of its lane's concurrency slots: every GPU
/// job does; a U crop of a grid does not (the upscale lane).
bool takes_slot(const job_request& j) {
  return j.custom_id.empty() || discord::needs_slot(discord::parse_custom_id(j.custom_id).kind);
}

int running_in(const account_state& st, bool relax) {
  return static_cast<int>(std::count_if(st.running.begin(), st.running.end(), [&](const auto& kv) {
    return takes_slot(kv.second.job) && is_relax(kv.second.job) == relax;
  }));
}

int waiting_in(const account_state& st, bool relax) {
  auto queued = std::count_if(st.queue.begin(), st.queue.end(),
                              [&](const waiting_task& w) { return is_relax(w.job) == relax; });
  auto reserved = std::count_if(st.reserved.begin(), st.reserved.end(),
                                [&](const auto& kv) { return kv.second == relax; });
  return static_cast<int>(queued + reserved);
}

int core_of(const account_state& st, bool relax) {
  return relax ? st.acct.relax_core_size : st.acct.core_size;
}

int queue_of(const account_state& st, bool relax) {
  return relax ? st.acct.relax_queue_size : st.acct.queue_size;
}

/// True while `more` jobs could still start today under day_draw_limit.
/// (Counted in memory: a restart starts the count again.)
bool under_day_limit(account_state& st, int more) {
  if (st.acct.day_draw_limit < 0) return true;
  auto day = now_ms() / 86400000;
  if (day != st.draw_day) {
    st.draw_day = day;
    st.draws = 0;
  }
  return st.draws + more < st.acct.day_draw_limit;
}

/// The client's files as the attachment upload takes them (bytes moved).
std::vector<discord::upload_input> upload_inputs(std::vector<upload_file> files) {
  std::vector<discord::upload_input> inputs;
  inputs.reserve(files.size());
  for (auto& f : files)
    inputs.push_back({std::move(f.filename), std::move(f.mime), std::move(f.bytes)});
  return inputs;
}

void push_load(self_ptr self) {
  auto& st = self->state;
  account_load load = st.synced;
  load.account_id = st.acct.id;
  load.health = st.health;
  load.running = running_in(st, false);
  load.core_size = st.acct.core_size;
  load.queued = waiting_in(st, false);
  load.queue_size = st.acct.queue_size;
  load.relax_running = running_in(st, true);
  load.relax_core_size = st.acct.relax_core_size;
  load.relax_queued = waiting_in(st, true);
  load.relax_queue_size = st.acct.relax_queue_size;
  load.remix = st.remix;
  load.remix_auto_submit = st.acct.remix_auto_submit;
  if (load == st.last_load) return;
  st.last_load = load;
  // Sent (not anon): the router takes loads only from the account's current actor.
  self->send(st.router, load_atom_v, std::move(load));
}

void send_patch(const task_actor& task, domain::task_patch p) {
  if (p.at_ms == 0) p.at_ms = now_ms();
  caf::anon_send(task, patch_atom_v, std::move(p));
}

void fail(const task_actor& task, std::string reason) {
  domain::task_patch p;
  p.status = domain::task_status::failure;
  p.fail_reason = std::move(reason);
  send_patch(task, std::move(p));
}

// Sends one interaction; the result comes back as a sent_atom message.
void post(self_ptr self, const std::string& task_id, const std::string& body) {
  auto addr = self->address();
  self->state.rest->post_interaction(body, [addr, task_id](discord::rest_result r) {
    if (auto hdl = caf::actor_cast<account_actor>(caf::actor_cast<caf::strong_actor_ptr>(addr)))
      caf::anon_send(hdl, sent_atom_v, task_id, r.status, r.sent, r.error, r.invalid_version);
  });
}

discord::interaction_context context_of(const account_state& st) {
  discord::interaction_context ctx;
  ctx.guild_id = st.acct.guild_id;
  ctx.channel_id = st.acct.channel_id;
  ctx.session_id = st.session.session_id;
  return ctx;
}

void send_command(self_ptr self, const std::string& task_id, const upload_done& uploaded);
void observe(self_ptr self, domain::health_event e);
void finish(self_ptr self, const std::string& task_id);
void arm_stall_check(self_ptr self);

// Queues a committed task behind every task that ranks before or with it
// (api-contracts.md §2.5: priority, then arrival, with aging), so each lane's
// tasks stay in dispatch order in the one queue.
void enqueue_in_order(account_state& st, waiting_task w) {
  auto aging = st.env.aging.count();
  auto rank_of = [aging](const job_request& j) {
    return domain::queue_rank(j.priority, j.queued_at, aging);
  };
  auto rank = rank_of(w.job);
  auto at = std::find_if(st.queue.begin(), st.queue.end(),
                         [&](const waiting_task& q) { return rank_of(q.job) > rank; });
  st.queue.insert(at, std::move(w));
}

// Starts waiting tasks while the account is READY: each lane in queue order
// while it has a free slot, and jobs that need no slot (U picks) at once.
void pump(self_ptr self) {
  auto& st = self->state;
  while (domain::can_take_work(st.health) && !st.queue.empty() && under_day_limit(st, 0)) {
    auto pick = std::find_if(st.queue.begin(), st.queue.end(), [&](const waiting_task& w) {
      bool relax = is_relax(w.job);
      return !takes_slot(w.job) || running_in(st, relax) < core_of(st, relax);
    });
    if (pick == st.queue.end()) break;
    auto next = std::move(*pick);
    st.queue.erase(pick);
    ++st.draws;
    auto id = next.job.task_id;
    auto now = now_ms();
    auto nonce = discord::make_nonce(now, 0, st.nonce_seq++ & 0xfff);
    st.jobs.add(job{id, nonce, {}, {}, {}, domain::seed_parameter(next.job.prompt), now});
    st.rec.touch(id, now);
    auto files = std::move(next.job.files);
    auto& run = st.running[id] =
        running_task{next.task, {}, 1, std::move(next.job), nonce, {}, false};
    domain::task_patch p;  // the run timeout counts from dispatch
    p.status = domain::task_status::submitted;
    p.nonce = nonce;
    p.at_ms = now;
    send_patch(run.task, std::move(p));
    if (files.empty()) {
      send_command(self, id, {});
      continue;
    }
    // The images go up first; upload_done continues with the command.
    for (const auto& f : files)
      run.job.files.push_back({f.filename, f.mime, {}});  // names only, for the options
    auto inputs = upload_inputs(std::move(files));
    auto addr = self->address();
    bool as_message = run.job.action == domain::task_action::imagine ||
                      run.job.action == domain::task_action::video;
    auto message_nonce = discord::make_nonce(now, 0, st.nonce_seq++ & 0xfff);
    discord::upload_attachments(
        st.rest, st.acct.channel_id, std::move(inputs), as_message, message_nonce,
        [addr, id](discord::upload_outcome out) {
          upload_done done{id, {}, std::move(out.urls), std::move(out.error)};
          for (auto& f : out.files)
            done.uploaded_filenames.push_back(std::move(f.uploaded_filename));
          if (auto hdl =
                  caf::actor_cast<account_actor>(caf::actor_cast<caf::strong_actor_ptr>(addr)))
            caf::anon_send(hdl, std::move(done));
        });
  }
  arm_stall_check(self);
  push_load(self);
}

/// The speed a prompt job runs at here: the requested one when usable, else
/// the account's own choice (relax once fast hours are gone); nullopt when a
/// requested FAST/TURBO cannot run.
std::optional<domain::speed_mode> speed_for(const account_state& st, const std::string& asked) {
  domain::account_speed sp;
  sp.default_mode = domain::parse_speed_mode(st.synced.mode);
  sp.fast_exhausted = st.health.fast_exhausted;
  return domain::choose_speed(domain::parse_speed_mode(asked), sp).speed;
}

/// "PORTRAIT"/"SQUARE"/"LANDSCAPE" (or "") as the payload builder's enum.
discord::blend_dimensions blend_dimensions_of(const std::string& word) {
  return discord::parse_blend_dimensions(word).value_or(discord::blend_dimensions::none);
}

// Builds the job's command (after its uploads, if any) and sends it.
void send_command(self_ptr self, const std::string& task_id, const upload_done& uploaded) {
  auto& st = self->state;
  auto& run = st.running.at(task_id);
  const auto& work = run.job;
  auto ctx = context_of(st);
  if (work.bot_type == "NIJI_JOURNEY") ctx.application_id = discord::niji_application_id;
  auto command = [&](std::string_view name) {
    return discord::resolve_command(st.commands, work.bot_type, name);
  };
  std::vector<discord::uploaded_file> files;
  for (std::size_t i = 0; i < uploaded.uploaded_filenames.size() && i < work.files.size(); ++i)
    files.push_back({work.files[i].filename, uploaded.uploaded_filenames[i]});
  std::string body;
  using enum domain::task_action;
  if (!work.custom_id.empty()) {
    body = discord::build_component_click(ctx, work.message_id, work.message_flags, work.custom_id,
                                          run.nonce);
  } else if (work.action == describe) {
    body = work.link.empty()
               ? discord::build_describe_upload(ctx, command("describe"), files.at(0), run.nonce)
               : discord::build_describe_link(ctx, command("describe"), work.link, run.nonce);
  } else if (work.action == blend) {
    body = discord::build_blend(ctx, command("blend"), files, blend_dimensions_of(work.dimensions),
                                run.nonce)
               .value_or("");
  } else if (work.action == shorten) {
    body = discord::build_shorten(ctx, command("shorten"), work.prompt, run.nonce);
  } else {
    // Reference images lead the prompt as their CDN URLs; the speed is a flag.
    auto speed = speed_for(st, work.speed);
    if (!speed) {
      fail(run.task, "fast hours are used up on this account and " + work.speed +
                         " was asked for; try again later or use relax");
      return finish(self, task_id);
    }
    std::string prompt;
    for (const auto& url : uploaded.urls) prompt += url + " ";
    prompt += domain::with_speed_flag(
        work.prompt, *speed,
        domain::parse_speed_mode(st.synced.mode).value_or(domain::speed_mode::fast));
    body = discord::build_imagine(ctx, command("imagine"), prompt, run.nonce);
  }
  if (body.empty()) {
    fail(run.task, "cannot build the " + std::string{domain::to_string(work.action)} + " command");
    return finish(self, task_id);
  }
  run.body = body;
  run.uploaded = uploaded;
  post(self, task_id, body);
}

// A job ended (result, error or timeout): free its slot and start the next.
void finish(self_ptr self, const std::string& task_id) {
  self->state.running.erase(task_id);
  self->state.jobs.remove(task_id);
  self->state.rec.forget(task_id);
  pump(self);
}

void fail_waiting(self_ptr self, const std::string& reason) {
  auto& st = self->state;
  for (auto& w : st.queue) fail(w.task, reason);
  st.queue.clear();
}

// A click opened a modal (remix, custom zoom, PicReader, analyzer): submit
// it with the job's text under a new nonce; the job then runs as usual.
void answer_modal(self_ptr self, const std::string& task_id, const discord::gateway_event& ev) {
  auto& st = self->state;
  auto& run = st.running.at(task_id);
  auto ctx = context_of(st);
  if (!ev.application_id.empty()) ctx.application_id = ev.application_id;
  auto nonce = discord::make_nonce(now_ms(), 0, st.nonce_seq++ & 0xfff);
  const auto& value = run.job.modal_prompt.empty() ? ev.field_value : run.job.modal_prompt;
  st.jobs.add_nonce(task_id, nonce);
  run.body =
      discord::build_modal_submit(ctx, ev.id, ev.custom_id, ev.field_custom_id, value, nonce);
  run.attempts = 1;
  post(self, task_id, run.body);
}

// An iframe opened: the Vary Region editor gets the mask; a CAPTCHA fails
// the task (the account's health handles the lock).
void answer_iframe(self_ptr self, const std::string& task_id, const discord::gateway_event& ev) {
  auto& st = self->state;
  auto& run = st.running.at(task_id);
  auto signal = discord::classify_iframe_modal(ev);
  auto frame = discord::iframe_id_of(ev.custom_id);
  std::string why;
  if (signal.signal != discord::mj_signal::none)
    why = signal.fail_reason;
  else if (frame.empty())
    why = "Midjourney opened an unknown editor: " + ev.custom_id;
  else if (run.job.mask_base64.empty())
    why = "Vary Region needs a mask: confirm the task with /submit/modal and maskBase64";
  if (!why.empty()) {
    fail(run.task, why);
    finish(self, task_id);
    if (signal.signal == discord::mj_signal::captcha) {  // an operator must solve it
      domain::health_event e;
      e.kind = domain::health_event_kind::captcha;
      e.detail = ev.iframe_path.empty() ? signal.title : ev.iframe_path;
      observe(self, std::move(e));
    }
    return;
  }
  auto body = discord::build_inpaint_submit(frame, run.job.mask_base64, run.job.modal_prompt);
  run.attempts = 2;  // the editor's submit is not an interaction: never resent
  auto addr = self->address();
  auto app =
      ev.application_id.empty() ? std::string{discord::mj_application_id} : ev.application_id;
  st.rest->submit_inpaint(app, std::move(body), [addr, task_id](discord::rest_result r) {
    if (auto hdl = caf::actor_cast<account_actor>(caf::actor_cast<caf::strong_actor_ptr>(addr)))
      caf::anon_send(hdl, sent_atom_v, task_id, r.status, r.sent,
                     r.error.empty() ? r.error : "Vary Region submit failed: " + r.error,
                     r.invalid_version);
  });
}

// The SUCCESS patch of a describe or shorten reply; nullopt for anything else
// (a "thinking" placeholder, an error embed).
std::optional<domain::task_patch> read_text_result(domain::task_action action,
                                                   const discord::gateway_event& ev) {
  domain::task_patch p;
  p.status = domain::task_status::success;
  if (action == domain::task_action::describe) {
    auto reply = discord::read_describe_reply(ev);
    if (!reply) return std::nullopt;
    p.prompt = reply->description;
    p.final_prompt = reply->description;
    p.image_url = reply->image_url;
    return p;
  }
  auto reply = discord::read_shorten_reply(ev);
  if (!reply) return std::nullopt;
  p.final_prompt = reply->description;
  return p;
}

// MJ echoes the prompt with our injected "--seed N"; clients see it without.
std::string without_seed(std::string echo, const std::string& seed) {
  if (seed.empty()) return echo;
  auto needle = " --seed " + seed;
  if (auto pos = echo.find(needle); pos != std::string::npos) echo.erase(pos, needle.size());
  return echo;
}

void on_sync_reply(self_ptr self, const std::string& job_id, const discord::gateway_event& ev);
void discover(self_ptr self);

/// The health observation an MJ signal means for the account, if any.
std::optional<domain::health_event_kind> health_of(discord::account_reaction r) {
  using enum discord::account_reaction;
  switch (r) {
    case locked:
      return domain::health_event_kind::review;
    case disabled_banned:
      return domain::health_event_kind::banned;
    case disabled_subscription:
      return domain::health_event_kind::subscription;
    case fast_exhausted:
      return domain::health_event_kind::fast_exhausted;
    default:
      return std::nullopt;
  }
}

// An error or notice embed on a running job (protocol §7.1): the task fails,
// waits, or runs once more; the account's health takes the signal too.
void on_signal(self_ptr self, const std::string& task_id, const discord::gateway_event& ev,
               const discord::mj_signal_reading& signal) {
  auto& st = self->state;
  auto& run = st.running.at(task_id);
  auto account = discord::account_reaction_of(signal.signal);
  if (auto kind = health_of(account)) {
    domain::health_event e;
    e.kind =
        signal.signal == discord::mj_signal::captcha ? domain::health_event_kind::captcha : *kind;
    e.detail = signal.title.empty() ? signal.fail_reason : signal.title;
    observe(self, std::move(e));
  }
  if (account == discord::account_reaction::accept_tos && !signal.button_custom_id.empty()) {
    auto nonce = discord::make_nonce(now_ms(), 0, st.nonce_seq++ & 0xfff);
    st.rest->post_interaction(discord::build_component_click(context_of(st), ev.id, ev.flags,
                                                             signal.button_custom_id, nonce),
                              [](discord::rest_result) {});
  }
  switch (discord::task_reaction_of(signal.signal)) {
    case discord::task_reaction::none:
    case discord::task_reaction::stay_submitted:
      return;  // "Job queued": Midjourney runs it later
    case discord::task_reaction::requeue:
    case discord::task_reaction::resubmit:
      // Once more, later (and on relax once fast hours are gone) — not twice:
      // a job with uploaded images cannot be rebuilt here.
      if (run.job.requeues == 0 && run.job.files.empty()) {
        auto again = waiting_task{std::move(run.job), run.task};
        again.job.requeues += 1;
        spdlog::warn("account {}: task {} runs again after \"{}\"", st.acct.id, task_id,
                     signal.title);
        st.running.erase(task_id);
        st.jobs.remove(task_id);
        st.queue.push_front(std::move(again));
        return pump(self);
      }
      [[fallthrough]];
    case discord::task_reaction::fail:
      fail(run.task, signal.fail_reason.empty() ? signal.title : signal.fail_reason);
      return finish(self, task_id);
  }
}

// A bot DM: when it is a seed reply, the callers waiting for that job's seed get it.
void on_seed_message(self_ptr self, const discord::gateway_event& ev) {
  auto& st = self->state;
  auto reply = discord::read_seed_reply(ev.content);
  if (!reply) return;
  auto seed = std::to_string(reply->seed);
  st.seeds[reply->job_hash] = seed;
  if (st.seeds.size() > 10000) st.seeds.erase(st.seeds.begin());  // bounded cache
  st.seed_asked.erase(reply->job_hash);
  auto waiting = st.seed_waiters.extract(reply->job_hash);
  if (waiting.empty()) return;
  for (auto& rp : waiting.mapped()) rp.deliver(seed);
}

// Asks Midjourney for a job's seed by reacting ✉️ to its message; the answer
// comes as a DM (on_seed_message). A second caller for the same job waits too.
caf::result<std::string> capture_seed(self_ptr self, const std::string& job_hash,
                                      const std::string& message_id) {
  auto& st = self->state;
  if (auto known = st.seeds.find(job_hash); known != st.seeds.end()) return known->second;
  if (!st.health.link_up || !st.rest) return caf::make_error(domain::errc::queue_full);
  auto rp = self->make_response_promise<std::string>();
  st.seed_waiters[job_hash].push_back(rp);
  // React again when the last reaction is 30 s old: its DM may have been lost.
  auto& asked = st.seed_asked[job_hash];
  if (now_ms() - asked > 30000) {
    asked = now_ms();
    auto addr = self->address();
    st.rest->add_reaction(st.acct.channel_id, message_id, discord::envelope_emoji,
                          [addr, job_hash](discord::rest_result r) {
                            if (r.failure == discord::rest_failure::none) return;
                            if (auto hdl = caf::actor_cast<account_actor>(
                                    caf::actor_cast<caf::strong_actor_ptr>(addr)))
                              caf::anon_send(hdl, seed_atom_v, job_hash, std::string{},
                                             "✉️ reaction refused: " + r.error);
                          });
  }
  return rp;
}

void on_event(self_ptr self, const discord::gateway_event& ev) {
  using discord::event_kind;
  auto& st = self->state;
  const bool message = ev.kind == event_kind::message_create ||
                       ev.kind == event_kind::message_update ||
                       ev.kind == event_kind::message_delete;
  if (message && ev.kind == event_kind::message_create && ev.channel_id != st.acct.channel_id &&
      discord::is_midjourney_author(ev))
    return on_seed_message(self, ev);  // the seed DM answers a ✉️ reaction
  if (message && (ev.channel_id != st.acct.channel_id || ev.kind == event_kind::message_delete))
    return;
  if (message && !discord::is_midjourney_author(ev)) return;
  discord::mj_reading reading;
  if (message) reading = discord::read_mj_message(ev);
  auto task_id = st.jobs.correlate(ev, reading);
  if (!task_id) return;
  if (*task_id == info_job || *task_id == settings_job) return on_sync_reply(self, *task_id, ev);
  st.rec.touch(*task_id, now_ms());
  auto it = st.running.find(*task_id);
  if (it == st.running.end()) return;
  auto task = it->second.task;
  if (message)
    if (auto signal = discord::classify_mj_signal(ev); signal.signal != discord::mj_signal::none)
      return on_signal(self, *task_id, ev, signal);
  if (auto* j = st.jobs.find(*task_id)) reading.prompt = without_seed(reading.prompt, j->seed);
  domain::task_patch p;
  switch (ev.kind) {
    case event_kind::interaction_create:
    case event_kind::interaction_success:
      p.status = domain::task_status::submitted;
      p.interaction_id = ev.id;
      return send_patch(task, std::move(p));
    case event_kind::interaction_failure:
      fail(task, "interaction failed (application did not respond)");
      return finish(self, *task_id);
    case event_kind::interaction_modal_create:
      return answer_modal(self, *task_id, ev);
    case event_kind::interaction_iframe_modal_create:
      return answer_iframe(self, *task_id, ev);
    default:
      break;
  }
  auto action =
      it->second.job.custom_id.empty() ? it->second.job.action : domain::task_action::imagine;
  if (action == domain::task_action::describe || action == domain::task_action::shorten) {
    if (auto result = read_text_result(action, ev)) {
      result->message_id = ev.id;
      result->flags = ev.flags;
      result->buttons = ev.buttons;
      send_patch(task, std::move(*result));
      return finish(self, *task_id);
    }
    if (reading.phase != discord::mj_phase::error) return;  // a placeholder
  }
  switch (reading.phase) {
    case discord::mj_phase::waiting:
    case discord::mj_phase::progress:
      p.status = domain::task_status::in_progress;
      p.progress = reading.phase == discord::mj_phase::waiting ? 0 : reading.progress;
      p.image_url = reading.image_url;
      p.job_id = reading.job_hash;
      p.final_prompt = reading.prompt;
      p.progress_message_id = ev.id;
      p.message_id = ev.id;
      return send_patch(task, std::move(p));
    case discord::mj_phase::done:
      p.status = domain::task_status::success;
      p.image_url = reading.image_url;
      p.job_id = reading.job_hash;
      p.final_prompt = reading.prompt;
      p.mode = reading.mode;
      p.message_id = ev.id;
      p.flags = ev.flags;
      p.buttons = ev.buttons;
      send_patch(task, std::move(p));
      return finish(self, *task_id);
    case discord::mj_phase::error:
      fail(task, reading.error);
      return finish(self, *task_id);
    default:
      return;
  }
}

// A REST status that says something about the account itself (token
// refused, rate limit) goes to its health.
void observe_rest_status(self_ptr self, int status, const std::string& error) {
  if (status != 401 && status != 403 && status != 429) return;
  domain::health_event e;
  e.kind = domain::health_event_kind::rest_result;
  e.http_status = status;
  e.detail = error;
  if (status == 429) e.retry_at = now_ms() + 1000;
  observe(self, std::move(e));
}

// Sends a click that starts no job (bookmark): nothing is correlated or
// queued; the caller hears Discord's answer to the interaction.
caf::result<bool> click_without_job(self_ptr self, const job_request& click) {
  auto& st = self->state;
  if (!st.health.link_up || !st.rest) return caf::make_error(domain::errc::queue_full);
  auto ctx = context_of(st);
  if (click.bot_type == "NIJI_JOURNEY") ctx.application_id = discord::niji_application_id;
  auto nonce = discord::make_nonce(now_ms(), 0, st.nonce_seq++ & 0xfff);
  auto key = "click:" + std::to_string(++st.click_seq);
  auto rp = self->make_response_promise<bool>();
  st.clicks.emplace(key, rp);
  post(self, key,
       discord::build_component_click(ctx, click.message_id, click.message_flags, click.custom_id,
                                      nonce));
  return rp;
}

// Discord's answer to a click that starts no job.
void on_click_sent(self_ptr self, caf::typed_response_promise<bool> rp, int status,
                   const std::string& error) {
  observe_rest_status(self, status, error);
  switch (discord::classify_rest(status, 0, false)) {
    case discord::rest_failure::none:
      rp.deliver(true);
      return;
    case discord::rest_failure::transport:
    case discord::rest_failure::rate_limited:
    case discord::rest_failure::server:  // no verdict: the caller may click again later
      spdlog::warn("account {}: click without a job got no verdict: {}", self->state.acct.id,
                   error);
      rp.deliver(caf::make_error(domain::errc::queue_full));
      return;
    default:
      rp.deliver(caf::make_error(domain::errc::validation, "Discord拒绝了该操作: " + error));
  }
}

void on_sent(self_ptr self, const std::string& task_id, int status, bool sent,
             const std::string& error, bool invalid_version) {
  auto& st = self->state;
  if (auto click = st.clicks.find(task_id); click != st.clicks.end()) {
    auto rp = std::move(click->second);
    st.clicks.erase(click);
    return on_click_sent(self, std::move(rp), status, error);
  }
  auto it = st.running.find(task_id);
  if (it == st.running.end()) return;         // released meanwhile
  if (status >= 200 && status < 300) return;  // SUBMITTED already; events do the rest
  if (invalid_version && !it->second.version_retry) {
    // The command was updated on Discord: rediscover, then send once more.
    spdlog::warn("account {}: stale command version for task {}; rediscovering", st.acct.id,
                 task_id);
    it->second.version_retry = true;
    st.awaiting_commands.push_back(task_id);
    return discover(self);
  }
  observe_rest_status(self, status, error);
  if (status == 0 && it->second.attempts < 2) {
    // No HTTP answer: one resend with the same nonce (protocol §2.6).
    spdlog::warn("account {}: interaction for task {} got no answer ({}{}), resending once",
                 st.acct.id, task_id, error, sent ? ", body was sent" : "");
    it->second.attempts += 1;
    return post(self, task_id, it->second.body);
  }
  auto reason = error.empty() ? "discord answered HTTP " + std::to_string(status) : error;
  fail(it->second.task, reason);
  finish(self, task_id);
}

// -- reconciliation from channel history (protocol §6.3) ---------------------

// The running jobs as reconciliation matches them.
std::vector<domain::pending_job> pending_jobs(account_state& st) {
  std::vector<domain::pending_job> out;
  out.reserve(st.running.size());
  for (const auto& [id, run] : st.running) {
    domain::pending_job p;
    p.task_id = id;
    p.action = run.job.action;
    p.nonce = run.nonce;
    p.prompt_full = run.job.custom_id.empty() ? run.job.prompt : run.job.modal_prompt;
    if (!run.job.custom_id.empty()) {
      auto button = discord::parse_custom_id(run.job.custom_id);
      if (button.kind == discord::button_kind::upsample) {
        p.parent_message_id = run.job.message_id;
        p.pick_index = button.index;
      }
    }
    p.started_at = now_ms();
    if (auto* j = st.jobs.find(id)) {
      p.interaction_id = j->interaction_id;
      if (!j->progress_message_id.empty()) p.message_ids.push_back(j->progress_message_id);
      p.job_hash = j->job_hash;
      p.seed = j->seed;
      p.started_at = j->dispatched_at;
    }
    out.push_back(std::move(p));
  }
  return out;
}

void fetch_history_page(self_ptr self, const std::string& after) {
  auto& st = self->state;
  auto addr = self->address();
  st.rest->get_messages(
      st.acct.channel_id, after, st.rec.settings().page_size, [addr](discord::rest_result r) {
        bool ok = r.status >= 200 && r.status < 300;
        if (auto hdl = caf::actor_cast<account_actor>(caf::actor_cast<caf::strong_actor_ptr>(addr)))
          caf::anon_send(hdl, history_atom_v, r.status, ok ? std::move(r.body) : r.error);
      });
}

// Starts the wanted history read while READY (at most one in flight).
void read_history(self_ptr self) {
  auto& st = self->state;
  if (!st.health.link_up || !st.rest) return;
  auto after = st.rec.start(pending_jobs(st));
  if (!after) return;
  spdlog::info("account {}: reading the channel history for {} running job(s): {}", st.acct.id,
               st.running.size(), st.rec.reason());
  fetch_history_page(self, *after);
}

// Applies what the history showed, through the live handler, so a job
// finished this way gets exactly the patch a live event would have sent.
void apply_reconciliation(self_ptr self, const reconcile_result& result) {
  auto& st = self->state;
  int finished = 0, failed = 0;
  for (const auto& v : result.verdicts) {
    if (!st.running.count(v.task_id)) continue;  // ended meanwhile
    const discord::gateway_event* final_message =
        v.message_index ? &result.messages[*v.message_index] : nullptr;
    const discord::gateway_event* last =
        v.progress_index ? &result.messages[*v.progress_index] : nullptr;
    auto* j = st.jobs.find(v.task_id);
    const bool seen_live = j && !j->progress_message_id.empty();
    // Later live events (and the replays below) correlate by these keys.
    st.jobs.learn_keys(v.task_id, {}, last ? last->id : std::string{}, v.job_hash);
    if (final_message) st.jobs.learn_keys(v.task_id, {}, final_message->id, v.job_hash);
    if (v.outcome == domain::reconcile_outcome::finished) {
      on_event(self, *final_message);
      finished += st.running.count(v.task_id) ? 0 : 1;
      continue;
    }
    // An error reply, or progress nobody saw live, is handled as if it
    // had just arrived.
    bool error = last && discord::read_mj_message(*last).phase == discord::mj_phase::error;
    if (last && (error || !seen_live)) on_event(self, *last);
    if (v.outcome == domain::reconcile_outcome::failed && st.running.count(v.task_id)) {
      fail(st.running.at(v.task_id).task, v.reason);
      finish(self, v.task_id);
      ++failed;
    }
  }
  spdlog::info(
      "account {}: history read: {} message(s){}, {} job(s) finished, {} failed, {} still "
      "running",
      st.acct.id, result.messages.size(), result.complete ? "" : " (incomplete)", finished, failed,
      st.running.size());
}

void on_history(self_ptr self, int status, const std::string& body) {
  auto& st = self->state;
  if (!st.rec.in_flight()) return;
  std::optional<std::vector<discord::gateway_event>> page;
  if (status >= 200 && status < 300) page = discord::parse_message_history(body);
  if (!page) {
    // Nothing is decided on a failed read; the next trigger reads again.
    spdlog::warn("account {}: channel history read failed (HTTP {}): {}", st.acct.id, status,
                 body.substr(0, 200));
    st.rec.abort();
    return;
  }
  if (auto next = st.rec.add_page(std::move(*page), st.acct.channel_id))
    return fetch_history_page(self, *next);
  auto result = st.rec.finish(pending_jobs(st), st.session.user_id, now_ms());
  apply_reconciliation(self, result);
  read_history(self);  // a trigger that came during this read
}

// One timer per account while jobs run, never one per job.
void arm_stall_check(self_ptr self) {
  auto& st = self->state;
  if (st.stall_timer || st.running.empty()) return;
  st.stall_timer = true;
  auto every = std::max(std::chrono::milliseconds{250}, st.rec.settings().stall_after / 2);
  self->delayed_send(self, every, stall_atom_v);
}

void on_stall_check(self_ptr self) {
  auto& st = self->state;
  st.stall_timer = false;
  std::vector<std::string> ids;
  ids.reserve(st.running.size());
  for (const auto& [id, run] : st.running) ids.push_back(id);
  if (st.rec.check_stalls(ids, now_ms())) read_history(self);
  arm_stall_check(self);
}

// Restart hand-over: the job keeps its Discord keys and takes a slot until
// the history (or its run timeout) ends it; it is never sent again.
void adopt(self_ptr self, job_request work, task_actor task, const domain::task& t) {
  auto& st = self->state;
  if (st.running.count(t.id)) return;
  auto started = t.start_time ? t.start_time : t.submit_time ? t.submit_time : now_ms();
  auto seed = t.seed.empty() ? domain::seed_parameter(t.prompt_full) : t.seed;
  st.jobs.add(job{t.id, t.nonce, {}, {}, {}, seed, started});
  st.jobs.learn_keys(t.id, t.interaction_id, t.progress_message_id, t.job_id);
  st.jobs.learn_keys(t.id, {}, t.message_id, {});
  st.running[t.id] = running_task{std::move(task), {}, 2, std::move(work), t.nonce, {}, false};
  st.rec.touch(t.id, now_ms());
  st.rec.request("jobs handed over at restart");
  read_history(self);  // once READY, if not yet
  arm_stall_check(self);
  push_load(self);
}

// Feeds one observation to the health state machine; a change is logged,
// a DISABLED account fails its waiting tasks, and work starts when READY.
void observe(self_ptr self, domain::health_event e) {
  auto& st = self->state;
  if (e.at_ms == 0) e.at_ms = now_ms();
  auto before = st.health;
  st.health = domain::apply(st.health, e);
  if (st.health.state != before.state) {
    auto why = domain::reason_text(st.health);
    if (st.health.state == domain::account_state::disabled ||
        st.health.state == domain::account_state::locked)
      spdlog::error("account {} {}: {}", st.acct.id, domain::to_string(st.health.state), why);
    else if (st.health.state == domain::account_state::backoff)
      spdlog::warn("account {} reconnecting: {}", st.acct.id, e.detail);
    if (st.health.state == domain::account_state::disabled)
      fail_waiting(self, "account disabled: " + why);
  }
  pump(self);
  if (st.health.link_up) read_history(self);
}

void on_link(self_ptr self, discord::link_state state, const std::string& reason,
             std::int64_t retry_at) {
  using enum domain::health_event_kind;
  domain::health_event e;
  e.detail = reason;
  e.retry_at = retry_at;
  switch (state) {
    case discord::link_state::connecting:
      e.kind = link_connecting;
      break;
    case discord::link_state::ready:
      e.kind = link_ready;
      break;
    case discord::link_state::backoff:
      e.kind = link_lost;
      break;
    case discord::link_state::disabled:
      e.kind = link_auth_failed;
      break;
  }
  observe(self, std::move(e));
}

// Reads the bots' commands (ids and versions) for this channel; the answer
// comes back as a commands_atom message.
void discover(self_ptr self) {
  auto& st = self->state;
  if (st.discovering) return;
  st.discovering = true;
  auto addr = self->address();
  st.rest->search_commands(st.acct.channel_id, [addr](discord::rest_result r) {
    if (auto hdl = caf::actor_cast<account_actor>(caf::actor_cast<caf::strong_actor_ptr>(addr)))
      caf::anon_send(hdl, commands_atom_v, r.status, std::move(r.body));
  });
}

void on_commands(self_ptr self, int status, const std::string& body) {
  auto& st = self->state;
  st.discovering = false;
  if (auto found = status == 200 ? discord::parse_command_search(body) : std::nullopt)
    st.commands = std::move(*found);
  else
    spdlog::warn("account {}: command discovery failed (HTTP {}); using the fallbacks", st.acct.id,
                 status);
  // Tasks refused for a stale version are sent once more with what we know now.
  auto waiting = std::move(st.awaiting_commands);
  st.awaiting_commands.clear();
  for (const auto& id : waiting) {
    auto it = st.running.find(id);
    if (it == st.running.end()) continue;
    auto nonce = discord::make_nonce(now_ms(), 0, st.nonce_seq++ & 0xfff);
    st.jobs.add_nonce(id, nonce);
    it->second.nonce = nonce;
    send_command(self, id, it->second.uploaded);
  }
}

// Runs /info and /settings (no slot taken); their replies update the
// account's mode, version, remix and fast time.
void sync(self_ptr self) {
  auto& st = self->state;
  if (!st.health.link_up) return;
  auto ctx = context_of(st);
  for (auto [job_id, name] : {std::pair{info_job, "info"}, std::pair{settings_job, "settings"}}) {
    std::string id{job_id};
    st.jobs.remove(id);
    auto nonce = discord::make_nonce(now_ms(), 0, st.nonce_seq++ & 0xfff);
    st.jobs.add(job{id, nonce, {}, {}, {}, {}, now_ms()});
    auto body = discord::build_bare_command(
        ctx, discord::resolve_command(st.commands, "MID_JOURNEY", name), nonce);
    st.rest->post_interaction(std::move(body), [](discord::rest_result) {});
  }
}

// A reply to our own /info or /settings.
void on_sync_reply(self_ptr self, const std::string& job_id, const discord::gateway_event& ev) {
  auto& st = self->state;
  if (ev.kind != discord::event_kind::message_create &&
      ev.kind != discord::event_kind::message_update)
    return;
  if (job_id == info_job) {
    auto info = discord::read_info_reply(ev);
    if (!info) return;
    st.synced.subscription = info->subscription;
    st.synced.fast_time_remaining = info->value("Fast Time Remaining");
    if (!info->job_mode.empty()) st.synced.mode = info->job_mode;
    if (info->fast_hours_remaining) {
      domain::health_event e;
      e.kind = *info->fast_hours_remaining > 0 ? domain::health_event_kind::fast_restored
                                               : domain::health_event_kind::fast_exhausted;
      observe(self, e);
    }
  } else {
    auto settings = discord::read_settings_reply(ev);
    if (!settings) return;
    if (!settings->current_version.empty()) st.synced.version = settings->current_version;
    if (auto remix = settings->toggle("Remix mode")) st.remix = *remix;
    for (auto [label, mode] : {std::pair{"Fast mode", "FAST"}, std::pair{"Relax mode", "RELAX"},
                               std::pair{"Turbo mode", "TURBO"}})
      if (settings->toggle(label).value_or(false)) st.synced.mode = mode;
    if (settings->message_id.empty()) settings->message_id = ev.id;
    st.settings = std::move(*settings);
  }
  st.synced.info_updated = now_ms();
  st.jobs.remove(job_id);
  push_load(self);  // before the waiters' answers: the router sees the new state first
  if (job_id == settings_job) {
    for (auto& rp : st.settings_waiters) rp.deliver(true);
    st.settings_waiters.clear();
  }
}

// An account command (api-contracts.md §3.9): "sync" runs /info and
// /settings; "version" picks a VersionSelector option; "action" clicks a
// settings button (Remix, Fast, Relax, Turbo, …). Answers once the settings
// message has refreshed.
caf::result<bool> run_account_command(self_ptr self, const std::string& kind,
                                      const std::string& value) {
  auto& st = self->state;
  if (!st.health.link_up) return caf::make_error(domain::errc::queue_full);
  if (kind != "sync") {
    if (!st.settings || st.settings->message_id.empty())
      return caf::make_error(domain::errc::queue_full);  // the first /settings is on its way
    const auto& s = *st.settings;
    std::string body;
    auto nonce = discord::make_nonce(now_ms(), 0, st.nonce_seq++ & 0xfff);
    if (kind == "version") {
      bool offered = std::any_of(s.versions.begin(), s.versions.end(),
                                 [&](const discord::select_option& o) { return o.value == value; });
      if (!offered) return caf::make_error(domain::errc::validation, "版本不可用: " + value);
      body = discord::build_select_click(context_of(st), s.message_id, s.flags,
                                         s.version_selector_id, value, nonce);
    } else {
      bool offered =
          std::any_of(s.toggles.begin(), s.toggles.end(),
                      [&](const discord::settings_toggle& t) { return t.custom_id == value; });
      if (!offered) return caf::make_error(domain::errc::validation, "不支持的设置按钮: " + value);
      body = discord::build_component_click(context_of(st), s.message_id, s.flags, value, nonce);
    }
    // The UPDATE of the settings message is read like a /settings reply.
    std::string id{settings_job};
    st.jobs.remove(id);
    st.jobs.add(job{id, nonce, {}, {}, {}, {}, now_ms()});
    st.jobs.learn_keys(id, {}, s.message_id, {});
    st.rest->post_interaction(std::move(body), [](discord::rest_result) {});
  } else {
    sync(self);
  }
  auto rp = self->make_response_promise<bool>();
  st.settings_waiters.push_back(rp);
  return rp;
}

// Opens the stored token (the one place it is decrypted) and starts a new
// gateway connection and REST client with it.
void connect(self_ptr self) {
  auto& st = self->state;
  auto token = st.env.tokens.open ? st.env.tokens.open(st.acct.user_token)
                                  : std::optional<std::string>{st.acct.user_token};
  if (!token) {
    domain::health_event e;
    e.kind = domain::health_event_kind::link_auth_failed;
    e.detail = "the stored token cannot be decrypted (was security.secret_key changed?)";
    return observe(self, std::move(e));
  }
  auto ua = st.acct.user_agent.empty() ? st.env.discord.user_agent : st.acct.user_agent;
  discord::rest_options ro;
  ro.api_base = st.env.discord.api_base;
  ro.discordsays_base = st.env.discord.discordsays_base;
  ro.token = *token;
  ro.user_agent = ua;
  ro.timeout = st.env.discord.request_timeout;
  st.rest = std::make_shared<discord::rest_client>(*st.env.http, ro);
  discord::gateway_options go;
  go.url = st.env.discord.gateway_url;
  go.compress = st.env.discord.compress;
  go.token = std::move(*token);
  go.user_agent = ua;
  go.client_build_number = st.env.discord.client_build_number;
  go.ca_file = st.env.discord.ca_file;
  go.connect_timeout = st.env.discord.connect_timeout;
  auto addr = self->address();
  auto to_self = [addr] {
    return caf::actor_cast<account_actor>(caf::actor_cast<caf::strong_actor_ptr>(addr));
  };
  discord::gateway_handlers h;
  h.on_ready = [to_self](const discord::ready_info& r) {
    if (auto hdl = to_self()) caf::anon_send(hdl, ready_atom_v, r);
  };
  h.on_resumed = [to_self] {
    if (auto hdl = to_self()) caf::anon_send(hdl, reconcile_atom_v, std::string{"gateway resumed"});
  };
  h.on_event = [to_self](discord::gateway_event ev) {
    if (auto hdl = to_self()) caf::anon_send(hdl, event_atom_v, std::move(ev));
  };
  h.on_state = [to_self](discord::link_state s, std::string reason, std::int64_t retry_at) {
    if (auto hdl = to_self())
      caf::anon_send(hdl, link_atom_v, static_cast<int>(s), std::move(reason), retry_at);
  };
  st.link->gateway = std::make_shared<discord::gateway_client>(*st.env.io, go, std::move(h));
  st.link->gateway->start();
}

// Closes the current gateway connection (its callbacks stop) and opens a new
// one; the queue, the running jobs and their correlation keys stay, and the
// new session's READY reads the history for the jobs that ran meanwhile.
void reconnect(self_ptr self, const std::string& why) {
  auto& st = self->state;
  if (st.link->gateway) st.link->gateway->stop();
  st.link->gateway.reset();
  spdlog::info("account {} reconnecting: {}", st.acct.id, why);
  domain::health_event enable;  // a disabled account (e.g. a bad token) gets a new try
  enable.kind = domain::health_event_kind::operator_enable;
  observe(self, enable);
  domain::health_event connecting;
  connecting.kind = domain::health_event_kind::link_connecting;
  observe(self, connecting);
  connect(self);
}

// An admin changed the account: new sizes and timeouts apply at once; a
// smaller queue refuses only new reservations (accepted work is never dropped).
void apply_settings(self_ptr self, domain::account acct, std::chrono::milliseconds run_timeout,
                    bool reconnect_now) {
  auto& st = self->state;
  bool connection_changed = domain::changes_connection(st.acct, acct);
  st.acct = std::move(acct);
  st.env.run_timeout = run_timeout;
  st.rec.set_max_age(run_timeout);
  if (reconnect_now)
    reconnect(self, "settings updated by an operator");
  else if (connection_changed)
    spdlog::info("account {}: the new token or user agent applies at the next reconnect",
                 st.acct.id);
  pump(self);
}

// Deleted or disabled by an admin: nothing it holds may wait silently.
void retire(self_ptr self, const std::string& reason) {
  auto& st = self->state;
  spdlog::warn("account {}: {}; failing {} queued and {} running task(s)", st.acct.id, reason,
               st.queue.size(), st.running.size());
  for (auto& w : st.queue) fail(w.task, reason);
  st.queue.clear();
  for (auto& [id, run] : st.running) fail(run.task, reason);
  st.running.clear();
  st.reserved.clear();  // the router fails these itself: their account is gone
  auto gone = [&] { return caf::make_error(domain::errc::no_account, reason); };
  for (auto& [key, rp] : st.uploads) rp.deliver(gone());
  st.uploads.clear();
  for (auto& [hash, waiters] : st.seed_waiters)
    for (auto& rp : waiters) rp.deliver(gone());
  st.seed_waiters.clear();
  for (auto& rp : st.settings_waiters) rp.deliver(gone());
  st.settings_waiters.clear();
  if (st.link->gateway) st.link->gateway->stop();
  st.link->gateway.reset();
  self->quit();
}

}  // namespace

account_actor spawn_account(caf::actor_system& sys, domain::account acct, account_env env,
                            task_router_actor router) {
  auto behavior = [](self_ptr self, domain::account acct, account_env env,
                     task_router_actor router) -> account_actor::behavior_type {
    auto& st = self->state;
    st.acct = std::move(acct);
    st.env = std::move(env);
    st.router = std::move(router);
    st.rec = reconciler{reconcile_settings{st.env.discord.stall_after, st.env.run_timeout}};
    self->attach_functor([link = st.link](const caf::error&) {
      if (link->gateway) link->gateway->stop();
    });
    connect(self);
    push_load(self);
    return {
        [self](reserve_atom, const std::string& task_id, bool relax) -> caf::result<int> {
          auto& st = self->state;
          if (!domain::can_serve_later(st.health))
            return caf::make_error(domain::errc::no_account,
                                   "account disabled: " + domain::reason_text(st.health));
          int waiting = waiting_in(st, relax);
          if (!under_day_limit(st, waiting_in(st, false) + waiting_in(st, true)))
            return caf::make_error(domain::errc::queue_full, "今日绘图次数已达上限");
          int free_slots = domain::can_take_work(st.health)
                               ? std::max(0, core_of(st, relax) - running_in(st, relax))
                               : 0;
          // Code 1 when it starts at once; else it waits behind the tasks
          // already queued plus at least one running job (code 22, n ≥ 1).
          int ahead = 0;
          if (waiting >= free_slots) {
            int queued_now = waiting - free_slots;
            if (queued_now >= queue_of(st, relax)) return caf::make_error(domain::errc::queue_full);
            ahead = queued_now + 1;
          }
          st.reserved[task_id] = relax;
          push_load(self);
          return ahead;
        },
        [self](enqueue_atom, job_request& job, const task_actor& task) {
          auto& st = self->state;
          st.reserved.erase(job.task_id);
          if (!domain::can_serve_later(st.health)) {
            fail(task, "account disabled: " + domain::reason_text(st.health));
            return push_load(self);
          }
          enqueue_in_order(st, waiting_task{std::move(job), task});
          pump(self);
        },
        [self](priority_atom, const std::string& task_id, int priority) {
          auto& st = self->state;
          auto it = std::find_if(st.queue.begin(), st.queue.end(),
                                 [&](const waiting_task& w) { return w.job.task_id == task_id; });
          if (it == st.queue.end()) return false;
          auto w = std::move(*it);
          st.queue.erase(it);
          w.job.priority = priority;
          enqueue_in_order(st, std::move(w));
          return true;
        },
        [self](release_atom, const std::string& task_id) {
          auto& st = self->state;
          st.reserved.erase(task_id);
          std::erase_if(st.queue, [&](const waiting_task& w) { return w.job.task_id == task_id; });
          finish(self, task_id);
        },
        [self](event_atom, const discord::gateway_event& ev) { on_event(self, ev); },
        [self](upload_atom,
               std::vector<upload_file>& files) -> caf::result<std::vector<std::string>> {
          auto& st = self->state;
          if (!st.health.link_up || !st.rest) return caf::make_error(domain::errc::queue_full);
          auto key = "upload:" + std::to_string(++st.upload_seq);
          auto rp = self->make_response_promise<std::vector<std::string>>();
          st.uploads.emplace(key, rp);
          auto inputs = upload_inputs(std::move(files));
          auto addr = self->address();
          discord::upload_attachments(
              st.rest, st.acct.channel_id, std::move(inputs), true,
              discord::make_nonce(now_ms(), 0, st.nonce_seq++ & 0xfff),
              [addr, key](discord::upload_outcome out) {
                if (auto hdl = caf::actor_cast<account_actor>(
                        caf::actor_cast<caf::strong_actor_ptr>(addr)))
                  caf::anon_send(hdl,
                                 upload_done{key, {}, std::move(out.urls), std::move(out.error)});
              });
          return rp;
        },
        [self](click_atom, const job_request& click) -> caf::result<bool> {
          return click_without_job(self, click);
        },
        [self](seed_atom, const std::string& job_hash, const std::string& message_id)
            -> caf::result<std::string> { return capture_seed(self, job_hash, message_id); },
        [self](seed_atom, const std::string& job_hash, const std::string&,
               const std::string& error) {
          self->state.seed_asked.erase(job_hash);
          auto waiting = self->state.seed_waiters.extract(job_hash);
          if (waiting.empty()) return;
          for (auto& rp : waiting.mapped())
            rp.deliver(caf::make_error(domain::errc::validation, error));
        },
        [self](const upload_done& done) {
          if (auto pending = self->state.uploads.find(done.task_id);
              pending != self->state.uploads.end()) {
            if (done.error.empty())
              pending->second.deliver(done.urls);
            else
              pending->second.deliver(caf::make_error(domain::errc::internal, done.error));
            self->state.uploads.erase(pending);
            return;
          }
          auto it = self->state.running.find(done.task_id);
          if (it == self->state.running.end()) return;  // released meanwhile
          if (!done.error.empty()) {
            fail(it->second.task, done.error);
            return finish(self, done.task_id);
          }
          send_command(self, done.task_id, done);
        },
        [self](ready_atom, const discord::ready_info& r) {
          // A new session: whatever was dispatched in the gap is lost.
          if (!self->state.running.empty()) self->state.rec.request("new gateway session");
          auto& st = self->state;
          st.session = r;
          st.synced.username = r.username;
          spdlog::info("account {} ready as {} ({})", st.acct.id, r.username, r.user_id);
          on_link(self, discord::link_state::ready, {}, 0);
          discover(self);
          sync(self);
        },
        [self](link_atom, int state, const std::string& reason, std::int64_t retry_at) {
          on_link(self, static_cast<discord::link_state>(state), reason, retry_at);
        },
        [self](sent_atom, const std::string& task_id, int status, bool sent,
               const std::string& error, bool invalid_version) {
          on_sent(self, task_id, status, sent, error, invalid_version);
        },
        [self](commands_atom, int status, const std::string& body) {
          on_commands(self, status, body);
        },
        [self](sync_atom) { sync(self); },
        [self](sync_atom, const std::string& kind, const std::string& value) -> caf::result<bool> {
          return run_account_command(self, kind, value);
        },
        [self](adopt_atom, job_request& work, task_actor& task, const domain::task& t) {
          adopt(self, std::move(work), std::move(task), t);
        },
        [self](reconcile_atom, std::string& why) {
          // RESUMED replays what was missed, but the gap is not visible here:
          // one history page is cheap, so every resume with jobs running reads.
          if (self->state.running.empty()) return;
          self->state.rec.request(std::move(why));
          read_history(self);
        },
        [self](history_atom, int status, const std::string& body) {
          on_history(self, status, body);
        },
        [self](stall_atom) { on_stall_check(self); },
        [self](update_atom, domain::account& acct, std::int64_t run_timeout_ms,
               bool reconnect_now) {
          apply_settings(self, std::move(acct), std::chrono::milliseconds{run_timeout_ms},
                         reconnect_now);
        },
        [self](retire_atom, const std::string& reason) { retire(self, reason); },
    };
  };
  return sys.spawn(behavior, std::move(acct), std::move(env), std::move(router));
}

}  // namespace mjgate::actors
