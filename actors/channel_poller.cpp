#include "actors/channel_poller.hpp"

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <spdlog/spdlog.h>

#include <deque>
#include <map>
#include <unordered_map>

#include "actors/clock.hpp"
#include "discord/http_client.hpp"
#include "domain/mj_relay.hpp"

namespace mjgate::actors {

namespace {

/// One task in flight at this channel, by upstream id.
struct in_flight {
  std::string task_id;
  std::int64_t submit_time = 0;
  task_actor owner;
  int misses = 0;           ///< consecutive successful polls that did not return it
  std::string fingerprint;  ///< everything the upstream last said, to skip unchanged items
};

/// An upstream call still waiting for its answer.
struct pending_call {
  bool is_submit = false;
  caf::typed_response_promise<relay_submit_result> promise;  ///< submits
  std::vector<std::string> ids;                              ///< fetches: the batch
};

struct poller_state {
  domain::channel channel;
  discord::http_client* http = nullptr;
  poll_settings settings;
  std::map<std::string, in_flight> tasks;  ///< ordered: batches are stable
  std::unordered_map<caf::actor_addr, std::string> by_owner;
  std::unordered_map<std::uint64_t, pending_call> calls;
  std::uint64_t next_call = 1;
  std::deque<std::vector<std::string>> round;  ///< batches of this round not sent yet
  std::size_t fetching = 0;                    ///< batches of this round in flight
  bool round_failed = false;
  int failures = 0;  ///< consecutive failed rounds (backoff)
  static inline const char* name = "channel_poller";

