// The per-account lanes of discord-midjourney-protocol.md §8.1.
#include "domain/lanes.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace mjgate::domain;

namespace {

lanes_config small(int core, int queue) {
  lanes_config c;
  c.fast = {core, queue};
  c.relax = {core, queue};
  c.upscale_queue_size = 3;
  return c;
}

lane_entry entry(std::string id, int priority = 0, std::int64_t seq = 0) {
  return {std::move(id), priority, seq};
}

}  // namespace

TEST(lanes, lane_for_table) {
  struct row {
    task_action action;
    speed_mode speed;
    lane expected;
  };
  const row rows[] = {
      {task_action::imagine, speed_mode::fast, lane::fast},
      {task_action::imagine, speed_mode::turbo, lane::fast},
      {task_action::imagine, speed_mode::relax, lane::relax},
      {task_action::describe, speed_mode::relax, lane::relax},
      {task_action::shorten, speed_mode::fast, lane::fast},
      {task_action::upscale_hd, speed_mode::fast, lane::fast},
      {task_action::upscale, speed_mode::fast, lane::upscale},
      {task_action::upscale, speed_mode::relax, lane::upscale},
  };
  for (const auto& r : rows)
    EXPECT_EQ(lane_for(work_kind_of(r.action), r.speed), r.expected)
        << to_string(r.action) << " " << to_string(r.speed);
}

TEST(lanes, admit_sequence_start_now_queued_full) {
  account_lanes l{small(2, 2)};
  struct row {
    const char* id;
    admit_outcome outcome;
    int ahead;
  };
  // 2 slots free: two start now; then the queue of 2 takes two more; then full.
  const row rows[] = {
      {"a", admit_outcome::start_now, 0}, {"b", admit_outcome::start_now, 0},
      {"c", admit_outcome::queued, 0},    {"d", admit_outcome::queued, 1},
      {"e", admit_outcome::full, 0},      {"a", admit_outcome::duplicate, 0},
  };
  std::int64_t seq = 0;
  for (const auto& r : rows) {
    auto a = l.admit(entry(r.id, 0, ++seq), work_kind::job, speed_mode::fast);
    EXPECT_EQ(a.outcome, r.outcome) << r.id;
    EXPECT_EQ(a.ahead, r.ahead) << r.id;
    EXPECT_EQ(a.lane, lane::fast);
  }
  EXPECT_EQ(l.queued(lane::fast), 4);
  EXPECT_EQ(l.start_next(lane::fast), "a");
  EXPECT_EQ(l.start_next(lane::fast), "b");
  EXPECT_EQ(l.start_next(lane::fast), std::nullopt);  // no slot
  EXPECT_EQ(l.running(lane::fast), 2);
  EXPECT_EQ(l.admit(entry("e", 0, ++seq), work_kind::job, speed_mode::fast).outcome,
            admit_outcome::full);
  EXPECT_TRUE(l.finish("a"));
  EXPECT_FALSE(l.finish("a"));
  EXPECT_FALSE(l.finish("c"));  // queued, not running
  EXPECT_EQ(l.start_next(lane::fast), "c");
  EXPECT_EQ(l.position("d"), 0);
}

TEST(lanes, relax_and_fast_lanes_are_independent) {
  account_lanes l{small(1, 1)};
  EXPECT_EQ(l.admit(entry("f1"), work_kind::job, speed_mode::fast).outcome,
            admit_outcome::start_now);
  EXPECT_EQ(l.admit(entry("t1"), work_kind::job, speed_mode::turbo).outcome, admit_outcome::queued);
  EXPECT_EQ(l.admit(entry("f2"), work_kind::job, speed_mode::fast).outcome, admit_outcome::full);
  EXPECT_EQ(l.admit(entry("r1"), work_kind::job, speed_mode::relax).outcome,
            admit_outcome::start_now);
  EXPECT_EQ(l.lane_of("t1"), lane::fast);
  EXPECT_EQ(l.lane_of("r1"), lane::relax);
  EXPECT_EQ(l.start_next(lane::relax), "r1");
  EXPECT_EQ(l.start_next(lane::fast), "f1");
  EXPECT_EQ(l.running(lane::relax), 1);
  EXPECT_EQ(l.running(lane::fast), 1);
}

