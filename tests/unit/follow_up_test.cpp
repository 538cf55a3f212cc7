// Follow-up validation and child building (api-contracts.md §3.4, protocol §8.4).
#include "domain/follow_up.hpp"

#include <gtest/gtest.h>

using namespace mjgate::domain;

namespace {

task parent_task(task_status status = task_status::success,
                 task_action action = task_action::imagine) {
  task t;
  t.id = "1718000000000100";
  t.uuid = "8a2c5959-143b-46c5-adb6-242652ac8141";
  t.status = status;
  t.action = action;
  t.account_id = "acc-1";
  t.bot_type = "NIJI_JOURNEY";
  t.prompt = "猫";
  t.prompt_en = "cat";
  t.final_prompt = "cat --v 7.0";
  t.message_id = "1250";
  t.buttons = {{"MJ::JOB::upsample::2::h", "", "U2"}, {"MJ::JOB::variation::1::h", "", "V1"}};
  return t;
}

}  // namespace

TEST(follow_up, check_action_table) {
  const task ok = parent_task();
  const task running = parent_task(task_status::in_progress);
  const task failed = parent_task(task_status::failure);
  struct row {
    const char* name;
    const task* parent;
    const char* custom_id;
    errc error;
    const char* message;
  };
  const row rows[] = {
      {"missing", nullptr, "MJ::JOB::upsample::2::h", errc::parent_invalid,
       "关联任务不存在或已失效"},
      {"running", &running, "MJ::JOB::upsample::2::h", errc::parent_invalid, "关联任务状态错误"},
      {"failed", &failed, "MJ::JOB::upsample::2::h", errc::parent_invalid, "关联任务状态错误"},
      {"not offered", &ok, "MJ::JOB::upsample::3::h", errc::validation, "关联任务不允许执行该操作"},
      {"offered", &ok, "MJ::JOB::upsample::2::h", errc::none, ""},
      {"offered V", &ok, "MJ::JOB::variation::1::h", errc::none, ""},
  };
  for (const auto& r : rows) {
    auto c = check_action(r.parent, r.custom_id);
    EXPECT_EQ(c.error, r.error) << r.name;
    EXPECT_EQ(c.message, r.message) << r.name;
  }
}

TEST(follow_up, check_change_table) {
  const task imagine = parent_task();
  const task upscale = parent_task(task_status::success, task_action::upscale);
  const task describe = parent_task(task_status::success, task_action::describe);
  const task blend = parent_task(task_status::success, task_action::blend);
  const task not_done = parent_task(task_status::not_start);
  struct row {
    const task* parent;
    task_action action;
    int index;
    errc error;
  };
  const row rows[] = {
      {&imagine, task_action::upscale, 1, errc::none},
      {&imagine, task_action::upscale, 4, errc::none},
      {&imagine, task_action::upscale, 0, errc::validation},
      {&imagine, task_action::variation, 5, errc::validation},
      {&imagine, task_action::reroll, 0, errc::none},
      {&imagine, task_action::pan, 1, errc::validation},
      {&blend, task_action::variation, 2, errc::none},
      {&upscale, task_action::variation, 1, errc::validation},
      {&describe, task_action::reroll, 0, errc::validation},
      {&not_done, task_action::upscale, 1, errc::parent_invalid},
      {nullptr, task_action::upscale, 1, errc::parent_invalid},
  };
  for (std::size_t i = 0; i < std::size(rows); ++i)
    EXPECT_EQ(check_change(rows[i].parent, rows[i].action, rows[i].index).error, rows[i].error)
        << "row " << i;
  EXPECT_EQ(check_change(&upscale, task_action::variation, 1).message, "关联任务不允许执行变化");
}

TEST(follow_up, parent_account_reach_never_gives_code_3) {
  EXPECT_EQ(check_parent_account(parent_account_reach::available).error, errc::none);
  EXPECT_EQ(check_parent_account(parent_account_reach::unavailable).error, errc::queue_full);
  auto gone = check_parent_account(parent_account_reach::gone);
  EXPECT_EQ(gone.error, errc::parent_invalid);
  EXPECT_EQ(gone.message, "关联任务不存在或已失效");
}

TEST(follow_up, labels) {
  EXPECT_EQ(follow_up_label(task_action::upscale, 2), "U2");
  EXPECT_EQ(follow_up_label(task_action::variation, 4), "V4");
  EXPECT_EQ(follow_up_label(task_action::variation, 0), "V");
  EXPECT_EQ(follow_up_label(task_action::reroll, 0), "R");
  EXPECT_EQ(follow_up_label(task_action::pan, 1), "PAN");
  EXPECT_EQ(follow_up_label(task_action::upscale_hd, 1), "UPSCALE_HD");
}

TEST(follow_up, fan_out_children_carry_their_number_in_the_state) {
  EXPECT_EQ(fan_out_state("order-7", 1), "order-7::1");
  EXPECT_EQ(fan_out_state("order-7", 4), "order-7::4");
  EXPECT_EQ(fan_out_state("", 2), "") << "no state given: none invented";
}

TEST(follow_up, child_is_pinned_to_the_parent_account) {
  const task parent = parent_task();
  auto child = make_follow_up(parent, {task_action::upscale, 2, "MJ::JOB::upsample::2::h"}, 42);
  EXPECT_EQ(child.parent_id, parent.id);
  EXPECT_EQ(child.parent_uuid, parent.uuid) << "node-api shows the parent's _id as taskId";
  EXPECT_EQ(child.account_id, "acc-1");
  EXPECT_EQ(child.action, task_action::upscale);
  EXPECT_EQ(child.index, 2);
  EXPECT_EQ(child.custom_id, "MJ::JOB::upsample::2::h");
  EXPECT_EQ(child.description, "/up 1718000000000100 U2");
  EXPECT_EQ(child.status, task_status::not_start);
  EXPECT_EQ(child.prompt, "猫");
  EXPECT_EQ(child.prompt_en, "cat");
  EXPECT_EQ(child.final_prompt, "cat --v 7.0");
  EXPECT_EQ(child.bot_type, "NIJI_JOURNEY");
  EXPECT_EQ(child.referenced_message_id, "1250");
  EXPECT_EQ(child.submit_time, 42);
  EXPECT_TRUE(child.buttons.empty());
  EXPECT_TRUE(child.id.empty());
}
