// The task-center dialect (http/dialects/suno): submit and fetch parsing,
// envelopes, and the §5.1 error table.
#include <gtest/gtest.h>

#include <caf/error.hpp>
#include <caf/sec.hpp>

#include <nlohmann/json.hpp>

#include "actors/type_ids.hpp"
#include "domain/ids.hpp"
#include "http/dialects/suno/suno.hpp"

using namespace mjgate;
using namespace mjgate::http;
using json = nlohmann::json;

namespace {

json body_of(const reply& r) {
  return json::parse(r.body);
}

const reply& rejected(const std::variant<suno::submit_request, reply>& v) {
  return std::get<reply>(v);
}

}  // namespace

TEST(SunoDialect, SubmitParsesMusicWithDefaultModelAndKeepsUnknownKeys) {
  auto v = suno::parse_submit("MuSiC", R"({"prompt":"a song","tags":"pop","foo":1})");
  ASSERT_TRUE(std::holds_alternative<suno::submit_request>(v));
  const auto& r = std::get<suno::submit_request>(v);
  EXPECT_EQ(r.action, domain::task_action::music);
  EXPECT_EQ(r.prompt, "a song");
  EXPECT_EQ(r.model, "chirp-v3-0");
  auto forwarded = json::parse(r.body);
  EXPECT_EQ(forwarded["mv"], "chirp-v3-0");
  EXPECT_EQ(forwarded["foo"], 1);
  EXPECT_EQ(forwarded["tags"], "pop");
}

TEST(SunoDialect, SubmitKeepsAGivenModelAndDescriptionPrompts) {
  auto v =
      suno::parse_submit("music", R"({"gpt_description_prompt":"sad jazz","mv":"chirp-v3-5"})");
  const auto& r = std::get<suno::submit_request>(v);
  EXPECT_EQ(r.prompt, "sad jazz");
  EXPECT_EQ(r.model, "chirp-v3-5");
  auto l = suno::parse_submit("lyrics", R"({"prompt":"rain"})");
  EXPECT_EQ(std::get<suno::submit_request>(l).action, domain::task_action::lyrics);
  EXPECT_EQ(std::get<suno::submit_request>(l).model, "");
}

TEST(SunoDialect, SubmitErrors) {
  auto bad_action = rejected(suno::parse_submit("video", R"({"prompt":"x"})"));
  EXPECT_EQ(bad_action.status, 400);
  EXPECT_EQ(body_of(bad_action)["code"], "invalid_action");
  EXPECT_TRUE(body_of(bad_action)["data"].is_null());
  auto not_json = rejected(suno::parse_submit("music", "nope"));
  EXPECT_EQ(body_of(not_json)["code"], "invalid_request");
  auto empty = rejected(suno::parse_submit("lyrics", R"({"prompt":"  "})"));
  EXPECT_EQ(body_of(empty)["code"], "prompt_empty");
}

TEST(SunoDialect, FetchParsing) {
  auto v = suno::parse_fetch(R"({"ids":["a","b"],"action":"music"})");
  const auto& f = std::get<suno::fetch_request>(v);
  EXPECT_EQ(f.ids, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(f.action, "MUSIC");
  EXPECT_TRUE(std::get<suno::fetch_request>(suno::parse_fetch(R"({"ids":[]})")).ids.empty());
  EXPECT_EQ(body_of(std::get<reply>(suno::parse_fetch(R"({"ids":"a"})")))["code"],
            "invalid_request");
  EXPECT_EQ(body_of(std::get<reply>(suno::parse_fetch(R"({"ids":[1]})")))["code"],
            "invalid_request");
  json many{{"ids", std::vector<std::string>(1001, "x")}};
  EXPECT_EQ(std::get<reply>(suno::parse_fetch(many.dump())).status, 400);
}

TEST(SunoDialect, SubmitAnswerNamesTheUpstreamIdOrOurOwn) {
  domain::task t;
  t.uuid = "0f1e2d3c-4b5a-4978-8a69-5b4c3d2e1f00";
  auto own = suno::submit_ok(t);
  EXPECT_EQ(body_of(own)["data"], domain::task_center_id(t.uuid));
  EXPECT_EQ(body_of(own)["code"], "success");
  EXPECT_EQ(body_of(own)["message"], "");
  ASSERT_EQ(own.headers.size(), 1u);
  EXPECT_EQ(own.headers[0].first, "X-New-Api-Other-Ratios");
  t.upstream_task_id = "up-1";
  EXPECT_EQ(body_of(suno::submit_ok(t))["data"], "up-1");
}

TEST(SunoDialect, FetchAnswersRenderTaskItems) {
  domain::task music;
  music.platform = "suno";
  music.action = domain::task_action::music;
  music.status = domain::task_status::queued;
  music.upstream_task_id = "up-1";
  music.channel_id = 4;
  music.upstream_data = R"([{"id":"c"}])";
  auto lyrics = music;
  lyrics.action = domain::task_action::lyrics;
  lyrics.upstream_task_id = "up-2";
  auto all = body_of(suno::fetch_ok({music, lyrics}, ""));
  ASSERT_EQ(all["data"].size(), 2u);
  EXPECT_EQ(all["data"][0]["task_id"], "up-1");
  EXPECT_EQ(all["data"][0]["status"], "QUEUED");
  EXPECT_EQ(all["data"][0]["progress"], "20%");
  EXPECT_EQ(all["data"][0]["channel_id"], 0);  // the self view hides channels
  EXPECT_EQ(all["data"][0]["data"][0]["id"], "c");
  auto only = body_of(suno::fetch_ok({music, lyrics}, "LYRICS"));
  ASSERT_EQ(only["data"].size(), 1u);
  EXPECT_EQ(only["data"][0]["task_id"], "up-2");
  EXPECT_EQ(body_of(suno::fetch_ok({}, ""))["data"], json::array());
  EXPECT_EQ(body_of(suno::fetch_one_ok(music))["data"]["action"], "MUSIC");
}

TEST(SunoDialect, ErrorTable) {
  auto no_channel = suno::failure(caf::make_error(domain::errc::no_account));
  EXPECT_EQ(no_channel.status, 503);
  EXPECT_EQ(body_of(no_channel)["code"], "no_available_channel");
  auto failed =
      suno::failure(caf::make_error(domain::errc::upstream_failed, "上游提交失败 (HTTP 500)"));
  EXPECT_EQ(failed.status, 502);
  EXPECT_EQ(body_of(failed)["code"], "fail_to_fetch_task");
  EXPECT_EQ(body_of(failed)["message"], "上游提交失败 (HTTP 500)");
  auto busy = suno::failure(caf::make_error(domain::errc::queue_full));
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(body_of(busy)["code"], "upstream_saturated");
  EXPECT_EQ(busy.headers.at(0).first, "Retry-After");
  EXPECT_EQ(suno::failure(caf::make_error(caf::sec::request_timeout)).status, 504);
  auto poor = suno::failure(caf::make_error(domain::errc::insufficient_quota,
                                            "user quota is not enough: this task costs 50000"));
  EXPECT_EQ(poor.status, 403);
  EXPECT_EQ(body_of(poor)["code"], "insufficient_user_quota");
  EXPECT_EQ(body_of(poor)["message"], "user quota is not enough: this task costs 50000");
  EXPECT_EQ(body_of(suno::task_not_exist())["code"], "task_not_exist");
  EXPECT_EQ(body_of(suno::task_not_exist())["message"], "task_not_exist");
  EXPECT_EQ(suno::unauthorized().status, 401);
}
