#include "actors/task_router.hpp"

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <memory>
#include <random>
#include <set>
#include <unordered_map>
#include <utility>

#include "actors/clock.hpp"
#include "actors/input_files.hpp"
#include "discord/custom_id.hpp"
#include "discord/replies.hpp"
#include "domain/account_choice.hpp"
#include "domain/account_edit.hpp"
#include "domain/cancel.hpp"
#include "domain/follow_up.hpp"
#include "domain/ids.hpp"
#include "domain/mj_relay.hpp"
#include "domain/mj_relay_ops.hpp"
#include "domain/prompt.hpp"
#include "domain/relay.hpp"
#include "domain/remix.hpp"
#include "domain/url_policy.hpp"
#include "domain/user.hpp"

namespace mjgate::actors {

namespace {

struct account_slot {
  account_actor handle;
  std::chrono::milliseconds run_timeout;
  domain::remix_settings remix;                ///< as the account last reported it
  account_load load;                           ///< its last report (the account list shows it)
  std::string remark;                          ///< the account's remark (accountFilter.remark)
  std::chrono::milliseconds queue_timeout{0};  ///< for its tasks (account override or global)
  std::chrono::milliseconds modal_timeout{0};
  std::vector<std::string> allow_modes;  ///< FAST / RELAX / TURBO it serves; empty = all
};

struct relay_job;

struct router_state {
  router_deps deps;
  std::vector<domain::account_capacity> capacities;            ///< choice input, updated by pushes
  std::vector<domain::account_capacity> relax_capacities;      ///< the same for the relax lane
  std::vector<account_slot> accounts;                          ///< same index as capacities
  std::unordered_map<std::string, std::size_t> account_index;  ///< account id → index
  std::unordered_map<std::string, task_actor> live;            ///< id → owner
  std::unordered_map<caf::actor_addr, std::string> live_ids;   ///< owner → id
  /// Relayed tasks committed but not yet taken by their upstream (no owner yet).
  std::unordered_map<std::string, std::shared_ptr<relay_job>> relaying;
  /// Accounts with an admin change in flight (id), and channels being created.
  std::set<std::string> busy_accounts;
  std::set<std::string> pending_channels;
  std::unordered_map<std::string, std::int64_t> live_users;          ///< id → the task's user
  std::unordered_map<std::int64_t, int> user_live;                   ///< user → live tasks
  std::unordered_map<std::int64_t, domain::rate_bucket> user_rates;  ///< user → submit bucket
  domain::task_id_generator ids;
  input_files inputs{{}};  ///< the client's images until their tasks end
  std::size_t next_reader = 0;
  std::mt19937_64 rng{std::random_device{}()};
  static inline const char* name = "task_router";

