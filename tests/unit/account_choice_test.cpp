#include "domain/account_choice.hpp"

#include <gtest/gtest.h>

using namespace mjgate::domain;

namespace {
account_capacity acc(std::string id, int running, int core, int queued, int queue,
                     link_health h = link_health::ready) {
  return {std::move(id), true, h, running, core, queued, queue};
}
}  // namespace

TEST(best_wait_idle, prefers_free_slot_with_lowest_load) {
  std::vector<account_capacity> a{acc("a", 2, 3, 0, 10), acc("b", 1, 3, 0, 10),
                                  acc("c", 3, 3, 1, 10)};
  for (std::uint64_t r = 0; r < 20; ++r) {
    auto c = choose_best_wait_idle(a, "", r);
    ASSERT_EQ(c.outcome, choice_outcome::chosen);
    EXPECT_EQ(a[c.index].id, "b");
  }
}

TEST(best_wait_idle, falls_back_to_shortest_queue) {
  std::vector<account_capacity> a{acc("a", 3, 3, 5, 10), acc("b", 3, 3, 2, 10)};
  auto c = choose_best_wait_idle(a, "", 1);
  EXPECT_EQ(a[c.index].id, "b");
}

TEST(best_wait_idle, saturated_vs_none) {
  std::vector<account_capacity> full{acc("a", 1, 1, 1, 1)};
  EXPECT_EQ(choose_best_wait_idle(full, "", 0).outcome, choice_outcome::saturated);
  std::vector<account_capacity> disabled{acc("a", 0, 1, 0, 1, link_health::disabled)};
  EXPECT_EQ(choose_best_wait_idle(disabled, "", 0).outcome, choice_outcome::none);
  EXPECT_EQ(choose_best_wait_idle({}, "", 0).outcome, choice_outcome::none);
  std::vector<account_capacity> one{acc("a", 0, 1, 0, 1)};
  EXPECT_EQ(choose_best_wait_idle(one, "zzz", 0).outcome, choice_outcome::none);
}

TEST(best_wait_idle, connecting_accounts_take_queue_work_but_no_slot) {
  std::vector<account_capacity> a{acc("a", 0, 3, 0, 10, link_health::connecting),
                                  acc("b", 3, 3, 4, 10)};
  auto c = choose_best_wait_idle(a, "", 0);
  ASSERT_EQ(c.outcome, choice_outcome::chosen);
  EXPECT_EQ(a[c.index].id, "a");  // empty queue beats 4/10
}

TEST(best_wait_idle, excluded_accounts_are_skipped_but_still_candidates) {
  std::vector<account_capacity> a{acc("a", 0, 3, 0, 10), acc("b", 2, 3, 0, 10)};
  EXPECT_EQ(a[choose_best_wait_idle(a, "", 0, {"a"}).index].id, "b");
  EXPECT_EQ(choose_best_wait_idle(a, "", 0, {"a", "b"}).outcome, choice_outcome::saturated);
}

TEST(best_wait_idle, instance_filter_and_ties_spread) {
  std::vector<account_capacity> a{acc("a", 0, 3, 0, 10), acc("b", 0, 3, 0, 10)};
  EXPECT_EQ(a[choose_best_wait_idle(a, "b", 0).index].id, "b");
  int picks_a = 0;
  for (std::uint64_t r = 0; r < 200; ++r)
    picks_a += a[choose_best_wait_idle(a, "", r * 7919).index].id == "a";
  EXPECT_GT(picks_a, 20);
  EXPECT_LT(picks_a, 180);
}

// A task reserved on an idle account (queued 1, running 0) will take the free
// slot: the account still has its whole queue, as it says itself (code 22,
// not 23). e2e 3 saw 23 when its second submit came in that window.
TEST(best_wait_idle, waiting_tasks_take_free_slots_before_the_queue) {
  std::vector<account_capacity> reserved_one{acc("a", 0, 1, 1, 1)};
  EXPECT_EQ(choose_best_wait_idle(reserved_one, "", 0).outcome, choice_outcome::chosen);
  std::vector<account_capacity> full{acc("a", 0, 1, 2, 1)};
  EXPECT_EQ(choose_best_wait_idle(full, "", 0).outcome, choice_outcome::saturated);
  // Two free slots, one of them spoken for: a free slot is still left.
  std::vector<account_capacity> a{acc("a", 1, 3, 1, 10), acc("b", 0, 3, 3, 10)};
  auto c = choose_best_wait_idle(a, "", 0);
  ASSERT_EQ(c.outcome, choice_outcome::chosen);
  EXPECT_EQ(a[c.index].id, "a");
  // Not ready: every waiting task uses the queue.
  std::vector<account_capacity> connecting{acc("a", 0, 1, 1, 1, link_health::connecting)};
  EXPECT_EQ(choose_best_wait_idle(connecting, "", 0).outcome, choice_outcome::saturated);
}
