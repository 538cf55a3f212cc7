// Golden output of the new-api dashboard items (api-contracts.md §4.5, §4.6)
// and the list envelope (§4.4).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/dialects/newapi/envelope.hpp"
#include "http/dialects/newapi/list_items.hpp"

namespace {

using mjgate::domain::task;
using mjgate::domain::task_action;
using mjgate::domain::task_status;
namespace newapi = mjgate::http::newapi;

task mj_task() {
  task t;
  t.id = "1718000000000100";
  t.seq = 42;
  t.uuid = "2f1c9a4e-8d3b-4c1a-9e7f-0123456789ab";
  t.user_id = 7;
  t.action = task_action::variation;
  t.custom_id = "MJ::JOB::low_variation::1::0f3c5a2e-1b7d-4c9a-8e6f-2d4b6a8c0e1f::SOLO";
  t.status = task_status::success;
  t.progress = 100;
  t.prompt = "猫";
  t.prompt_en = "cat";
  t.final_prompt = "cat --v 7.0";
  t.final_zh_prompt = "猫 --v 7.0";
  t.description = "/imagine 猫";
  t.state = "s\"1";
  t.submit_time = 1718000000000;
  t.start_time = 1718000001200;
  t.finish_time = 1718000041000;
  t.image_url = "https://mj.example.com/mj/image/1718000000000100";
  t.buttons = {{"MJ::JOB::upsample::1::0f3c", "", "U1", 2, 2}, {"", "", "Web", 2, 5}};
  t.submit_code = 22;
  t.channel_id = 0;
  t.quota = 1000;
  return t;
}

task suno_task() {
  task t;
  t.id = "1718000000000200";
  t.seq = 43;
  t.uuid = "2f1c9a4e-8d3b-4c1a-9e7f-0123456789ab";
  t.user_id = 7;
  t.origin = "relay";
  t.platform = "suno";
  t.action = task_action::music;
  t.status = task_status::in_progress;
  t.progress = 45;
  t.prompt = "a song about cats";
  t.submit_time = 1718000000999;
  t.start_time = 1718000002000;
  t.created_at = 1718000000500;
  t.updated_at = 1718000009000;
  t.channel_id = 3;
  t.quota = 500;
  t.user_group = "vip";
  t.upstream_data = R"([ {"id": "clip-1", "status": "streaming"} ])";
  return t;
}

TEST(newapi_mj_item, golden_bytes) {
  EXPECT_EQ(
      newapi::render_mj_item(mj_task()),
      R"({"id":42,"code":22,"user_id":7,"action":"LOW_VARIATION","mj_id":"1718000000000100",)"
      R"("prompt":"猫","prompt_en":"cat","description":"/imagine 猫","state":"s\"1",)"
      R"("submit_time":1718000000000,"start_time":1718000001200,"finish_time":1718000041000,)"
      R"("image_url":"https://mj.example.com/mj/image/1718000000000100","video_url":"","video_urls":"",)"
      R"("status":"SUCCESS","progress":"100%","fail_reason":"","channel_id":0,"quota":1000,)"
      R"("buttons":"[{\"customId\":\"MJ::JOB::upsample::1::0f3c\",\"emoji\":\"\",\"label\":\"U1\",\"type\":2,\"style\":2}]",)"
      R"("properties":"{\"finalPrompt\":\"cat --v 7.0\",\"finalZhPrompt\":\"猫 --v 7.0\"}"})");
}

TEST(newapi_mj_item, string_columns_hold_json_and_are_empty_when_there_is_nothing) {
  auto t = mj_task();
  t.video_url = "https://cdn.example/v.mp4";
  auto j = nlohmann::json::parse(newapi::render_mj_item(t));
  EXPECT_EQ(nlohmann::json::parse(j["video_urls"].get<std::string>()),
            nlohmann::json::parse(R"([{"url":"https://cdn.example/v.mp4"}])"));
  EXPECT_EQ(j["video_url"], "https://cdn.example/v.mp4");
  EXPECT_EQ(nlohmann::json::parse(j["buttons"].get<std::string>()).size(), 1u);  // no link button
  task fresh;
  fresh.id = "1";
  auto e = nlohmann::json::parse(newapi::render_mj_item(fresh));
  EXPECT_EQ(e["buttons"], "");
  EXPECT_EQ(e["video_urls"], "");
  EXPECT_EQ(e["image_url"], "");
  EXPECT_EQ(e["properties"], R"({"finalPrompt":"","finalZhPrompt":""})");
  EXPECT_EQ(e["start_time"], 0);  // unset instants are 0, never null
  EXPECT_EQ(e["finish_time"], 0);
  EXPECT_EQ(e.size(), 22u);
}

TEST(newapi_mj_item, progress_is_100_for_every_terminal_status) {
  task t;
  t.progress = 40;
  for (auto s : {task_status::success, task_status::failure, task_status::cancel}) {
    t.status = s;
    EXPECT_EQ(newapi::mj_item_progress(t), "100%");
  }
  t.status = task_status::in_progress;
  EXPECT_EQ(newapi::mj_item_progress(t), "40%");
  t.status = task_status::not_start;
  EXPECT_EQ(newapi::mj_item_progress(t), "0%");
  t.status = task_status::in_progress;
  t.progress = -1;
  EXPECT_EQ(newapi::mj_item_progress(t), "0%");
}

TEST(newapi_mj_item, relay_action_follows_the_clicked_button_else_the_action) {
  auto with = [](task_action a, std::string custom_id) {
    task t;
    t.action = a;
    t.custom_id = std::move(custom_id);
    return newapi::relay_action(t);
  };
  EXPECT_EQ(with(task_action::imagine, ""), "IMAGINE");
  // The button decides, not the stored action.
  EXPECT_EQ(
      with(task_action::imagine, "MJ::JOB::upsample::2::0f3c5a2e-1b7d-4c9a-8e6f-2d4b6a8c0e1f"),
      "UPSCALE");
  EXPECT_EQ(
      with(task_action::upscale, "MJ::JOB::upsample::2::0f3c5a2e-1b7d-4c9a-8e6f-2d4b6a8c0e1f"),
      "UPSCALE");
  EXPECT_EQ(with(task_action::upscale_hd,
                 "MJ::JOB::upsample_v6_2x_subtle::1::0f3c5a2e-1b7d-4c9a-8e6f-2d4b6a8c0e1f::SOLO"),
            "UPSCALE");
  EXPECT_EQ(
      with(task_action::variation, "MJ::JOB::variation::3::0f3c5a2e-1b7d-4c9a-8e6f-2d4b6a8c0e1f"),
      "VARIATION");
  EXPECT_EQ(with(task_action::variation,
                 "MJ::JOB::high_variation::1::0f3c5a2e-1b7d-4c9a-8e6f-2d4b6a8c0e1f::SOLO"),
            "HIGH_VARIATION");
  EXPECT_EQ(with(task_action::variation,
                 "MJ::JOB::low_variation::1::0f3c5a2e-1b7d-4c9a-8e6f-2d4b6a8c0e1f::SOLO"),
            "LOW_VARIATION");
  EXPECT_EQ(
      with(task_action::variation, "MJ::Inpaint::1::0f3c5a2e-1b7d-4c9a-8e6f-2d4b6a8c0e1f::SOLO"),
      "INPAINT");
  EXPECT_EQ(
      with(task_action::reroll, "MJ::JOB::reroll::0::0f3c5a2e-1b7d-4c9a-8e6f-2d4b6a8c0e1f::SOLO"),
      "REROLL");
  EXPECT_EQ(
      with(task_action::pan, "MJ::JOB::pan_left::1::0f3c5a2e-1b7d-4c9a-8e6f-2d4b6a8c0e1f::SOLO"),
      "PAN");
  EXPECT_EQ(
      with(task_action::zoom, "MJ::Outpaint::50::1::0f3c5a2e-1b7d-4c9a-8e6f-2d4b6a8c0e1f::SOLO"),
      "ZOOM");
  EXPECT_EQ(with(task_action::zoom, "MJ::CustomZoom::0f3c5a2e-1b7d-4c9a-8e6f-2d4b6a8c0e1f"),
            "CUSTOM_ZOOM");
  EXPECT_EQ(with(task_action::video,
                 "MJ::JOB::animate_high::1::0f3c5a2e-1b7d-4c9a-8e6f-2d4b6a8c0e1f::SOLO"),
            "VIDEO");
  EXPECT_EQ(with(task_action::imagine, "MJ::Job::PicReader::2"), "IMAGINE");
  EXPECT_EQ(with(task_action::describe, "MJ::Picread::Retry"), "DESCRIBE");
  EXPECT_EQ(with(task_action::edit, ""), "EDITS");
  EXPECT_EQ(with(task_action::upscale_hd, ""), "UPSCALE");
  EXPECT_EQ(with(task_action::upscale, "not-a-custom-id"), "UPSCALE");
  EXPECT_EQ(with(task_action::upload, ""), "UPLOAD");
}

TEST(newapi_task_item, golden_bytes_admin_and_self) {
  EXPECT_EQ(newapi::render_task_item(suno_task(), newapi::task_view::admin),
            R"({"id":43,"created_at":1718000000,"updated_at":1718000009,)"
            R"("task_id":"task_2f1c9a4e8d3b4c1a9e7f0123456789ab","platform":"suno","user_id":7,)"
            R"("group":"vip","channel_id":3,"quota":500,"action":"MUSIC","status":"IN_PROGRESS",)"
            R"("fail_reason":"","submit_time":1718000000,"start_time":1718000002,"finish_time":0,)"
            R"("progress":"45%","properties":{"input":"a song about cats"},)"
            R"("data":[{"id":"clip-1","status":"streaming"}]})");
  auto self = nlohmann::json::parse(newapi::render_task_item(suno_task(), newapi::task_view::self));
  EXPECT_EQ(self["channel_id"], 0);  // compat: never on /self
  EXPECT_FALSE(self.contains("username"));
}

TEST(newapi_task_item, relayed_id_result_url_username_and_empty_data) {
  auto t = suno_task();
  t.upstream_task_id = "suno-7f3a";
  t.status = task_status::success;
  t.video_url = "https://cdn.example/song.mp4";
  t.upstream_data.clear();
  t.prompt.clear();
  auto admin =
      nlohmann::ordered_json::parse(newapi::render_task_item(t, newapi::task_view::admin, "alice"));
  EXPECT_EQ(admin["task_id"], "suno-7f3a");
  EXPECT_EQ(admin["result_url"], "https://cdn.example/song.mp4");
  EXPECT_EQ(admin["username"], "alice");
  EXPECT_EQ(admin["data"], nlohmann::json::object());
  EXPECT_EQ(admin["properties"], nlohmann::json::object());
  EXPECT_EQ(admin["progress"], "100%");
  auto self = nlohmann::json::parse(newapi::render_task_item(t, newapi::task_view::self, "alice"));
  EXPECT_FALSE(self.contains("username"));  // admin list only
  t.upstream_data = "{not json";
  EXPECT_EQ(nlohmann::json::parse(newapi::render_task_item(t, newapi::task_view::self))["data"],
            nlohmann::json::object());
  t.video_url.clear();
  EXPECT_FALSE(nlohmann::json::parse(newapi::render_task_item(t, newapi::task_view::self))
                   .contains("result_url"));
}

TEST(newapi_task_item, status_and_progress_in_the_task_center_view) {
  task t;
  auto status_progress = [&](task_status s, int progress) {
    t.status = s;
    t.progress = progress;
    return std::pair{std::string{newapi::task_item_status(t)}, newapi::task_item_progress(t)};
  };
  EXPECT_EQ(status_progress(task_status::not_start, -1),
            std::pair(std::string{"NOT_START"}, std::string{"0%"}));
  EXPECT_EQ(status_progress(task_status::modal, -1),
            std::pair(std::string{"NOT_START"}, std::string{"0%"}));
  EXPECT_EQ(status_progress(task_status::submitted, 0),
            std::pair(std::string{"SUBMITTED"}, std::string{"10%"}));
  EXPECT_EQ(status_progress(task_status::in_progress, -1),
            std::pair(std::string{"IN_PROGRESS"}, std::string{"30%"}));
  EXPECT_EQ(status_progress(task_status::in_progress, 0),
            std::pair(std::string{"IN_PROGRESS"}, std::string{"30%"}));
  EXPECT_EQ(status_progress(task_status::in_progress, 70),
            std::pair(std::string{"IN_PROGRESS"}, std::string{"70%"}));
  EXPECT_EQ(status_progress(task_status::success, 100),
            std::pair(std::string{"SUCCESS"}, std::string{"100%"}));
  EXPECT_EQ(status_progress(task_status::failure, 30),
            std::pair(std::string{"FAILURE"}, std::string{"100%"}));
  EXPECT_EQ(status_progress(task_status::cancel, 30),
            std::pair(std::string{"FAILURE"}, std::string{"100%"}));
}

TEST(newapi_envelope, list_page_in_key_order_with_items_never_null) {
  EXPECT_EQ(
      newapi::render_list(1, 20, 0, {}),
      R"({"success":true,"message":"","data":{"page":1,"page_size":20,"total":0,"items":[]}})");
  EXPECT_EQ(newapi::render_list(3, 2, 37, {R"({"id":1})", R"({"id":2})"}),
            R"({"success":true,"message":"","data":{"page":3,"page_size":2,"total":37,)"
            R"("items":[{"id":1},{"id":2}]}})");
  auto failure = newapi::failure_reply(200, newapi::list_failure_message);
  EXPECT_EQ(failure.status, 200);
  EXPECT_EQ(failure.body, R"({"success":false,"message":"获取任务列表失败"})");
}

}  // namespace
