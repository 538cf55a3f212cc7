// AccountCreate / AccountUpdate bodies (api-contracts.md §3.9.2): required
// keys, types, ranges without clamping, the "unchanged" token forms.
#include <gtest/gtest.h>

#include "http/dialects/mj/account_body.hpp"

namespace {

namespace mj = mjgate::http::mj;
using mjgate::domain::account_key;
using mjgate::domain::account_patch;
using mjgate::http::reply;

account_patch accepted(const std::variant<account_patch, reply>& r) {
  EXPECT_TRUE(std::holds_alternative<account_patch>(r))
      << (std::holds_alternative<reply>(r) ? std::get<reply>(r).body : "");
  return std::holds_alternative<account_patch>(r) ? std::get<account_patch>(r) : account_patch{};
}

/// The code-4 description of a rejected body ("" when it was accepted).
std::string rejected(const std::variant<account_patch, reply>& r, int status = 200) {
  if (!std::holds_alternative<reply>(r)) return "";
  const auto& rep = std::get<reply>(r);
  EXPECT_EQ(rep.status, status) << rep.body;
  auto j = nlohmann::json::parse(rep.body);
  EXPECT_EQ(j["code"], 4);
  return j["description"];
}

const std::string base = R"("guildId":"1100","channelId":"1216","userToken":"tok-abcdefgh-1234")";

TEST(account_body, create_needs_guild_channel_and_token) {
  auto p = accepted(mj::parse_account_create("{" + base + "}"));
  EXPECT_EQ(p.values.guild_id, "1100");
  EXPECT_EQ(p.values.channel_id, "1216");
  EXPECT_EQ(p.values.user_token, "tok-abcdefgh-1234");
  EXPECT_TRUE(p.has(account_key::user_token));
  EXPECT_FALSE(p.has(account_key::id));
  EXPECT_FALSE(p.has(account_key::core_size));
  EXPECT_EQ(rejected(mj::parse_account_create(R"({"channelId":"1","userToken":"t"})")),
            "guildId不能为空");
  EXPECT_EQ(rejected(mj::parse_account_create(R"({"guildId":"1","userToken":"t"})")),
            "channelId不能为空");
  EXPECT_EQ(rejected(mj::parse_account_create(R"({"guildId":"1","channelId":"2"})")),
            "userToken不能为空");
  EXPECT_EQ(rejected(mj::parse_account_create(
                R"({"guildId":"1","channelId":"2","userToken":"abcd****wxyz"})")),
            "userToken不能为空");
  EXPECT_EQ(
      rejected(mj::parse_account_create(R"({"guildId":"x1","channelId":"2","userToken":"t"})")),
      "guildId必须是Discord数字ID");
  EXPECT_EQ(rejected(mj::parse_account_create("[1]")), "请求体必须是JSON对象");
  EXPECT_NE(rejected(mj::parse_account_create("{nope"), 400), "");
}

TEST(account_body, create_takes_every_editable_key) {
  auto p = accepted(mj::parse_account_create(
      "{" + base +
      R"(,"id":"acc-16","name":"sixteen","userAgent":"UA/1","enable":false,"remixAutoSubmit":true,)"
      R"("coreSize":12,"queueSize":"1000","relaxCoreSize":1,"relaxQueueSize":1,"timeoutMinutes":120,)"
      R"("queueTimeoutMinutes":1,"modalTimeoutMinutes":10080,"weight":0,"remark":"备注",)"
      R"("mjBotChannelId":"14","nijiBotChannelId":"15","allowModes":["fast","RELAX","fast"],)"
      R"("dayDrawLimit":-1,"unknownKey":{"x":1}})"));
  const auto& v = p.values;
  EXPECT_EQ(v.id, "acc-16");
  EXPECT_EQ(v.name, "sixteen");
  EXPECT_EQ(v.user_agent, "UA/1");
  EXPECT_FALSE(v.enable);
  EXPECT_TRUE(v.remix_auto_submit);
  EXPECT_EQ(v.core_size, 12);
  EXPECT_EQ(v.queue_size, 1000);  // digit strings are numbers (Jackson coerces them)
  EXPECT_EQ(v.relax_core_size, 1);
  EXPECT_EQ(v.relax_queue_size, 1);
  EXPECT_EQ(v.timeout_minutes, 120);
  EXPECT_EQ(v.queue_timeout_minutes, 1);
  EXPECT_EQ(v.modal_timeout_minutes, 10080);
  EXPECT_EQ(v.weight, 0);
  EXPECT_EQ(v.remark, "备注");
  EXPECT_EQ(v.mj_bot_channel_id, "14");
  EXPECT_EQ(v.niji_bot_channel_id, "15");
  EXPECT_EQ(v.allow_modes, (std::vector<std::string>{"FAST", "RELAX"}));
  EXPECT_EQ(v.day_draw_limit, -1);
  for (auto k : {account_key::id, account_key::enable, account_key::weight,
                 account_key::allow_modes, account_key::day_draw_limit})
    EXPECT_TRUE(p.has(k));
}

TEST(account_body, out_of_range_values_are_refused_not_clamped) {
  struct row {
    std::string field;
    std::string message;
  };
  for (const auto& r : std::vector<row>{
           {R"("coreSize":0)", "coreSize必须是1到12之间的整数"},
           {R"("coreSize":13)", "coreSize必须是1到12之间的整数"},
           {R"("queueSize":1001)", "queueSize必须是1到1000之间的整数"},
           {R"("relaxCoreSize":-1)", "relaxCoreSize必须是1到12之间的整数"},
           {R"("relaxQueueSize":0)", "relaxQueueSize必须是1到1000之间的整数"},
           {R"("timeoutMinutes":121)", "timeoutMinutes必须是1到120之间的整数"},
           {R"("queueTimeoutMinutes":0)", "queueTimeoutMinutes必须是1到10080之间的整数"},
           {R"("weight":-1)", "weight必须是0到10000之间的整数"},
           {R"("dayDrawLimit":-2)", "dayDrawLimit必须是-1到2147483647之间的整数"},
           {R"("coreSize":2.5)", "coreSize必须是1到12之间的整数"},
           {R"("coreSize":"many")", "coreSize必须是1到12之间的整数"},
           {R"("enable":"true")", "enable必须是布尔值"},
           {R"("remark":7)", "remark必须是字符串"},
           {R"("allowModes":["SLOW"])", "allowModes只能包含FAST、RELAX、TURBO"},
           {R"("allowModes":"FAST")", "allowModes只能包含FAST、RELAX、TURBO"},
       }) {
    EXPECT_EQ(rejected(mj::parse_account_update("{" + r.field + "}")), r.message) << r.field;
    EXPECT_EQ(rejected(mj::parse_account_create("{" + base + "," + r.field + "}")), r.message)
        << r.field;
  }
  EXPECT_EQ(rejected(mj::parse_account_create("{" + base + R"(,"id":"a b"})")),
            "id只能包含字母、数字、.、_、-（最长64）");
}

TEST(account_body, update_sends_only_what_is_present) {
  auto none = accepted(mj::parse_account_update("{}"));
  EXPECT_EQ(none.sent, 0u);
  auto nulls = accepted(mj::parse_account_update(R"({"coreSize":null,"remark":null,"id":"x"})"));
  EXPECT_EQ(nulls.sent, 0u);  // null = absent; id is never editable
  auto some = accepted(mj::parse_account_update(R"({"queueSize":1,"remark":""})"));
  EXPECT_TRUE(some.has(account_key::queue_size));
  EXPECT_TRUE(some.has(account_key::remark));
  EXPECT_FALSE(some.has(account_key::core_size));
  EXPECT_EQ(some.values.remark, "");
}

TEST(account_body, null_timeouts_reset_to_the_global_default) {
  auto p = accepted(mj::parse_account_update(
      R"({"timeoutMinutes":null,"queueTimeoutMinutes":null,"modalTimeoutMinutes":null})"));
  EXPECT_TRUE(p.has(account_key::timeout_minutes));
  EXPECT_TRUE(p.has(account_key::queue_timeout_minutes));
  EXPECT_TRUE(p.has(account_key::modal_timeout_minutes));
  EXPECT_EQ(p.values.timeout_minutes, 0);
  EXPECT_EQ(p.values.queue_timeout_minutes, 0);
}

TEST(account_body, an_empty_or_masked_token_means_unchanged) {
  for (auto body : {R"({"userToken":""})", R"({"userToken":"abcd********wxyz"})",
                    R"({"userToken":"********"})", R"({"userToken":null})"})
    EXPECT_FALSE(accepted(mj::parse_account_update(body)).has(account_key::user_token)) << body;
  auto fresh = accepted(mj::parse_account_update(R"({"userToken":" new-token-value "})"));
  EXPECT_TRUE(fresh.has(account_key::user_token));
  EXPECT_EQ(fresh.values.user_token, "new-token-value");
}

TEST(account_body, guild_and_channel_are_passed_on_for_the_router_to_compare) {
  auto p = accepted(mj::parse_account_update(R"({"guildId":"1100","channelId":"1217"})"));
  EXPECT_TRUE(p.has(account_key::guild_id));
  EXPECT_TRUE(p.has(account_key::channel_id));
  EXPECT_EQ(p.values.channel_id, "1217");
}

}  // namespace
