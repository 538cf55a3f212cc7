// Channel administration rules (domain/channel_edit.hpp): what a create or an
// update may set, the key rule (empty or masked = unchanged), clear refusals.
#include <gtest/gtest.h>

#include <variant>

#include "domain/channel_edit.hpp"

using namespace mjgate::domain;

namespace {

channel_edit create_body() {
  channel_edit e;
  e.has_name = true;
  e.name = " suno-a ";
  e.has_type = true;
  e.type = "SUNO";
  e.has_base_url = true;
  e.base_url = "http://127.0.0.1:9000/prefix/";
  e.has_key = true;
  e.key = "sk-abcdefghijklmnop";
  return e;
}

std::string refusal(const std::variant<channel, std::string>& r) {
  const auto* why = std::get_if<std::string>(&r);
  return why ? *why : std::string{};
}

}  // namespace

TEST(ChannelEdit, CreateFillsDefaultsAndMasksTheKey) {
  auto r = new_channel(create_body(), true);
  ASSERT_TRUE(std::holds_alternative<channel>(r)) << refusal(r);
  const auto& c = std::get<channel>(r);
  EXPECT_EQ(c.name, "suno-a");
  EXPECT_EQ(c.type, channel_type::suno);
  EXPECT_EQ(c.base_url, "http://127.0.0.1:9000/prefix");
  EXPECT_EQ(c.key, "sk-abcdefghijklmnop");
  EXPECT_EQ(c.key_masked, "sk-a********mnop");
  EXPECT_EQ(c.weight, 1);
  EXPECT_EQ(c.priority, 0);
  EXPECT_TRUE(c.enabled);
  EXPECT_TRUE(c.models.empty());
  EXPECT_EQ(c.source, "api");
}

TEST(ChannelEdit, CreateRefusesMissingAndBadFields) {
  for (auto drop : {&channel_edit::has_name, &channel_edit::has_type, &channel_edit::has_base_url,
                    &channel_edit::has_key}) {
    auto e = create_body();
    e.*drop = false;
    EXPECT_NE(refusal(new_channel(e, true)).find("required"), std::string::npos);
  }
  auto e = create_body();
  e.type = "dalle";
  EXPECT_NE(refusal(new_channel(e, true)).find("type:"), std::string::npos);
  e = create_body();
  e.base_url = "ftp://127.0.0.1/";
  EXPECT_NE(refusal(new_channel(e, true)).find("base_url:"), std::string::npos);
  e = create_body();  // loopback only when the URL policy allows private hosts
  EXPECT_NE(refusal(new_channel(e, false)).find("base_url:"), std::string::npos);
  e.base_url = "https://upstream.example.com";
  EXPECT_EQ(refusal(new_channel(e, false)), "");
  e = create_body();
  e.has_weight = true;
  e.weight = 0;
  EXPECT_NE(refusal(new_channel(e, true)).find("weight:"), std::string::npos);
  e = create_body();
  e.key = "sk-a********mnop";
  EXPECT_NE(refusal(new_channel(e, true)).find("key:"), std::string::npos);
  e = create_body();
  e.has_models = true;
  e.models = {"MUSIC", " "};
  EXPECT_NE(refusal(new_channel(e, true)).find("models:"), std::string::npos);
  e.models = {"a,b"};
  EXPECT_NE(refusal(new_channel(e, true)).find("models:"), std::string::npos);
  e = create_body();
  e.name = "  ";
  EXPECT_NE(refusal(new_channel(e, true)).find("name:"), std::string::npos);
}

TEST(ChannelEdit, UpdateKeepsAbsentFieldsAndMaskedOrEmptyKeys) {
  auto c = std::get<channel>(new_channel(create_body(), true));
  c.id = 7;
  channel_edit e;
  e.id = 7;
  e.has_key = true;
  e.key = c.key_masked;
  e.has_weight = true;
  e.weight = 5;
  auto r = edit_channel(c, e, true);
  ASSERT_TRUE(std::holds_alternative<channel>(r)) << refusal(r);
  auto u = std::get<channel>(r);
  EXPECT_EQ(u.key, c.key);
  EXPECT_EQ(u.key_masked, c.key_masked);
  EXPECT_EQ(u.weight, 5);
  EXPECT_EQ(u.name, c.name);
  EXPECT_EQ(u.base_url, c.base_url);
  e.key = "";
  EXPECT_EQ(std::get<channel>(edit_channel(c, e, true)).key, c.key);
  e.key = "new-key-0123456789";
  u = std::get<channel>(edit_channel(c, e, true));
  EXPECT_EQ(u.key, "new-key-0123456789");
  EXPECT_EQ(u.key_masked, "new-********6789");
  e = {};
  e.has_enabled = true;
  e.enabled = false;
  e.has_models = true;
  e.models = {"MUSIC"};
  u = std::get<channel>(edit_channel(c, e, true));
  EXPECT_FALSE(u.enabled);
  EXPECT_EQ(u.models, std::vector<std::string>{"MUSIC"});
  e = {};
  e.has_weight = true;
  e.weight = -1;
  EXPECT_NE(refusal(edit_channel(c, e, true)).find("weight:"), std::string::npos);
  e = {};
  e.has_type = true;
  e.type = "midjourney-proxy";
  EXPECT_NE(refusal(edit_channel(c, e, true)).find("type:"), std::string::npos);
  e.type = "suno";
  EXPECT_EQ(refusal(edit_channel(c, e, true)), "");
  e = {};
  e.has_base_url = true;
  e.base_url = "not a url";
  EXPECT_NE(refusal(edit_channel(c, e, true)).find("base_url:"), std::string::npos);
}

TEST(ChannelEdit, KeyUnchangedRule) {
  EXPECT_TRUE(key_unchanged(""));
  EXPECT_TRUE(key_unchanged("abcd********wxyz"));
  EXPECT_TRUE(key_unchanged("****"));
  EXPECT_FALSE(key_unchanged("sk-real"));
}
