// /submit/change and /submit/simple-change bodies: both yield the same
// change_request; every rejection is an exact code-4 envelope.
#include <gtest/gtest.h>

#include "http/dialects/mj/submit_change.hpp"

namespace {

namespace mj = mjgate::http::mj;
using mj::change_request;
using mjgate::actors::principal;
using mjgate::domain::task_action;
using mjgate::http::reply;

const principal who{7, false};

reply envelope4(int status, std::string_view description) {
  return reply{status,
               R"({"code":4,"description":")" + std::string{description} +
                   R"(","result":null,"properties":{}})",
               {}};
}

change_request want(std::string parent, task_action action, int index, std::string state = "",
                    std::string hook = "") {
  return change_request{who, std::move(parent), action, index, std::move(state), std::move(hook)};
}

TEST(submit_change, accepted_bodies) {
  const std::pair<const char*, change_request> cases[] = {
      {R"({"taskId":"1718000000000100","action":"UPSCALE","index":2})",
       want("1718000000000100", task_action::upscale, 2)},
      {R"({"taskId":" 17 ","action":"variation","index":"4","state":"s","notifyHook":"https://h/cb"})",
       want("17", task_action::variation, 4, "s", "https://h/cb")},
      {R"({"taskId":17,"action":"REROLL"})", want("17", task_action::reroll, 0)},
      {R"({"taskId":"17","action":"REROLL","index":9})", want("17", task_action::reroll, 0)},
      {R"({"taskId":"17","action":"UPSCALE","index":1,"unknown":[1]})",
       want("17", task_action::upscale, 1)},
  };
  for (const auto& [body, expected] : cases) {
    auto r = mj::parse_submit_change(body, who);
    ASSERT_TRUE(std::holds_alternative<change_request>(r)) << body;
    EXPECT_EQ(std::get<change_request>(r), expected) << body;
  }
}

TEST(submit_change, rejected_bodies) {
  const std::pair<const char*, reply> cases[] = {
      {"taskId=1", envelope4(400, "请求体不是合法的JSON")},
      {"", envelope4(400, "请求体不是合法的JSON")},
      {"[]", envelope4(200, "请求体必须是JSON对象")},
      {R"({"action":"UPSCALE","index":1})", envelope4(200, "taskId不能为空")},
      {R"({"taskId":"  ","action":"UPSCALE","index":1})", envelope4(200, "taskId不能为空")},
      {R"({"taskId":-3,"action":"UPSCALE","index":1})", envelope4(200, "taskId必须是字符串")},
      {R"({"taskId":"1 2","action":"UPSCALE","index":1})", envelope4(200, "taskId错误")},
      {R"({"taskId":"17","index":1})", envelope4(200, "action不能为空")},
      {R"({"taskId":"17","action":"ZOOM","index":1})", envelope4(200, "action参数错误")},
      {R"({"taskId":"17","action":3,"index":1})", envelope4(200, "action参数错误")},
      {R"({"taskId":"17","action":"UPSCALE"})", envelope4(200, "index不能为空")},
      {R"({"taskId":"17","action":"UPSCALE","index":0})", envelope4(200, "index参数错误")},
      {R"({"taskId":"17","action":"VARIATION","index":5})", envelope4(200, "index参数错误")},
      {R"({"taskId":"17","action":"UPSCALE","index":1.5})", envelope4(200, "index参数错误")},
      {R"({"taskId":"17","action":"UPSCALE","index":"two"})", envelope4(200, "index参数错误")},
      {R"({"taskId":"17","action":"UPSCALE","index":1,"state":1})",
       envelope4(200, "state必须是字符串")},
      {R"({"taskId":"17","action":"UPSCALE","index":1,"notifyHook":"ftp://x"})",
       envelope4(200, "notifyHook必须是http或https地址")},
  };
  for (const auto& [body, expected] : cases) {
    auto r = mj::parse_submit_change(body, who);
    ASSERT_TRUE(std::holds_alternative<reply>(r)) << body;
    EXPECT_EQ(std::get<reply>(r), expected) << body;
  }
}

TEST(submit_change, simple_change_grammar) {
  const std::pair<const char*, std::optional<change_request>> cases[] = {
      {"1718000000000100 U2",
       change_request{{}, "1718000000000100", task_action::upscale, 2, "", ""}},
      {"17 v4", change_request{{}, "17", task_action::variation, 4, "", ""}},
      {"17 r", change_request{{}, "17", task_action::reroll, 0, "", ""}},
      {"  17 R  ", change_request{{}, "17", task_action::reroll, 0, "", ""}},
      {"17 U5", std::nullopt},
      {"17 U0", std::nullopt},
      {"17 R1", std::nullopt},
      {"17 X1", std::nullopt},
      {"17  U1", std::nullopt},
      {"17 U1 x", std::nullopt},
      {"17U1", std::nullopt},
      {" U1", std::nullopt},
      {"17", std::nullopt},
      {"1/7 U1", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& [content, expected] : cases)
    EXPECT_EQ(mj::parse_change_content(content), expected) << content;
}

TEST(submit_change, simple_change_bodies) {
  auto r = mj::parse_submit_simple_change(
      R"({"content":"17 V3","state":"st","notifyHook":"http://h/x"})", who);
  ASSERT_TRUE(std::holds_alternative<change_request>(r));
  EXPECT_EQ(std::get<change_request>(r), want("17", task_action::variation, 3, "st", "http://h/x"));
  const std::pair<std::string, reply> rejected[] = {
      {"{", envelope4(400, "请求体不是合法的JSON")},
      {R"({})", envelope4(200, "content参数错误")},
      {R"({"content":5})", envelope4(200, "content参数错误")},
      {R"({"content":"17 U9"})", envelope4(200, "content参数错误")},
      {R"({"taskId":"17","action":"UPSCALE","index":1})", envelope4(200, "content参数错误")},
      {R"({"content":"17 U1","state":")" + std::string(256, 's') + "\"}",
       envelope4(200, "state过长")},
  };
  for (const auto& [body, expected] : rejected) {
    auto rr = mj::parse_submit_simple_change(body, who);
    ASSERT_TRUE(std::holds_alternative<reply>(rr)) << body;
    EXPECT_EQ(std::get<reply>(rr), expected) << body;
  }
}

}  // namespace
