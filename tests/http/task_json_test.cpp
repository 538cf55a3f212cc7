// Golden output of the mj Task JSON (api-contracts.md §3.6, §2.4).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/dialects/mj/task_json.hpp"

namespace {

using mjgate::domain::task;
using mjgate::domain::task_status;
namespace mj = mjgate::http::mj;

nlohmann::ordered_json task_json(const task& t) {
  return nlohmann::ordered_json::parse(mj::render_task(t));
}

task success_task() {
  task t;
  t.id = "1718000000000100";
  t.status = task_status::success;
  t.progress = 100;
  t.prompt = "猫";
  t.prompt_en = "cat";
  t.prompt_full = "cat --v 7.0";
  t.final_prompt = "cat --v 7.0";
  t.description = "/imagine 猫";
  t.submit_time = 1718000000000;
  t.start_time = 1718000001200;
  t.finish_time = 1718000041000;
  t.image_url = "https://mj.example.com/mj/image/1718000000000100";
  t.mode = "FAST";
  t.job_id = "0f3c";
  t.account_id = "1118138338562560102";
  t.message_id = "1250";
  t.progress_message_id = "1251";
  t.nonce = "1252";
  t.buttons = {{"MJ::JOB::upsample::1::0f3c", "", "U1", 2, 2}, {"", "", "Web", 2, 5}};
  return t;
}

TEST(task_json, success_golden_bytes) {
  EXPECT_EQ(
      mj::render_task(success_task()),
      R"({"id":"1718000000000100","parentId":null,"action":"IMAGINE","customId":"","status":"SUCCESS",)"
      R"("botType":"MID_JOURNEY","mode":"FAST","prompt":"猫","promptEn":"cat","promptFull":"cat --v 7.0",)"
      R"("description":"/imagine 猫","state":"","submitTime":1718000000000,"startTime":1718000001200,)"
      R"("finishTime":1718000041000,"progress":"100%","imageUrl":"https://mj.example.com/mj/image/1718000000000100",)"
      R"("imageUrls":[],"videoUrl":"","videoUrls":[],"failReason":"","jobId":"0f3c","seed":null,)"
      R"("instanceId":"1118138338562560102",)"
      R"("buttons":[{"customId":"MJ::JOB::upsample::1::0f3c","emoji":"","label":"U1","type":2,"style":2}],)"
      R"("properties":{"finalPrompt":"cat --v 7.0","finalZhPrompt":"","notifyHook":"","discordInstanceId":"1118138338562560102",)"
      R"("discordChannelId":"1118138338562560102","messageId":"1250","messageHash":"0f3c","progressMessageId":"1251",)"
      R"("referencedMessageId":"","nonce":"1252","flags":0,"botType":"MID_JOURNEY"}})");
}

TEST(task_json, unset_fields_are_null_and_every_key_present) {
  task t;
  t.id = "1";
  auto j = task_json(t);
  EXPECT_TRUE(j["parentId"].is_null());
  EXPECT_TRUE(j["startTime"].is_null());
  EXPECT_TRUE(j["finishTime"].is_null());
  EXPECT_TRUE(j["mode"].is_null());
  EXPECT_TRUE(j["seed"].is_null());
  EXPECT_TRUE(j["instanceId"].is_null());
  EXPECT_EQ(j["submitTime"], 0);
  EXPECT_EQ(j.size(), 26u);
  EXPECT_EQ(j["properties"].size(), 12u);
  EXPECT_EQ(j["status"], "NOT_START");
}

TEST(task_json, set_parent_and_seed_are_strings) {
  task t;
  t.parent_id = "17";
  t.seed = "3827461925";
  t.action = mjgate::domain::task_action::upscale;
  auto j = task_json(t);
  EXPECT_EQ(j["parentId"], "17");
  EXPECT_EQ(j["seed"], "3827461925");
  EXPECT_EQ(j["action"], "UPSCALE");
}

TEST(task_json, progress_rendering) {
  task t;
  t.progress = 42;
  for (auto s : {task_status::not_start, task_status::submitted, task_status::modal}) {
    t.status = s;
    EXPECT_EQ(mj::render_progress(t), "0%");
  }
  t.status = task_status::in_progress;
  EXPECT_EQ(mj::render_progress(t), "42%");
  t.status = task_status::failure;
  EXPECT_EQ(mj::render_progress(t), "42%");
  t.status = task_status::cancel;
  t.progress = -1;
  EXPECT_EQ(mj::render_progress(t), "0%");
  t.status = task_status::in_progress;
  EXPECT_EQ(mj::render_progress(t), "0%");
  t.status = task_status::success;
  t.progress = 97;
  EXPECT_EQ(mj::render_progress(t), "100%");
}

TEST(task_json, invalid_utf8_does_not_throw) {
  task t;
  t.prompt = std::string{"a\xff"};
  EXPECT_NO_THROW(mj::render_task(t));
}

TEST(task_json, array_keeps_order) {
  task a, b;
  a.id = "2";
  b.id = "1";
  auto s = mj::render_task_array({a, b});
  EXPECT_LT(s.find(R"("id":"2")"), s.find(R"("id":"1")"));
  EXPECT_EQ(mj::render_task_array({}), "[]");
}

}  // namespace