  router_state() = default;
  router_state(const router_state&) = delete;
  router_state& operator=(const router_state&) = delete;
  /// The router owns the accounts and the live tasks: they stop with it.
  /// (The state, not attach_functor: CAF 0.17 destroys the state first.)
  ~router_state() {
    for (auto& a : accounts) caf::anon_send_exit(a.handle, caf::exit_reason::user_shutdown);
    for (auto& [id, t] : live) caf::anon_send_exit(t, caf::exit_reason::user_shutdown);
  }
};

using self_ptr = task_router_actor::stateful_pointer<router_state>;

/// The reader for the next query (round-robin over their own sessions).
const store_actor& reader(self_ptr self) {
  auto& st = self->state;
  return st.deps.readers[st.next_reader++ % st.deps.readers.size()];
}

account_slot* find_account(self_ptr self, const std::string& id) {
  auto it = self->state.account_index.find(id);
  return it == self->state.account_index.end() ? nullptr : &self->state.accounts[it->second];
}

/// The account's settings (enabled or not), or null when there is none.
domain::account* registered(self_ptr self, const std::string& id) {
  auto& all = self->state.deps.accounts;
  auto it =
      std::find_if(all.begin(), all.end(), [&](const domain::account& a) { return a.id == id; });
  return it == all.end() ? nullptr : &*it;
}

/// Why a task cannot run on an account that has no actor any more.
std::string gone_reason(self_ptr self, const std::string& id) {
  return registered(self, id) ? "账号已停用" : "账号已删除";
}

void fail_task(const task_actor& task, std::string reason) {
  domain::task_patch p;
  p.status = domain::task_status::failure;
  p.at_ms = now_ms();
  p.fail_reason = std::move(reason);
  caf::anon_send(task, patch_atom_v, std::move(p));
}

/// The live actor of `id` when it is still `handle` (an admin may have
/// deleted or disabled the account while a task was being admitted), else null.
account_slot* still_running(self_ptr self, const std::string& id, const account_actor& handle) {
  auto* slot = find_account(self, id);
  return slot && slot->handle == handle ? slot : nullptr;
}

/// What the account sends for a task: its prompt, or a click on the
/// parent's message (follow-ups), whose modal (if one opens) gets the
/// task's prompt_full ("" keeps the modal's own text).
job_request job_for(const domain::task& t, std::string mask_base64 = {}) {
  job_request job;
  job.task_id = t.id;
  job.action = t.action;
  job.bot_type = t.bot_type;
  job.speed = t.mode;
  job.priority = t.priority;
  job.queued_at = t.submit_time;
  if (t.custom_id.empty()) {
    if (t.action == domain::task_action::describe)
      job.link = t.prompt_full;
    else if (t.action == domain::task_action::blend)
      job.dimensions = t.prompt_full;
    else
      job.prompt = t.prompt_full.empty() ? t.prompt : t.prompt_full;
    return job;
  }
  job.message_id = t.referenced_message_id;
  job.custom_id = t.custom_id;
  job.modal_prompt = t.prompt_full;
  job.mask_base64 = std::move(mask_base64);
  return job;
}

// Puts the task on the board (so a fetch right after the answer finds it)
// and spawns its owner. A relayed task's timeouts are its poller's
// (poll.mj_timeout); the owner's timers are only a backstop.
task_actor start_task(self_ptr self, domain::task t, account_slot* executor, bool relayed = false) {
  auto& st = self->state;
  // Backend tasks wait longer (backend.queue_timeout); others by their
  // account's override, else task.queue_timeout.
  auto queue_timeout = t.origin == "backend" ? st.deps.settings.backend_queue_timeout
                       : executor            ? executor->queue_timeout
                                             : st.deps.settings.queue_timeout;
  task_deps deps{st.deps.writer,
                 st.deps.board,
                 st.deps.notifier,
                 st.deps.render,
                 queue_timeout,
                 executor ? executor->run_timeout : st.deps.settings.run_timeout,
                 executor ? executor->modal_timeout : st.deps.settings.modal_timeout,
                 st.inputs};
  deps.image_keeper = st.deps.image_keeper;
  if (relayed) {
    deps.queue_timeout = st.deps.settings.mj_timeout + std::chrono::minutes{5};
    deps.run_timeout = deps.queue_timeout;
  }
  auto id = t.id;
  st.live_users[id] = t.user_id;
  ++st.user_live[t.user_id];
  auto first = std::make_shared<const domain::task>(std::move(t));
  st.deps.board->publish(first);
  auto actor = spawn_task(self->system(), std::move(first), std::move(deps),
                          executor ? executor->handle : account_actor{});
  self->monitor(actor);
  st.live[id] = actor;
  st.live_ids[actor.address()] = id;
  return actor;
}

/// ".png", ".jpg", ".webp" or ".gif" for an uploaded file's type.
std::string extension_of(const upload_file& f) {
  if (f.mime == "image/jpeg") return ".jpg";
  if (f.mime == "image/webp") return ".webp";
  if (f.mime == "image/gif") return ".gif";
  return ".png";
}

/// The client's files named after their task ("<id>-<n>.<ext>"), as Discord shows them.
std::vector<upload_file> named_files(const std::string& task_id, std::vector<upload_file> files) {
  for (std::size_t i = 0; i < files.size(); ++i)
    files[i].filename = task_id + "-" + std::to_string(i) + extension_of(files[i]);
  return files;
}

/// The per-user limits of api-contracts.md §1.7 (rate_limited: mj code 23
/// with retryAfter, node-api 429 + Retry-After): tasks in flight, and submits per minute. Root, the
/// operator, is exempt.
std::optional<caf::error> check_user_limits(self_ptr self, const principal& who) {
  auto& st = self->state;
  const auto& s = st.deps.settings;
  if (who.role >= 100) return std::nullopt;
  if (s.max_in_flight_per_user > 0) {
    auto live = st.user_live.find(who.user_id);
    if (live != st.user_live.end() &&
        static_cast<std::size_t>(live->second) >= s.max_in_flight_per_user)
      return caf::make_error(
          domain::errc::rate_limited,
          "进行中的任务过多（上限 " + std::to_string(s.max_in_flight_per_user) + "），请稍后尝试",
          10);
  }
  if (s.rate_limit_per_minute > 0) {
    auto now = now_ms();
    auto [it, fresh] = st.user_rates.try_emplace(who.user_id, s.rate_limit_per_minute, now);
    if (auto wait = it->second.take(now))
      return caf::make_error(
          domain::errc::rate_limited,
          "提交过于频繁（每分钟 " + std::to_string(s.rate_limit_per_minute) + " 次），请稍后尝试",
          *wait);
    if (st.user_rates.size() > 10000)  // forget users whose bucket refilled
      std::erase_if(st.user_rates, [now](const auto& kv) { return kv.second.idle(now); });
  }
  return std::nullopt;
}

/// backend.max_pending (api-contracts.md §7.1): a backend submit is refused
/// while its user already has that many tasks waiting (NOT_START or MODAL
/// on the board). Cheap unless the user has that many live tasks at all.
std::optional<caf::error> check_backend_pending(self_ptr self, const submit_command& cmd) {
  auto& st = self->state;
  const auto limit = st.deps.settings.backend_max_pending;
  if (cmd.origin != "backend" || limit == 0) return std::nullopt;
  auto live = st.user_live.find(cmd.who.user_id);
  if (live == st.user_live.end() || static_cast<std::size_t>(live->second) < limit)
    return std::nullopt;
  std::size_t waiting = 0;
  for (const auto& [id, user] : st.live_users) {
    if (user != cmd.who.user_id) continue;
    auto s = st.deps.board->find(id);
    if (s &&
        (s->status == domain::task_status::not_start || s->status == domain::task_status::modal))
      ++waiting;
  }
  if (waiting < limit) return std::nullopt;
  return caf::make_error(domain::errc::too_many_pending,
                         "等待中的任务过多（上限 " + std::to_string(limit) + "），请稍后尝试", 10);
}

/// Who pays for `t` and how much it holds (api-contracts.md §5.3): the
/// owner's group price when billing is on; root is never charged.
void charge(const router_settings& s, domain::task& t, const principal& who) {
  t.user_id = who.user_id;
  t.api_key_id = who.api_key_id;
  t.user_group = who.group;
  if (!s.billing || who.role >= 100) return;
  t.quota = domain::price_of(s.prices, t.action, who.group);
  if (t.quota > 0) t.billing_state = std::string{domain::billing_held};
}

/// What confirming the MODAL task `t` holds (§5.3 rule 6: the modal click
/// is free, the modal submit is charged): its owner's price; root pays nothing.
std::int64_t modal_price(const router_settings& s, const domain::task& t) {
  if (!s.billing || t.user_id == domain::root_user_id) return 0;
  return domain::price_of(s.prices, t.action, t.user_group);
}

/// A failed insert: the balance did not cover the price, or storage failed.
caf::error insert_failure(const caf::error& err) {
  if (err == domain::errc::insufficient_quota) return err;
  return caf::make_error(domain::errc::storage_failure);
}

domain::task new_task(self_ptr self, const submit_command& cmd, const std::string& prompt) {
  auto& st = self->state;
  auto now = now_ms();
  domain::task t;
  t.id = st.ids.next(now);
  t.uuid = domain::make_uuid_v4(st.rng);
  t.action = cmd.action;
  charge(st.deps.settings, t, cmd.who);
  t.prompt = prompt;
  t.prompt_en = prompt;
  t.prompt_full = prompt;
  switch (cmd.action) {
    case domain::task_action::describe:
      // What is described: the link, or the uploaded file "<id>.<ext>".
      t.prompt_full = cmd.link;
      t.description =
          "/describe " + (cmd.link.empty() ? t.id + extension_of(cmd.files.front()) : cmd.link);
      break;
    case domain::task_action::blend:
      t.prompt_full = cmd.dimensions;
      t.description = "/blend " + t.id + " " + std::to_string(cmd.files.size());
      break;
    case domain::task_action::shorten:
      t.description = "/shorten " + prompt;
      break;
    case domain::task_action::upload:
      t.description = "/upload " + std::to_string(cmd.files.size());
      break;
    default:
      if (st.deps.settings.inject_seed && !domain::has_seed_parameter(prompt))
        t.prompt_full = domain::with_seed(prompt, static_cast<std::uint32_t>(st.rng()));
      t.description = "/imagine " + prompt;
  }
  t.state = cmd.state;
  t.notify_hook = cmd.notify_hook;
  t.priority = cmd.priority;
  t.origin = cmd.origin.empty() ? "mj" : cmd.origin;
  t.type = cmd.type;
  t.input = cmd.input;
  t.note = cmd.note;
  t.bot_type = cmd.bot_type.empty() ? "MID_JOURNEY" : cmd.bot_type;
  t.mode = cmd.speed;  // the requested speed until Midjourney reports the one it ran
  t.submit_time = now;
  t.created_at = now;
  t.updated_at = now;
  t.revision = 1;
  return t;
}

std::optional<caf::error> validate(self_ptr self, const submit_command& cmd,
                                   const std::string& prompt) {
  const auto& s = self->state.deps.settings;
  auto invalid = [](const char* text) { return caf::make_error(domain::errc::validation, text); };
  using enum domain::task_action;
  const bool has_prompt = cmd.action == imagine || cmd.action == shorten || cmd.action == video;
  if (has_prompt && prompt.empty()) return invalid("prompt不能为空");
  if (prompt.size() > s.max_prompt) return invalid("prompt过长");
  if (cmd.action == describe && cmd.files.size() + (cmd.link.empty() ? 0 : 1) != 1)
    return invalid("describe需要一张图片(base64或link)");
  if (cmd.action == blend && (cmd.files.size() < 2 || cmd.files.size() > 5))
    return invalid("blend需要2-5张图片");
  if (cmd.action == upload && (cmd.files.empty() || cmd.files.size() > 5))
    return invalid("base64Array需要1到5张图片");
  if (cmd.action != imagine && cmd.action != describe && cmd.action != blend &&
      cmd.action != shorten && cmd.action != video && cmd.action != upload)
    return invalid("不支持的操作");
  if (cmd.bot_type != "MID_JOURNEY" && cmd.bot_type != "NIJI_JOURNEY" && !cmd.bot_type.empty())
    return invalid("botType错误");
  if (!cmd.notify_hook.empty())
    if (auto why = domain::check_webhook_url(cmd.notify_hook, s.allow_private_hooks))
      return caf::make_error(domain::errc::validation, *why);
  if (has_prompt)
    if (auto word = domain::find_banned_word(prompt, s.banned_words))
      return caf::make_error(domain::errc::banned_prompt, *word, prompt);
  if (self->state.live.size() >= s.max_in_flight) return caf::make_error(domain::errc::queue_full);
  return std::nullopt;
}

/// A submit on its way through admission; shared by the continuations so the
/// task is never copied between the steps.
struct admission {
  domain::task t;
  std::string instance_id;
  std::set<std::string> tried;     ///< accounts found full
  bool pinned = false;             ///< a follow-up: only its parent's account may run it
  std::vector<upload_file> files;  ///< the client's images, kept on disk before the commit
  std::string speed;               ///< requested FAST / RELAX / TURBO ("" = any)
  std::string remark;              ///< accountFilter.remark ("" = any)
  int remix = -1;                  ///< accountFilter.remix: 1 on, 0 off, -1 either
  /// accounts_then_channels: the request for a midjourney-proxy channel when
  /// no account can take the task (null = accounts only).
  std::shared_ptr<domain::mj_upstream_submit> overflow;
};

/// Accounts the caller's accountFilter rules out (remark substring, Remix
/// on/off) and those whose allowModes exclude the requested speed.
std::set<std::string> filtered_out(const std::vector<account_slot>& accounts,
                                   const std::vector<domain::account_capacity>& capacities,
                                   const admission& a) {
  std::set<std::string> out;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    bool remark_ok = a.remark.empty() || accounts[i].remark.find(a.remark) != std::string::npos;
    bool remix_ok = a.remix < 0 || accounts[i].load.remix == (a.remix == 1);
    const auto& modes = accounts[i].allow_modes;
    bool mode_ok = a.speed.empty() || modes.empty() ||
                   std::find(modes.begin(), modes.end(), a.speed) != modes.end();
    if (!remark_ok || !remix_ok || !mode_ok) out.insert(capacities[i].id);
  }
  return out;
}

/// Accounts that cannot run `speed` now: FAST and TURBO need fast hours.
std::set<std::string> unusable_for(const std::vector<account_slot>& accounts,
                                   const std::vector<domain::account_capacity>& capacities,
                                   const std::string& speed) {
  std::set<std::string> out;
  if (speed != "FAST" && speed != "TURBO") return out;
  for (std::size_t i = 0; i < accounts.size(); ++i)
    if (accounts[i].load.health.fast_exhausted) out.insert(capacities[i].id);
  return out;
}

// -- the midjourney-proxy relay (api-contracts.md §5.4) --------------------------

/// A relayed submit on its way: the task (committed once `stored`), the
/// upstream request and the channels tried so far.
struct relay_job {
  domain::task t;
  mj_relay_submit submit;
  bool pinned = false;     ///< a follow-up: its parent's channel only
  bool stored = false;     ///< the NOT_START row is committed
  bool transient = false;  ///< a channel failed for now (23), not for good (3)
  caf::error fallback;     ///< overflow: the accounts' refusal, if no channel takes it either
  nlohmann::json attempts = nlohmann::json::array();
  std::int64_t deadline = 0;  ///< epoch ms: the whole submit ends before the HTTP ask
  /// Cancels asked before the upstream took the task: answered once it is
  /// CANCEL (never sent, or cancelled there too) or has failed.
  std::vector<caf::typed_response_promise<bool>> cancel_waiters;
};
using relay_ptr = std::shared_ptr<relay_job>;
using submit_promise = caf::typed_response_promise<submit_result>;
using cancel_waiters = std::vector<caf::typed_response_promise<bool>>;

void deliver_all(cancel_waiters& waiters, const caf::error& err) {
  for (auto& w : waiters) {
    if (err)
      w.deliver(err);
    else
      w.deliver(true);
  }
  waiters.clear();
}

// Cancels a relayed task here (its owner commits CANCEL, refunding a hold
// that never reached Discord), then answers the waiters. An owner that
// ended meanwhile counts when its task did end CANCEL (a poll of the
// upstream's own CANCEL got there first).
void cancel_here(self_ptr self, const std::string& id, const task_actor& task,
                 cancel_waiters waiters) {
  self->request(task, self->state.deps.settings.ask_timeout, cancel_atom_v)
      .then([waiters](bool) mutable { deliver_all(waiters, {}); },
            [self, id, waiters](caf::error& err) mutable {
              // Its owner ended meanwhile: a poll brought the upstream's end first.
              auto now = self->state.deps.board->find(id);
              if (now && now->status == domain::task_status::cancel)
                err = caf::error{};
              else if (now && domain::is_terminal(now->status))
                err = caf::make_error(domain::errc::validation, "任务已结束，无法取消");
              deliver_all(waiters, err);
            });
}

// A relayed task the upstream holds: the cancel goes to its channel first
// (with that channel's key, against the upstream id). Confirmed there, or
// unknown there (nothing runs that we could stop): CANCEL here. Already
// final there: code 4 with the upstream's words, and the poller brings the
// final state. Unreachable: 23, nothing changes.
void forward_cancel(self_ptr self, const domain::task& s, const task_actor& task,
                    cancel_waiters waiters) {
  auto& st = self->state;
  if (!st.deps.center)
    return deliver_all(waiters, caf::make_error(domain::errc::queue_full,
                                                "上游渠道不可用，取消未完成，请稍后重试"));
  mj_relay_submit sub;
  sub.channel_id = s.channel_id;
  sub.action = std::string{domain::to_string(s.action)};
  sub.request.kind = "cancel";
  sub.request.task_id = s.upstream_task_id;
  auto timeout = st.deps.settings.ask_timeout;
  sub.timeout_ms = std::max<std::int64_t>(timeout.count() - 1000, 500);
  self->request(st.deps.center, timeout, relay_atom_v, std::move(sub))
      .then(
          [self, task, waiters, id = s.id, channel = s.channel_id](mj_relay_answer& a) mutable {
            using enum domain::mj_cancel_verdict;
            auto out = domain::read_mj_cancel(a.status, a.body);
            switch (out.verdict) {
              case cancelled:
              case unknown:
                if (out.verdict == unknown)
                  spdlog::warn("task {}: channel {} does not know it ({}); cancelled here", id,
                               channel, out.description);
                return cancel_here(self, id, task, std::move(waiters));
              case finished:
                return deliver_all(waiters,
                                   caf::make_error(domain::errc::validation, out.description));
              default:
                spdlog::warn("task {}: cancel not confirmed by channel {}: {}", id, channel,
                             out.description);
                return deliver_all(waiters,
                                   caf::make_error(domain::errc::queue_full,
                                                   "上游渠道暂不可用，取消未完成，请稍后重试"));
            }
          },
          [waiters](caf::error&) mutable {
            deliver_all(waiters, caf::make_error(domain::errc::queue_full,
                                                 "上游渠道暂不可用，取消未完成，请稍后重试"));
          });
}

/// A new task's request as a midjourney-proxy upstream takes it: the client's
/// prompt (the upstream injects its own seed) and images as data URLs;
/// never the client's notifyHook or accountFilter.
domain::mj_upstream_submit relay_request_of(const submit_command& cmd, const std::string& prompt) {
  domain::mj_upstream_submit r;
  r.bot_type = cmd.bot_type;
  r.prompt = prompt;
  std::vector<std::string> images;
  for (const auto& f : cmd.files) images.push_back(domain::data_url(f.mime, f.bytes));
  switch (cmd.action) {
    case domain::task_action::describe:
      r.kind = "describe";
      r.link = cmd.link;
      if (r.link.empty() && !images.empty()) r.image = images.front();
      break;
    case domain::task_action::blend:
      r.kind = "blend";
      r.images = std::move(images);
      r.dimensions = cmd.dimensions;
      break;
    case domain::task_action::shorten:
      r.kind = "shorten";
      break;
    default:  // imagine, and video by prompt (--video)
      r.kind = "imagine";
      r.images = std::move(images);
  }
  return r;
}

// The task could not be relayed: a committed row fails through its owner
// (the one place a terminal transition happens: the hold is refunded once).
void relay_give_up(self_ptr self, submit_promise rp, const relay_ptr& job, caf::error err,
                   const std::string& reason) {
  self->state.relaying.erase(job->t.id);
  deliver_all(job->cancel_waiters,
              caf::make_error(domain::errc::validation, "任务已结束，无法取消"));
  if (job->stored) {
    job->t.relay_attempts = job->attempts.dump();
    spdlog::warn("task {}: not relayed ({} attempt(s)): {}", job->t.id, job->attempts.size(),
                 reason);
    fail_task(start_task(self, job->t, nullptr, true), reason);
  }
  rp.deliver(std::move(err));
}

// The upstream took it (1/22, or 21: a MODAL task there): the upstream id is
// committed, then the owner starts and the channel's poller follows it.
void relay_accept(self_ptr self, submit_promise rp, relay_ptr job,
                  const domain::mj_submit_outcome& out) {
  auto& t = job->t;
  const bool modal = out.verdict == domain::mj_submit_verdict::modal;
  t.upstream_task_id = out.upstream_id;
  t.relay_attempts = job->attempts.dump();
  t.submit_code = modal ? 21 : out.queue_ahead > 0 ? 22 : 1;
  if (modal) t.status = domain::task_status::modal;  // confirmed by /submit/modal, relayed too
  t.revision += 1;
  t.updated_at = now_ms();
  auto timeout = std::chrono::milliseconds{std::max<std::int64_t>(job->deadline - now_ms(), 1000)};
  self->request(self->state.deps.writer, timeout, update_atom_v, t)
      .then(
          [self, rp, job, out, modal](bool) mutable {
            auto& t = job->t;
            self->state.relaying.erase(t.id);
            auto owner = start_task(self, t, nullptr, true);
            if (!modal)
              caf::anon_send(self->state.deps.center, adopt_atom_v, t.channel_id, t.id,
                             t.upstream_task_id, t.submit_time, owner);
            submit_result res{t.id, {}, out.queue_ahead, modal, out.final_prompt, {}, t.uuid};
            res.seq = t.seq;
            rp.deliver(std::move(res));
            // Cancelled while the upstream call was under way: cancel it there
            // too (a MODAL task there runs nothing: cancelled here only).
            if (!job->cancel_waiters.empty()) {
              if (modal)
                cancel_here(self, t.id, owner, std::exchange(job->cancel_waiters, {}));
              else
                forward_cancel(self, t, owner, std::exchange(job->cancel_waiters, {}));
            }
          },
          [self, rp, job](caf::error& err) mutable {
            self->state.relaying.erase(job->t.id);
            deliver_all(job->cancel_waiters,
                        caf::make_error(domain::errc::validation, "任务已结束，无法取消"));
            spdlog::error("task {}: upstream id not stored: {}", job->t.id, to_string(err));
            fail_task(start_task(self, job->t, nullptr, true), "upstream id not stored");
            rp.deliver(caf::make_error(domain::errc::storage_failure));
          });
}

void relay_try(self_ptr self, submit_promise rp, relay_ptr job);

// One channel answered (or did not): accept, reject as the upstream said,
// or try the next channel (new tasks only; a follow-up is pinned: 23).
void relay_answered(self_ptr self, submit_promise rp, relay_ptr job, const mj_relay_answer& a) {
  using enum domain::mj_submit_verdict;
  auto out = domain::read_mj_submit(a.status, a.body);
  nlohmann::json attempt{{"channel_id", a.channel_id}, {"at", now_ms()}};
  if (out.code != 0) attempt["code"] = out.code;
  if (out.verdict != accepted && out.verdict != modal)
    attempt["error"] = out.code != 0 ? "code " + std::to_string(out.code)
                                     : domain::upstream_failure_text(a.status);
  job->attempts.push_back(std::move(attempt));
  if (out.verdict == accepted || out.verdict == modal) return relay_accept(self, rp, job, out);
  if (out.verdict == reject) {
    auto err = out.code == 24
                   ? caf::make_error(domain::errc::banned_prompt, out.banned_word, out.prompt_en)
                   : caf::make_error(domain::errc::validation, out.description);
    return relay_give_up(self, rp, job, std::move(err), "上游拒绝: " + out.description);
  }
  spdlog::warn("task {}: channel {} did not take it ({})", job->t.id, a.channel_id,
               job->attempts.back().value("error", std::string{}));
  if (out.verdict == next_channel) job->transient = true;
  if (job->pinned)
    return relay_give_up(self, rp, job, caf::make_error(domain::errc::queue_full),
                         "上游渠道暂不可用");
  job->submit.excluded.push_back(a.channel_id);
  job->t.channel_id = 0;
  relay_try(self, rp, std::move(job));
}

// No channel is left for a new task: the accounts' refusal when this was
// overflow, else 23 if some channel failed only for now, else 3.
void relay_exhausted(self_ptr self, submit_promise rp, relay_ptr job) {
  caf::error err = job->transient  ? caf::make_error(domain::errc::queue_full)
                   : job->fallback ? job->fallback
                                   : caf::make_error(domain::errc::no_account);
  relay_give_up(self, rp, job, std::move(err), "上游提交失败: 没有可用的渠道");
}

// Chooses a channel (new tasks), commits the NOT_START row once (channel_id
// set), then submits upstream through the task center.
void relay_try(self_ptr self, submit_promise rp, relay_ptr job) {
  auto& st = self->state;
  auto remaining = job->deadline - now_ms();
  if (remaining < 500)
    return relay_give_up(self, rp, job, caf::make_error(domain::errc::queue_full), "上游提交超时");
  auto ask = std::chrono::milliseconds{remaining};
  if (job->t.channel_id == 0) {
    self->request(st.deps.center, ask, route_atom_v, job->submit.action, job->submit.excluded)
        .then(
            [self, rp, job](std::int64_t channel) mutable {
              job->t.channel_id = channel;
              relay_try(self, rp, std::move(job));
            },
            [self, rp, job](caf::error&) mutable { relay_exhausted(self, rp, std::move(job)); });
    return;
  }
  if (!job->stored) {
    // Durable before the upstream call (the hold is taken in this insert).
    self->request(st.deps.writer, ask, insert_atom_v, job->t)
        .then(
            [self, rp, job](std::int64_t seq) mutable {
              job->t.seq = seq;
              job->stored = true;
              self->state.relaying[job->t.id] = job;
              relay_try(self, rp, std::move(job));
            },
            [rp, job](caf::error& err) mutable {
              spdlog::error("task {} not stored: {}", job->t.id, to_string(err));
              rp.deliver(insert_failure(err));
            });
    return;
  }
  if (!job->cancel_waiters.empty()) {
    // Cancelled before an upstream took it: CANCEL here (refunded), never sent again.
    st.relaying.erase(job->t.id);
    spdlog::info("task {}: cancelled before it was relayed", job->t.id);
    auto owner = start_task(self, job->t, nullptr, true);
    cancel_here(self, job->t.id, owner, std::exchange(job->cancel_waiters, {}));
    rp.deliver(caf::make_error(domain::errc::validation, std::string{domain::cancel_reason}));
    return;
  }
  job->submit.channel_id = job->t.channel_id;
  job->submit.timeout_ms = std::max<std::int64_t>(remaining - 300, 200);
  self->request(st.deps.center, ask, relay_atom_v, job->submit)
      .then([self, rp,
             job](mj_relay_answer& a) mutable { relay_answered(self, rp, std::move(job), a); },
            [self, rp, job](caf::error& err) mutable {
              if (err == domain::errc::no_account && job->pinned) {  // its channel is gone
                auto gone = domain::check_parent_account(domain::parent_account_reach::gone);
                return relay_give_up(self, rp, job, caf::make_error(gone.error, gone.message),
                                     "上游渠道已删除");
              }
              mj_relay_answer none{job->t.channel_id, 0, {}};  // before `job` is moved
              relay_answered(self, rp, std::move(job), none);
            });
}

// A new task for the midjourney-proxy channels (routing `channels`, or
// overflow with the accounts' refusal as `fallback`).
void relay_new(self_ptr self, submit_promise rp, domain::task t, domain::mj_upstream_submit req,
               const std::string& speed, caf::error fallback) {
  auto job = std::make_shared<relay_job>();
  job->t = std::move(t);
  job->t.account_id.clear();
  job->t.channel_id = 0;
  job->t.prompt_full = job->t.prompt;  // no injected seed: the upstream adds its own
  job->submit.action = std::string{domain::to_string(job->t.action)};
  job->submit.speed = speed;
  job->submit.request = std::move(req);
  job->fallback = std::move(fallback);
  job->deadline = now_ms() + self->state.deps.settings.ask_timeout.count();
  relay_try(self, rp, std::move(job));
}

/// The routing mode of a new task; `accounts` when no channel can be reached.
domain::routing_mode routing_of(self_ptr self, const submit_command& cmd) {
  const auto& st = self->state;
  if (!st.deps.center || cmd.action == domain::task_action::upload)
    return domain::routing_mode::accounts;
  return domain::routing_for(st.deps.settings.routing, cmd.who.group, cmd.action);
}

// Picks an account, reserves a place in its queue, commits the row, then
// answers; a full account is skipped and the next best one tried. With an
// overflow request, a refusal (none, saturated) goes to the channels instead.
void admit(self_ptr self, caf::typed_response_promise<submit_result> rp,
           std::shared_ptr<admission> a) {
  auto& st = self->state;
  // The caller's own constraints first: none left means no account can ever serve it (3).
  auto constrained = filtered_out(st.accounts, st.capacities, *a);
  bool any_left = std::any_of(st.capacities.begin(), st.capacities.end(), [&](const auto& c) {
    return c.enabled && c.health != domain::link_health::disabled && !constrained.count(c.id) &&
           (a->instance_id.empty() || c.id == a->instance_id);
  });
  if (!constrained.empty() && !any_left) {
    rp.deliver(caf::make_error(domain::errc::no_account));
    return;
  }
  auto skip = unusable_for(st.accounts, st.capacities, a->speed);
  skip.insert(a->tried.begin(), a->tried.end());
  skip.insert(constrained.begin(), constrained.end());
  // RELAX work goes by the relax lane's load; everything else by the fast lane's.
  const bool relax = a->speed == "RELAX";
  auto& lanes = relax ? st.relax_capacities : st.capacities;
  auto choice = domain::choose_best_wait_idle(lanes, a->instance_id, st.rng(), skip);
  if (choice.outcome == domain::choice_outcome::none && a->pinned) {
    auto check = domain::check_parent_account(domain::parent_account_reach::gone);
    rp.deliver(caf::make_error(check.error, check.message));
    return;
  }
  if (choice.outcome != domain::choice_outcome::chosen) {
    auto err =
        caf::make_error(choice.outcome == domain::choice_outcome::none ? domain::errc::no_account
                                                                       : domain::errc::queue_full);
    if (a->overflow)
      return relay_new(self, rp, std::move(a->t), std::move(*a->overflow), a->speed,
                       std::move(err));
    rp.deliver(std::move(err));
    return;
  }
  auto& capacity = lanes[choice.index];
  capacity.queued += 1;  // optimistic until the account pushes its load
  a->t.account_id = capacity.id;
  auto account = st.accounts[choice.index].handle;
  auto timeout = st.deps.settings.ask_timeout;
  self->request(account, timeout, reserve_atom_v, a->t.id, relax)
      .then(
          [self, rp, a, account, timeout](int ahead) mutable {
            a->t.submit_code = ahead == 0 ? 1 : 22;
            if (auto why = self->state.inputs.save(a->t.id, a->files); !why.empty()) {
              spdlog::error("task {}: images not kept: {}", a->t.id, why);
              caf::anon_send(account, release_atom_v, a->t.id);
              rp.deliver(caf::make_error(domain::errc::storage_failure));
              return;
            }
            self->request(self->state.deps.writer, timeout, insert_atom_v, a->t)
                .then(
                    [self, rp, a, account, ahead](std::int64_t seq) mutable {
                      auto& t = a->t;
                      t.seq = seq;
                      auto id = t.id;
                      auto job = job_for(t);
                      job.files = std::move(a->files);
                      auto account_id = t.account_id;
                      submit_result res{std::move(id), account_id, ahead, false, {}, {}, t.uuid};
                      res.seq = seq;
                      auto* slot = still_running(self, account_id, account);
                      auto actor = start_task(self, std::move(t), slot);
                      if (slot)
                        caf::anon_send(account, enqueue_atom_v, std::move(job), actor);
                      else  // committed already: it fails visibly, never waits silently
                        fail_task(actor, gone_reason(self, account_id));
                      rp.deliver(std::move(res));
                    },
                    [self, rp, a, account](caf::error& err) mutable {
                      spdlog::error("task {} not stored: {}", a->t.id, to_string(err));
                      self->state.inputs.remove(a->t.id);
                      caf::anon_send(account, release_atom_v, a->t.id);
                      rp.deliver(insert_failure(err));
                    });
          },
          [self, rp, a](caf::error& err) mutable {
            if (err == domain::errc::queue_full && !a->pinned && a->tried.size() < 3) {
              a->tried.insert(a->t.account_id);
              return admit(self, rp, std::move(a));
            }
            if ((err == domain::errc::queue_full || err == domain::errc::no_account) && a->overflow)
              return relay_new(self, rp, std::move(a->t), std::move(*a->overflow), a->speed,
                               std::move(err));
            rp.deliver(std::move(err));
          });
}

// A child that waits in MODAL for /submit/modal (code 21): stored and owned
// by a task actor, but not queued on its account until the modal is confirmed.
void admit_modal(self_ptr self, caf::typed_response_promise<submit_result> rp, domain::task t) {
  auto& st = self->state;
  t.status = domain::task_status::modal;
  t.submit_code = 21;
  // Nothing held while it waits: /submit/modal takes the price (modal_price).
  t.quota = 0;
  t.billing_state = std::string{domain::billing_none};
  auto shared = std::make_shared<domain::task>(std::move(t));
  self->request(st.deps.writer, st.deps.settings.ask_timeout, insert_atom_v, *shared)
      .then(
          [self, rp, shared](std::int64_t seq) mutable {
            auto& t = *shared;
            t.seq = seq;
            submit_result res{t.id, t.account_id, 0, true, t.prompt_full, {}, t.uuid};
            start_task(self, std::move(t), find_account(self, res.account_id));
            rp.deliver(std::move(res));
          },
          [rp, shared](caf::error& err) mutable {
            spdlog::error("task {} not stored: {}", shared->id, to_string(err));
            rp.deliver(insert_failure(err));
          });
}

// upload-discord-images: a ready account posts the images in its channel;
// the task is stored already finished (UPLOAD, SUCCESS) with their URLs.
void admit_upload(self_ptr self, caf::typed_response_promise<submit_result> rp, domain::task t,
                  std::vector<upload_file> files, const std::string& instance_id) {
  auto& st = self->state;
  auto choice = domain::choose_best_wait_idle(st.capacities, instance_id, st.rng());
  if (choice.outcome != domain::choice_outcome::chosen) {
    rp.deliver(caf::make_error(choice.outcome == domain::choice_outcome::none
                                   ? domain::errc::no_account
                                   : domain::errc::queue_full));
    return;
  }
  t.account_id = st.capacities[choice.index].id;
  auto shared = std::make_shared<domain::task>(std::move(t));
  self->request(st.accounts[choice.index].handle, std::chrono::seconds{60}, upload_atom_v,
                named_files(shared->id, std::move(files)))
      .then(
          [self, rp, shared](std::vector<std::string>& urls) mutable {
            auto& t = *shared;
            auto now = now_ms();
            t.status = domain::task_status::success;
            t.progress = 100;
            t.image_url = urls.empty() ? std::string{} : urls.front();
            t.start_time = now;
            t.finish_time = now;
            t.submit_code = 1;
            // Done at once: the hold is taken and settled in the one insert.
            if (t.billing_state == domain::billing_held)
              t.billing_state = std::string{domain::billing_settled};
            self->request(self->state.deps.writer, self->state.deps.settings.ask_timeout,
                          insert_atom_v, t)
                .then(
                    [self, rp, shared, urls](std::int64_t seq) mutable {
                      shared->seq = seq;
                      self->state.deps.board->remember(shared);
                      rp.deliver(submit_result{
                          shared->id, shared->account_id, 0, false, {}, urls, shared->uuid});
                    },
                    [rp](caf::error& err) mutable { rp.deliver(insert_failure(err)); });
          },
          [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
}

// image-seed on a task found on the board or in storage (null: unknown): the
// stored seed, or the account captures it (≤ 20 s) and the task keeps it.
void answer_seed(self_ptr self, caf::typed_response_promise<std::string> rp, const principal& who,
                 const domain::task* t) {
  auto refuse = [&rp](caf::error err) { rp.deliver(std::move(err)); };
  if (!t || !visible_to(who, *t)) return refuse(caf::make_error(domain::errc::task_not_found));
  if (t->status != domain::task_status::success || t->job_id.empty() || t->message_id.empty())
    return refuse(caf::make_error(domain::errc::validation, "任务未成功，无法获取seed"));
  if (!t->seed.empty()) {
    rp.deliver(t->seed);
    return;
  }
  auto* slot = find_account(self, t->account_id);
  if (!slot) return refuse(caf::make_error(domain::errc::validation, "任务所属账号不可用"));
  auto kept = std::make_shared<domain::task>(*t);
  self->request(slot->handle, std::chrono::seconds{20}, seed_atom_v, t->job_id, t->message_id)
      .then(
          [self, rp, kept](std::string& seed) mutable {
            kept->seed = seed;
            kept->revision += 1;
            kept->updated_at = now_ms();
            caf::anon_send(self->state.deps.writer, update_atom_v, *kept);
            self->state.deps.board->publish(kept);
            rp.deliver(std::move(seed));
          },
          [rp](caf::error& err) mutable {
            // Still capturing: the caller asks again and gets the cached seed.
            if (err == caf::sec::request_timeout) err = caf::make_error(domain::errc::queue_full);
            rp.deliver(std::move(err));
          });
}

/// A PicReader pick imagines line n of the describe result: the child's
/// prompt is that line, not the parent's four (api-contracts.md §2.3).
void take_describe_line(domain::task& child, const domain::task& parent, int n) {
  auto line = discord::describe_line(parent.prompt, n);
  if (line.empty()) return;
  child.prompt = line;
  child.prompt_en = line;
  child.final_prompt = std::move(line);
}

/// One child of a PicReader "all" (local or relayed): the parent's follow-up
/// for `pick`, priced for the caller, with the caller's state, hook, origin
/// and speed, prompting with its describe line.
domain::task fan_out_child(self_ptr self, const follow_up_command& cmd, const domain::task& parent,
                           const std::string& pick, std::int64_t now) {
  auto& st = self->state;
  auto index = discord::parse_custom_id(pick).index;
  auto t = domain::make_follow_up(parent, {domain::task_action::imagine, index, pick}, now);
  t.id = st.ids.next(now);
  t.uuid = domain::make_uuid_v4(st.rng);
  charge(st.deps.settings, t, cmd.who);
  t.state = domain::fan_out_state(cmd.state, index);
  t.notify_hook = cmd.notify_hook;
  t.origin = cmd.origin.empty() ? "mj" : cmd.origin;
  t.mode = cmd.speed;
  t.revision = 1;
  take_describe_line(t, parent, index);
  return t;
}

// -- PicReader "all": one click, one task per pick ---------------------------

/// PicReader "all" on its way through admission. Midjourney's "Imagine all"
/// starts four jobs from one click, and one task can follow only one job, so
/// mjgate clicks PicReader 1–4 instead: one child per pick, all on the
/// parent's account. Every child holds a queue place before any row is
/// committed, so the click is admitted whole or not at all.
struct fan_out {
  std::vector<domain::task> children;
  account_actor account;
  bool relax = false;
  std::size_t reserved = 0;  ///< children [0, reserved) hold a queue place
  int last_ahead = 0;        ///< tasks ahead of the last child: its code 22
  std::size_t answered = 0;  ///< store answers so far
  std::vector<bool> stored;  ///< per child: its row is committed
};

/// Gives back every child's queue place (releasing one never held is a no-op).
void release_places(const fan_out& f) {
  for (const auto& t : f.children) caf::anon_send(f.account, release_atom_v, t.id);
}

// Every row committed: the children start and the answer names them all.
// A row that failed: nothing reaches Discord, the committed siblings fail.
void start_fan_out(self_ptr self, caf::typed_response_promise<submit_result> rp,
                   std::shared_ptr<fan_out> f) {
  if (std::find(f->stored.begin(), f->stored.end(), false) != f->stored.end()) {
    release_places(*f);
    for (std::size_t i = 0; i < f->children.size(); ++i) {
      if (!f->stored[i]) continue;
      domain::task_patch p;
      p.status = domain::task_status::failure;
      p.at_ms = now_ms();
      p.fail_reason = "PicReader all: a sibling task could not be stored; nothing was sent";
      auto account_id = f->children[i].account_id;
      auto actor = start_task(self, std::move(f->children[i]), find_account(self, account_id));
      caf::anon_send(actor, patch_atom_v, std::move(p));
    }
    rp.deliver(caf::make_error(domain::errc::storage_failure));
    return;
  }
  std::string ids;
  std::string account_id = f->children.front().account_id;
  auto* slot = still_running(self, account_id, f->account);
  for (auto& t : f->children) {
    ids += (ids.empty() ? "" : ",") + t.id;
    auto job = job_for(t);
    auto actor = start_task(self, std::move(t), slot);
    if (slot)
      caf::anon_send(f->account, enqueue_atom_v, std::move(job), actor);
    else  // its account was deleted or disabled meanwhile
      fail_task(actor, gone_reason(self, account_id));
  }
  rp.deliver(
      submit_result{std::move(ids), std::move(account_id), f->last_ahead, false, {}, {}, {}});
}

// Commits every child row of a PicReader "all" (local or relayed; the writer
// batches them), marking `stored` per child; `then(f)` runs once all have
// answered, `refused(err)` for each row the store refused.
template <class FanOut, class Then, class Refused>
void commit_children(self_ptr self, std::shared_ptr<FanOut> f, Then then, Refused refused) {
  f->stored.assign(f->children.size(), false);
  for (std::size_t i = 0; i < f->children.size(); ++i) {
    auto done = [f, then](std::size_t at, bool ok) mutable {
      f->stored[at] = ok;
      if (++f->answered == f->children.size()) then(std::move(f));
    };
    self->request(self->state.deps.writer, self->state.deps.settings.ask_timeout, insert_atom_v,
                  f->children[i])
        .then(
            [f, i, done](std::int64_t seq) mutable {
              f->children[i].seq = seq;
              done(i, true);
            },
            [f, i, done, refused](caf::error& err) mutable {
              spdlog::error("task {} not stored: {}", f->children[i].id, to_string(err));
              refused(err);
              done(i, false);
            });
  }
}

// Commits every child's row, then starts them.
void commit_fan_out(self_ptr self, caf::typed_response_promise<submit_result> rp,
                    std::shared_ptr<fan_out> f) {
  commit_children(
      self, std::move(f),
      [self, rp](std::shared_ptr<fan_out> all) mutable { start_fan_out(self, rp, std::move(all)); },
      [](const caf::error&) {});
}

// Reserves a place for the next child, one after the other so the last one
// counts the others ahead; a refusal gives every place back and answers
// for the whole click (23 when the lane is full: nothing was created).
void reserve_fan_out(self_ptr self, caf::typed_response_promise<submit_result> rp,
                     std::shared_ptr<fan_out> f) {
  if (f->reserved == f->children.size()) return commit_fan_out(self, rp, std::move(f));
  const auto& child = f->children[f->reserved];
  self->request(f->account, self->state.deps.settings.ask_timeout, reserve_atom_v, child.id,
                f->relax)
      .then(
          [self, rp, f](int ahead) mutable {
            f->children[f->reserved++].submit_code = ahead == 0 ? 1 : 22;
            f->last_ahead = ahead;
            reserve_fan_out(self, rp, std::move(f));
          },
          [rp, f](caf::error& err) mutable {
            spdlog::warn("PicReader all: pick {} of {} refused on account {} ({}); no task created",
                         f->reserved + 1, f->children.size(), f->children.front().account_id,
                         to_string(err));
            release_places(*f);
            if (err == domain::errc::no_account) {  // disabled meanwhile: as a gone parent account
              auto gone = domain::check_parent_account(domain::parent_account_reach::gone);
              err = caf::make_error(gone.error, gone.message);
            }
            rp.deliver(std::move(err));
          });
}

// PicReader "all" on a describe result the caller may click: one child per
// pick the parent offers (IMAGINE, customId PicReader n, prompt line n,
// state "{state}::{n}"), whose modal the account submits as Midjourney
// prefilled it (`plan`); answered with the children's ids comma-joined.
void admit_picreader_all(self_ptr self, caf::typed_response_promise<submit_result> rp,
                         const follow_up_command& cmd, const domain::task& parent,
                         const domain::click_plan& plan) {
  auto& st = self->state;
  auto reject = [&rp](caf::error err) { rp.deliver(std::move(err)); };
  auto picks = discord::picreader_picks(parent.buttons);
  if (picks.empty())
    return reject(caf::make_error(domain::errc::validation, "关联任务没有PicReader按钮"));
  if (st.live.size() + picks.size() > st.deps.settings.max_in_flight)
    return reject(caf::make_error(domain::errc::queue_full));
  // The parent's account, checked as admit() checks a pinned follow-up.
  const bool relax = cmd.speed == "RELAX";
  auto& lanes = relax ? st.relax_capacities : st.capacities;
  auto choice = domain::choose_best_wait_idle(lanes, parent.account_id, st.rng(),
                                              unusable_for(st.accounts, st.capacities, cmd.speed));
  if (choice.outcome == domain::choice_outcome::none) {
    auto gone = domain::check_parent_account(domain::parent_account_reach::gone);
    return reject(caf::make_error(gone.error, gone.message));
  }
  if (choice.outcome == domain::choice_outcome::saturated)
    return reject(caf::make_error(domain::errc::queue_full));
  auto f = std::make_shared<fan_out>();
  f->account = st.accounts[choice.index].handle;
  f->relax = relax;
  auto now = now_ms();
  for (const auto& pick : picks) {
    auto t = fan_out_child(self, cmd, parent, pick, now);
    t.prompt_full = plan.modal_prompt;  // "": the modal keeps Midjourney's prefilled line
    f->children.push_back(std::move(t));
  }
  lanes[choice.index].queued += static_cast<int>(picks.size());  // until the account pushes
  reserve_fan_out(self, rp, std::move(f));
}

// The ❤️ bookmark: a click Midjourney only acknowledges, so no task is made.
// Sent on the parent's message through its account; answered (code 1,
// result = the parent's id) once Discord accepted the interaction.
void click_without_job(self_ptr self, caf::typed_response_promise<submit_result> rp,
                       const domain::task& parent, const std::string& custom_id) {
  // A deleted or DISABLED account is gone, as for every follow-up (code 4);
  // one that is only reconnecting refuses the click itself (23).
  auto it = self->state.account_index.find(parent.account_id);
  if (it == self->state.account_index.end() ||
      self->state.capacities[it->second].health == domain::link_health::disabled) {
    auto gone = domain::check_parent_account(domain::parent_account_reach::gone);
    rp.deliver(caf::make_error(gone.error, gone.message));
    return;
  }
  auto* account = &self->state.accounts[it->second];
  job_request click;
  click.task_id = parent.id;
  click.message_id = parent.message_id;
  click.message_flags = parent.flags;
  click.custom_id = custom_id;
  click.bot_type = parent.bot_type;
  self->request(account->handle, self->state.deps.settings.ask_timeout, click_atom_v,
                std::move(click))
      .then(
          [rp, id = parent.id, account_id = parent.account_id](bool) mutable {
            rp.deliver(submit_result{std::move(id), std::move(account_id), 0, false, {}, {}, {}});
          },
          [rp](caf::error& err) mutable {
            // Discord did not answer in time: the caller may click again.
            if (err == caf::sec::request_timeout) err = caf::make_error(domain::errc::queue_full);
            rp.deliver(std::move(err));
          });
}

// The ❤️ bookmark on a relayed parent: the click goes to the parent's
// channel against its upstream id; no task is made here either (the
// upstream answers code 1 with its parent's id, we with ours).
void relay_bookmark(self_ptr self, submit_promise rp, const domain::task& parent,
                    const std::string& custom_id) {
  auto& st = self->state;
  mj_relay_submit sub;
  sub.channel_id = parent.channel_id;
  sub.action = std::string{domain::to_string(parent.action)};
  sub.request.kind = "action";
  sub.request.task_id = parent.upstream_task_id;
  sub.request.custom_id = custom_id;
  auto timeout = st.deps.settings.ask_timeout;
  sub.timeout_ms = std::max<std::int64_t>(timeout.count() - 1000, 500);
  self->request(st.deps.center, timeout, relay_atom_v, std::move(sub))
      .then(
          [rp, id = parent.id](mj_relay_answer& a) mutable {
            using enum domain::mj_submit_verdict;
            auto out = domain::read_mj_submit(a.status, a.body);
            if (out.verdict == accepted) {
              rp.deliver(submit_result{std::move(id), {}, 0, false, {}, {}, {}});
              return;
            }
            if (out.verdict == reject) {
              rp.deliver(caf::make_error(domain::errc::validation, out.description));
              return;
            }
            rp.deliver(caf::make_error(domain::errc::queue_full));
          },
          [rp](caf::error& err) mutable {
            if (err == domain::errc::no_account) {  // its channel is gone
              auto gone = domain::check_parent_account(domain::parent_account_reach::gone);
              rp.deliver(caf::make_error(gone.error, gone.message));
              return;
            }
            rp.deliver(caf::make_error(domain::errc::queue_full));
          });
}

/// PicReader "all" on a relayed describe parent: one local child per pick,
/// each following one of the upstream's children.
struct relay_fan_out {
  std::vector<domain::task> children;
  std::vector<bool> stored;
  std::size_t answered = 0;
  mj_relay_submit submit;
  nlohmann::json attempt;
  std::vector<std::string> accepted;  ///< children mapped to an upstream task, committed
  int queue_ahead = 0;
  caf::error refused;  ///< why a row was not stored (insufficient_quota: code 4 "额度不足")
};
using relay_fan_out_ptr = std::shared_ptr<relay_fan_out>;

// Every child that was committed fails through its owner (refunded once).
void fail_fan_out(self_ptr self, const relay_fan_out_ptr& f, const std::string& reason) {
  for (std::size_t i = 0; i < f->children.size(); ++i) {
    if (!f->stored.empty() && !f->stored[i]) continue;
    f->children[i].relay_attempts = nlohmann::json::array({f->attempt}).dump();
    fail_task(start_task(self, f->children[i], nullptr, true), reason);
  }
}

// The upstream took the click and answered its children's ids, comma-joined:
// child n follows upstream id n (its row committed first, then its owner
// starts and the poller adopts it); a child the upstream did not make fails.
void accept_fan_out(self_ptr self, submit_promise rp, relay_fan_out_ptr f,
                    const domain::mj_submit_outcome& out) {
  auto ids = domain::split_upstream_ids(out.upstream_id);
  if (ids.size() != f->children.size())
    spdlog::warn("PicReader all: channel {} answered {} id(s) for {} pick(s)", f->submit.channel_id,
                 ids.size(), f->children.size());
  f->queue_ahead = out.queue_ahead;
  auto pending = std::make_shared<std::size_t>(f->children.size());
  auto done = [self, rp, f, pending]() mutable {
    if (--*pending > 0) return;
    if (f->accepted.empty()) {
      rp.deliver(caf::make_error(domain::errc::storage_failure));
      return;
    }
    std::string joined;
    for (const auto& id : f->accepted) joined += (joined.empty() ? "" : ",") + id;
    rp.deliver(submit_result{std::move(joined), {}, f->queue_ahead, false, {}, {}, {}});
  };
  for (std::size_t i = 0; i < f->children.size(); ++i) {
    auto& t = f->children[i];
    t.relay_attempts = nlohmann::json::array({f->attempt}).dump();
    if (i >= ids.size()) {
      fail_task(start_task(self, t, nullptr, true), "上游未创建此任务");
      done();
      continue;
    }
    t.upstream_task_id = ids[i];
    t.submit_code = out.queue_ahead > 0 ? 22 : 1;
    t.revision += 1;
    t.updated_at = now_ms();
    self->request(self->state.deps.writer, self->state.deps.settings.ask_timeout, update_atom_v, t)
        .then(
            [self, f, i, done](bool) mutable {
              auto& t = f->children[i];
              auto owner = start_task(self, t, nullptr, true);
              caf::anon_send(self->state.deps.center, adopt_atom_v, t.channel_id, t.id,
                             t.upstream_task_id, t.submit_time, owner);
              f->accepted.push_back(t.id);
              done();
            },
            [self, f, i, done](caf::error& err) mutable {
              spdlog::error("task {}: upstream id not stored: {}", f->children[i].id,
                            to_string(err));
              fail_task(start_task(self, f->children[i], nullptr, true), "upstream id not stored");
              done();
            });
  }
}

// Every row committed: the click goes to the parent's channel once.
void send_fan_out(self_ptr self, submit_promise rp, relay_fan_out_ptr f) {
  auto& st = self->state;
  if (std::find(f->stored.begin(), f->stored.end(), false) != f->stored.end()) {
    fail_fan_out(self, f, "PicReader all: a sibling task could not be stored; nothing was sent");
    rp.deliver(f->refused == domain::errc::insufficient_quota
                   ? std::move(f->refused)
                   : caf::make_error(domain::errc::storage_failure));
    return;
  }
  auto timeout = st.deps.settings.ask_timeout;
  f->submit.timeout_ms = std::max<std::int64_t>(timeout.count() - 1500, 500);
  self->request(st.deps.center, timeout, relay_atom_v, f->submit)
      .then(
          [self, rp, f](mj_relay_answer& a) mutable {
            using enum domain::mj_submit_verdict;
            auto out = domain::read_mj_submit(a.status, a.body);
            f->attempt = nlohmann::json{{"channel_id", a.channel_id}, {"at", now_ms()}};
            if (out.code != 0) f->attempt["code"] = out.code;
            if (out.verdict == accepted) return accept_fan_out(self, rp, f, out);
            f->attempt["error"] = out.code != 0 ? "code " + std::to_string(out.code)
                                                : domain::upstream_failure_text(a.status);
            if (out.verdict == reject) {
              fail_fan_out(self, f, "上游拒绝: " + out.description);
              rp.deliver(caf::make_error(domain::errc::validation, out.description));
              return;
            }
            fail_fan_out(self, f, "上游渠道暂不可用");
            rp.deliver(caf::make_error(domain::errc::queue_full));
          },
          [self, rp, f](caf::error& err) mutable {
            f->attempt = nlohmann::json{
                {"channel_id", f->submit.channel_id}, {"at", now_ms()}, {"error", to_string(err)}};
            if (err == domain::errc::no_account) {  // its channel is gone
              fail_fan_out(self, f, "上游渠道已删除");
              auto gone = domain::check_parent_account(domain::parent_account_reach::gone);
              rp.deliver(caf::make_error(gone.error, gone.message));
              return;
            }
            fail_fan_out(self, f, "上游渠道暂不可用");
            rp.deliver(caf::make_error(domain::errc::queue_full));
          });
}

// PicReader "all" on a relayed describe result (checked by the caller): one
// child per pick the parent offers, as a local click makes them (IMAGINE,
// customId PicReader n, prompt line n, state "{state}::{n}"), all committed
// first (each holds its price); then one click upstream, whose answer
// names the upstream's children. Answered like a local "all": our ids,
// comma-joined.
void relay_picreader_all(self_ptr self, submit_promise rp, const follow_up_command& cmd,
                         const domain::task& parent, domain::mj_upstream_submit req) {
  auto& st = self->state;
  auto picks = discord::picreader_picks(parent.buttons);
  if (picks.empty()) {
    rp.deliver(caf::make_error(domain::errc::validation, "关联任务没有PicReader按钮"));
    return;
  }
  if (st.live.size() + picks.size() > st.deps.settings.max_in_flight) {
    rp.deliver(caf::make_error(domain::errc::queue_full));
    return;
  }
  auto f = std::make_shared<relay_fan_out>();
  auto now = now_ms();
  for (const auto& pick : picks) {
    auto t = fan_out_child(self, cmd, parent, pick, now);
    t.account_id.clear();
    t.channel_id = parent.channel_id;
    f->children.push_back(std::move(t));
  }
  f->submit.channel_id = parent.channel_id;
  f->submit.action = std::string{domain::to_string(domain::task_action::imagine)};
  f->submit.speed = cmd.speed;
  f->submit.request = std::move(req);
  commit_children(
      self, f,
      [self, rp](relay_fan_out_ptr all) mutable { send_fan_out(self, rp, std::move(all)); },
      [f](const caf::error& err) {
        if (!f->refused) f->refused = err;
      });
}

// A follow-up of a relayed parent: checked here as far as the parent's
// record allows, then sent to the parent's channel (with that channel's key)
// against the parent's upstream id: /submit/action for a button, /submit/change
// for U/V/R by index.
void relay_follow_up(self_ptr self, submit_promise rp, const follow_up_command& cmd,
                     const domain::task& parent) {
  auto& st = self->state;
  auto reject = [&](caf::error err) { rp.deliver(std::move(err)); };
  auto refuse = [&](const domain::follow_up_check& c) {
    reject(caf::make_error(c.error, c.message));
  };
  if (!st.deps.center)
    return refuse(domain::check_parent_account(domain::parent_account_reach::gone));
  if (parent.status != domain::task_status::success || parent.upstream_task_id.empty())
    return refuse(domain::check_action(&parent, {}));
  domain::mj_upstream_submit req;
  req.task_id = parent.upstream_task_id;
  auto action = cmd.change_action;
  int index = cmd.index;
  std::string custom_id = cmd.custom_id;
  bool fan_out_all = false;  // PicReader "all"
  if (custom_id.empty() && cmd.change_action == domain::task_action::video) {
    auto animate = discord::find_animate_button(parent.buttons, cmd.high_motion, cmd.extend);
    if (!animate)
      return reject(caf::make_error(domain::errc::validation,
                                    cmd.extend ? "关联任务不是可延长的视频"
                                               : "关联任务没有Animate按钮，请先放大(U)单张图片"));
    custom_id = *animate;
  }
  if (custom_id.empty()) {
    if (auto check = domain::check_change(&parent, cmd.change_action, cmd.index);
        check.error != domain::errc::none)
      return refuse(check);
    req.kind = "change";
    req.change_action = std::string{domain::to_string(cmd.change_action)};
    req.index = cmd.index;
  } else {
    if (auto check = domain::check_action(&parent, custom_id); check.error != domain::errc::none)
      return refuse(check);
    auto button = discord::parse_custom_id(custom_id);
    if (button.kind == discord::button_kind::bookmark)
      return relay_bookmark(self, rp, parent, custom_id);
    fan_out_all = button.kind == discord::button_kind::picreader_all;
    auto mapped = discord::task_action_of(button.kind);
    if (!mapped && !fan_out_all)
      return reject(
          caf::make_error(domain::errc::validation, "中继任务不支持此操作: " + custom_id));
    if (mapped) action = *mapped;
    index = button.index;
    req.kind = "action";
    req.custom_id = custom_id;
    req.enable_remix = cmd.enable_remix;
  }
  if (!cmd.notify_hook.empty())
    if (auto why = domain::check_webhook_url(cmd.notify_hook, st.deps.settings.allow_private_hooks))
      return reject(caf::make_error(domain::errc::validation, *why));
  if (st.live.size() >= st.deps.settings.max_in_flight)
    return reject(caf::make_error(domain::errc::queue_full));
  if (fan_out_all) return relay_picreader_all(self, rp, cmd, parent, req);
  auto now = now_ms();
  auto t = domain::make_follow_up(parent, {action, index, custom_id}, now);
  if (discord::parse_custom_id(custom_id).kind == discord::button_kind::picreader)
    take_describe_line(t, parent, index);
  t.id = st.ids.next(now);
  t.uuid = domain::make_uuid_v4(st.rng);
  charge(st.deps.settings, t, cmd.who);
  t.state = cmd.state;
  t.notify_hook = cmd.notify_hook;
  t.origin = cmd.origin;
  t.mode = cmd.speed;
  t.revision = 1;
  t.account_id.clear();
  t.channel_id = parent.channel_id;
  auto job = std::make_shared<relay_job>();
  job->t = std::move(t);
  job->pinned = true;
  job->submit.action = std::string{domain::to_string(action)};
  job->submit.speed = cmd.speed;
  job->submit.request = std::move(req);
  job->deadline = now + st.deps.settings.ask_timeout.count();
  relay_try(self, rp, std::move(job));
}

// Checks a follow-up against its parent (null: missing or not visible) and
// admits the child on the parent's account.
void admit_follow_up(self_ptr self, caf::typed_response_promise<submit_result> rp,
                     const follow_up_command& cmd, const domain::task* parent) {
  auto& st = self->state;
  if (parent && parent->channel_id != 0 && parent->platform == "mj")
    return relay_follow_up(self, rp, cmd, *parent);
  auto reject = [&](caf::error err) { rp.deliver(std::move(err)); };
  auto refuse = [&](const domain::follow_up_check& c) {
    reject(caf::make_error(c.error, c.message));
  };
  std::string custom_id = cmd.custom_id;
  if (custom_id.empty() && cmd.change_action == domain::task_action::video) {
    if (!parent || parent->status != domain::task_status::success)
      return refuse(domain::check_action(parent, {}));  // missing, foreign or not SUCCESS
    auto animate = discord::find_animate_button(parent->buttons, cmd.high_motion, cmd.extend);
    if (!animate)
      return reject(caf::make_error(domain::errc::validation,
                                    cmd.extend ? "关联任务不是可延长的视频"
                                               : "关联任务没有Animate按钮，请先放大(U)单张图片"));
    custom_id = *animate;
  } else if (custom_id.empty()) {
    auto check = domain::check_change(parent, cmd.change_action, cmd.index);
    if (check.error != domain::errc::none) return refuse(check);
    auto button = discord::change_button(cmd.change_action, cmd.index, parent->job_id);
    if (button) custom_id = discord::build_custom_id(*button);
  }
  if (auto check = domain::check_action(parent, custom_id); check.error != domain::errc::none)
    return refuse(check);
  auto button = discord::parse_custom_id(custom_id);
  if (button.kind == discord::button_kind::bookmark)
    return click_without_job(self, rp, *parent, custom_id);
  auto action = discord::task_action_of(button.kind);
  if (!action)
    return reject(caf::make_error(domain::errc::validation, "不支持的操作: " + custom_id));
  auto* account = find_account(self, parent->account_id);
  auto plan = domain::plan_click(discord::modal_policy_of(button.kind),
                                 account ? account->remix : domain::remix_settings{},
                                 cmd.enable_remix, {}, parent->prompt_en);
  if (plan.error != domain::errc::none) return reject(caf::make_error(plan.error, plan.message));
  // node-api has no modal step: a remix modal gets the parent's prompt.
  if (cmd.origin == "node" && plan.kind == domain::click_plan_kind::wait_for_modal)
    plan = {domain::click_plan_kind::click_then_auto_modal, parent->prompt_en, {}, {}};
  if (!cmd.notify_hook.empty())
    if (auto why = domain::check_webhook_url(cmd.notify_hook, st.deps.settings.allow_private_hooks))
      return reject(caf::make_error(domain::errc::validation, *why));
  if (st.live.size() >= st.deps.settings.max_in_flight)
    return reject(caf::make_error(domain::errc::queue_full));
  if (button.kind == discord::button_kind::picreader_all)
    return admit_picreader_all(self, rp, cmd, *parent, plan);
  auto now = now_ms();
  auto t = domain::make_follow_up(*parent, {*action, button.index, custom_id}, now);
  if (button.kind == discord::button_kind::picreader) take_describe_line(t, *parent, button.index);
  t.id = st.ids.next(now);
  t.uuid = domain::make_uuid_v4(st.rng);
  charge(st.deps.settings, t, cmd.who);
  t.state = cmd.state;
  t.notify_hook = cmd.notify_hook;
  t.origin = cmd.origin;
  t.revision = 1;
  // What a modal gets: the auto-submitted text, or the parent's prompt when
  // Remix turned out to be on although the account had not said so.
  t.prompt_full =
      plan.kind == domain::click_plan_kind::click ? parent->prompt_en : plan.modal_prompt;
  if (plan.kind == domain::click_plan_kind::wait_for_modal) {
    if (!account) {
      auto gone = domain::check_parent_account(domain::parent_account_reach::gone);
      return reject(caf::make_error(gone.error, gone.message));
    }
    t.prompt_full = t.prompt_en;  // the parent's prompt; PicReader n: line n
    return admit_modal(self, rp, std::move(t));
  }
  auto pinned_to = t.account_id;
  t.mode = cmd.speed;
  auto speed = cmd.speed;
  admit(self, rp,
        std::make_shared<admission>(
            admission{std::move(t), pinned_to, {}, true, {}, speed, {}, -1, {}}));
}

/// Which modal a MODAL task completes (api-contracts.md §3.4 rule 9).
domain::modal_target modal_target_of(const domain::task& t) {
  auto kind = discord::parse_custom_id(t.custom_id).kind;
  if (kind == discord::button_kind::custom_zoom) return domain::modal_target::custom_zoom;
  if (kind == discord::button_kind::inpaint) return domain::modal_target::inpaint;
  return domain::modal_target::other;
}

// /submit/modal on a relayed MODAL task: the upstream's MODAL task is
// confirmed first (pinned to its channel); once it took it, the owner moves
// to NOT_START and the channel's poller follows it. A refusal leaves the
// task in MODAL (the client may try again).
caf::result<submit_result> confirm_relayed_modal(self_ptr self, const domain::task& s,
                                                 task_actor task, std::string prompt,
                                                 std::string mask) {
  auto& st = self->state;
  if (!st.deps.center) {
    auto gone = domain::check_parent_account(domain::parent_account_reach::gone);
    return caf::make_error(gone.error, gone.message);
  }
  mj_relay_submit sub;
  sub.channel_id = s.channel_id;
  sub.action = std::string{domain::to_string(s.action)};
  sub.speed = s.mode;
  sub.request.kind = "modal";
  sub.request.task_id = s.upstream_task_id;
  sub.request.prompt = prompt;
  sub.request.mask_base64 = std::move(mask);
  auto timeout = st.deps.settings.ask_timeout;
  sub.timeout_ms = std::max<std::int64_t>(timeout.count() - 1000, 500);
  auto price = modal_price(st.deps.settings, s);
  auto rp = self->make_response_promise<submit_result>();
  self->request(st.deps.center, timeout, relay_atom_v, std::move(sub))
      .then(
          [self, rp, task, prompt, price, timeout, id = s.id, channel = s.channel_id,
           upstream = s.upstream_task_id, submitted = s.submit_time](mj_relay_answer& a) mutable {
            using enum domain::mj_submit_verdict;
            auto out = domain::read_mj_submit(a.status, a.body);
            if (out.verdict == reject) {
              rp.deliver(
                  out.code == 24
                      ? caf::make_error(domain::errc::banned_prompt, out.banned_word, out.prompt_en)
                      : caf::make_error(domain::errc::validation, out.description));
              return;
            }
            if (out.verdict != accepted) {
              rp.deliver(caf::make_error(domain::errc::queue_full));
              return;
            }
            self->request(task, timeout, modal_atom_v, prompt, price)
                .then(
                    [self, rp, task, id, channel, upstream, submitted, out](bool) mutable {
                      caf::anon_send(self->state.deps.center, adopt_atom_v, channel, id, upstream,
                                     submitted, task);
                      rp.deliver(submit_result{id, {}, out.queue_ahead, false, {}, {}, {}});
                    },
                    [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
          },
          [rp](caf::error&) mutable { rp.deliver(caf::make_error(domain::errc::queue_full)); });
  return rp;
}

// /submit/modal on a live MODAL task: check rule 9, reserve a place on its
// account, commit NOT_START with the modal's prompt, then queue the click.
caf::result<submit_result> confirm_modal(self_ptr self, modal_command cmd) {
  auto& st = self->state;
  auto invalid = [](std::string text) {
    return caf::make_error(domain::errc::validation, std::move(text));
  };
  auto s = st.deps.board->find(cmd.task_id);
  auto live = st.live.find(cmd.task_id);
  if (!s || !visible_to(cmd.who, *s) || live == st.live.end())
    return s && visible_to(cmd.who, *s) ? invalid("任务状态错误") : invalid("任务不存在或已失效");
  if (s->status != domain::task_status::modal) return invalid("任务状态错误");
  auto kind = discord::parse_custom_id(s->custom_id).kind;
  // PicReader and PromptAnalyzer modals come prefilled by Midjourney: an
  // empty prompt keeps that text; the others fall back to the parent's prompt.
  bool keeps_prefill =
      kind == discord::button_kind::picreader || kind == discord::button_kind::prompt_analyzer;
  std::string prompt = cmd.prompt.empty() && !keeps_prefill ? s->prompt_en : cmd.prompt;
  auto check = domain::validate_modal_prompt(modal_target_of(*s), prompt, !cmd.mask_base64.empty());
  if (check.error != domain::errc::none) return caf::make_error(check.error, check.message);
  if (s->channel_id != 0)
    return confirm_relayed_modal(self, *s, live->second, std::move(prompt),
                                 std::move(cmd.mask_base64));
  auto* account = find_account(self, s->account_id);
  if (!account) {
    auto gone = domain::check_parent_account(domain::parent_account_reach::gone);
    return caf::make_error(gone.error, gone.message);
  }
  auto rp = self->make_response_promise<submit_result>();
  auto task = live->second;
  auto handle = account->handle;
  auto timeout = st.deps.settings.ask_timeout;
  if (auto why = st.inputs.save(s->id, {}, cmd.mask_base64); !why.empty()) {
    spdlog::error("task {}: mask not kept: {}", s->id, why);
    return caf::make_error(domain::errc::storage_failure);
  }
  auto job = job_for(*s, std::move(cmd.mask_base64));
  job.modal_prompt = prompt;
  auto price = modal_price(st.deps.settings, *s);
  self->request(handle, timeout, reserve_atom_v, s->id, s->mode == "RELAX")
      .then(
          [self, rp, task, handle, timeout, job, prompt, price,
           account_id = s->account_id](int ahead) mutable {
            self->request(task, timeout, modal_atom_v, prompt, price)
                .then(
                    [self, rp, task, handle, job, ahead, account_id](bool) mutable {
                      auto id = job.task_id;
                      if (still_running(self, account_id, handle))
                        caf::anon_send(handle, enqueue_atom_v, std::move(job), task);
                      else
                        fail_task(task, gone_reason(self, account_id));
                      rp.deliver(submit_result{
                          std::move(id), std::move(account_id), ahead, false, {}, {}, {}});
                    },
                    [rp, handle, id = job.task_id](caf::error& err) mutable {
                      caf::anon_send(handle, release_atom_v, id);
                      rp.deliver(std::move(err));
                    });
          },
          [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
  return rp;
}

// -- backend edits -------------------------------------------------------------

/// The end of one edit: an empty error when it was committed.
using edit_done = std::function<void(caf::error)>;

// A backend edit of `found` (visibility already checked): through its actor
// while it lives (which also re-orders a waiting task or cancels a removed
// one); otherwise a new revision of the freshest record (the board's, else
// `found`), shown at once and stored.
void edit_task(self_ptr self, const domain::task& found, const task_edit& e, edit_done done) {
  auto& st = self->state;
  auto timeout = st.deps.settings.ask_timeout;
  if (auto live = st.live.find(found.id); live != st.live.end()) {
    self->request(live->second, timeout, edit_atom_v, e)
        .then([done](bool) { done({}); }, [done](caf::error& err) { done(std::move(err)); });
    return;
  }
  auto base = st.deps.board->find(found.id);
  auto next = std::make_shared<domain::task>(base ? *base : found);
  if (!apply_edit(*next, e)) return done({});
  next->revision += 1;
  next->updated_at = now_ms();
  // Only finished records belong on the board without an owner.
  if (domain::is_terminal(next->status)) st.deps.board->publish(next);
  self->request(st.deps.writer, timeout, update_atom_v, *next)
      .then([done](bool) { done({}); },
            [done, id = next->id](caf::error& err) {
              spdlog::error("task {}: edit not stored: {}", id, to_string(err));
              done(caf::make_error(domain::errc::storage_failure));
            });
}

/// A DELETE on its way: lookups and removals still open, and the count.
struct removal {
  caf::typed_response_promise<std::int64_t> rp;
  int open = 0;
  std::int64_t removed = 0;
  caf::error error;  ///< a lookup failed: the answer is that error

  void finish() {
    if (--open > 0) return;
    if (error)
      rp.deliver(error);
    else
      rp.deliver(removed);
  }
};

// Looks the seqs up (pages of max_task_page_size, owner-scoped) and removes
// every visible task found.
caf::result<std::int64_t> remove_tasks(self_ptr self, const principal& who,
                                       std::vector<std::int64_t> seqs) {
  std::sort(seqs.begin(), seqs.end());
  seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
  if (seqs.empty()) return std::int64_t{0};
  auto job = std::make_shared<removal>();
  job->rp = self->make_response_promise<std::int64_t>();
  const std::size_t chunk = domain::max_task_page_size;
  for (std::size_t from = 0; from < seqs.size(); from += chunk) {
    domain::task_page_query q;
    q.user_id = who.admin ? 0 : who.user_id;
    q.page_size = domain::max_task_page_size;
    q.seqs.assign(seqs.begin() + static_cast<std::ptrdiff_t>(from),
                  seqs.begin() + static_cast<std::ptrdiff_t>(std::min(seqs.size(), from + chunk)));
    ++job->open;
    self->request(reader(self), self->state.deps.settings.ask_timeout, page_atom_v, std::move(q))
        .then(
            [self, job, who](domain::task_page& page) {
              for (const auto& t : page.content) {
                auto now = self->state.deps.board->find(t.id);
                if (!visible_to(who, now ? *now : t)) continue;  // deleted meanwhile
                ++job->open;
                task_edit e;
                e.id = t.id;
                e.remove = true;
                edit_task(self, t, e, [job](caf::error err) {
                  if (!err) ++job->removed;
                  job->finish();
                });
              }
              job->finish();
            },
            [job](caf::error& err) {
              job->error = std::move(err);
              job->finish();
            });
  }
  return job->rp;
}

// True for a task that was running on Discord when mjgate stopped.
bool was_running(const domain::task& t) {
  return t.status == domain::task_status::submitted || t.status == domain::task_status::in_progress;
}

// Why a task found unfinished at start cannot go on; nullopt when it can
// (NOT_START is queued again, MODAL waits for /submit/modal again, a running
// job is reconciled by its account from the channel history).
std::optional<std::string> unrecoverable(const domain::task& t, bool account_exists,
                                         const job_request& job) {
  using enum domain::task_status;
  if (was_running(t) && !account_exists)
    return "mjgate restarted while the job was running on Discord and account " + t.account_id +
           " no longer exists; its result could not be reconciled";
  if (!account_exists) return "account " + t.account_id + " no longer exists after restart";
  if (t.status != not_start) return std::nullopt;
  bool lost =
      (discord::parse_custom_id(t.custom_id).kind == discord::button_kind::inpaint &&
       job.mask_base64.empty()) ||
      (t.action == domain::task_action::describe && job.link.empty() && job.files.size() != 1) ||
      (t.action == domain::task_action::blend && job.files.size() < 2);
  if (lost) return "the images of this task were not found after the restart; submit it again";
  return std::nullopt;
}

// After a restart, a relayed Midjourney task goes back to its channel's
// poller (MODAL ones wait for /submit/modal again); one the upstream never
// accepted, or without a relay, fails with the reason.
bool recover_relayed(self_ptr self, domain::task t) {
  auto& st = self->state;
  std::string why;
  if (!st.deps.center)
    why = "channel " + std::to_string(t.channel_id) + " is no longer configured";
  else if (t.upstream_task_id.empty() && t.status != domain::task_status::modal)
    why = "mjgate restarted before the upstream accepted the task";
  auto modal = t.status == domain::task_status::modal;
  auto channel = t.channel_id;
  auto id = t.id, upstream = t.upstream_task_id;
  auto submitted = t.submit_time;
  auto owner = start_task(self, std::move(t), nullptr, true);
  if (!why.empty()) {
    fail_task(owner, why);
    return false;
  }
  if (!modal) caf::anon_send(st.deps.center, adopt_atom_v, channel, id, upstream, submitted, owner);
  return true;
}

// After a restart: NOT_START tasks are queued again, MODAL tasks wait again,
// and tasks that were running on Discord go back to their account, which
// reconciles them from the channel history (protocol §6.3).
void recover(self_ptr self, std::vector<domain::task> tasks) {
  std::size_t requeued = 0, failed = 0;
  for (auto& t : tasks) {
    if (self->state.live.count(t.id)) continue;
    if (t.platform != "mj") continue;  // task-center tasks: the task center recovers them
    if (t.channel_id != 0) {
      ++(recover_relayed(self, std::move(t)) ? requeued : failed);
      continue;
    }
    auto* slot = find_account(self, t.account_id);
    auto job = job_for(t, self->state.inputs.load_mask(t.id));
    job.files = self->state.inputs.load(t.id);
    auto why = unrecoverable(t, slot != nullptr, job);
    if (!why) {
      bool queue = t.status == domain::task_status::not_start;
      std::optional<domain::task> running;
      if (was_running(t)) running = t;
      auto actor = start_task(self, std::move(t), slot);
      if (queue) caf::anon_send(slot->handle, enqueue_atom_v, std::move(job), actor);
      if (running) caf::anon_send(slot->handle, adopt_atom_v, std::move(job), actor, *running);
      ++requeued;
      continue;
    }
    domain::task_patch p;
    p.status = domain::task_status::failure;
    p.at_ms = now_ms();
    p.fail_reason = std::move(*why);
    auto actor = start_task(self, std::move(t), slot);
    caf::anon_send(actor, patch_atom_v, std::move(p));
    ++failed;
  }
  if (!tasks.empty())
    spdlog::info("restart recovery: {} task(s) resumed, {} failed", requeued, failed);
}

// -- account administration (api-contracts.md §3.9) ---------------------------

std::chrono::milliseconds minutes_or(int minutes, std::chrono::milliseconds fallback) {
  return minutes > 0 ? std::chrono::milliseconds{minutes * 60000LL} : fallback;
}

/// The slot's copies of the account's settings (timeouts, filters, remix).
void refresh_slot(account_slot& slot, const domain::account& acct, const router_settings& s) {
  slot.run_timeout = minutes_or(acct.timeout_minutes, s.run_timeout);
  slot.queue_timeout = minutes_or(acct.queue_timeout_minutes, s.queue_timeout);
  slot.modal_timeout = minutes_or(acct.modal_timeout_minutes, s.modal_timeout);
  slot.remark = acct.remark;
  slot.allow_modes = acct.allow_modes;
  slot.remix.remix_auto_submit = acct.remix_auto_submit;
}

// Spawns the actor of an enabled account (it connects at once) and gives it
// a slot in the choice.
void spawn_slot(self_ptr self, const domain::account& acct) {
  auto& st = self->state;
  account_slot slot{{}, {}, {false, acct.remix_auto_submit}, {}, {}, {}, {}, {}};
  refresh_slot(slot, acct, st.deps.settings);
  auto env = st.deps.env;
  env.run_timeout = slot.run_timeout;
  slot.handle =
      spawn_account(self->system(), acct, std::move(env), caf::actor_cast<task_router_actor>(self));
  self->monitor(slot.handle);
  domain::account_capacity cap{
      acct.id, true, domain::link_health::connecting, 0, acct.core_size, 0, acct.queue_size};
  st.account_index[acct.id] = st.accounts.size();
  st.capacities.push_back(cap);
  cap.core_size = acct.relax_core_size;
  cap.queue_size = acct.relax_queue_size;
  st.relax_capacities.push_back(cap);
  st.accounts.push_back(std::move(slot));
}

// Stops an account's actor (deleted or disabled): it fails what it holds with
// `reason`; its slot leaves the choice at once.
void drop_slot(self_ptr self, const std::string& id, const std::string& reason) {
  auto& st = self->state;
  auto it = st.account_index.find(id);
  if (it == st.account_index.end()) return;
  auto i = it->second;
  auto handle = st.accounts[i].handle;
  self->demonitor(handle.address());
  caf::anon_send(handle, retire_atom_v, reason);
  st.accounts.erase(st.accounts.begin() + static_cast<std::ptrdiff_t>(i));
  st.capacities.erase(st.capacities.begin() + static_cast<std::ptrdiff_t>(i));
  st.relax_capacities.erase(st.relax_capacities.begin() + static_cast<std::ptrdiff_t>(i));
  st.account_index.clear();
  for (std::size_t j = 0; j < st.capacities.size(); ++j) st.account_index[st.capacities[j].id] = j;
}

/// The stored form of a token (sealed when app/ gave a codec).
std::string sealed(self_ptr self, const std::string& token) {
  const auto& seal = self->state.deps.env.tokens.seal;
  return seal ? seal(token) : token;
}

/// An account as the admin API shows it: never the token, only its mask.
domain::account shown(domain::account a) {
  a.user_token = a.user_token_masked.empty() ? "********" : a.user_token_masked;
  return a;
}

caf::error account_busy() {
  return caf::make_error(domain::errc::queue_full, "账号正在更新，请稍后重试");
}

caf::result<std::string> create_account(self_ptr self, domain::account_patch& p) {
  auto& st = self->state;
  auto acct = domain::make_account(p, now_ms());
  for (const auto& a : st.deps.accounts)
    if (a.channel_id == acct.channel_id)
      return caf::make_error(domain::errc::validation, "渠道已存在");
  if (st.pending_channels.count(acct.channel_id))
    return caf::make_error(domain::errc::validation, "渠道已存在");
  if (registered(self, acct.id) || st.busy_accounts.count(acct.id))
    return caf::make_error(domain::errc::validation, "账号已存在: " + acct.id);
  acct.user_token_masked = domain::mask_secret(acct.user_token);
  acct.user_token = sealed(self, acct.user_token);
  st.busy_accounts.insert(acct.id);
  st.pending_channels.insert(acct.channel_id);
  auto rp = self->make_response_promise<std::string>();
  self->request(st.deps.writer, st.deps.settings.ask_timeout, upsert_atom_v, acct)
      .then(
          [self, rp, acct](bool) mutable {
            auto& st = self->state;
            st.busy_accounts.erase(acct.id);
            st.pending_channels.erase(acct.channel_id);
            st.deps.accounts.push_back(acct);
            if (acct.enable) spawn_slot(self, acct);
            spdlog::info("account {} created (channel {}){}", acct.id, acct.channel_id,
                         acct.enable ? ", connecting" : ", disabled");
            rp.deliver(acct.id);
          },
          [self, rp, acct](caf::error& err) mutable {
            self->state.busy_accounts.erase(acct.id);
            self->state.pending_channels.erase(acct.channel_id);
            spdlog::error("account {} not stored: {}", acct.id, to_string(err));
            rp.deliver(caf::make_error(domain::errc::storage_failure));
          });
  return rp;
}

// Applies a committed update: the registry first, then the account's actor
// (spawned when enabled, retired when disabled, told otherwise).
void apply_account_update(self_ptr self, const domain::account& next, bool reconnect) {
  auto& st = self->state;
  if (auto* current = registered(self, next.id)) *current = next;
  auto* slot = find_account(self, next.id);
  if (slot && !next.enable) return drop_slot(self, next.id, "账号已停用");
  if (!slot) {
    if (next.enable) spawn_slot(self, next);
    return;
  }
  refresh_slot(*slot, next, st.deps.settings);
  auto i = st.account_index.at(next.id);
  st.capacities[i].core_size = next.core_size;
  st.capacities[i].queue_size = next.queue_size;
  st.relax_capacities[i].core_size = next.relax_core_size;
  st.relax_capacities[i].queue_size = next.relax_queue_size;
  caf::anon_send(slot->handle, update_atom_v, next,
                 static_cast<std::int64_t>(slot->run_timeout.count()), reconnect);
}

caf::result<bool> update_account(self_ptr self, const std::string& id,
                                 const domain::account_patch& p, bool reconnect) {
  auto& st = self->state;
  auto* current = registered(self, id);
  if (!current) return caf::make_error(domain::errc::account_not_found);
  if (auto why = domain::check_update(*current, p))
    return caf::make_error(domain::errc::validation, *why);
  if (st.busy_accounts.count(id)) return account_busy();
  auto next = domain::apply_update(*current, p, now_ms());
  if (p.has(domain::account_key::user_token))
    next.user_token_masked = domain::mask_secret(next.user_token);
  next.user_token = sealed(self, next.user_token);  // a legacy clear row is sealed now
  st.busy_accounts.insert(id);
  auto rp = self->make_response_promise<bool>();
  self->request(st.deps.writer, st.deps.settings.ask_timeout, upsert_atom_v, next)
      .then(
          [self, rp, next, reconnect](bool) mutable {
            self->state.busy_accounts.erase(next.id);
            apply_account_update(self, next, reconnect);
            spdlog::info("account {} updated{}", next.id, reconnect ? " (reconnect)" : "");
            rp.deliver(true);
          },
          [self, rp, id](caf::error& err) mutable {
            self->state.busy_accounts.erase(id);
            spdlog::error("account {} update not stored: {}", id, to_string(err));
            rp.deliver(caf::make_error(domain::errc::storage_failure));
          });
  return rp;
}

caf::result<bool> delete_account(self_ptr self, const std::string& id) {
  auto& st = self->state;
  auto* current = registered(self, id);
  if (!current) return caf::make_error(domain::errc::account_not_found);
  if (current->source == "config")
    return caf::make_error(domain::errc::validation,
                           "账号" + id + "来自配置文件，只读：请从配置文件中删除后重启");
  if (st.busy_accounts.count(id)) return account_busy();
  st.busy_accounts.insert(id);
  auto rp = self->make_response_promise<bool>();
  self->request(st.deps.writer, st.deps.settings.ask_timeout, remove_atom_v, id)
      .then(
          [self, rp, id](bool) mutable {
            auto& st = self->state;
            st.busy_accounts.erase(id);
            std::erase_if(st.deps.accounts, [&](const domain::account& a) { return a.id == id; });
            drop_slot(self, id, "账号已删除");
            spdlog::info("account {} deleted", id);
            rp.deliver(true);
          },
          [self, rp, id](caf::error& err) mutable {
            self->state.busy_accounts.erase(id);
            spdlog::error("account {} not deleted: {}", id, to_string(err));
            rp.deliver(caf::make_error(domain::errc::storage_failure));
          });
  return rp;
}

}  // namespace

task_router_actor spawn_task_router(caf::actor_system& sys, router_deps deps) {
  auto behavior = [](self_ptr self, router_deps deps) -> task_router_actor::behavior_type {
    auto& st = self->state;
    st.deps = std::move(deps);
    st.ids = domain::task_id_generator{st.deps.settings.node};
    st.inputs = input_files{st.deps.settings.inputs_dir};
    for (const auto& acct : st.deps.accounts)
      if (acct.enable) spawn_slot(self, acct);
    self->set_down_handler([self](caf::down_msg& dm) {
      auto& st = self->state;
      if (auto it = st.live_ids.find(dm.source); it != st.live_ids.end()) {
        // An owner that died before finishing leaves no stale live entry:
        // storage holds its last committed state.
        if (auto s = st.deps.board->find(it->second); s && !domain::is_terminal(s->status))
          st.deps.board->forget(it->second);
        st.live.erase(it->second);
        if (auto u = st.live_users.find(it->second); u != st.live_users.end()) {
          if (--st.user_live[u->second] <= 0) st.user_live.erase(u->second);
          st.live_users.erase(u);
        }
        st.live_ids.erase(it);
        return;
      }
      for (std::size_t i = 0; i < st.accounts.size(); ++i)
        if (st.accounts[i].handle.address() == dm.source) {
          spdlog::error("account {} stopped unexpectedly: {}", st.capacities[i].id,
                        to_string(dm.reason));
          st.capacities[i].health = domain::link_health::disabled;
          st.relax_capacities[i].health = domain::link_health::disabled;
        }
    });
    self->request(reader(self), std::chrono::minutes{2}, unfinished_atom_v)
        .then(
            [self](std::vector<domain::task>& tasks) { recover(self, std::move(tasks)); },
            [](caf::error& err) { spdlog::error("restart recovery failed: {}", to_string(err)); });
    return {
        [self](submit_atom, submit_command cmd) -> caf::result<submit_result> {
          std::string prompt{domain::trim(cmd.prompt)};
          if (auto err = validate(self, cmd, prompt)) return std::move(*err);
          if (auto err = check_user_limits(self, cmd.who)) return std::move(*err);
          if (auto err = check_backend_pending(self, cmd)) return std::move(*err);
          auto rp = self->make_response_promise<submit_result>();
          auto t = new_task(self, cmd, prompt);
          if (cmd.action == domain::task_action::upload) {
            admit_upload(self, rp, std::move(t), std::move(cmd.files), cmd.instance_id);
            return rp;
          }
          auto mode = routing_of(self, cmd);
          if (mode == domain::routing_mode::channels) {
            relay_new(self, rp, std::move(t), relay_request_of(cmd, prompt), cmd.speed, {});
            return rp;
          }
          // Overflow only for callers without an explicit account constraint.
          std::shared_ptr<domain::mj_upstream_submit> overflow;
          if (mode == domain::routing_mode::accounts_then_channels && cmd.instance_id.empty() &&
              cmd.remark.empty())
            overflow = std::make_shared<domain::mj_upstream_submit>(relay_request_of(cmd, prompt));
          auto files = named_files(t.id, std::move(cmd.files));
          admit(self, rp,
                std::make_shared<admission>(admission{std::move(t),
                                                      cmd.instance_id,
                                                      {},
                                                      false,
                                                      std::move(files),
                                                      cmd.speed,
                                                      cmd.remark,
                                                      cmd.remix,
                                                      std::move(overflow)}));
          return rp;
        },
        [self](submit_atom, follow_up_command cmd) -> caf::result<submit_result> {
          if (auto err = check_user_limits(self, cmd.who)) return std::move(*err);
          auto rp = self->make_response_promise<submit_result>();
          auto& st = self->state;
          if (auto parent = st.deps.board->find(cmd.parent_id)) {
            admit_follow_up(self, rp, cmd, visible_to(cmd.who, *parent) ? parent.get() : nullptr);
            return rp;
          }
          auto on_found = [self, rp, cmd](std::vector<domain::task>& found) mutable {
            const domain::task* parent = nullptr;
            // Found by uuid: the board holds the freshest state of that id.
            if (!found.empty())
              if (auto live = self->state.deps.board->find(found.front().id)) found.front() = *live;
            if (!found.empty() && visible_to(cmd.who, found.front())) parent = &found.front();
            admit_follow_up(self, rp, cmd, parent);
          };
          auto on_error = [rp](caf::error& err) mutable { rp.deliver(std::move(err)); };
          // node-api names the parent by its uuid (`_id`) or its id (§1.3).
          if (cmd.origin == "node" && domain::is_uuid(cmd.parent_id))
            self->request(reader(self), st.deps.settings.ask_timeout, resolve_atom_v, cmd.parent_id)
                .then(std::move(on_found), std::move(on_error));
          else
            self->request(reader(self), st.deps.settings.ask_timeout, fetch_atom_v, cmd.parent_id)
                .then(std::move(on_found), std::move(on_error));
          return rp;
        },
        [self](modal_atom, modal_command& cmd) -> caf::result<submit_result> {
          return confirm_modal(self, std::move(cmd));
        },
        [self](cancel_atom, const principal& who, const std::string& id) -> caf::result<bool> {
          auto& st = self->state;
          auto not_found = [] { return caf::make_error(domain::errc::task_not_found); };
          auto refuse = [](const domain::task& t) {
            auto d = domain::decide_cancel(t.status);
            if (d.effect == domain::cancel_effect::refuse)
              return caf::make_error(d.error, d.message);
            // Not finished, but no owner here: a task-center task (no cancel),
            // or a relayed fan-out child before its upstream answered.
            if (t.platform != "mj")
              return caf::make_error(domain::errc::validation, "该任务不支持取消");
            return caf::make_error(domain::errc::queue_full, "任务正在提交，请稍后重试");
          };
          if (auto pending = st.relaying.find(id); pending != st.relaying.end()) {
            // Committed, not yet taken by an upstream: answered once it is
            // CANCEL (never sent, or cancelled there too) or has failed.
            if (!visible_to(who, pending->second->t)) return not_found();
            auto rp = self->make_response_promise<bool>();
            pending->second->cancel_waiters.push_back(rp);
            return rp;
          }
          if (auto s = st.deps.board->find(id)) {
            if (!visible_to(who, *s)) return not_found();
            if (auto live = st.live.find(id); live != st.live.end()) {
              // A relayed task the upstream holds is cancelled there first
              // (a MODAL one runs nothing there: cancelled here only).
              if (s->channel_id != 0 && s->platform == "mj" && !s->upstream_task_id.empty() &&
                  s->status != domain::task_status::modal && !domain::is_terminal(s->status)) {
                auto rp = self->make_response_promise<bool>();
                forward_cancel(self, *s, live->second, {rp});
                return rp;
              }
              return self->delegate(live->second, cancel_atom_v);
            }
            return refuse(*s);  // finished: only live tasks can be cancelled
          }
          auto rp = self->make_response_promise<bool>();
          self->request(reader(self), st.deps.settings.ask_timeout, fetch_atom_v, id)
              .then(
                  [rp, who, refuse](std::vector<domain::task>& found) mutable {
                    if (found.empty() || !visible_to(who, found.front()))
                      rp.deliver(caf::make_error(domain::errc::task_not_found));
                    else
                      rp.deliver(refuse(found.front()));
                  },
                  [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
          return rp;
        },
        [self](list_atom, const principal& who,
               domain::task_query q) -> caf::result<std::vector<domain::task>> {
          if (!who.admin) q.user_id = who.user_id;
          q.limit = std::clamp(q.limit, 1, 1000);
          return self->delegate(reader(self), list_atom_v, std::move(q));
        },
        [self](page_atom, const principal& who,
               domain::task_page_query q) -> caf::result<domain::task_page> {
          if (!who.admin) q.user_id = who.user_id;
          q.page_size = domain::page_size_of(q);
          return self->delegate(reader(self), page_atom_v, std::move(q));
        },
        [self](edit_atom, const principal& who, const task_edit& e) -> caf::result<bool> {
          auto& st = self->state;
          auto rp = self->make_response_promise<bool>();
          auto done = [rp](caf::error err) mutable {
            if (err)
              rp.deliver(std::move(err));
            else
              rp.deliver(true);
          };
          if (auto s = st.deps.board->find(e.id)) {
            if (!visible_to(who, *s)) return caf::make_error(domain::errc::task_not_found);
            edit_task(self, *s, e, done);
            return rp;
          }
          self->request(reader(self), st.deps.settings.ask_timeout, fetch_atom_v, e.id)
              .then(
                  [self, rp, who, e, done](std::vector<domain::task>& found) mutable {
                    if (found.empty() || !visible_to(who, found.front()))
                      rp.deliver(caf::make_error(domain::errc::task_not_found));
                    else
                      edit_task(self, found.front(), e, done);
                  },
                  [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
          return rp;
        },
        [self](remove_atom, const principal& who, std::vector<std::int64_t>& seqs)
            -> caf::result<std::int64_t> { return remove_tasks(self, who, std::move(seqs)); },
        [self](load_atom, const account_load& load) {
          auto it = self->state.account_index.find(load.account_id);
          if (it == self->state.account_index.end()) return;
          // A retired actor's last report must not describe its successor.
          if (self->current_sender() !=
              caf::actor_cast<caf::strong_actor_ptr>(self->state.accounts[it->second].handle))
            return;
          auto& c = self->state.capacities[it->second];
          c.health = domain::to_link_health(load.health.state);
          c.running = load.running;
          c.core_size = load.core_size;
          c.queued = load.queued;
          c.queue_size = load.queue_size;
          auto& r = self->state.relax_capacities[it->second];
          r.health = c.health;
          r.running = load.relax_running;
          r.core_size = load.relax_core_size;
          r.queued = load.relax_queued;
          r.queue_size = load.relax_queue_size;
          self->state.accounts[it->second].remix = {load.remix, load.remix_auto_submit};
          self->state.accounts[it->second].load = load;
        },
        [self](seed_atom, const principal& who, const std::string& id) -> caf::result<std::string> {
          auto& st = self->state;
          auto rp = self->make_response_promise<std::string>();
          if (auto s = st.deps.board->find(id)) {
            answer_seed(self, rp, who, s.get());
            return rp;
          }
          self->request(reader(self), st.deps.settings.ask_timeout, fetch_atom_v, id)
              .then(
                  [self, rp, who](std::vector<domain::task>& found) mutable {
                    answer_seed(self, rp, who, found.empty() ? nullptr : &found.front());
                  },
                  [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
          return rp;
        },
        [self](sync_atom, const principal& who, const std::string& id, const std::string& kind,
               const std::string& value) -> caf::result<account_status> {
          if (!who.admin) return caf::make_error(domain::errc::forbidden);
          auto* acct = registered(self, id);
          if (!acct) return caf::make_error(domain::errc::account_not_found);
          auto* slot = find_account(self, id);
          if (!slot) return caf::make_error(domain::errc::queue_full);  // disabled: not connected
          auto rp = self->make_response_promise<account_status>();
          self->request(slot->handle, std::chrono::seconds{15}, sync_atom_v, kind, value)
              .then(
                  [self, rp, id](bool) mutable {
                    auto* acct = registered(self, id);
                    auto* slot = find_account(self, id);
                    if (!acct)
                      rp.deliver(caf::make_error(domain::errc::account_not_found));
                    else
                      rp.deliver(account_status{shown(*acct), slot ? slot->load : account_load{}});
                  },
                  [rp](caf::error& err) mutable {
                    if (err == caf::sec::request_timeout)
                      err = caf::make_error(domain::errc::queue_full);
                    rp.deliver(std::move(err));
                  });
          return rp;
        },
        [self](create_atom, const principal& who,
               domain::account_patch& p) -> caf::result<std::string> {
          if (!who.admin) return caf::make_error(domain::errc::forbidden);
          return create_account(self, p);
        },
        [self](update_atom, const principal& who, const std::string& id,
               const domain::account_patch& p, bool reconnect) -> caf::result<bool> {
          if (!who.admin) return caf::make_error(domain::errc::forbidden);
          return update_account(self, id, p, reconnect);
        },
        [self](remove_atom, const principal& who, const std::string& id) -> caf::result<bool> {
          if (!who.admin) return caf::make_error(domain::errc::forbidden);
          return delete_account(self, id);
        },
        [self](status_atom, const principal& who) -> caf::result<std::vector<account_status>> {
          if (!who.admin) return caf::make_error(domain::errc::forbidden);
          std::vector<account_status> out;
          for (const auto& acct : self->state.deps.accounts) {
            account_status s{shown(acct), {}};
            if (auto* slot = find_account(self, acct.id)) {
              s.load = slot->load;
            } else {  // switched off (configuration or admin): not connected
              s.load.account_id = acct.id;
              s.load.health.state = domain::account_state::disabled;
              s.load.health.disabled = domain::disabled_code::operator_request;
            }
            out.push_back(std::move(s));
          }
          return out;
        },
    };
  };
  return sys.spawn(behavior, std::move(deps));
}

}  // namespace mjgate::actors
