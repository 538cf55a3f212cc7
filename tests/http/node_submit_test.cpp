// node-api submit parsing (api-contracts.md §6.3) into the router's commands.
#include <gtest/gtest.h>

#include <string>

#include "http/dialects/node/submit.hpp"

namespace {

using namespace mjgate;
using namespace mjgate::http;
using domain::task_action;

node::params from_query(std::string_view query) {
  return std::get<node::params>(node::read_params({{}, {}, query}));
}

node::submit_request ok(std::string_view query) {
  auto r = node::parse_submit(from_query(query));
  if (auto* rejected = std::get_if<reply>(&r)) {
    ADD_FAILURE() << query << " rejected: " << rejected->body;
    return {};
  }
  return std::get<node::submit_request>(std::move(r));
}

std::string refused(std::string_view query) {
  auto r = node::parse_submit(from_query(query));
  if (!std::holds_alternative<reply>(r)) {
    ADD_FAILURE() << query << " accepted";
    return {};
  }
  const auto& rep = std::get<reply>(r);
  EXPECT_EQ(rep.status, 400) << query;
  auto j = nlohmann::json::parse(rep.body);
  EXPECT_EQ(j["code"], 0);
  EXPECT_EQ(j.size(), 2u) << "{code, description} only";
  return j["description"];
}

constexpr const char* parent_uuid = "8a2c5959-143b-46c5-adb6-242652ac8141";

TEST(node_submit, imagine_keeps_the_prompt_and_echo_fields) {
  auto r =
      ok("action=IMAGINE&prompt=%20%E4%B8%80%E5%8F%AA%E7%8B%97%20--ar+16:9&state=main&"
         "notifyHook=http://www.baidu.com");
  EXPECT_EQ(r.action, task_action::imagine);
  EXPECT_EQ(r.prompt, "一只狗 --ar 16:9") << "trimmed, never modified (no --niji)";
  EXPECT_EQ(r.state, "main");
  EXPECT_EQ(r.notify_hook, "http://www.baidu.com");
  auto cmd = node::imagine_command({3, false}, std::move(r));
  EXPECT_EQ(cmd.origin, "node");
  EXPECT_EQ(cmd.action, task_action::imagine);
  EXPECT_EQ(cmd.prompt, "一只狗 --ar 16:9");
  EXPECT_EQ(cmd.who, (actors::principal{3, false}));
  EXPECT_EQ(cmd.state, "main");
  EXPECT_EQ(cmd.notify_hook, "http://www.baidu.com");
  EXPECT_EQ(ok("action=imagine&prompt=x").action, task_action::imagine) << "case-insensitive";
}

TEST(node_submit, upscale_and_variation_by_uuid_or_id) {
  auto up = ok(std::string{"action=UPSCALE&index=2&taskId="} + parent_uuid);
  EXPECT_EQ(up.action, task_action::upscale);
  EXPECT_EQ(up.task_id, parent_uuid);
  EXPECT_EQ(up.index, 2);
  auto var = ok("action=Variation&index=4&taskId=8A2C5959-143B-46C5-ADB6-242652AC8141");
  EXPECT_EQ(var.action, task_action::variation);
  EXPECT_EQ(var.task_id, parent_uuid) << "uuids are matched in lower case";
  auto by_id = ok("action=UPSCALE&index=1&taskId=1718000000000100&prompt=ignored");
  EXPECT_EQ(by_id.task_id, "1718000000000100");
  auto cmd = node::change_command({3, false}, std::move(up));
  EXPECT_EQ(cmd.origin, "node");
  EXPECT_EQ(cmd.parent_id, parent_uuid);
  EXPECT_EQ(cmd.change_action, task_action::upscale);
  EXPECT_EQ(cmd.index, 2);
  EXPECT_TRUE(cmd.custom_id.empty());
  // index as a JSON number
  auto json = node::read_params(
      {"application/json", R"({"action":"VARIATION","taskId":"1718000000000100","index":3})", {}});
  auto parsed = node::parse_submit(std::get<node::params>(json));
  ASSERT_TRUE(std::holds_alternative<node::submit_request>(parsed));
  EXPECT_EQ(std::get<node::submit_request>(parsed).index, 3);
}

TEST(node_submit, every_rule_has_its_400) {
  EXPECT_EQ(refused(""), "action不能为空");
  EXPECT_EQ(refused("action=DESCRIBE&prompt=x"),
            "action参数错误，只支持IMAGINE、UPSCALE、VARIATION");
  EXPECT_EQ(refused("action=IMAGINE"), "prompt不能为空");
  EXPECT_EQ(refused("action=IMAGINE&prompt=+++"), "prompt不能为空");
  EXPECT_EQ(refused("action=IMAGINE&prompt=" + std::string(8193, 'a')), "prompt过长");
  EXPECT_EQ(refused("action=UPSCALE&index=1"), "taskId不能为空");
  EXPECT_EQ(refused("action=UPSCALE&index=1&taskId=12ab"), "taskId参数错误");
  EXPECT_EQ(refused("action=UPSCALE&index=1&taskId=../../x"), "taskId参数错误");
  EXPECT_EQ(refused("action=UPSCALE&taskId=1718000000000100"), "index不能为空");
  for (auto bad : {"0", "5", "-1", "1.5", "U1", "12"})
    EXPECT_EQ(refused(std::string{"action=VARIATION&taskId=1718000000000100&index="} + bad),
              "index参数错误，只能是1-4")
        << bad;
  EXPECT_EQ(refused("action=IMAGINE&prompt=x&state=" + std::string(256, 's')), "state过长");
  EXPECT_EQ(refused("action=IMAGINE&prompt=x&notifyHook=ftp://h/x"),
            "notifyHook必须是http或https地址");
  EXPECT_EQ(refused("action=IMAGINE&prompt=x&notifyHook=http://" + std::string(2000, 'h')),
            "notifyHook过长");
  auto malformed =
      node::read_params({"application/json", R"({"action":"IMAGINE","prompt":{"a":1}})", {}});
  auto r = node::parse_submit(std::get<node::params>(malformed));
  ASSERT_TRUE(std::holds_alternative<reply>(r));
  EXPECT_EQ(std::get<reply>(r).body, R"({"code":0,"description":"prompt参数错误"})");
}

}  // namespace
