// Validation of /submit/imagine bodies: what is rejected, how, and what the
// router receives when accepted.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "domain/text.hpp"
#include "http/dialects/mj/submit_imagine.hpp"

namespace {

namespace mj = mjgate::http::mj;
using mjgate::actors::principal;
using mjgate::actors::submit_command;
using mjgate::http::reply;

const principal who{7, false};

reply rejected(std::string_view body) {
  auto r = mj::parse_submit_imagine(body, who);
  EXPECT_TRUE(std::holds_alternative<reply>(r)) << body;
  return std::holds_alternative<reply>(r) ? std::get<reply>(r) : reply{};
}

std::string description(const reply& r) {
  return nlohmann::json::parse(r.body).value("description", "");
}

TEST(submit_imagine, accepts_full_body) {
  auto r = mj::parse_submit_imagine(
      R"({"prompt":"  a cat  ","state":"s1","notifyHook":"https://h.example/cb",)"
      R"("botType":"NIJI_JOURNEY","accountFilter":{"instanceId":"acc1"},"unknown":1})",
      who);
  ASSERT_TRUE(std::holds_alternative<submit_command>(r));
  const auto& cmd = std::get<submit_command>(r);
  EXPECT_EQ(cmd.who, who);
  EXPECT_EQ(cmd.prompt, "a cat");
  EXPECT_EQ(cmd.state, "s1");
  EXPECT_EQ(cmd.notify_hook, "https://h.example/cb");
  EXPECT_EQ(cmd.bot_type, "NIJI_JOURNEY");
  EXPECT_EQ(cmd.instance_id, "acc1");
}

TEST(submit_imagine, defaults) {
  auto r = mj::parse_submit_imagine(R"({"prompt":"cat","base64Array":[]})", who);
  ASSERT_TRUE(std::holds_alternative<submit_command>(r));
  EXPECT_EQ(std::get<submit_command>(r).bot_type, "MID_JOURNEY");
  EXPECT_EQ(std::get<submit_command>(r).instance_id, "");
}

TEST(submit_imagine, channel_id_is_alias_of_instance_id) {
  auto r = mj::parse_submit_imagine(R"({"prompt":"cat","accountFilter":{"channelId":"c9"}})", who);
  ASSERT_TRUE(std::holds_alternative<submit_command>(r));
  EXPECT_EQ(std::get<submit_command>(r).instance_id, "c9");
}

TEST(submit_imagine, non_json_is_400) {
  auto r = rejected("prompt=cat");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body,
            R"({"code":4,"description":"请求体不是合法的JSON","result":null,"properties":{}})");
  EXPECT_EQ(rejected("").status, 400);
  EXPECT_EQ(rejected("{\"prompt\":").status, 400);
}

TEST(submit_imagine, empty_prompt_is_200_code_4) {
  for (auto body : {R"({})", R"({"prompt":""})", R"({"prompt":"  \t "})", R"({"prompt":null})"}) {
    auto r = rejected(body);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, R"({"code":4,"description":"prompt不能为空","result":null,"properties":{}})");
  }
}

TEST(submit_imagine, length_limits_count_characters) {
  std::string ok(8192, 'a');
  EXPECT_TRUE(std::holds_alternative<submit_command>(
      mj::parse_submit_imagine(R"({"prompt":")" + ok + "\"}", who)));
  EXPECT_EQ(rejected(R"({"prompt":")" + ok + "a\"}").status, 200);
  std::string cjk;
  for (int i = 0; i < 8192; ++i) cjk += "猫";  // 3 bytes each, 8192 characters
  EXPECT_TRUE(std::holds_alternative<submit_command>(
      mj::parse_submit_imagine(R"({"prompt":")" + cjk + "\"}", who)));
  EXPECT_EQ(description(rejected(R"({"prompt":"c","state":")" + std::string(256, 's') + "\"}")),
            "state过长");
  EXPECT_EQ(description(rejected(R"({"prompt":"c","notifyHook":"http://x/)" +
                                 std::string(2000, 'h') + "\"}")),
            "notifyHook过长");
}

