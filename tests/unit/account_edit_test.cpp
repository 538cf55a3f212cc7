// Account create/update rules (api-contracts.md §3.9.2): defaults, absent keys
// kept, identity keys fixed, config accounts read-only, modes allowed.
#include <gtest/gtest.h>

#include "domain/account_edit.hpp"

namespace mjgate::domain {
namespace {

account_patch create_request() {
  account_patch p;
  p.values.guild_id = "g1";
  p.values.channel_id = "c1";
  p.values.user_token = "token-abcdefgh-1234";
  p.mark(account_key::guild_id);
  p.mark(account_key::channel_id);
  p.mark(account_key::user_token);
  return p;
}

TEST(account_edit, create_takes_defaults_and_the_channel_as_id) {
  auto a = make_account(create_request(), 1000);
  EXPECT_EQ(a.id, "c1");
  EXPECT_EQ(a.guild_id, "g1");
  EXPECT_EQ(a.user_token, "token-abcdefgh-1234");
  EXPECT_EQ(a.source, "api");
  EXPECT_EQ(a.core_size, 3);
  EXPECT_EQ(a.queue_size, 10);
  EXPECT_EQ(a.day_draw_limit, -1);
  EXPECT_TRUE(a.enable);
  EXPECT_EQ(a.created_at, 1000);
  EXPECT_EQ(a.updated_at, 1000);
}

TEST(account_edit, create_with_an_id_and_sent_keys) {
  auto p = create_request();
  p.values.id = "mine";
  p.values.core_size = 7;
  p.values.remark = "批量";
  p.values.enable = false;
  p.values.allow_modes = {"RELAX"};
  p.mark(account_key::id);
  p.mark(account_key::core_size);
  p.mark(account_key::remark);
  p.mark(account_key::enable);
  p.mark(account_key::allow_modes);
  p.values.queue_size = 99;  // not marked: not sent, so the default stays
  auto a = make_account(p, 5);
  EXPECT_EQ(a.id, "mine");
  EXPECT_EQ(a.core_size, 7);
  EXPECT_EQ(a.queue_size, 10);
  EXPECT_EQ(a.remark, "批量");
  EXPECT_FALSE(a.enable);
  EXPECT_EQ(a.allow_modes, std::vector<std::string>{"RELAX"});
}

account existing() {
  auto a = make_account(create_request(), 1000);
  a.user_token = "enc:v1:sealed";
  a.user_token_masked = "toke********1234";
  a.queue_size = 50;
  a.remark = "old";
  return a;
}

TEST(account_edit, update_changes_only_sent_keys_and_keeps_the_identity) {
  auto before = existing();
  account_patch p;
  p.values.queue_size = 1;
  p.values.remark = "";
  p.values.id = "other";      // never applied by an update
  p.values.user_token = "x";  // not marked: unchanged
  p.mark(account_key::queue_size);
  p.mark(account_key::remark);
  p.mark(account_key::id);
  ASSERT_EQ(check_update(before, p), std::nullopt);
  auto after = apply_update(before, p, 2000);
  EXPECT_EQ(after.queue_size, 1);
  EXPECT_EQ(after.remark, "");
  EXPECT_EQ(after.id, before.id);
  EXPECT_EQ(after.user_token, "enc:v1:sealed");
  EXPECT_EQ(after.user_token_masked, before.user_token_masked);
  EXPECT_EQ(after.created_at, 1000);
  EXPECT_EQ(after.updated_at, 2000);
  EXPECT_FALSE(changes_connection(before, after));
}

TEST(account_edit, update_may_repeat_but_not_change_guild_or_channel) {
  auto before = existing();
  account_patch same;
  same.values.guild_id = "g1";
  same.values.channel_id = "c1";
  same.mark(account_key::guild_id);
  same.mark(account_key::channel_id);
  EXPECT_EQ(check_update(before, same), std::nullopt);
  auto guild = same;
  guild.values.guild_id = "g2";
  EXPECT_EQ(check_update(before, guild), "guildId不可修改");
  auto channel = same;
  channel.values.channel_id = "c2";
  EXPECT_EQ(check_update(before, channel), "channelId不可修改");
}

TEST(account_edit, config_accounts_are_read_only) {
  auto before = existing();
  before.source = "config";
  account_patch p;
  p.values.remark = "x";
  p.mark(account_key::remark);
  auto why = check_update(before, p);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("配置文件"), std::string::npos);
}

TEST(account_edit, a_new_token_or_user_agent_needs_a_reconnect) {
  auto before = existing();
  account_patch p;
  p.values.user_token = "new-token-value-000";
  p.mark(account_key::user_token);
  EXPECT_TRUE(changes_connection(before, apply_update(before, p, 1)));
  account_patch ua;
  ua.values.user_agent = "UA/2";
  ua.mark(account_key::user_agent);
  EXPECT_TRUE(changes_connection(before, apply_update(before, ua, 1)));
}

TEST(account_edit, allowed_modes) {
  account a;
  EXPECT_TRUE(allows_mode(a, "FAST"));
  EXPECT_TRUE(allows_mode(a, ""));
  a.allow_modes = {"RELAX", "TURBO"};
  EXPECT_FALSE(allows_mode(a, "FAST"));
  EXPECT_TRUE(allows_mode(a, "RELAX"));
  EXPECT_TRUE(allows_mode(a, ""));
}

}  // namespace
}  // namespace mjgate::domain
