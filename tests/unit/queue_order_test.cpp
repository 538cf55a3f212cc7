// The order of a lane's waiting tasks (api-contracts.md §2.5).
#include "domain/queue_order.hpp"

#include <gtest/gtest.h>

using mjgate::domain::queue_rank;

TEST(queue_order, without_aging_higher_priority_runs_first_and_arrival_does_not_count) {
  EXPECT_LT(queue_rank(5, 1000, 0), queue_rank(0, 0, 0));
  EXPECT_EQ(queue_rank(0, 0, 0), queue_rank(0, 999999, 0));  // ties keep arrival order
  EXPECT_LT(queue_rank(127, 0, 0), queue_rank(-128, 0, 0));
}

TEST(queue_order, aging_lets_an_old_low_priority_task_pass_a_new_high_one) {
  constexpr std::int64_t ten_minutes = 600000;
  // priority 0 waiting since t=0 vs priority 2 arriving 30 minutes later
  EXPECT_LT(queue_rank(0, 0, ten_minutes), queue_rank(2, 1800000, ten_minutes));
  // … but not one arriving 10 minutes later
  EXPECT_GT(queue_rank(0, 0, ten_minutes), queue_rank(2, 600000, ten_minutes));
  // one period of waiting is worth exactly one priority step
  EXPECT_EQ(queue_rank(1, ten_minutes, ten_minutes), queue_rank(0, 0, ten_minutes));
}
