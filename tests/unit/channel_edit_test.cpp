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

TEST(ChannelEdit, ProxyIsValidatedMaskedAndKeptWhenTheMaskComesBack) {
  auto e = create_body();
  e.has_proxy = true;
  e.proxy = " http://user:s3cret@127.0.0.1:3128 ";
  auto r = new_channel(e, true);
  ASSERT_TRUE(std::holds_alternative<channel>(r)) << refusal(r);
  auto c = std::get<channel>(r);
  EXPECT_EQ(c.proxy, "http://user:s3cret@127.0.0.1:3128");
  EXPECT_EQ(c.proxy_masked, "http://user:********@127.0.0.1:3128");

  channel_edit keep;
  keep.has_proxy = true;
  keep.proxy = c.proxy_masked;  // the mask sent back
  auto kept = edit_channel(c, keep, true);
  ASSERT_TRUE(std::holds_alternative<channel>(kept)) << refusal(kept);
  EXPECT_EQ(std::get<channel>(kept).proxy, c.proxy);

  channel_edit direct;
  direct.has_proxy = true;  // "" = direct
  auto d = edit_channel(c, direct, true);
  ASSERT_TRUE(std::holds_alternative<channel>(d)) << refusal(d);
  EXPECT_EQ(std::get<channel>(d).proxy, "");
  EXPECT_EQ(std::get<channel>(d).proxy_masked, "");

  channel_edit other;
  other.has_proxy = true;
  other.proxy = "http://127.0.0.1:8888";
  auto o = edit_channel(c, other, true);
  ASSERT_TRUE(std::holds_alternative<channel>(o)) << refusal(o);
  EXPECT_EQ(std::get<channel>(o).proxy_masked, "http://127.0.0.1:8888");
}

TEST(ChannelEdit, BadProxiesAreRefusedWithoutThePassword) {
  for (const char* bad : {"https://u:pw1234@proxy:3128", "socks5://proxy:1080", "http://proxy",
                          "http://u:pw1234@proxy:99999", "proxy:3128"}) {
    auto e = create_body();
    e.has_proxy = true;
    e.proxy = bad;
    auto why = refusal(new_channel(e, true));
    EXPECT_EQ(why.rfind("proxy: ", 0), 0u) << bad << " → " << why;
    EXPECT_EQ(why.find("pw1234"), std::string::npos) << why;
  }
  auto e = create_body();
  e.has_proxy = true;
  e.proxy = "http://u:********@proxy:3128";
  EXPECT_NE(refusal(new_channel(e, true)).find("masked proxy"), std::string::npos);
}

TEST(ChannelEdit, SpeedPrefixAndCallbackAreMidjourneyProxyFlags) {
  auto e = create_body();
  e.type = "midjourney-proxy";
  e.has_speed_prefix = e.speed_prefix = true;
  e.has_callback = e.callback = true;
  auto r = new_channel(e, true);
  ASSERT_TRUE(std::holds_alternative<channel>(r)) << refusal(r);
  auto c = std::get<channel>(r);
  EXPECT_TRUE(c.speed_prefix);
  EXPECT_TRUE(c.callback);
  channel_edit off;
  off.has_callback = true;
  off.callback = false;
  auto edited = edit_channel(c, off, true);
  ASSERT_TRUE(std::holds_alternative<channel>(edited)) << refusal(edited);
  EXPECT_TRUE(std::get<channel>(edited).speed_prefix);
  EXPECT_FALSE(std::get<channel>(edited).callback);

  auto suno = create_body();
  suno.has_callback = suno.callback = true;
  EXPECT_NE(refusal(new_channel(suno, true)).find("midjourney-proxy channels only"),
            std::string::npos);
}
