// The midjourney-proxy relay codec and routing rule (domain/mj_relay.hpp).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <tuple>

#include "domain/mj_relay.hpp"
#include "domain/mj_relay_ops.hpp"

using namespace mjgate::domain;
using json = nlohmann::json;

TEST(Routing, ActionBeatsGroupBeatsDefault) {
  auto parsed = parse_routing("accounts_then_channels", {"vip=channels", "free = accounts"},
                              {"describe=accounts"});
  ASSERT_TRUE(std::holds_alternative<routing_rules>(parsed));
  const auto& r = std::get<routing_rules>(parsed);
  EXPECT_EQ(routing_for(r, "default", task_action::imagine), routing_mode::accounts_then_channels);
  EXPECT_EQ(routing_for(r, "vip", task_action::imagine), routing_mode::channels);
  EXPECT_EQ(routing_for(r, "free", task_action::upscale), routing_mode::accounts);
  EXPECT_EQ(routing_for(r, "vip", task_action::describe), routing_mode::accounts);
  auto only_channels = parse_routing("CHANNELS", {}, {});
  ASSERT_TRUE(std::holds_alternative<routing_rules>(only_channels));
  EXPECT_EQ(routing_for(std::get<routing_rules>(only_channels), "x", task_action::blend),
            routing_mode::channels);
}

TEST(Routing, BadEntriesAreNamed) {
  auto bad_mode = parse_routing("upstream", {}, {});
  ASSERT_TRUE(std::holds_alternative<std::string>(bad_mode));
  EXPECT_NE(std::get<std::string>(bad_mode).find("routing.mode"), std::string::npos);
  auto bad_group = parse_routing("accounts", {"vip"}, {});
  ASSERT_TRUE(std::holds_alternative<std::string>(bad_group));
  EXPECT_NE(std::get<std::string>(bad_group).find("\"vip\""), std::string::npos);
  auto bad_action = parse_routing("accounts", {}, {"DANCE=channels"});
  ASSERT_TRUE(std::holds_alternative<std::string>(bad_action));
  EXPECT_NE(std::get<std::string>(bad_action).find("DANCE"), std::string::npos);
  EXPECT_TRUE(std::holds_alternative<std::string>(parse_routing("accounts", {}, {"UPSCALE=x"})));
}

TEST(MjSubmit, BodiesCarryOnlyTheirKindsFieldsAndNeverTheClientsHookOrFilter) {
  mj_upstream_submit s;
  s.kind = "imagine";
  s.prompt = "cat --v 7";
  s.images = {"data:image/png;base64,AAAA"};
  s.bot_type = "MID_JOURNEY";
  auto j = json::parse(mj_submit_body(s));
  EXPECT_EQ(j, (json{{"prompt", "cat --v 7"},
                     {"base64Array", {"data:image/png;base64,AAAA"}},
                     {"botType", "MID_JOURNEY"}}));
  EXPECT_FALSE(j.contains("notifyHook"));
  EXPECT_FALSE(j.contains("accountFilter"));

  mj_upstream_submit a;
  a.kind = "action";
  a.task_id = "up-1";
  a.custom_id = "MJ::JOB::upsample::1::abc";
  a.notify_hook = "http://a/mj/relay-callback/7/s";
  EXPECT_EQ(json::parse(mj_submit_body(a)),
            (json{{"taskId", "up-1"},
                  {"customId", "MJ::JOB::upsample::1::abc"},
                  {"notifyHook", "http://a/mj/relay-callback/7/s"}}));

  mj_upstream_submit c;
  c.kind = "change";
  c.task_id = "up-1";
  c.change_action = "UPSCALE";
  c.index = 2;
  EXPECT_EQ(json::parse(mj_submit_body(c)),
            (json{{"taskId", "up-1"}, {"action", "UPSCALE"}, {"index", 2}}));

  mj_upstream_submit d;
  d.kind = "describe";
  d.image = "data:image/png;base64,AAAA";
  EXPECT_EQ(json::parse(mj_submit_body(d)), (json{{"base64", "data:image/png;base64,AAAA"}}));
  d.link = "https://x/y.png";
  EXPECT_EQ(json::parse(mj_submit_body(d)), (json{{"link", "https://x/y.png"}}));

  mj_upstream_submit m;
  m.kind = "modal";
  m.task_id = "up-2";
  m.prompt = "dog --ar 2:3 --zoom 1.5";
  EXPECT_EQ(json::parse(mj_submit_body(m)),
            (json{{"taskId", "up-2"}, {"prompt", "dog --ar 2:3 --zoom 1.5"}}));
}

TEST(MjSubmit, SpeedPrefixOnlyWhenTheChannelDeclaresIt) {
  EXPECT_EQ(mj_submit_path("imagine", "", true), "/mj/submit/imagine");
  EXPECT_EQ(mj_submit_path("imagine", "RELAX", true), "/mj-relax/mj/submit/imagine");
  EXPECT_EQ(mj_submit_path("action", "TURBO", true), "/mj-turbo/mj/submit/action");
  EXPECT_EQ(mj_submit_path("imagine", "FAST", false), "/mj/submit/imagine");
  EXPECT_EQ(mj_submit_path("imagine", "bogus", true), "/mj/submit/imagine");
}

