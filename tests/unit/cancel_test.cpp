// Cancel semantics per status (api-contracts.md §3.5).
#include "domain/cancel.hpp"

#include <gtest/gtest.h>

using namespace mjgate::domain;

TEST(cancel, per_status_table) {
  using enum task_status;
  struct row {
    task_status status;
    cancel_effect effect;
    task_status after;
  };
  const row rows[] = {
      {not_start, cancel_effect::remove_from_lane, cancel},
      {modal, cancel_effect::remove_from_lane, cancel},
      {submitted, cancel_effect::keep_slot, cancel},
      {in_progress, cancel_effect::keep_slot, cancel},
      {queued, cancel_effect::keep_slot, cancel},  // relayed tasks: still running upstream
      {unknown, cancel_effect::keep_slot, cancel},
      {success, cancel_effect::refuse, success},
      {failure, cancel_effect::refuse, failure},
      {cancel, cancel_effect::refuse, cancel},
  };
  for (const auto& r : rows) {
    task t;
    t.status = r.status;
    t.progress = 40;
    t.fail_reason = r.status == failure ? "boom" : "";
    auto d = cancel_task(t, 1000);
    EXPECT_EQ(d.effect, r.effect) << to_string(r.status);
    EXPECT_EQ(d, decide_cancel(r.status)) << to_string(r.status);
    EXPECT_EQ(t.status, r.after) << to_string(r.status);
    if (r.effect == cancel_effect::refuse) {
      EXPECT_EQ(d.error, errc::validation);
      EXPECT_EQ(d.message, "任务已结束，无法取消");
      EXPECT_EQ(t.finish_time, 0);
    } else {
      EXPECT_EQ(d.error, errc::none);
      EXPECT_EQ(t.fail_reason, "任务已取消");
      EXPECT_EQ(t.finish_time, 1000);
      EXPECT_EQ(t.progress, 40);  // the last known progress stays
    }
  }
}