TEST(lanes, upscale_lane_needs_no_slot_but_is_bounded) {
  account_lanes l{small(1, 1)};
  ASSERT_EQ(l.admit(entry("job"), work_kind::job, speed_mode::fast).outcome,
            admit_outcome::start_now);
  ASSERT_EQ(l.start_next(lane::fast), "job");
  for (int i = 0; i < 3; ++i) {
    auto a = l.admit(entry("u" + std::to_string(i)), work_kind::upscale, speed_mode::fast);
    EXPECT_EQ(a.outcome, admit_outcome::start_now);
    EXPECT_EQ(a.lane, lane::upscale);
  }
  EXPECT_EQ(l.admit(entry("u3"), work_kind::upscale, speed_mode::fast).outcome,
            admit_outcome::full);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(l.start_next(lane::upscale).has_value());
  EXPECT_EQ(l.running(lane::upscale), 3);
  EXPECT_EQ(l.running(lane::fast), 1);
  EXPECT_EQ(l.admit(entry("u3"), work_kind::upscale, speed_mode::fast).outcome,
            admit_outcome::start_now);
}

TEST(lanes, priority_first_then_fifo) {
  account_lanes l{small(1, 10)};
  ASSERT_EQ(l.admit(entry("running", 0, 1), work_kind::job, speed_mode::fast).outcome,
            admit_outcome::start_now);
  ASSERT_EQ(l.start_next(lane::fast), "running");
  struct row {
    const char* id;
    int priority;
    std::int64_t seq;
    int ahead;
  };
  const row rows[] = {
      {"low1", 0, 2, 0},  {"low2", 0, 3, 1},    {"high", 5, 4, 0}, {"mid", 2, 5, 1},
      {"high2", 5, 6, 1}, {"old_low", 0, 1, 3},  // a restart re-queues an older row
  };
  for (const auto& r : rows)
    EXPECT_EQ(l.admit(entry(r.id, r.priority, r.seq), work_kind::job, speed_mode::fast).ahead,
              r.ahead)
        << r.id;
  const char* expected[] = {"high", "high2", "mid", "old_low", "low1", "low2"};
  ASSERT_TRUE(l.finish("running"));
  for (const char* id : expected) {
    auto next = l.start_next(lane::fast);
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(*next, id);
    EXPECT_TRUE(l.finish(*next));
  }
  EXPECT_EQ(l.start_next(lane::fast), std::nullopt);
}

TEST(lanes, cancel_queued_removes_only_waiting_tasks) {
  account_lanes l{small(1, 5)};
  for (const char* id : {"a", "b", "c", "d"}) l.admit(entry(id), work_kind::job, speed_mode::fast);
  ASSERT_EQ(l.start_next(lane::fast), "a");
  EXPECT_FALSE(l.cancel_queued("a"));  // running keeps its slot
  EXPECT_TRUE(l.cancel_queued("c"));
  EXPECT_FALSE(l.cancel_queued("c"));
  EXPECT_FALSE(l.cancel_queued("zzz"));
  EXPECT_EQ(l.position("b"), 0);
  EXPECT_EQ(l.position("d"), 1);
  EXPECT_EQ(l.position("c"), std::nullopt);
  EXPECT_EQ(l.queued(lane::fast), 2);
  EXPECT_EQ(l.running(lane::fast), 1);
}

TEST(lanes, smaller_sizes_never_drop_accepted_tasks) {
  account_lanes l{small(3, 5)};
  for (int i = 0; i < 8; ++i)
    ASSERT_NE(
        l.admit(entry("t" + std::to_string(i), 0, i), work_kind::job, speed_mode::fast).outcome,
        admit_outcome::full);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(l.start_next(lane::fast));
  l.resize(small(1, 1));
  EXPECT_EQ(l.queued(lane::fast), 5);
  EXPECT_EQ(l.running(lane::fast), 3);
  EXPECT_EQ(l.admit(entry("new"), work_kind::job, speed_mode::fast).outcome, admit_outcome::full);
  EXPECT_EQ(l.start_next(lane::fast), std::nullopt);  // 3 running > 1 slot
  EXPECT_TRUE(l.finish("t0"));
  EXPECT_TRUE(l.finish("t1"));
  EXPECT_EQ(l.start_next(lane::fast), std::nullopt);  // still 1 running = 1 slot
  EXPECT_TRUE(l.finish("t2"));
  EXPECT_EQ(l.start_next(lane::fast), "t3");
  int drained = 1;
  for (int i = 0; i < 10 && l.queued(lane::fast) > 0; ++i) {
    ASSERT_TRUE(l.finish("t" + std::to_string(2 + drained)));
    ASSERT_TRUE(l.start_next(lane::fast));
    ++drained;
  }
  EXPECT_EQ(drained, 5);  // every accepted task ran
}

