// The node-api task document (api-contracts.md §6.4): golden bytes, the
// status and progress rules, and the legacy progress style.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/dialects/node/document.hpp"

namespace {

using namespace mjgate;
using domain::task;
using domain::task_action;
using domain::task_status;
namespace node = mjgate::http::node;

task upscaled() {
  task t;
  t.id = "1684310738264000";
  t.uuid = "8a2c5959-143b-46c5-adb6-242652ac8141";
  t.action = task_action::upscale;
  t.index = 1;
  t.parent_id = "1684310700000000";
  t.parent_uuid = "0b6f3c1e-2a4d-4e8f-9a1b-2c3d4e5f6a7b";
  t.status = task_status::success;
  t.progress = 100;
  t.prompt = "一只狗";
  t.prompt_en = "A dog";
  t.final_prompt = "A dog --seed 5587";
  t.description = "/up 1684310700000000 U1";
  t.state = "main";
  t.notify_hook = "http://www.baidu.com";
  t.submit_time = 1684310738264;
  t.start_time = 1684310738300;
  t.finish_time = 1684310741027;
  t.image_url = "https://mj.example.com/mj/image/1684310738264000";
  t.job_id = "adbd1ba4-f61e-4eac-9991-475799668483";
  t.message_id = "1108302168013938689";
  t.origin = "node";
  return t;
}

TEST(node_document, success_golden_bytes) {
  EXPECT_EQ(
      node::render_document(upscaled(), node::progress_style::percent),
      R"({"_id":"8a2c5959-143b-46c5-adb6-242652ac8141","index":"1","action":"UPSCALE",)"
      R"("prompt":"一只狗","promptEn":"A dog","taskId":"0b6f3c1e-2a4d-4e8f-9a1b-2c3d4e5f6a7b",)"
      R"("uri":"https://mj.example.com/mj/image/1684310738264000",)"
      R"("hash":"adbd1ba4-f61e-4eac-9991-475799668483","content":"A dog --seed 5587",)"
      R"("progress":"done","description":"/up 1684310700000000 U1","submitTime":1684310738264,)"
      R"("creationTime":1684310738264,"startTime":1684310738300,"finishTime":1684310741027,)"
      R"("state":"main","notifyHook":"http://www.baidu.com",)"
      R"("imageUrl":"https://mj.example.com/mj/image/1684310738264000","status":"SUCCESS",)"
      R"("failReason":"","messageId":"1108302168013938689"})");
}

TEST(node_document, queued_imagine_has_empty_fields_and_null_times) {
  task t;
  t.uuid = "u";
  t.submit_time = 5;
  t.image_url = "https://preview";  // a preview is not a result
  t.message_id = "9";
  auto j = node::document(t, node::progress_style::percent);
  EXPECT_EQ(j["index"], "");
  EXPECT_EQ(j["taskId"], "");
  EXPECT_EQ(j["action"], "IMAGINE");
  EXPECT_EQ(j["progress"], "");
  EXPECT_EQ(j["uri"], "");
  EXPECT_EQ(j["imageUrl"], "");
  EXPECT_EQ(j["messageId"], "");
  EXPECT_TRUE(j["startTime"].is_null());
  EXPECT_TRUE(j["finishTime"].is_null());
  EXPECT_EQ(j["status"], "NOT_START");
  EXPECT_EQ(j.size(), 21u);
}

TEST(node_document, status_mapping) {
  EXPECT_EQ(node::status_text(task_status::not_start), "NOT_START");
  for (auto s : {task_status::submitted, task_status::modal, task_status::in_progress})
    EXPECT_EQ(node::status_text(s), "IN_PROGRESS");
  EXPECT_EQ(node::status_text(task_status::success), "SUCCESS");
  EXPECT_EQ(node::status_text(task_status::failure), "FAILURE");
  EXPECT_EQ(node::status_text(task_status::cancel), "FAILURE");
}

TEST(node_document, progress_rule_and_legacy_style) {
  auto progress = [](task_status s, int p, std::int64_t start, node::progress_style style) {
    task t;
    t.status = s;
    t.progress = p;
    t.start_time = start;
    return node::progress_text(t, style);
  };
  using enum node::progress_style;
  EXPECT_EQ(progress(task_status::not_start, -1, 0, percent), "");
  EXPECT_EQ(progress(task_status::submitted, -1, 7, percent), "0%");
  EXPECT_EQ(progress(task_status::in_progress, -1, 7, percent), "0%");
  EXPECT_EQ(progress(task_status::in_progress, 46, 7, percent), "46%");
  EXPECT_EQ(progress(task_status::success, 100, 7, percent), "done");
  EXPECT_EQ(progress(task_status::failure, 46, 7, percent), "46%");
  EXPECT_EQ(progress(task_status::failure, -1, 7, percent), "0%");
  EXPECT_EQ(progress(task_status::failure, -1, 0, percent), "") << "failed in its queue";
  EXPECT_EQ(progress(task_status::cancel, 20, 7, percent), "20%");
  EXPECT_EQ(progress(task_status::in_progress, 46, 7, legacy), "");
  EXPECT_EQ(progress(task_status::failure, 46, 7, legacy), "");
  EXPECT_EQ(progress(task_status::success, 100, 7, legacy), "done");
}

TEST(node_document, other_actions_keep_their_unified_name_and_no_index) {
  auto t = upscaled();
  t.action = task_action::reroll;
  t.index = 0;
  auto j = node::document(t, node::progress_style::percent);
  EXPECT_EQ(j["action"], "REROLL");
  EXPECT_EQ(j["index"], "");
  EXPECT_EQ(j["taskId"], t.parent_uuid);
  t.action = task_action::upscale_hd;
  t.index = 1;
  EXPECT_EQ(node::document(t, node::progress_style::percent)["index"], "");
}

TEST(node_document, array_in_order) {
  auto a = upscaled();
  auto b = upscaled();
  b.uuid = "second";
  auto arr = nlohmann::json::parse(node::render_documents({a, b}, node::progress_style::percent));
  ASSERT_EQ(arr.size(), 2u);
  EXPECT_EQ(arr[0]["_id"], a.uuid);
  EXPECT_EQ(arr[1]["_id"], "second");
  EXPECT_EQ(node::render_documents({}, node::progress_style::percent), "[]");
}

}  // namespace