TEST(submit_imagine, notify_hook_must_be_http) {
  for (auto hook : {"ftp://x/y", "javascript:alert(1)", "http://", "x"}) {
    auto r = rejected(std::string{R"({"prompt":"c","notifyHook":")"} + hook + "\"}");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(nlohmann::json::parse(r.body)["code"], 4);
  }
  EXPECT_TRUE(std::holds_alternative<submit_command>(
      mj::parse_submit_imagine(R"({"prompt":"c","notifyHook":"HTTP://x/y"})", who)));
}

TEST(submit_imagine, wrong_types_and_values_are_code_4) {
  for (auto body : {R"([1,2])", R"({"prompt":5})", R"({"prompt":"c","state":1})",
                    R"({"prompt":"c","botType":"DALL_E"})", R"({"prompt":"c","accountFilter":3})",
                    R"({"prompt":"c","base64Array":["a","b","c","d","e","f"]})",
                    R"({"prompt":"c","base64Array":"x"})"}) {
    auto r = rejected(body);
    EXPECT_EQ(r.status, 200) << body;
    EXPECT_EQ(nlohmann::json::parse(r.body)["code"], 4) << body;
  }
}

TEST(submit_imagine, reference_images_are_decoded_in_order_with_base64_appended) {
  const std::string png =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+"
      "M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
  auto r = mj::parse_submit_imagine(R"({"prompt":"cat","base64Array":["data:image/png;base64,)" +
                                        png + R"(", ")" + png + R"("],"base64":")" + png + R"("})",
                                    who);
  ASSERT_TRUE(std::holds_alternative<submit_command>(r));
  const auto& files = std::get<submit_command>(r).files;
  ASSERT_EQ(files.size(), 3u);
  for (const auto& f : files) {
    EXPECT_EQ(f.mime, "image/png");
    EXPECT_EQ(f.bytes.substr(1, 3), "PNG");
  }
  for (auto body :
       {R"({"prompt":"c","base64Array":["not base64!"]})",
        R"({"prompt":"c","base64":"https://example.com/a.png"})", R"({"prompt":"c","base64":7})"}) {
    auto bad = rejected(body);
    EXPECT_EQ(nlohmann::json::parse(bad.body)["code"], 4) << body;
  }
  // five in the array plus one more in base64 is one too many
  std::string six = R"({"prompt":"c","base64Array":[)";
  for (int i = 0; i < 5; ++i) six += (i ? ",\"" : "\"") + png + "\"";
  six += R"(],"base64":")" + png + R"("})";
  EXPECT_EQ(nlohmann::json::parse(rejected(six).body)["code"], 4);
}

TEST(submit_imagine, account_filter_fills_instance_remark_remix_and_speed) {
  auto r = mj::parse_submit_imagine(
      R"({"prompt":"cat","accountFilter":{"channelId":"c9","remark":"team a","remix":false,)"
      R"("modes":["RELAX","FAST"]}})",
      who);
  ASSERT_TRUE(std::holds_alternative<submit_command>(r));
  const auto& cmd = std::get<submit_command>(r);
  EXPECT_EQ(cmd.instance_id, "c9");
  EXPECT_EQ(cmd.remark, "team a");
  EXPECT_EQ(cmd.remix, 0);
  EXPECT_EQ(cmd.speed, "RELAX");
  auto bad = rejected(R"({"prompt":"cat","accountFilter":{"modes":["WARP"]}})");
  EXPECT_EQ(nlohmann::json::parse(bad.body)["code"], 4);
}

TEST(submit_imagine, utf8_length) {
  EXPECT_EQ(mj::utf8_length("abc"), 3u);
  EXPECT_EQ(mj::utf8_length("猫猫"), 2u);
  EXPECT_EQ(mjgate::domain::trim("  x y \n"), "x y");
  EXPECT_EQ(mjgate::domain::trim("   "), "");
}

}  // namespace