  poller_state() = default;
  poller_state(const poller_state&) = delete;
  poller_state& operator=(const poller_state&) = delete;
  /// The tasks it holds stop with it (CAF 0.17 destroys the state first).
  ~poller_state() {
    for (auto& [id, t] : tasks) caf::anon_send_exit(t.owner, caf::exit_reason::user_shutdown);
  }
};

using self_ptr = channel_poller_actor::stateful_pointer<poller_state>;

// Sends one call; its answer comes back as a sent_atom message (the
// callback runs on the HTTP client's io thread).
void call_upstream(self_ptr self, std::uint64_t call, std::string path, std::string body,
                   std::chrono::milliseconds timeout) {
  auto& st = self->state;
  discord::http_request req;
  req.method = "POST";
  req.url = st.channel.base_url + path;
  req.body = std::move(body);
  req.timeout = timeout;
  req.proxy = st.channel.proxy;  // "" = direct
  req.connect_timeout = std::min(timeout, std::chrono::milliseconds{5000});
  req.headers = {{"Content-Type", "application/json"},
                 {"Accept", "application/json"},
                 domain::auth_header(st.channel.type, st.channel.key)};
  auto addr = self->address();
  st.http->send(std::move(req), [addr, call](discord::http_response r) {
    if (auto hdl =
            caf::actor_cast<channel_poller_actor>(caf::actor_cast<caf::strong_actor_ptr>(addr)))
      caf::anon_send(hdl, sent_atom_v, call, r.status, std::move(r.body));
  });
}

void schedule_next(self_ptr self) {
  auto& st = self->state;
  auto delay = st.failures > 0 ? domain::poll_backoff(st.failures, st.settings.backoff_base,
                                                      st.settings.backoff_max)
                               : st.settings.interval;
  if (st.failures > 0)
    spdlog::warn("channel {}: upstream failing ({} round(s)); next poll in {} ms", st.channel.id,
                 st.failures, delay.count());
  self->delayed_send(self, delay, tick_atom_v);
}

// Forgets a task after its owner got its last word.
void drop(self_ptr self, std::map<std::string, in_flight>::iterator it) {
  self->state.by_owner.erase(it->second.owner.address());
  self->demonitor(it->second.owner.address());
  self->state.tasks.erase(it);
}

void fail(self_ptr self, std::map<std::string, in_flight>::iterator it, std::string_view reason) {
  domain::task_patch p;
  p.status = domain::task_status::failure;
  p.at_ms = now_ms();
  p.fail_reason = std::string{reason};
  spdlog::warn("channel {}: task {} ({}) fails: {}", self->state.channel.id, it->second.task_id,
               it->first, reason);
  caf::anon_send(it->second.owner, patch_atom_v, std::move(p));
  drop(self, it);
}

// Tasks past poll.task_timeout fail whether or not the upstream answers.
void expire(self_ptr self) {
  auto& st = self->state;
  auto now = now_ms();
  for (auto it = st.tasks.begin(); it != st.tasks.end();) {
    auto next = std::next(it);
    if (domain::judge_relay_task(st.settings.limits, it->second.submit_time, 0, now) ==
        domain::relay_verdict::timed_out)
      fail(self, it, domain::relay_timeout_reason);
    it = next;
  }
}

void send_batches(self_ptr self) {
  auto& st = self->state;
  while (!st.round.empty() && st.fetching < st.settings.parallel) {
    auto ids = std::move(st.round.front());
    st.round.pop_front();
    auto call = st.next_call++;
    auto poll = domain::poll_call(st.channel.type, ids);
    st.calls.emplace(call, pending_call{false, {}, std::move(ids)});
    ++st.fetching;
    call_upstream(self, call, poll.path, std::move(poll.body), st.settings.request_timeout);
  }
  if (st.fetching == 0) {  // the round is over
    st.failures = st.round_failed ? st.failures + 1 : 0;
    schedule_next(self);
  }
}

void start_round(self_ptr self) {
  auto& st = self->state;
  expire(self);
  std::vector<std::string> ids;
  ids.reserve(st.tasks.size());
  for (const auto& [id, t] : st.tasks) ids.push_back(id);
  st.round_failed = false;
  for (auto& b : domain::poll_batches(ids, st.settings.batch)) st.round.push_back(std::move(b));
  send_batches(self);
}

// Forwards what the upstream said about one task in flight, unless it said
// the same last time; a terminal patch is its last word.
void apply_item(self_ptr self, std::map<std::string, in_flight>::iterator it,
                domain::polled_item& item) {
  auto& t = it->second;
  if (item.fingerprint == t.fingerprint) return;  // nothing new
  t.fingerprint = std::move(item.fingerprint);
  bool terminal = domain::is_terminal(item.patch.status);
  caf::anon_send(t.owner, patch_atom_v, std::move(item.patch));
  if (terminal) drop(self, it);
}

// Applies one successful fetch answer to the tasks of its batch.
void apply_items(self_ptr self, const std::vector<std::string>& ids,
                 std::vector<domain::polled_item>& items) {
  auto& st = self->state;
  auto now = now_ms();
  std::unordered_map<std::string, domain::polled_item*> answered;
  for (auto& item : items) answered[item.upstream_id] = &item;
  for (const auto& id : ids) {
    auto it = st.tasks.find(id);
    if (it == st.tasks.end()) continue;  // finished or dropped meanwhile
    auto& t = it->second;
    auto found = answered.find(id);
    if (found == answered.end()) {
      ++t.misses;
      if (domain::judge_relay_task(st.settings.limits, t.submit_time, t.misses, now) ==
          domain::relay_verdict::lost)
        fail(self, it, domain::relay_lost_reason);
      continue;
    }
    t.misses = 0;
    apply_item(self, it, *found->second);
  }
}

void on_fetch(self_ptr self, std::vector<std::string> ids, int status, const std::string& body) {
  auto& st = self->state;
  --st.fetching;
  std::optional<std::vector<domain::polled_item>> items;
  if (status == 200) items = domain::read_poll(st.channel.type, body, now_ms());
  if (!items) {
    // The rest of this round is skipped: the channel backs off as a whole.
    if (!st.round_failed)
      spdlog::warn(
          "channel {}: fetch failed: {}", st.channel.id,
          status == 200 ? std::string{"unreadable answer"} : domain::upstream_failure_text(status));
    st.round_failed = true;
    st.round.clear();
  } else {
    apply_items(self, ids, *items);
  }
  send_batches(self);
}

}  // namespace

channel_poller_actor spawn_channel_poller(caf::actor_system& sys, domain::channel channel,
                                          discord::http_client* http, poll_settings settings) {
  auto behavior = [](self_ptr self, domain::channel channel, discord::http_client* http,
                     poll_settings settings) -> channel_poller_actor::behavior_type {
    auto& st = self->state;
    st.channel = std::move(channel);
    st.http = http;
    st.settings = settings;
    self->set_down_handler([self](caf::down_msg& dm) {
      auto& st = self->state;
      auto owner = st.by_owner.find(dm.source);
      if (owner == st.by_owner.end()) return;
      auto it = st.tasks.find(owner->second);
      st.by_owner.erase(owner);
      if (it != st.tasks.end()) st.tasks.erase(it);
    });
    self->delayed_send(self, st.settings.interval, tick_atom_v);
    return {
        [self](submit_atom, const std::string& action, std::string& body,
               std::int64_t timeout_ms) -> caf::result<relay_submit_result> {
          auto& st = self->state;
          auto call = st.next_call++;
          auto rp = self->make_response_promise<relay_submit_result>();
          st.calls.emplace(call, pending_call{true, rp, {}});
          call_upstream(self, call, domain::submit_path(st.channel.type, action), std::move(body),
                        std::chrono::milliseconds{std::max<std::int64_t>(timeout_ms, 1)});
          return rp;
        },
        [self](adopt_atom, const std::string& task_id, const std::string& upstream_id,
               std::int64_t submit_time, task_actor owner) {
          auto& st = self->state;
          if (!owner) return;
          self->monitor(owner);
          st.by_owner[owner.address()] = upstream_id;
          st.tasks[upstream_id] = in_flight{task_id, submit_time, std::move(owner), 0, {}};
        },
        [self](callback_atom, const std::string& body) {
          // A pushed Task JSON (relay callback): applied like a poll result;
          // an id not in flight here is ignored.
          auto item = domain::read_mj_task(body, now_ms());
          if (!item) return;
          auto it = self->state.tasks.find(item->upstream_id);
          if (it == self->state.tasks.end()) return;
          it->second.misses = 0;
          apply_item(self, it, *item);
        },
        [self](update_atom, domain::channel& c) {
          spdlog::info("channel {}: settings updated", c.id);
          self->state.channel = std::move(c);
        },
        [self](retire_atom, const std::string& reason) {
          auto& st = self->state;
          for (auto& [call, pending] : st.calls)
            if (pending.is_submit) pending.promise.deliver(relay_submit_result{});
          st.calls.clear();
          spdlog::info("channel {}: retired with {} task(s) in flight", st.channel.id,
                       st.tasks.size());
          for (auto it = st.tasks.begin(); it != st.tasks.end();) {
            auto next = std::next(it);
            fail(self, it, reason);
            it = next;
          }
          self->quit();
        },
        [self](status_atom) -> std::size_t { return self->state.tasks.size(); },
        [self](tick_atom) { start_round(self); },
        [self](sent_atom, std::uint64_t call, int status, std::string& body) {
          auto& st = self->state;
          auto it = st.calls.find(call);
          if (it == st.calls.end()) return;
          auto pending = std::move(it->second);
          st.calls.erase(it);
          if (!pending.is_submit) return on_fetch(self, std::move(pending.ids), status, body);
          relay_submit_result res;
          res.status = status;
          if (status == 200 && st.channel.type == domain::channel_type::suno) {
            if (auto id = domain::parse_suno_submit(body)) res.upstream_id = std::move(*id);
          }
          res.body = std::move(body);
          pending.promise.deliver(std::move(res));
        },
    };
  };
  return sys.spawn(behavior, std::move(channel), http, settings);
}

}  // namespace mjgate::actors
