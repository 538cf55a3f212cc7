// The channels admin API's bodies (http/dialects/manage/channel_json): wrong
// JSON types are refused naming the field, models come as an array or a
// comma list, an update sends something, and a rendered channel never
// carries its clear key.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/dialects/manage/channel_json.hpp"

namespace {

using namespace mjgate::http;
using namespace mjgate::http::manage;
namespace domain = mjgate::domain;
using json = nlohmann::json;

std::string message_of(const std::variant<domain::channel_edit, reply>& r) {
  const auto* rejected = std::get_if<reply>(&r);
  if (!rejected) return {};
  EXPECT_EQ(rejected->status, 400);
  return json::parse(rejected->body)["message"].get<std::string>();
}

TEST(channel_json, create_body_reads_every_field) {
  auto parsed = parse_channel_body(
      R"({"name":"a","type":"suno","base_url":"http://127.0.0.1:1","key":"k","models":["MUSIC"],
          "priority":-2,"weight":3,"enabled":false,"unknown":1})",
      0);
  ASSERT_TRUE(std::holds_alternative<domain::channel_edit>(parsed)) << message_of(parsed);
  auto e = std::get<domain::channel_edit>(parsed);
  EXPECT_TRUE(e.has_name && e.has_type && e.has_base_url && e.has_key && e.has_models &&
              e.has_priority && e.has_weight && e.has_enabled);
  EXPECT_EQ(e.id, 0);
  EXPECT_EQ(e.models, std::vector<std::string>{"MUSIC"});
  EXPECT_EQ(e.priority, -2);
  EXPECT_EQ(e.weight, 3);
  EXPECT_FALSE(e.enabled);
  auto listed =
      std::get<domain::channel_edit>(parse_channel_body(R"({"models":" MUSIC, LYRICS ,"})", 4));
  EXPECT_EQ(listed.models, (std::vector<std::string>{"MUSIC", "LYRICS"}));
  EXPECT_EQ(listed.id, 4);
  auto proxied = std::get<domain::channel_edit>(
      parse_channel_body(R"({"proxy":"http://u:p@127.0.0.1:3128"})", 4));
  EXPECT_TRUE(proxied.has_proxy);
  EXPECT_EQ(proxied.proxy, "http://u:p@127.0.0.1:3128");
  auto direct = std::get<domain::channel_edit>(parse_channel_body(R"({"proxy":""})", 4));
  EXPECT_TRUE(direct.has_proxy);  // "" = back to direct: a change, not "nothing"
  auto flags = std::get<domain::channel_edit>(
      parse_channel_body(R"({"speed_prefix":true,"callback":false})", 4));
  EXPECT_TRUE(flags.has_speed_prefix && flags.speed_prefix);
  EXPECT_TRUE(flags.has_callback && !flags.callback);
}

TEST(channel_json, wrong_types_name_the_field) {
  EXPECT_EQ(message_of(parse_channel_body("[1]", 0)), "the body must be a JSON object");
  EXPECT_EQ(message_of(parse_channel_body("not json", 0)), "the body must be a JSON object");
  EXPECT_EQ(message_of(parse_channel_body(R"({"name":1})", 0)), "name must be a string");
  EXPECT_EQ(message_of(parse_channel_body(R"({"weight":"2"})", 0)), "weight must be an integer");
  EXPECT_EQ(message_of(parse_channel_body(R"({"weight":99999999999})", 0)),
            "weight is out of range");
  EXPECT_EQ(message_of(parse_channel_body(R"({"models":[1]})", 0)),
            "models must be an array of strings");
  EXPECT_EQ(message_of(parse_channel_body(R"({"enabled":1})", 0)), "enabled must be true or false");
  EXPECT_EQ(message_of(parse_channel_body(R"({"proxy":null})", 0)), "proxy must be a string");
  EXPECT_EQ(message_of(parse_channel_body(R"({"speed_prefix":"yes"})", 0)),
            "speed_prefix must be true or false");
  EXPECT_EQ(message_of(parse_channel_body(R"({"callback":1})", 0)),
            "callback must be true or false");
  EXPECT_NE(message_of(parse_channel_body("{}", 3)).find("nothing to update"), std::string::npos);
}

TEST(channel_json, render_masks_the_key_and_pages) {
  domain::channel c;
  c.id = 9;
  c.name = "a";
  c.base_url = "http://h";
  c.key = "the-clear-key-value";
  c.key_masked = "the-********alue";
  c.models = {"MUSIC"};
  c.source = "api";
  auto j = render_channel(c);
  EXPECT_EQ(j["key"], "the-********alue");
  EXPECT_EQ(j.dump().find("the-clear-key-value"), std::string::npos);
  EXPECT_EQ(j["type"], "suno");
  EXPECT_EQ(j["models"], json::array({"MUSIC"}));
  EXPECT_EQ(j["proxy"], "");
  EXPECT_EQ(j["speed_prefix"], false);
  EXPECT_EQ(j["callback"], false);
  c.proxy = "http://user:s3cret@127.0.0.1:3128";
  c.proxy_masked = "http://user:********@127.0.0.1:3128";
  EXPECT_EQ(render_channel(c)["proxy"], "http://user:********@127.0.0.1:3128");
  EXPECT_EQ(render_channel(c).dump().find("s3cret"), std::string::npos);
  c.key_masked.clear();
  EXPECT_EQ(render_channel(c)["key"], "********");
  std::vector<domain::channel> all(5, c);
  for (int i = 0; i < 5; ++i) all[i].id = i + 1;
  auto page = render_channel_page(all, page_params{3, 10});
  EXPECT_EQ(page["total"], 5);
  ASSERT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["items"][0]["id"], 4);
  EXPECT_EQ(render_channel_page(all, page_params{9, 10})["items"].size(), 0u);
}

}  // namespace
