// /submit/action bodies: the customId is shape-checked only; the rest typed.
#include <gtest/gtest.h>

#include "http/dialects/mj/submit_action.hpp"

namespace {

namespace mj = mjgate::http::mj;
using mj::action_request;
using mjgate::actors::principal;
using mjgate::http::reply;

const principal who{3, true};

reply envelope4(int status, std::string_view description) {
  return reply{status,
               R"({"code":4,"description":")" + std::string{description} +
                   R"(","result":null,"properties":{}})",
               {}};
}

TEST(submit_action, full_body) {
  auto r = mj::parse_submit_action(
      R"({"taskId":"1718000000000100","customId":" MJ::JOB::upsample::1::abc ","enableRemix":true,)"
      R"("chooseSameChannel":true,"state":"s","notifyHook":"https://h/cb",)"
      R"("accountFilter":{"instanceId":"a1","modes":["RELAX"]}})",
      who);
  ASSERT_TRUE(std::holds_alternative<action_request>(r));
  action_request want;
  want.who = who;
  want.parent_id = "1718000000000100";
  want.custom_id = "MJ::JOB::upsample::1::abc";
  want.enable_remix = true;
  want.choose_same_channel = true;
  want.state = "s";
  want.notify_hook = "https://h/cb";
  want.filter.instance_id = "a1";
  want.filter.modes = {mj::speed_mode::relax};
  EXPECT_EQ(std::get<action_request>(r), want);
}

TEST(submit_action, minimal_body_defaults) {
  auto r = mj::parse_submit_action(
      R"({"taskId":"17","customId":"MJ::Job::PicReader::all","enableRemix":null,"accountFilter":null})",
      who);
  ASSERT_TRUE(std::holds_alternative<action_request>(r));
  action_request want;
  want.who = who;
  want.parent_id = "17";
  want.custom_id = "MJ::Job::PicReader::all";
  EXPECT_EQ(std::get<action_request>(r), want);
}

TEST(submit_action, rejected_bodies) {
  const std::pair<std::string, reply> cases[] = {
      {"customId=x", envelope4(400, "请求体不是合法的JSON")},
      {"\"MJ::\"", envelope4(200, "请求体必须是JSON对象")},
      {R"({"customId":"MJ::JOB::upsample::1::abc"})", envelope4(200, "taskId不能为空")},
      {R"({"taskId":"17"})", envelope4(200, "customId不能为空")},
      {R"({"taskId":"17","customId":""})", envelope4(200, "customId不能为空")},
      {R"({"taskId":"17","customId":7})", envelope4(200, "customId必须是字符串")},
      {R"({"taskId":"17","customId":"JOB::upsample::1::abc"})",
       envelope4(200, "未知的 Action 类型")},
      {R"({"taskId":"17","customId":"mj::JOB::upsample::1::abc"})",
       envelope4(200, "未知的 Action 类型")},
      {R"({"taskId":"17","customId":"MJ::)" + std::string(97, 'x') + "\"}",
       envelope4(200, "customId过长")},
      {R"({"taskId":"17","customId":"MJ::x","enableRemix":"true"})",
       envelope4(200, "enableRemix必须是布尔值")},
      {R"({"taskId":"17","customId":"MJ::x","chooseSameChannel":1})",
       envelope4(200, "chooseSameChannel必须是布尔值")},
      {R"({"taskId":"17","customId":"MJ::x","notifyHook":"x"})",
       envelope4(200, "notifyHook必须是http或https地址")},
      {R"({"taskId":"17","customId":"MJ::x","accountFilter":{"modes":["SLOW"]}})",
       envelope4(200, "modes只能包含FAST、RELAX、TURBO")},
  };
  for (const auto& [body, expected] : cases) {
    auto r = mj::parse_submit_action(body, who);
    ASSERT_TRUE(std::holds_alternative<reply>(r)) << body;
    EXPECT_EQ(std::get<reply>(r), expected) << body;
  }
  // Exactly at the bound is fine.
  EXPECT_TRUE(std::holds_alternative<action_request>(mj::parse_submit_action(
      R"({"taskId":"17","customId":"MJ::)" + std::string(96, 'x') + "\"}", who)));
}

}  // namespace
