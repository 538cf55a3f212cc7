#include "actors/task_center.hpp"

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <sodium.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <unordered_map>
#include <variant>

#include "actors/clock.hpp"
#include "domain/account.hpp"
#include "domain/channel_edit.hpp"
#include "domain/channel_strikes.hpp"
#include "domain/ids.hpp"
#include "domain/mj_relay.hpp"
#include "domain/mj_relay_ops.hpp"
#include "domain/relay.hpp"
#include "domain/task_machine.hpp"
#include "domain/text.hpp"
#include "domain/user.hpp"

namespace mjgate::actors {

namespace {

/// Ids per batch-fetch query (the store's page cap).
constexpr std::size_t fetch_chunk = static_cast<std::size_t>(domain::max_task_page_cap);

struct center_state {
  task_center_deps deps;
  /// Every channel's poller (suno and midjourney-proxy), enabled or not: a
  /// disabled channel takes no new task but its tasks in flight are still polled.
  std::unordered_map<std::int64_t, channel_poller_actor> pollers;
  std::set<std::int64_t> changing;  ///< channels with an admin change under way
  /// midjourney-proxy channels' current runs of code-3 answers.
  std::unordered_map<std::int64_t, domain::channel_strikes> strikes;
  std::set<std::string> naming;  ///< names of channels being created
  domain::task_id_generator ids;
  std::mt19937_64 rng{std::random_device{}()};
  std::size_t next_reader = 0;
  std::int64_t boot_ms = 0;  ///< rows created before this are recovered, later ones are ours
  static inline const char* name = "task_center";