TEST(lanes, adopt_running_holds_a_slot) {
  account_lanes l{small(1, 1)};
  EXPECT_TRUE(l.adopt_running("old", lane::fast));
  EXPECT_FALSE(l.adopt_running("old", lane::fast));
  auto a = l.admit(entry("new"), work_kind::job, speed_mode::fast);
  EXPECT_EQ(a.outcome, admit_outcome::queued);
  EXPECT_EQ(l.start_next(lane::fast), std::nullopt);
  EXPECT_TRUE(l.finish("old"));
  EXPECT_EQ(l.start_next(lane::fast), "new");
}

TEST(lanes, bounded_queue_of_a_thousand_keeps_order) {
  lanes_config c;
  c.fast = {1, 1000};
  account_lanes l{c};
  ASSERT_EQ(l.admit(entry("r"), work_kind::job, speed_mode::fast).outcome,
            admit_outcome::start_now);
  ASSERT_EQ(l.start_next(lane::fast), "r");
  for (int i = 0; i < 1000; ++i) {
    auto a = l.admit(entry(std::to_string(i), i % 3, i), work_kind::job, speed_mode::fast);
    ASSERT_EQ(a.outcome, admit_outcome::queued) << i;
  }
  EXPECT_EQ(l.admit(entry("x"), work_kind::job, speed_mode::fast).outcome, admit_outcome::full);
  EXPECT_EQ(l.position("2"), 0);    // first priority-2 task
  EXPECT_EQ(l.position("1"), 333);  // behind 333 priority-2 tasks
  EXPECT_EQ(l.position("0"), 666);
}

TEST(lanes, aging_lets_old_low_priority_tasks_pass_newer_high_ones) {
  lanes_config c;
  c.fast = {1, 10};
  c.aging_ms = 600'000;  // +1 priority per 10 min waited
  account_lanes l{c};
  ASSERT_EQ(l.admit({"busy", 0, 1, 0}, work_kind::job, speed_mode::fast).outcome,
            admit_outcome::start_now);
  ASSERT_EQ(l.start_next(lane::fast), "busy");
  struct row {
    const char* id;
    int priority;
    std::int64_t enqueued_at;
  };
  const row rows[] = {
      {"old_low", 0, 0},          // rank 0
      {"new_p2", 2, 1'500'000},   // rank 300'000: waited 0, low waited 25 min > 2 periods
      {"new_p3", 3, 1'500'000},   // rank -300'000: still ahead of old_low
      {"same_rank", 1, 600'000},  // rank 0, later seq than old_low
  };
  std::int64_t seq = 10;
  for (const auto& r : rows)
    ASSERT_EQ(
        l.admit({r.id, r.priority, ++seq, r.enqueued_at}, work_kind::job, speed_mode::fast).outcome,
        admit_outcome::queued);
  const char* expected[] = {"new_p3", "old_low", "same_rank", "new_p2"};
  for (int i = 0; i < 4; ++i) EXPECT_EQ(l.position(expected[i]), i) << expected[i];

  // Switching aging off re-orders by plain priority.
  c.aging_ms = 0;
  l.resize(c);
  const char* plain[] = {"new_p3", "new_p2", "same_rank", "old_low"};
  for (int i = 0; i < 4; ++i) EXPECT_EQ(l.position(plain[i]), i) << plain[i];
  EXPECT_EQ(l.queued(lane::fast), 4);
}

TEST(lanes, slot_penalty_withholds_slots_but_leaves_one) {
  account_lanes l{small(3, 5)};
  l.set_slot_penalty(lane::fast, 1);
  EXPECT_EQ(l.free_slots(lane::fast), 2);
  for (const char* id : {"a", "b", "c"}) l.admit(entry(id), work_kind::job, speed_mode::fast);
  EXPECT_TRUE(l.start_next(lane::fast));
  EXPECT_TRUE(l.start_next(lane::fast));
  EXPECT_EQ(l.start_next(lane::fast), std::nullopt);
  l.set_slot_penalty(lane::fast, 0);
  EXPECT_EQ(l.start_next(lane::fast), "c");
  l.set_slot_penalty(lane::relax, 99);
  EXPECT_EQ(l.free_slots(lane::relax), 1);
}
