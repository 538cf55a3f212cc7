#include "actors/task.hpp"

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <spdlog/spdlog.h>

#include "actors/clock.hpp"
#include "domain/task_machine.hpp"

namespace mjgate::actors {

namespace {

struct task_state {
  domain::task t;
  task_deps deps;
  account_actor executor;
  std::uint64_t timer_generation = 0;
  int last_notified_rank = 0;  ///< NOT_START (rank 0) is never posted
  static inline const char* name = "task";
};

using self_ptr = task_actor::stateful_pointer<task_state>;

// Arms the one timer that matters for the current status; older timers are
// ignored by generation.
void arm_timer(self_ptr self) {
  auto& st = self->state;
  auto now = now_ms();
  std::int64_t deadline = 0;
  if (st.t.status == domain::task_status::not_start)
    deadline = st.t.submit_time + st.deps.queue_timeout.count();
  else if (st.t.status == domain::task_status::submitted ||
           st.t.status == domain::task_status::in_progress)
    deadline = (st.t.start_time ? st.t.start_time : now) + st.deps.run_timeout.count();
  else
    return;
  auto delay = std::chrono::milliseconds{std::max<std::int64_t>(deadline - now, 0)};
  self->delayed_send(self, delay, expire_atom_v, ++st.timer_generation);
}

void announce(self_ptr self) {
  auto& st = self->state;
  int rank = domain::notify_rank(st.t);
  if (st.t.notify_hook.empty() || rank <= st.last_notified_rank) return;
  st.last_notified_rank = rank;
  caf::anon_send(st.deps.notifier, notify_atom_v,
                 notify_event{st.t.id, st.t.notify_hook, st.deps.render(st.t), st.t.revision, rank,
                              domain::is_terminal(st.t.status)});
}

// Persists the new revision and posts the webhook when its rank grew. Live
// reads are served by this actor, so progress is announced at once; the
// terminal state is announced only after its row is committed, because once
// this actor is gone, reads go to the database.
void publish(self_ptr self) {
  auto& st = self->state;
  st.t.revision += 1;
  st.t.updated_at = now_ms();
  if (!domain::is_terminal(st.t.status)) {
    caf::anon_send(st.deps.store, update_atom_v, st.t);
    return announce(self);
  }
  self->request(st.deps.store, std::chrono::seconds{30}, update_atom_v, st.t)
      .then(
          [self](bool) {
            announce(self);
            self->quit();
          },
          [self](caf::error& err) {
            spdlog::error("task {}: final state not stored: {}", self->state.t.id, to_string(err));
            announce(self);
            self->quit();
          });
}

}  // namespace

task_actor spawn_task(caf::actor_system& sys, domain::task t, task_deps deps,
                      account_actor executor) {
  auto behavior = [](self_ptr self, domain::task t, task_deps deps,
                     account_actor executor) -> task_actor::behavior_type {
    self->state.t = std::move(t);
    self->state.deps = std::move(deps);
    self->state.executor = std::move(executor);
    self->state.last_notified_rank = domain::notify_rank(self->state.t);
    arm_timer(self);
    return {
        [self](snapshot_atom) { return self->state.t; },
        [self](patch_atom, const domain::task_patch& p) {
          auto before = self->state.t.status;
          if (!domain::apply_patch(self->state.t, p)) return;
          if (before != self->state.t.status) arm_timer(self);
          publish(self);
        },
        [self](expire_atom, std::uint64_t generation) {
          auto& st = self->state;
          if (generation != st.timer_generation || domain::is_terminal(st.t.status)) return;
          std::string reason = st.t.status == domain::task_status::not_start
                                   ? "queue timeout: no account slot became free in time"
                                   : "run timeout: Midjourney did not finish the job in time";
          spdlog::warn("task {}: {}", st.t.id, reason);
          domain::fail_task(st.t, reason, now_ms());
          if (st.executor) caf::anon_send(st.executor, release_atom_v, st.t.id);
          publish(self);
        },
    };
  };
  return sys.spawn(behavior, std::move(t), std::move(deps), std::move(executor));
}

}  // namespace mjgate::actors