  center_state() = default;
  center_state(const center_state&) = delete;
  center_state& operator=(const center_state&) = delete;
  ~center_state() {
    for (auto& [id, p] : pollers) caf::anon_send_exit(p, caf::exit_reason::user_shutdown);
  }
};

using self_ptr = task_center_actor::stateful_pointer<center_state>;

/// A submit on its way through one or more channels.
struct submission {
  domain::task t;
  suno_submit_command cmd;
  std::set<std::int64_t> tried;
  nlohmann::json attempts = nlohmann::json::array();
  std::int64_t deadline = 0;  ///< epoch ms
  int last_status = 0;
};
using submission_ptr = std::shared_ptr<submission>;

const store_actor& reader(self_ptr self) {
  auto& st = self->state;
  return st.deps.readers[st.next_reader++ % st.deps.readers.size()];
}

std::string upstream_action(domain::task_action a) {
  return std::string{domain::to_string(a)};  // MUSIC / LYRICS
}

const domain::channel* choose(self_ptr self, const submission& s) {
  auto& st = self->state;
  auto idx = domain::choose_channel(st.deps.channels, domain::channel_type::suno,
                                    upstream_action(s.cmd.action), s.cmd.model, s.tried, st.rng());
  if (!idx) return nullptr;
  const auto& c = st.deps.channels[*idx];
  return st.pollers.count(c.id) ? &c : nullptr;
}

// Puts the task on the board and spawns its owner. Relayed tasks are timed
// out by their poller; the owner's own timers are only a backstop.
task_actor start_task(self_ptr self, domain::task t) {
  auto& st = self->state;
  auto backstop = st.deps.poll.limits.task_timeout + std::chrono::minutes{5};
  task_deps deps{st.deps.writer, st.deps.board, st.deps.notifier, st.deps.render,
                 backstop,       backstop,      backstop,         input_files{{}}};
  auto first = std::make_shared<const domain::task>(std::move(t));
  st.deps.board->publish(first);
  return spawn_task(self->system(), std::move(first), std::move(deps), account_actor{});
}

void fail_task(const task_actor& owner, std::string reason) {
  domain::task_patch p;
  p.status = domain::task_status::failure;
  p.at_ms = now_ms();
  p.fail_reason = std::move(reason);
  caf::anon_send(owner, patch_atom_v, std::move(p));
}

// Every tried channel failed: the task fails with its attempts recorded,
// and its hold is refunded before the client hears of it (§5.3 rule 3). The
// FAILURE row is committed here (no upstream ever had the task, so nothing
// else can race it); only if that commit fails does an owner take over.
void give_up(self_ptr self, caf::typed_response_promise<domain::task> rp, submission_ptr s) {
  auto why = "上游提交失败 (" + domain::upstream_failure_text(s->last_status) + ")";
  s->t.relay_attempts = s->attempts.dump();
  spdlog::warn("task {}: {} after {} attempt(s)", s->t.id, why, s->attempts.size());
  auto failed = s->t;
  domain::fail_task(failed, why, now_ms());
  failed.revision += 1;
  failed.updated_at = now_ms();
  auto timeout = std::chrono::milliseconds{std::max<std::int64_t>(s->deadline - now_ms(), 1000)};
  self->request(self->state.deps.writer, timeout, update_atom_v, failed)
      .then(
          [self, rp, failed, why](bool) mutable {
            self->state.deps.board->publish(std::make_shared<const domain::task>(failed));
            rp.deliver(caf::make_error(domain::errc::upstream_failed, why));
          },
          [self, rp, s, why](caf::error& err) mutable {
            spdlog::error("task {}: failure not stored: {}", s->t.id, to_string(err));
            fail_task(start_task(self, s->t), why);
            rp.deliver(caf::make_error(domain::errc::upstream_failed, why));
          });
}

void accept(self_ptr self, caf::typed_response_promise<domain::task> rp, submission_ptr s,
            std::string upstream_id) {
  auto& t = s->t;
  t.upstream_task_id = std::move(upstream_id);
  t.relay_attempts = s->attempts.dump();
  t.revision += 1;
  t.updated_at = now_ms();
  auto timeout = std::chrono::milliseconds{std::max<std::int64_t>(s->deadline - now_ms(), 1000)};
  self->request(self->state.deps.writer, timeout, update_atom_v, t)
      .then(
          [self, rp, s](bool) mutable {
            auto& t = s->t;
            auto owner = start_task(self, t);
            auto poller = self->state.pollers.find(t.channel_id);
            if (poller == self->state.pollers.end())  // deleted while the submit ran
              fail_task(owner, std::string{domain::channel_deleted_reason});
            else
              caf::anon_send(poller->second, adopt_atom_v, t.id, t.upstream_task_id, t.submit_time,
                             owner);
            rp.deliver(t);
          },
          [self, rp, s](caf::error& err) mutable {
            spdlog::error("task {}: upstream id not stored: {}", s->t.id, to_string(err));
            fail_task(start_task(self, s->t), "upstream id not stored");
            rp.deliver(caf::make_error(domain::errc::storage_failure));
          });
}

void try_channel(self_ptr self, caf::typed_response_promise<domain::task> rp, submission_ptr s) {
  auto& st = self->state;
  auto remaining = s->deadline - now_ms();
  if (remaining < 500) return give_up(self, rp, s);
  auto channel_id = s->t.channel_id;
  s->tried.insert(channel_id);
  auto call_ms = std::min<std::int64_t>(remaining - 250, st.deps.poll.request_timeout.count());
  auto on_answer = [self, rp, s, channel_id](relay_submit_result res) mutable {
    nlohmann::json attempt{{"channel_id", channel_id}, {"at", now_ms()}};
    if (res.status == 200 && !res.upstream_id.empty()) {
      s->attempts.push_back(std::move(attempt));
      return accept(self, rp, s, std::move(res.upstream_id));
    }
    s->last_status = res.status == 200 ? 502 : res.status;  // 200 without an id: a bad answer
    std::string error = res.status == 200 ? std::string{"no upstream id"}
                                          : domain::upstream_failure_text(res.status);
    spdlog::warn("task {}: channel {} refused the submit: {}", s->t.id, channel_id, error);
    attempt["error"] = std::move(error);
    s->attempts.push_back(std::move(attempt));
    bool again = domain::retryable_submit_status(res.status) &&
                 static_cast<int>(s->tried.size()) <= self->state.deps.submit_retries;
    const domain::channel* next = again ? choose(self, *s) : nullptr;
    if (!next) return give_up(self, rp, s);
    s->t.channel_id = next->id;
    try_channel(self, rp, s);
  };
  auto poller = st.pollers.find(channel_id);
  if (poller == st.pollers.end()) return on_answer(relay_submit_result{});  // deleted meanwhile
  self->request(poller->second, std::chrono::milliseconds{call_ms + 1000}, submit_atom_v,
                upstream_action(s->t.action), s->cmd.body, call_ms)
      .then([on_answer](relay_submit_result& res) mutable { on_answer(std::move(res)); },
            [on_answer](caf::error&) mutable { on_answer(relay_submit_result{}); });
}

domain::task new_task(self_ptr self, const suno_submit_command& cmd, std::int64_t channel_id) {
  auto& st = self->state;
  auto now = now_ms();
  domain::task t;
  t.id = st.ids.next(now);
  t.uuid = domain::make_uuid_v4(st.rng);
  t.user_id = cmd.who.user_id;
  t.api_key_id = cmd.who.api_key_id;
  t.user_group = cmd.who.group.empty() ? "default" : cmd.who.group;
  t.origin = "relay";
  t.platform = "suno";
  t.action = cmd.action;
  t.prompt = cmd.prompt;
  t.prompt_en = cmd.prompt;
  t.prompt_full = cmd.prompt;
  t.description = "/suno " + domain::to_lower(domain::to_string(cmd.action));
  t.bot_type.clear();
  t.submit_code = 1;
  t.channel_id = channel_id;
  t.submit_time = now;
  t.created_at = now;
  t.updated_at = now;
  t.revision = 1;
  // §5.3: the price is held in the transaction that inserts the row; root
  // pays nothing.
  if (st.deps.billing && cmd.who.role < domain::role_root) {
    t.quota = domain::price_of(st.deps.prices, cmd.action, t.user_group);
    if (t.quota > 0) t.billing_state = std::string{domain::billing_held};
  }
  return t;
}

caf::result<domain::task> submit(self_ptr self, suno_submit_command& cmd) {
  auto s = std::make_shared<submission>();
  s->cmd = std::move(cmd);
  const auto* channel = choose(self, *s);
  if (!channel) return caf::make_error(domain::errc::no_account, "no_available_channel");
  s->t = new_task(self, s->cmd, channel->id);
  s->deadline = now_ms() + self->state.deps.submit_budget.count();
  auto rp = self->make_response_promise<domain::task>();
  // The row (NOT_START) is committed before any upstream call (§5.1).
  self->request(self->state.deps.writer, self->state.deps.submit_budget, insert_atom_v, s->t)
      .then(
          [self, rp, s](std::int64_t seq) mutable {
            s->t.seq = seq;
            try_channel(self, rp, s);
          },
          [rp, s](caf::error& err) mutable {
            if (err == domain::errc::insufficient_quota) {
              rp.deliver(caf::make_error(
                  domain::errc::insufficient_quota,
                  "user quota is not enough: this task costs " + std::to_string(s->t.quota)));
              return;
            }
            spdlog::error("task {} not stored: {}", s->t.id, to_string(err));
            rp.deliver(caf::make_error(domain::errc::storage_failure));
          });
  return rp;
}

// -- channel administration ------------------------------------------------------

/// What answers show: never the clear key.
domain::channel redacted(domain::channel c) {
  c.key.clear();
  c.proxy.clear();  // proxy_masked is what answers show
  return c;
}

std::vector<domain::channel>::iterator find_channel(self_ptr self, std::int64_t id) {
  auto& cs = self->state.deps.channels;
  return std::find_if(cs.begin(), cs.end(), [id](const domain::channel& c) { return c.id == id; });
}

bool name_taken(self_ptr self, const std::string& name, std::int64_t except) {
  auto& st = self->state;
  if (st.naming.count(name)) return true;
  return std::any_of(st.deps.channels.begin(), st.deps.channels.end(),
                     [&](const domain::channel& c) { return c.id != except && c.name == name; });
}

void start_poller(self_ptr self, const domain::channel& c) {
  auto& st = self->state;
  if (st.pollers.count(c.id)) return;
  auto settings = st.deps.poll;
  if (c.type == domain::channel_type::midjourney_proxy)
    settings.limits.task_timeout = st.deps.mj_timeout;
  st.pollers.emplace(c.id, spawn_channel_poller(self->system(), c, st.deps.http, settings));
}

std::string sealed(self_ptr self, const std::string& key) {
  auto& seal = self->state.deps.key_seal;
  return seal ? seal(key) : key;
}

/// The row a channel is stored as: its key and proxy sealed.
domain::channel stored_row(self_ptr self, domain::channel c) {
  c.key = sealed(self, c.key);
  if (!c.proxy.empty()) c.proxy = sealed(self, c.proxy);
  return c;
}

/// A stored change made live: the poller calls with the new key and base URL
/// from its next call on and keeps its tasks; weight, priority, models and
/// enabled act on the next choice.
void apply_stored(self_ptr self, const domain::channel& c) {
  auto& st = self->state;
  st.changing.erase(c.id);
  auto it = find_channel(self, c.id);
  if (it != st.deps.channels.end()) *it = c;
  if (auto p = st.pollers.find(c.id); p != st.pollers.end())
    caf::anon_send(p->second, update_atom_v, c);
}

caf::error refusal(domain::errc code, std::string why) {
  return caf::make_error(code, std::move(why));
}

caf::result<domain::channel> create_channel(self_ptr self, const domain::channel_edit& e) {
  auto& st = self->state;
  auto made = domain::new_channel(e, st.deps.allow_private_urls);
  if (auto* why = std::get_if<std::string>(&made))
    return refusal(domain::errc::validation, std::move(*why));
  auto c = std::get<domain::channel>(std::move(made));
  if (name_taken(self, c.name, 0))
    return refusal(domain::errc::conflict, "name: \"" + c.name + "\" is taken by another channel");
  if (st.deps.channels.size() + st.naming.size() >= domain::max_channels)
    return refusal(domain::errc::conflict,
                   "at most " + std::to_string(domain::max_channels) + " channels");
  c.created_at = c.updated_at = now_ms();
  auto stored = stored_row(self, c);
  st.naming.insert(c.name);
  auto rp = self->make_response_promise<domain::channel>();
  self->request(st.deps.writer, st.deps.submit_budget, upsert_atom_v, std::move(stored))
      .then(
          [self, rp, c](domain::channel& saved) mutable {
            auto& st = self->state;
            st.naming.erase(c.name);
            c.id = saved.id;
            st.deps.channels.push_back(c);
            start_poller(self, c);
            spdlog::info("channel {} (\"{}\", {}) created", c.id, c.name,
                         domain::to_string(c.type));
            rp.deliver(redacted(std::move(c)));
          },
          [self, rp, name = c.name](caf::error& err) mutable {
            self->state.naming.erase(name);
            spdlog::error("channel \"{}\" not stored: {}", name, to_string(err));
            rp.deliver(caf::make_error(domain::errc::storage_failure));
          });
  return rp;
}

// The common checks of update and delete: it exists, the API may change it,
// and no other change of it is under way.
std::variant<domain::channel, caf::error> changeable(self_ptr self, std::int64_t id) {
  auto it = find_channel(self, id);
  if (it == self->state.deps.channels.end())
    return refusal(domain::errc::not_found, "no channel " + std::to_string(id));
  if (it->source == "config")
    return refusal(domain::errc::forbidden, "channel " + std::to_string(id) +
                                                " comes from the config file; change it there");
  if (self->state.changing.count(id))
    return refusal(domain::errc::conflict,
                   "another change of channel " + std::to_string(id) + " is under way");
  return *it;
}

caf::result<domain::channel> update_channel(self_ptr self, const domain::channel_edit& e) {
  auto& st = self->state;
  auto current = changeable(self, e.id);
  if (auto* err = std::get_if<caf::error>(&current)) return std::move(*err);
  auto edited =
      domain::edit_channel(std::get<domain::channel>(current), e, st.deps.allow_private_urls);
  if (auto* why = std::get_if<std::string>(&edited))
    return refusal(domain::errc::validation, std::move(*why));
  auto c = std::get<domain::channel>(std::move(edited));
  if (name_taken(self, c.name, c.id))
    return refusal(domain::errc::conflict, "name: \"" + c.name + "\" is taken by another channel");
  c.updated_at = now_ms();
  auto stored = stored_row(self, c);
  st.changing.insert(c.id);
  auto rp = self->make_response_promise<domain::channel>();
  self->request(st.deps.writer, st.deps.submit_budget, upsert_atom_v, std::move(stored))
      .then(
          [self, rp, c](domain::channel&) mutable {
            apply_stored(self, c);
            self->state.strikes.erase(c.id);  // an admin's word starts a new run
            spdlog::info("channel {} updated", c.id);
            rp.deliver(redacted(std::move(c)));
          },
          [self, rp, id = c.id](caf::error& err) mutable {
            self->state.changing.erase(id);
            spdlog::error("channel {} not updated: {}", id, to_string(err));
            rp.deliver(caf::make_error(domain::errc::storage_failure));
          });
  return rp;
}

caf::result<bool> delete_channel(self_ptr self, std::int64_t id) {
  auto& st = self->state;
  auto current = changeable(self, id);
  if (auto* err = std::get_if<caf::error>(&current)) return std::move(*err);
  st.changing.insert(id);
  auto rp = self->make_response_promise<bool>();
  self->request(st.deps.writer, st.deps.submit_budget, remove_atom_v, id)
      .then(
          [self, rp, id](bool) mutable {
            auto& st = self->state;
            st.changing.erase(id);
            if (auto it = find_channel(self, id); it != st.deps.channels.end())
              st.deps.channels.erase(it);
            // Gone from the choice first, then its tasks fail and refund
            // (§5.3 rule 5) through their owners' compare-and-set.
            if (auto p = st.pollers.find(id); p != st.pollers.end()) {
              caf::anon_send(p->second, retire_atom_v, std::string{domain::channel_deleted_reason});
              st.pollers.erase(p);
            }
            spdlog::info("channel {} deleted", id);
            rp.deliver(true);
          },
          [self, rp, id](caf::error& err) mutable {
            self->state.changing.erase(id);
            spdlog::error("channel {} not deleted: {}", id, to_string(err));
            rp.deliver(caf::make_error(domain::errc::storage_failure));
          });
  return rp;
}

// -- lookups ------------------------------------------------------------------

/// The task-center id a stored task answers to (api-contracts.md §4.6).
bool answers_to(const domain::task& t, const std::string& asked) {
  if (!t.upstream_task_id.empty() && t.upstream_task_id == asked) return true;
  auto uuid = domain::uuid_of_task_center_id(asked);
  return uuid && *uuid == t.uuid;
}

struct fetch_job {
  std::vector<std::string> asked;
  std::vector<domain::task> found;
  std::size_t waiting = 0;
  bool failed = false;
  caf::typed_response_promise<std::vector<domain::task>> rp;
};

void finish_fetch(self_ptr self, fetch_job& job) {
  if (job.failed) {
    job.rp.deliver(caf::make_error(domain::errc::storage_failure));
    return;
  }
  std::vector<domain::task> out;
  std::set<std::string> seen;
  for (const auto& asked : job.asked)
    for (auto& t : job.found)
      if (answers_to(t, asked) && seen.insert(t.id).second) {
        if (auto live = self->state.deps.board->find(t.id); live && live->revision > t.revision)
          out.push_back(*live);
        else
          out.push_back(t);
      }
  job.rp.deliver(std::move(out));
}

caf::result<std::vector<domain::task>> fetch(self_ptr self, const principal& who,
                                             std::vector<std::string> ids) {
  std::vector<std::string> asked;
  std::set<std::string> unique;
  for (auto& id : ids)
    if (!id.empty() && unique.insert(id).second) asked.push_back(std::move(id));
  if (asked.empty()) return std::vector<domain::task>{};
  if (asked.size() > 1000) return caf::make_error(domain::errc::validation, "too many ids");
  auto job = std::make_shared<fetch_job>();
  job->asked = asked;
  job->rp = self->make_response_promise<std::vector<domain::task>>();
  for (std::size_t i = 0; i < asked.size(); i += fetch_chunk) {
    domain::task_page_query q;
    q.user_id = who.admin ? 0 : who.user_id;
    q.platform = "suno";
    q.task_center_ids.assign(
        asked.begin() + static_cast<std::ptrdiff_t>(i),
        asked.begin() + static_cast<std::ptrdiff_t>(std::min(asked.size(), i + fetch_chunk)));
    q.size_cap = domain::max_task_page_cap;
    q.page_size = domain::max_task_page_cap;
    q.sort_field = domain::task_sort_field::seq;
    ++job->waiting;
    self->request(reader(self), std::chrono::seconds{8}, page_atom_v, std::move(q))
        .then(
            [self, job](domain::task_page& page) {
              for (auto& t : page.content) job->found.push_back(std::move(t));
              if (--job->waiting == 0) finish_fetch(self, *job);
            },
            [self, job](caf::error& err) {
              spdlog::error("task center fetch: {}", to_string(err));
              job->failed = true;
              if (--job->waiting == 0) finish_fetch(self, *job);
            });
  }
  return job->rp;
}

// -- the midjourney-proxy relay ----------------------------------------------------

// A midjourney-proxy channel's submit answer in its run of code-3 answers
// (§5.4): a long run disables the channel — stored, then applied live, as an
// admin's "enabled": false would be. One answer only skips it (the router).
void note_relay_answer(self_ptr self, std::int64_t id, int status, const std::string& body) {
  auto& st = self->state;
  using enum domain::mj_submit_verdict;
  auto verdict = domain::read_mj_submit(status, body).verdict;
  auto answer = verdict == skip_channel ? domain::channel_answer::cannot_serve
                : verdict == accepted || verdict == modal || verdict == reject
                    ? domain::channel_answer::served
                    : domain::channel_answer::no_verdict;
  auto& run = st.strikes[id];
  if (!domain::note_channel_answer(run, answer, now_ms(), st.deps.disable_after,
                                   st.deps.disable_span.count()))
    return;
  auto it = find_channel(self, id);
  if (it == st.deps.channels.end() || !it->enabled || st.changing.count(id)) return;
  auto c = *it;
  c.enabled = false;
  c.updated_at = now_ms();
  auto stored = stored_row(self, c);
  spdlog::warn("channel {} disabled: {} consecutive code-3 answers over {} s", id, run.count,
               (now_ms() - run.first_at) / 1000);
  st.strikes.erase(id);
  st.changing.insert(id);
  self->request(st.deps.writer, st.deps.submit_budget, upsert_atom_v, std::move(stored))
      .then([self, c](domain::channel&) mutable { apply_stored(self, c); },
            [self, id](caf::error& err) mutable {
              self->state.changing.erase(id);
              spdlog::error("channel {} not disabled: {}", id, to_string(err));
            });
}

caf::result<mj_relay_answer> relay(self_ptr self, mj_relay_submit& cmd) {
  auto& st = self->state;
  const domain::channel* channel = nullptr;
  // Kind "cancel" is POST <base>/mj/task/<upstream id>/cancel on the pinned
  // channel, enabled or not (a disabled channel still polls its tasks).
  const bool cancel = cmd.request.kind == "cancel";
  if (cmd.channel_id != 0) {
    auto it = find_channel(self, cmd.channel_id);
    if (it != st.deps.channels.end() && (it->enabled || cancel) &&
        it->type == domain::channel_type::midjourney_proxy)
      channel = &*it;
  } else {
    std::set<std::int64_t> excluded(cmd.excluded.begin(), cmd.excluded.end());
    auto idx = domain::choose_channel(st.deps.channels, domain::channel_type::midjourney_proxy,
                                      cmd.action, "", excluded, st.rng());
    if (idx) channel = &st.deps.channels[*idx];
  }
  if (!channel || !st.pollers.count(channel->id))
    return caf::make_error(domain::errc::no_account, "no_available_channel");
  auto& req = cmd.request;
  if (channel->callback && !st.deps.public_base_url.empty() && !cancel)
    req.notify_hook = relay_callback_url(st.deps.public_base_url, *channel);
  auto path = cancel ? domain::mj_cancel_path(req.task_id)
                     : domain::mj_submit_path(req.kind, cmd.speed, channel->speed_prefix);
  auto body = domain::mj_submit_body(req);
  auto rp = self->make_response_promise<mj_relay_answer>();
  auto id = channel->id;
  auto timeout = std::max<std::int64_t>(cmd.timeout_ms, 1);
  self->request(st.pollers.at(id), std::chrono::milliseconds{timeout + 1000}, submit_atom_v, path,
                std::move(body), timeout)
      .then(
          [self, rp, id, cancel](relay_submit_result& res) mutable {
            if (!cancel) note_relay_answer(self, id, res.status, res.body);
            rp.deliver(mj_relay_answer{id, res.status, std::move(res.body)});
          },
          [rp, id](caf::error&) mutable {
            rp.deliver(mj_relay_answer{id, 0, {}});
          });
  return rp;
}

void adopt_relayed(self_ptr self, std::int64_t channel_id, const std::string& task_id,
                   const std::string& upstream_id, std::int64_t submit_time, task_actor owner) {
  auto& st = self->state;
  auto poller = st.pollers.find(channel_id);
  if (poller == st.pollers.end()) {
    spdlog::warn("task {}: channel {} is not configured; the task fails", task_id, channel_id);
    fail_task(owner, "channel " + std::to_string(channel_id) + " is no longer configured");
    return;
  }
  caf::anon_send(poller->second, adopt_atom_v, task_id, upstream_id, submit_time, std::move(owner));
}

caf::result<bool> relay_callback(self_ptr self, std::int64_t channel_id, const std::string& secret,
                                 std::string& body) {
  auto& st = self->state;
  // The secret of the channel as configured now (a new key, a new secret);
  // compared in constant time over its length, and never logged.
  auto it = find_channel(self, channel_id);
  std::string expected;
  if (it != st.deps.channels.end() && it->callback &&
      it->type == domain::channel_type::midjourney_proxy)
    expected = relay_callback_secret(*it);
  bool ok = !expected.empty() && secret.size() == expected.size() &&
            sodium_memcmp(secret.data(), expected.data(), secret.size()) == 0;
  if (!ok) {
    spdlog::warn("relay callback for channel {} refused: wrong channel or secret", channel_id);
    return caf::make_error(domain::errc::forbidden);
  }
  if (auto poller = st.pollers.find(channel_id); poller != st.pollers.end())
    caf::anon_send(poller->second, callback_atom_v, std::move(body));
  return true;
}

// -- restart --------------------------------------------------------------------

// Unfinished task-center tasks from before the start go back to their
// channel's poller; those that cannot are failed with a reason.
void recover(self_ptr self, std::vector<domain::task> tasks) {
  auto& st = self->state;
  std::size_t resumed = 0, failed = 0;
  for (auto& t : tasks) {
    if (t.platform != "suno" || t.created_at >= st.boot_ms) continue;
    auto poller = st.pollers.find(t.channel_id);
    if (!t.upstream_task_id.empty() && poller != st.pollers.end()) {
      auto id = t.id, upstream = t.upstream_task_id;
      auto submitted = t.submit_time;
      auto owner = start_task(self, std::move(t));
      caf::anon_send(poller->second, adopt_atom_v, id, upstream, submitted, owner);
      ++resumed;
      continue;
    }
    auto why = t.upstream_task_id.empty()
                   ? std::string{"mjgate restarted before the upstream accepted the task"}
                   : "channel " + std::to_string(t.channel_id) + " is no longer configured";
    fail_task(start_task(self, std::move(t)), why);
    ++failed;
  }
  if (resumed + failed > 0)
    spdlog::info("task center: {} task(s) resumed, {} failed after restart", resumed, failed);
}

}  // namespace

std::string relay_callback_secret(const domain::channel& c) {
  auto msg = "mjgate relay callback\n" + std::to_string(c.id) + "\n" + c.key;
  unsigned char out[16];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(msg.data()),
                     msg.size(), nullptr, 0);
  char hex[sizeof out * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

std::string relay_callback_url(const std::string& base, const domain::channel& c) {
  auto b = base;
  while (!b.empty() && b.back() == '/') b.pop_back();
  return b + "/mj/relay-callback/" + std::to_string(c.id) + "/" + relay_callback_secret(c);
}

task_center_actor spawn_task_center(caf::actor_system& sys, task_center_deps deps) {
  auto behavior = [](self_ptr self, task_center_deps deps) -> task_center_actor::behavior_type {
    auto& st = self->state;
    st.deps = std::move(deps);
    st.ids = domain::task_id_generator{(st.deps.node + 5) % 10};
    st.boot_ms = now_ms();
    // Keys are opened here, once; memory holds them clear, answers never.
    for (auto& c : st.deps.channels) {
      if (st.deps.key_open) {
        auto key = st.deps.key_open(c.key);
        if (!key)
          spdlog::error("channel {}: its stored key cannot be opened (another secret key?)", c.id);
        c.key = key.value_or("");
      }
      if (c.key_masked.empty()) c.key_masked = domain::mask_secret(c.key);
      if (!c.proxy.empty() && st.deps.key_open) {
        auto proxy = st.deps.key_open(c.proxy);
        if (!proxy)
          spdlog::error("channel {}: its stored proxy cannot be opened (another secret key?)",
                        c.id);
        // Fail closed: never silently direct when a proxy was configured.
        c.proxy = proxy.value_or("(sealed proxy cannot be opened)");
      }
      start_poller(self, c);
    }
    if (!st.pollers.empty()) spdlog::info("task center: {} channel(s)", st.pollers.size());
    self->request(reader(self), std::chrono::minutes{2}, unfinished_atom_v)
        .then([self](std::vector<domain::task>& tasks) { recover(self, std::move(tasks)); },
              [](caf::error& err) {
                spdlog::error("task center: restart recovery failed: {}", to_string(err));
              });
    return {
        [self](submit_atom, suno_submit_command& cmd) -> caf::result<domain::task> {
          return submit(self, cmd);
        },
        [self](fetch_atom, const principal& who, std::vector<std::string>& ids)
            -> caf::result<std::vector<domain::task>> { return fetch(self, who, std::move(ids)); },
        [self](create_atom, const domain::channel_edit& e) -> caf::result<domain::channel> {
          return create_channel(self, e);
        },
        [self](channels_atom) -> std::vector<domain::channel> {
          std::vector<domain::channel> out;
          for (const auto& c : self->state.deps.channels) out.push_back(redacted(c));
          std::sort(out.begin(), out.end(),
                    [](const auto& a, const auto& b) { return a.id < b.id; });
          return out;
        },
        [self](fetch_atom, std::int64_t id) -> caf::result<domain::channel> {
          auto it = find_channel(self, id);
          if (it == self->state.deps.channels.end())
            return refusal(domain::errc::not_found, "no channel " + std::to_string(id));
          return redacted(*it);
        },
        [self](update_atom, const domain::channel_edit& e) -> caf::result<domain::channel> {
          return update_channel(self, e);
        },
        [self](remove_atom, std::int64_t id) -> caf::result<bool> {
          return delete_channel(self, id);
        },
        [self](relay_atom, mj_relay_submit& cmd) -> caf::result<mj_relay_answer> {
          return relay(self, cmd);
        },
        [self](route_atom, const std::string& action,
               const std::vector<std::int64_t>& excluded) -> caf::result<std::int64_t> {
          auto& st = self->state;
          std::set<std::int64_t> skip(excluded.begin(), excluded.end());
          auto idx = domain::choose_channel(
              st.deps.channels, domain::channel_type::midjourney_proxy, action, "", skip, st.rng());
          if (!idx || !st.pollers.count(st.deps.channels[*idx].id))
            return caf::make_error(domain::errc::no_account, "no_available_channel");
          return st.deps.channels[*idx].id;
        },
        [self](adopt_atom, std::int64_t channel_id, const std::string& task_id,
               const std::string& upstream_id, std::int64_t submit_time, task_actor owner) {
          adopt_relayed(self, channel_id, task_id, upstream_id, submit_time, std::move(owner));
        },
        [self](callback_atom, std::int64_t channel_id, const std::string& secret, std::string& body)
            -> caf::result<bool> { return relay_callback(self, channel_id, secret, body); },
    };
  };
  return sys.spawn(behavior, std::move(deps));
}

}  // namespace mjgate::actors