TEST(MjSubmit, AnswersDecideTheTasksFate) {
  auto ok =
      read_mj_submit(200, R"({"code":1,"description":"提交成功","result":"u1","properties":{}})");
  EXPECT_EQ(ok.verdict, mj_submit_verdict::accepted);
  EXPECT_EQ(ok.upstream_id, "u1");
  EXPECT_EQ(ok.queue_ahead, 0);
  auto queued = read_mj_submit(
      200, R"({"code":22,"description":"排队中","result":"u2","properties":{"numberOfQueues":3}})");
  EXPECT_EQ(queued.verdict, mj_submit_verdict::accepted);
  EXPECT_EQ(queued.queue_ahead, 3);
  auto modal = read_mj_submit(
      200, R"({"code":21,"result":"u3","properties":{"finalPrompt":"cat","remix":true}})");
  EXPECT_EQ(modal.verdict, mj_submit_verdict::modal);
  EXPECT_EQ(modal.final_prompt, "cat");
  EXPECT_EQ(
      read_mj_submit(200, R"({"code":3,"description":"无可用的账号实例","result":null})").verdict,
      mj_submit_verdict::skip_channel);
  EXPECT_EQ(read_mj_submit(200, R"({"code":23,"result":null})").verdict,
            mj_submit_verdict::next_channel);
  EXPECT_EQ(read_mj_submit(200, R"({"code":9,"result":null})").verdict,
            mj_submit_verdict::next_channel);
  EXPECT_EQ(read_mj_submit(0, "").verdict, mj_submit_verdict::next_channel);
  EXPECT_EQ(read_mj_submit(502, "<html>").verdict, mj_submit_verdict::next_channel);
  EXPECT_EQ(read_mj_submit(200, "not json").verdict, mj_submit_verdict::next_channel);
  EXPECT_EQ(read_mj_submit(401, "").verdict, mj_submit_verdict::skip_channel);
  // accepted without an id is not a task we could follow
  EXPECT_EQ(read_mj_submit(200, R"({"code":1,"result":null})").verdict,
            mj_submit_verdict::next_channel);
  auto invalid = read_mj_submit(200, R"({"code":4,"description":"prompt不能为空","result":null})");
  EXPECT_EQ(invalid.verdict, mj_submit_verdict::reject);
  EXPECT_EQ(invalid.code, 4);
  EXPECT_EQ(invalid.description, "prompt不能为空");
  auto banned = read_mj_submit(
      200,
      R"({"code":24,"description":"可能包含敏感词","result":null,"properties":{"promptEn":"x","bannedWord":"gore"}})");
  EXPECT_EQ(banned.verdict, mj_submit_verdict::reject);
  EXPECT_EQ(banned.banned_word, "gore");
  EXPECT_EQ(banned.prompt_en, "x");
}

TEST(MjPoll, TaskJsonBecomesAPatch) {
  auto body = R"js([
    {"id":"u1","status":"IN_PROGRESS","progress":"45%","imageUrl":"http://b/mj/image/u1",
     "buttons":[],"failReason":"","properties":{"finalPrompt":"cat --seed 1"}},
    {"id":"u2","action":"UPSCALE","status":"SUCCESS","progress":"100%","imageUrl":"http://b/i2",
     "jobId":"","properties":{"messageHash":"hash-2"},
     "buttons":[{"customId":"MJ::JOB::upsample_v6_2x_subtle::1::hash-2::SOLO","emoji":"","label":"Upscale (Subtle)","type":2,"style":2},
                {"label":"Web","type":2,"style":5}]},
    {"id":"u3","status":"FAILURE","failReason":"banned"},
    {"id":"u4","status":"WHATEVER"},
    {"status":"SUCCESS"},
    42
  ])js";
  auto items = read_mj_poll(body, 1000);
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 4u);
  const auto& a = (*items)[0].patch;
  EXPECT_EQ((*items)[0].upstream_id, "u1");
  EXPECT_EQ(a.status, task_status::in_progress);
  EXPECT_EQ(a.progress, 45);
  EXPECT_EQ(a.image_url, "http://b/mj/image/u1");
  EXPECT_EQ(a.final_prompt, "cat --seed 1");
  EXPECT_EQ(a.at_ms, 1000);
  const auto& b = (*items)[1].patch;
  EXPECT_EQ(b.status, task_status::success);
  EXPECT_EQ(b.job_id, "hash-2");
  ASSERT_EQ(b.buttons.size(), 1u);  // the link button is dropped
  EXPECT_EQ(b.buttons[0].label, "Upscale (Subtle)");
  EXPECT_EQ((*items)[2].patch.status, task_status::failure);
  EXPECT_EQ((*items)[2].patch.fail_reason, "banned");
  EXPECT_EQ((*items)[3].patch.status, task_status::unknown);
  EXPECT_FALSE(read_mj_poll(R"({"code":4})", 0));
  EXPECT_NE((*items)[0].fingerprint, (*items)[1].fingerprint);
}

