#include "actors/notifier.hpp"

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <spdlog/spdlog.h>

#include <optional>
#include <random>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "actors/clock.hpp"
#include "discord/http_client.hpp"

namespace mjgate::actors {

namespace {

/// The deliveries of one task: at most one in flight (or backing off) and
/// at most one queued behind it (newer non-terminal events replace it).
struct delivery {
  std::optional<notify_event> current;
  std::optional<notify_event> next;
  int attempts = 0;
  bool waiting_retry = false;
  int delivered_rank = 0;
};

struct notifier_state {
  discord::http_client* http = nullptr;
  notifier_settings settings;
  std::unordered_map<std::string, delivery> tasks;
  std::unordered_set<std::string> gone;  ///< answered 410: never posted again (bounded)
  std::vector<caf::typed_response_promise<bool>> flush_waiters;
  std::mt19937_64 rng{std::random_device{}()};
  static inline const char* name = "notifier";
};

using self_ptr = notifier_actor::stateful_pointer<notifier_state>;

void settle_flush(self_ptr self) {
  if (!self->state.tasks.empty()) return;
  for (auto& rp : self->state.flush_waiters) rp.deliver(true);
  self->state.flush_waiters.clear();
}

void send_current(self_ptr self, const std::string& task_id, delivery& d) {
  const auto& ev = *d.current;
  d.attempts += 1;
  d.waiting_retry = false;
  discord::http_request req;
  req.method = "POST";
  req.url = ev.url;
  req.body = ev.body;
  req.timeout = self->state.settings.timeout;
  req.connect_timeout = self->state.settings.connect_timeout;
  auto delivery_id = ev.task_id + ":" + std::to_string(ev.revision);
  req.headers = {{"Content-Type", "application/json"},
                 {"User-Agent", self->state.settings.user_agent},
                 {"X-Mjgate-Event", ev.terminal ? "task.finished" : "task.progress"},
                 {"X-Mjgate-Delivery", delivery_id},
                 {"Idempotency-Key", delivery_id},
                 {"X-Mjgate-Timestamp", std::to_string(now_ms() / 1000)}};
  auto addr = self->address();
  auto revision = ev.revision;
  self->state.http->send(std::move(req), [addr, task_id, revision](discord::http_response r) {
    if (auto hdl = caf::actor_cast<notifier_actor>(caf::actor_cast<caf::strong_actor_ptr>(addr)))
      caf::anon_send(hdl, delivered_atom_v, task_id, revision, r.status);
  });
}

// Moves the queued event forward (if any) or forgets the task when idle.
void advance(self_ptr self, const std::string& task_id) {
  auto it = self->state.tasks.find(task_id);
  if (it == self->state.tasks.end()) return;
  auto& d = it->second;
  d.current.reset();
  d.attempts = 0;
  while (d.next && d.next->rank <= d.delivered_rank) d.next.reset();
  if (d.next) {
    d.current = std::move(d.next);
    d.next.reset();
    return send_current(self, task_id, d);
  }
  self->state.tasks.erase(it);
  settle_flush(self);
}

void on_result(self_ptr self, const std::string& task_id, std::int64_t revision, int status) {
  auto it = self->state.tasks.find(task_id);
  if (it == self->state.tasks.end()) return;
  auto& d = it->second;
  if (!d.current || d.current->revision != revision || d.waiting_retry) return;
  const auto& s = self->state.settings;
  if (status >= 200 && status < 300) {
    d.delivered_rank = d.current->rank;
    if (d.current->terminal) d.next.reset();
    return advance(self, task_id);
  }
  if (status == 410) {  // the receiver asked us to stop for this task
    if (self->state.gone.size() >= self->state.settings.max_tasks) self->state.gone.clear();
    self->state.gone.insert(task_id);
    self->state.tasks.erase(it);
    return settle_flush(self);
  }
  if (!d.current->terminal && d.next) return advance(self, task_id);  // superseded
  if (d.current->terminal && d.attempts >= s.max_attempts) {
    spdlog::warn("webhook for task {} given up after {} attempts (last status {})", task_id,
                 d.attempts, status);
    self->state.tasks.erase(it);
    return settle_flush(self);
  }
  std::uniform_real_distribution<double> jitter{0.8, 1.2};
  auto delay = webhook_backoff(d.attempts, s.backoff_base, s.backoff_max, jitter(self->state.rng));
  d.waiting_retry = true;
  self->delayed_send(self, delay, retry_atom_v, task_id);
}

}  // namespace

std::chrono::milliseconds webhook_backoff(int attempt, std::chrono::milliseconds base,
                                          std::chrono::milliseconds cap, double jitter) {
  auto ms = static_cast<double>(base.count());
  for (int i = 1; i < attempt && ms < static_cast<double>(cap.count()); ++i) ms *= 2;
  ms = std::min(ms, static_cast<double>(cap.count()));
  return std::chrono::milliseconds{static_cast<std::int64_t>(ms * jitter)};
}

notifier_actor spawn_notifier(caf::actor_system& sys, discord::http_client* http,
                              notifier_settings settings) {
  auto behavior = [](self_ptr self, discord::http_client* http,
                     notifier_settings settings) -> notifier_actor::behavior_type {
    self->state.http = http;
    self->state.settings = std::move(settings);
    return {
        [self](notify_atom, notify_event& ev) {
          auto& st = self->state;
          if (st.gone.count(ev.task_id)) return;
          auto it = st.tasks.find(ev.task_id);
          if (it == st.tasks.end()) {
            if (st.tasks.size() >= st.settings.max_tasks && !ev.terminal) {
              spdlog::warn("webhook backlog full: dropping a progress event of task {}",
                           ev.task_id);
              return;
            }
            it = st.tasks.emplace(ev.task_id, delivery{}).first;
          }
          auto& d = it->second;
          if (ev.rank <= d.delivered_rank) return;
          auto task_id = ev.task_id;
          if (!d.current) {
            d.current = std::move(ev);
            return send_current(self, task_id, d);
          }
          if (!d.next || !d.next->terminal) d.next = std::move(ev);
        },
        [self](delivered_atom, const std::string& task_id, std::int64_t revision, int status) {
          on_result(self, task_id, revision, status);
        },
        [self](retry_atom, const std::string& task_id) {
          auto it = self->state.tasks.find(task_id);
          if (it == self->state.tasks.end() || !it->second.waiting_retry) return;
          auto& d = it->second;
          if (!d.current->terminal && d.next) return advance(self, task_id);
          send_current(self, task_id, d);
        },
        [self](flush_atom) -> caf::result<bool> {
          if (self->state.tasks.empty()) return true;
          auto rp = self->make_response_promise<bool>();
          self->state.flush_waiters.push_back(rp);
          return rp;
        },
    };
  };
  return sys.spawn(behavior, http, std::move(settings));
}

}  // namespace mjgate::actors
