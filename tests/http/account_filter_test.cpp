// The accountFilter object: typed fields, aliases and rejections.
#include <gtest/gtest.h>

#include "http/dialects/mj/account_filter.hpp"

namespace {

namespace mj = mjgate::http::mj;
using mj::account_filter;
using mj::speed_mode;
using mjgate::http::reply;
using json = nlohmann::json;

std::string envelope4(std::string_view description) {
  return R"({"code":4,"description":")" + std::string{description} +
         R"(","result":null,"properties":{}})";
}

TEST(account_filter, full_object) {
  auto r = mj::parse_account_filter(json::parse(
      R"({"instanceId":" acc1 ","modes":["fast","TURBO","Fast"],"remix":true,"nijiRemix":false,)"
      R"("remixAutoConsidered":true,"remark":"team-a","other":1})"));
  ASSERT_TRUE(std::holds_alternative<account_filter>(r));
  account_filter want;
  want.instance_id = "acc1";
  want.modes = {speed_mode::fast, speed_mode::turbo};
  want.remix = true;
  want.niji_remix = false;
  want.remix_auto_considered = true;
  want.remark = "team-a";
  EXPECT_EQ(std::get<account_filter>(r), want);
}

TEST(account_filter, null_and_empty_mean_any) {
  for (auto text :
       {"null", "{}", R"({"instanceId":null,"modes":null,"remix":null})", R"({"modes":[]})"}) {
    auto r = mj::parse_account_filter(json::parse(text));
    ASSERT_TRUE(std::holds_alternative<account_filter>(r)) << text;
    EXPECT_EQ(std::get<account_filter>(r), account_filter{}) << text;
  }
}

TEST(account_filter, channel_id_alias) {
  auto r = mj::parse_account_filter(json::parse(R"({"channelId":"c9"})"));
  EXPECT_EQ(std::get<account_filter>(r).instance_id, "c9");
  r = mj::parse_account_filter(json::parse(R"({"instanceId":"i1","channelId":"c9"})"));
  EXPECT_EQ(std::get<account_filter>(r).instance_id, "i1");
}

TEST(account_filter, rejections) {
  const std::pair<std::string, const char*> cases[] = {
      {"3", "accountFilter必须是对象"},
      {"[]", "accountFilter必须是对象"},
      {R"({"instanceId":5})", "instanceId必须是字符串"},
      {R"({"channelId":true})", "channelId必须是字符串"},
      {R"({"instanceId":")" + std::string(129, 'a') + "\"}", "instanceId过长"},
      {R"({"remark":")" + std::string(129, 'r') + "\"}", "remark过长"},
      {R"({"modes":"FAST"})", "modes必须是数组"},
      {R"({"modes":["FAST","SLOW"]})", "modes只能包含FAST、RELAX、TURBO"},
      {R"({"modes":[1]})", "modes只能包含FAST、RELAX、TURBO"},
      {R"({"remix":"yes"})", "remix必须是布尔值"},
      {R"({"nijiRemix":1})", "nijiRemix必须是布尔值"},
      {R"({"remixAutoConsidered":"true"})", "remixAutoConsidered必须是布尔值"},
  };
  for (const auto& [text, description] : cases) {
    auto r = mj::parse_account_filter(json::parse(text));
    ASSERT_TRUE(std::holds_alternative<reply>(r)) << text;
    EXPECT_EQ(std::get<reply>(r), (reply{200, envelope4(description), {}})) << text;
  }
}

TEST(account_filter, mode_names) {
  for (auto m : {speed_mode::fast, speed_mode::relax, speed_mode::turbo})
    EXPECT_EQ(mj::parse_speed_mode(mj::to_string(m)), m);
  EXPECT_EQ(mj::parse_speed_mode("relax"), speed_mode::relax);
  EXPECT_EQ(mj::parse_speed_mode("fastest"), std::nullopt);
}

}  // namespace
