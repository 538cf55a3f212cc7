#include "domain/task_machine.hpp"

#include <gtest/gtest.h>

using namespace mjgate::domain;
using enum task_status;

TEST(task_machine, allowed_transitions) {
  EXPECT_TRUE(can_transition(not_start, submitted));
  EXPECT_TRUE(can_transition(not_start, failure));
  EXPECT_TRUE(can_transition(submitted, in_progress));
  EXPECT_TRUE(can_transition(in_progress, in_progress));
  EXPECT_TRUE(can_transition(in_progress, success));
  EXPECT_TRUE(can_transition(modal, not_start));
  EXPECT_FALSE(can_transition(modal, submitted));
  EXPECT_FALSE(can_transition(submitted, not_start));
  EXPECT_FALSE(can_transition(in_progress, submitted));
  for (auto t : {success, failure, cancel})
    for (auto to : {not_start, submitted, in_progress, success, failure, cancel})
      EXPECT_FALSE(can_transition(t, to));
}

TEST(task_machine, patch_lifecycle_sets_times_and_progress) {
  task t;
  task_patch p;
  p.status = submitted;
  p.at_ms = 10;
  p.nonce = "123";
  EXPECT_TRUE(apply_patch(t, p));
  EXPECT_EQ(t.start_time, 10);
  EXPECT_EQ(t.nonce, "123");
  p = {};
  p.status = in_progress;
  p.progress = 31;
  p.at_ms = 20;
  EXPECT_TRUE(apply_patch(t, p));
  EXPECT_EQ(t.progress, 31);
  EXPECT_FALSE(apply_patch(t, p));  // same report twice changes nothing
  p = {};
  p.status = success;
  p.at_ms = 30;
  p.image_url = "http://x/a.png";
  EXPECT_TRUE(apply_patch(t, p));
  EXPECT_EQ(t.progress, 100);
  EXPECT_EQ(t.finish_time, 30);
  EXPECT_EQ(notify_rank(t), 500);
}

TEST(task_machine, a_task_first_seen_in_progress_has_started) {
  // A relayed task's first poll may already say IN_PROGRESS: it started then,
  // so a CANCEL afterwards keeps its charge like a local running job.
  task t;
  t.billing_state = "HELD";
  t.quota = 5;
  task_patch p;
  p.status = in_progress;
  p.at_ms = 40;
  EXPECT_TRUE(apply_patch(t, p));
  EXPECT_EQ(t.start_time, 40);
  p = {};
  p.status = cancel;
  p.at_ms = 50;
  EXPECT_TRUE(apply_patch(t, p));
  EXPECT_EQ(t.billing_state, "SETTLED");
  task waiting;  // never started: a CANCEL refunds
  waiting.billing_state = "HELD";
  waiting.quota = 5;
  EXPECT_TRUE(apply_patch(waiting, p));
  EXPECT_EQ(waiting.billing_state, "REFUNDED");
}

TEST(task_machine, a_result_prompt_sets_prompt_and_prompt_en) {
  task t;
  t.status = submitted;
  task_patch p;
  p.status = success;
  p.prompt = "1️⃣ a cat\n\n2️⃣ a dog";
  p.final_prompt = p.prompt;
  EXPECT_TRUE(apply_patch(t, p));
  EXPECT_EQ(t.prompt, p.prompt);
  EXPECT_EQ(t.prompt_en, p.prompt);
  EXPECT_EQ(t.final_prompt, p.prompt);
  task u;
  u.prompt = "kept";
  u.status = submitted;
  task_patch q;
  q.status = in_progress;
  EXPECT_TRUE(apply_patch(u, q));
  EXPECT_EQ(u.prompt, "kept");  // no prompt in the patch: unchanged
}

TEST(task_machine, terminal_tasks_never_change) {
  task t;
  ASSERT_TRUE(fail_task(t, "queue timeout", 5));
  EXPECT_EQ(t.status, failure);
  EXPECT_EQ(t.fail_reason, "queue timeout");
  task_patch late;
  late.status = success;
  late.image_url = "http://x";
  EXPECT_FALSE(apply_patch(t, late));
  EXPECT_EQ(t.image_url, "");
  EXPECT_FALSE(fail_task(t, "again", 6));
}

TEST(task_machine, rank_orders_progress) {
  task t;
  t.status = in_progress;
  t.progress = 15;
  int a = notify_rank(t);
  t.progress = 46;
  EXPECT_GT(notify_rank(t), a);
  t.status = submitted;
  EXPECT_LT(notify_rank(t), a);
}

TEST(task_machine, terminal_transitions_end_a_hold_cancel_refunds_only_before_dispatch) {
  using enum task_status;
  auto patch = [](task_status to, std::int64_t at) {
    task_patch p;
    p.status = to;
    p.at_ms = at;
    return p;
  };
  auto held = [] {
    task t;
    t.billing_state = "HELD";
    t.quota = 100;
    return t;
  };
  auto waiting = held();
  ASSERT_TRUE(apply_patch(waiting, patch(cancel, 5)));
  EXPECT_EQ(waiting.billing_state, "REFUNDED");
  EXPECT_EQ(waiting.quota, 0);

  auto running = held();
  ASSERT_TRUE(apply_patch(running, patch(submitted, 1)));
  ASSERT_TRUE(apply_patch(running, patch(cancel, 5)));
  EXPECT_EQ(running.billing_state, "SETTLED");  // Midjourney finishes it: it is paid for

  auto failed = held();
  ASSERT_TRUE(apply_patch(failed, patch(submitted, 1)));
  ASSERT_TRUE(fail_task(failed, "run timeout", 9));
  EXPECT_EQ(failed.billing_state, "REFUNDED");
}
