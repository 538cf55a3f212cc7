#include "actors/task.hpp"

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <spdlog/spdlog.h>

#include <vector>

#include "actors/clock.hpp"
#include "domain/billing.hpp"
#include "domain/cancel.hpp"
#include "domain/task_machine.hpp"

namespace mjgate::actors {

namespace {

struct task_state {
  task_board::snapshot cur;  ///< the latest state; replaced, never mutated
  task_deps deps;
  account_actor executor;
  std::uint64_t timer_generation = 0;
  /// Cancelled while Discord runs the job: the account's slot stays taken
  /// until the job ends or the run timeout fires; this actor waits for that.
  bool lingering = false;
  /// Cancel requests answered once the CANCEL row is committed.
  std::vector<caf::typed_response_promise<bool>> cancel_waiters;
  int last_notified_rank = 0;  ///< NOT_START (rank 0) is never posted
  static inline const char* name = "task";
};

using self_ptr = task_actor::stateful_pointer<task_state>;

// Arms the one timer that matters for the current status; older timers are
// ignored by generation.
void arm_timer(self_ptr self) {
  auto& st = self->state;
  const auto& t = *st.cur;
  auto now = now_ms();
  std::int64_t deadline = 0;
  if (t.status == domain::task_status::not_start)
    deadline = t.submit_time + st.deps.queue_timeout.count();
  else if (t.status == domain::task_status::modal)
    deadline = t.submit_time + st.deps.modal_timeout.count();
  else if (t.status == domain::task_status::submitted ||
           t.status == domain::task_status::in_progress)
    deadline = (t.start_time ? t.start_time : now) + st.deps.run_timeout.count();
  else
    return;
  auto delay = std::chrono::milliseconds{std::max<std::int64_t>(deadline - now, 0)};
  self->delayed_send(self, delay, expire_atom_v, ++st.timer_generation);
}

void announce(self_ptr self) {
  auto& st = self->state;
  const auto& t = *st.cur;
  int rank = domain::notify_rank(t);
  if (t.notify_hook.empty() || rank <= st.last_notified_rank) return;
  auto body = st.deps.render(t);
  if (!body) return;  // the task's dialect posts no event for this state
  st.last_notified_rank = rank;
  caf::anon_send(st.deps.notifier, notify_atom_v,
                 notify_event{t.id, t.notify_hook, std::move(*body), t.revision, rank,
                              domain::is_terminal(t.status)});
}

// Persists st.cur and calls `done` once its row is committed (or could not be).
template <class Done>
void commit(self_ptr self, Done done) {
  auto& st = self->state;
  self->request(st.deps.store, std::chrono::seconds{30}, update_atom_v, *st.cur)
      .then([done](bool) mutable { done(true); },
            [self, done](caf::error& err) mutable {
              spdlog::error("task {}: state not stored: {}", self->state.cur->id, to_string(err));
              done(false);
            });
}

// Commits the terminal state in st.cur, then shows and announces it.
void commit_terminal(self_ptr self) {
  auto finish = [self] {
    auto& st = self->state;
    st.deps.board->publish(st.cur);
    announce(self);
    for (auto& rp : st.cancel_waiters) rp.deliver(true);
    st.cancel_waiters.clear();
    if (!st.lingering) self->quit();
  };
  commit(self, [finish](bool) { finish(); });
}

// A SUCCESS with an image is committed only once the image is kept (its
// imageUrl then points at mjgate); a failed copy keeps Discord's URL.
void keep_image_then_commit(self_ptr self) {
  auto& st = self->state;
  self->request(st.deps.image_keeper, st.deps.image_timeout, images::keep_atom_v, st.cur->id,
                st.cur->image_url)
      .then(
          [self](std::string& url) {
            auto kept = std::make_shared<domain::task>(*self->state.cur);
            kept->image_url = std::move(url);
            self->state.cur = std::move(kept);
            commit_terminal(self);
          },
          [self](caf::error& err) {
            spdlog::warn("task {}: image not kept, imageUrl stays Discord's: {}",
                         self->state.cur->id, to_string(err));
            commit_terminal(self);
          });
}

// Persists `next` as the new revision and posts the webhook when its rank
// grew. A live state goes on the board at once; the terminal state goes on
// the board and is announced only after its row is committed, so nobody sees
// a result that a crash could still take back.
void publish(self_ptr self, std::shared_ptr<domain::task> next) {
  auto& st = self->state;
  next->revision += 1;
  next->updated_at = now_ms();
  st.cur = std::move(next);
  if (!domain::is_terminal(st.cur->status)) {
    st.deps.board->publish(st.cur);
    caf::anon_send(st.deps.store, update_atom_v, *st.cur);
    return announce(self);
  }
  st.deps.inputs.remove(st.cur->id);
  if (st.deps.image_keeper && st.cur->status == domain::task_status::success &&
      !st.cur->image_url.empty())
    return keep_image_then_commit(self);
  commit_terminal(self);
}

// Cancels `next` (decided by domain::cancel_task, not refused): a waiting
// task leaves its account's lane, a running one lingers for its job; the
// answer comes once the CANCEL row is committed.
caf::result<bool> cancel_and_publish(self_ptr self, std::shared_ptr<domain::task> next,
                                     domain::cancel_effect effect) {
  auto& st = self->state;
  if (effect == domain::cancel_effect::remove_from_lane) {
    if (st.executor) caf::anon_send(st.executor, release_atom_v, next->id);
  } else {
    // Only an account slot is worth waiting for; a relayed task has none
    // (its poller forgets it once this actor ends).
    st.lingering = static_cast<bool>(st.executor);
  }
  auto rp = self->make_response_promise<bool>();
  st.cancel_waiters.push_back(rp);
  publish(self, std::move(next));
  return rp;
}

// An edit that changes no status: a new revision, committed, then answered.
// A live state is shown at once; a terminal one (a cancelled task lingering
// for its job) only after the commit, like every terminal state.
caf::result<bool> commit_edit(self_ptr self, std::shared_ptr<domain::task> next) {
  auto& st = self->state;
  next->revision += 1;
  next->updated_at = now_ms();
  st.cur = std::move(next);
  const bool terminal = domain::is_terminal(st.cur->status);
  if (!terminal) st.deps.board->publish(st.cur);
  auto rp = self->make_response_promise<bool>();
  commit(self, [self, rp, terminal](bool stored) mutable {
    if (terminal) self->state.deps.board->publish(self->state.cur);
    if (stored)
      rp.deliver(true);
    else
      rp.deliver(caf::make_error(domain::errc::storage_failure));
  });
  return rp;
}

}  // namespace

task_actor spawn_task(caf::actor_system& sys, task_board::snapshot t, task_deps deps,
                      account_actor executor) {
  auto behavior = [](self_ptr self, task_board::snapshot t, task_deps deps,
                     account_actor executor) -> task_actor::behavior_type {
    self->state.cur = std::move(t);
    self->state.deps = std::move(deps);
    self->state.executor = std::move(executor);
    self->state.last_notified_rank = domain::notify_rank(*self->state.cur);
    arm_timer(self);
    return {
        [self](patch_atom, const domain::task_patch& p) {
          if (self->state.lingering) {
            // The cancelled job ended on Discord; the account freed its slot.
            if (domain::is_terminal(p.status)) self->quit();
            return;
          }
          auto next = std::make_shared<domain::task>(*self->state.cur);
          if (!domain::apply_patch(*next, p)) return;
          bool status_changed = next->status != self->state.cur->status;
          publish(self, std::move(next));
          if (status_changed) arm_timer(self);
        },
        [self](cancel_atom) -> caf::result<bool> {
          auto& st = self->state;
          auto next = std::make_shared<domain::task>(*st.cur);
          auto decision = domain::cancel_task(*next, now_ms());
          if (decision.effect == domain::cancel_effect::refuse)
            return caf::make_error(decision.error, decision.message);
          return cancel_and_publish(self, std::move(next), decision.effect);
        },
        [self](edit_atom, const task_edit& e) -> caf::result<bool> {
          auto& st = self->state;
          auto next = std::make_shared<domain::task>(*st.cur);
          if (!apply_edit(*next, e)) return true;
          if (e.remove && !domain::is_terminal(next->status)) {
            // Cancelled and removed in one revision (api-contracts.md §7.3 DELETE).
            auto decision = domain::cancel_task(*next, now_ms());
            return cancel_and_publish(self, std::move(next), decision.effect);
          }
          if (e.set_priority && next->status == domain::task_status::not_start && st.executor)
            self->request(st.executor, std::chrono::seconds{10}, priority_atom_v, next->id,
                          next->priority)
                .then([](bool) {},  // false: it started meanwhile; nothing to move
                      [id = next->id](caf::error& err) {
                        spdlog::warn("task {}: new priority not applied in its lane: {}", id,
                                     to_string(err));
                      });
          return commit_edit(self, std::move(next));
        },
        [self](modal_atom, std::string& prompt, std::int64_t price) -> caf::result<bool> {
          auto& st = self->state;
          if (st.cur->status != domain::task_status::modal)
            return caf::make_error(domain::errc::validation, "任务状态错误");
          auto prev = st.cur;
          auto next = std::make_shared<domain::task>(*st.cur);
          next->status = domain::task_status::not_start;
          next->prompt_full = std::move(prompt);
          if (price > 0 && next->billing_state != domain::billing_held) {
            // The store takes it in the transaction that writes this row.
            next->quota = price;
            next->billing_state = std::string{domain::billing_held};
          }
          next->revision += 1;
          next->updated_at = now_ms();
          st.cur = next;
          st.deps.board->publish(st.cur);
          arm_timer(self);
          auto rp = self->make_response_promise<bool>();
          self->request(st.deps.store, std::chrono::seconds{30}, update_atom_v, *next)
              .then([rp](bool) mutable { rp.deliver(true); },
                    [self, rp, prev, next](caf::error& err) mutable {
                      auto& st = self->state;
                      if (err != domain::errc::insufficient_quota) {
                        spdlog::error("task {}: state not stored: {}", next->id, to_string(err));
                        rp.deliver(caf::make_error(domain::errc::storage_failure));
                        return;
                      }
                      // Not covered: the row was not written; back to MODAL
                      // unless something (a cancel, a timeout) moved it on.
                      if (st.cur == next) {
                        auto back = std::make_shared<domain::task>(*prev);
                        back->revision = next->revision + 1;
                        back->updated_at = now_ms();
                        st.cur = back;
                        st.deps.board->publish(st.cur);
                        arm_timer(self);
                        commit(self, [](bool) {});
                      }
                      rp.deliver(std::move(err));
                    });
          return rp;
        },
        [self](expire_atom, std::uint64_t generation) {
          auto& st = self->state;
          if (generation != st.timer_generation) return;
          if (st.lingering) {
            // The cancelled job never ended: free the account's slot.
            if (st.executor) caf::anon_send(st.executor, release_atom_v, st.cur->id);
            return self->quit();
          }
          if (domain::is_terminal(st.cur->status)) return;
          std::string reason = st.cur->status == domain::task_status::not_start
                                   ? "queue timeout: no account slot became free in time"
                               : st.cur->status == domain::task_status::modal
                                   ? "modal timeout: /submit/modal was not called in time"
                                   : "run timeout: Midjourney did not finish the job in time";
          spdlog::warn("task {}: {}", st.cur->id, reason);
          auto next = std::make_shared<domain::task>(*st.cur);
          domain::fail_task(*next, reason, now_ms());
          if (st.executor) caf::anon_send(st.executor, release_atom_v, next->id);
          publish(self, std::move(next));
        },
    };
  };
  return sys.spawn(behavior, std::move(t), std::move(deps), std::move(executor));
}

}  // namespace mjgate::actors