TEST(MjPoll, FailureWithoutReasonGetsOneAndProgressParses) {
  auto item = read_mj_task(R"({"id":"x","status":"FAILURE"})", 5);
  ASSERT_TRUE(item);
  EXPECT_EQ(item->patch.fail_reason, "上游任务失败");
  EXPECT_EQ(parse_progress("0%"), 0);
  EXPECT_EQ(parse_progress("100%"), 100);
  EXPECT_EQ(parse_progress("7"), 7);
  EXPECT_EQ(parse_progress(""), -1);
  EXPECT_EQ(parse_progress("abc%"), -1);
  EXPECT_FALSE(read_mj_task("[]", 0));
}

TEST(UpstreamCodec, DispatchesByChannelType) {
  EXPECT_EQ(submit_path(channel_type::suno, "MUSIC"), "/suno/submit/MUSIC");
  EXPECT_EQ(submit_path(channel_type::midjourney_proxy, "/mj/submit/imagine"),
            "/mj/submit/imagine");
  EXPECT_EQ(poll_call(channel_type::midjourney_proxy, {"a", "b"}).path,
            "/mj/task/list-by-condition");
  EXPECT_EQ(json::parse(poll_call(channel_type::midjourney_proxy, {"a", "b"}).body),
            (json{{"ids", {"a", "b"}}}));
  EXPECT_EQ(poll_call(channel_type::suno, {"a"}).path, "/suno/fetch");
  EXPECT_EQ(auth_header(channel_type::midjourney_proxy, "k").first, "mj-api-secret");
  EXPECT_EQ(auth_header(channel_type::suno, "k").second, "Bearer k");
  auto suno =
      read_poll(channel_type::suno,
                R"({"code":"success","data":[{"task_id":"s1","status":"SUCCESS","data":[]}]})", 9);
  ASSERT_TRUE(suno);
  ASSERT_EQ(suno->size(), 1u);
  EXPECT_EQ((*suno)[0].upstream_id, "s1");
  EXPECT_EQ((*suno)[0].patch.status, task_status::success);
}

TEST(Base64, EncodesWithPadding) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(data_url("image/jpeg", "foo"), "data:image/jpeg;base64,Zm9v");
  EXPECT_EQ(data_url("", "foo"), "data:image/png;base64,Zm9v");
}

TEST(MjCancel, PathNamesTheUpstreamIdEscapedAndTheBodyIsEmpty) {
  EXPECT_EQ(mj_cancel_path("1718000000000100"), "/mj/task/1718000000000100/cancel");
  EXPECT_EQ(mj_cancel_path("a b/c?d"), "/mj/task/a%20b%2Fc%3Fd/cancel");
  mj_upstream_submit s;
  s.kind = "cancel";
  s.task_id = "17";
  EXPECT_EQ(mj_submit_body(s), "{}");
}

TEST(MjCancel, AnswersDecideTheLocalTask) {
  using enum mj_cancel_verdict;
  auto ok = read_mj_cancel(200, R"({"code":1,"description":"取消成功","result":"17"})");
  EXPECT_EQ(ok.verdict, cancelled);
  auto over = read_mj_cancel(200, R"({"code":4,"description":"任务已结束，无法取消"})");
  EXPECT_EQ(std::make_tuple(over.verdict, over.code, over.description),
            std::make_tuple(finished, 4, std::string{"任务已结束，无法取消"}));
  EXPECT_EQ(read_mj_cancel(200, R"({"code":4})").description, "任务已结束，无法取消");
  // mjgate's 404 body, and a peer without a cancel route (Spring's 404 page).
  EXPECT_EQ(read_mj_cancel(404, R"({"code":4,"description":"任务不存在"})").verdict, unknown);
  EXPECT_EQ(read_mj_cancel(404, "<html>Not Found</html>").verdict, unknown);
  for (int status : {0, 401, 403, 429, 500, 502})
    EXPECT_EQ(read_mj_cancel(status, R"({"code":1})").verdict, unreachable) << status;
  EXPECT_EQ(read_mj_cancel(200, "not json").verdict, unreachable);
  auto odd = read_mj_cancel(200, R"({"code":23})");
  EXPECT_EQ(std::make_tuple(odd.verdict, odd.description),
            std::make_tuple(unreachable, std::string{"code 23"}));
  EXPECT_EQ(read_mj_cancel(0, "").description, "network error");
}

TEST(MjFanOut, CommaJoinedIdsSplitInOrder) {
  EXPECT_EQ(split_upstream_ids("11,12,13,14"), (std::vector<std::string>{"11", "12", "13", "14"}));
  EXPECT_EQ(split_upstream_ids(" 11 , ,12,"), (std::vector<std::string>{"11", "12"}));
  EXPECT_EQ(split_upstream_ids("7"), std::vector<std::string>{"7"});
  EXPECT_TRUE(split_upstream_ids("").empty());
}
