// POST /mj/account/query: the page request (bounds, sort whitelist, filters)
// and the selection of one page of accounts.
#include <gtest/gtest.h>

#include "http/dialects/mj/account_query.hpp"

namespace {

namespace mj = mjgate::http::mj;
using mj::account_query;
using mj::account_sort_field;
using mjgate::actors::account_status;

account_query parsed(std::string_view body) {
  auto r = mj::parse_account_query(body);
  EXPECT_TRUE(std::holds_alternative<account_query>(r)) << body;
  return std::holds_alternative<account_query>(r) ? std::get<account_query>(r) : account_query{};
}

std::string refused(std::string_view body) {
  auto r = mj::parse_account_query(body);
  if (!std::holds_alternative<mjgate::http::reply>(r)) return "";
  return nlohmann::json::parse(std::get<mjgate::http::reply>(r).body)["description"];
}

TEST(account_query, defaults_and_paging_values) {
  EXPECT_EQ(parsed("{}"), account_query{});
  auto q = parsed(R"({"pageNumber":2,"pageSize":"500","sort":"dateCreated,desc"})");
  EXPECT_EQ(q.page_number, 2);
  EXPECT_EQ(q.page_size, 100);  // clamped (compat)
  EXPECT_EQ(q.sort, account_sort_field::date_created);
  EXPECT_TRUE(q.descending);
  EXPECT_EQ(parsed(R"({"page":1,"size":0})").page_size, 1);
  EXPECT_EQ(parsed(R"({"sort":"name"})").sort, account_sort_field::name);
  EXPECT_FALSE(parsed(R"({"sort":"name"})").descending);
  EXPECT_EQ(refused(R"({"pageNumber":-1})"), "pageNumber参数错误");
  EXPECT_EQ(refused(R"({"pageSize":"x"})"), "pageSize参数错误");
  EXPECT_EQ(refused(R"({"sort":"userToken,asc"})"), "sort参数错误");
  EXPECT_EQ(refused(R"({"sort":"id,up"})"), "sort参数错误");
}

TEST(account_query, filters) {
  auto q = parsed(R"({"channelId":"1201","enable":false,"mode":"relax","name":"a","remark":"b"})");
  EXPECT_EQ(q.channel_id, "1201");
  EXPECT_EQ(q.enable, false);
  EXPECT_EQ(q.mode, "RELAX");
  EXPECT_EQ(q.name, "a");
  EXPECT_EQ(q.remark, "b");
  EXPECT_EQ(refused(R"({"mode":"SLOW"})"), "mode参数错误");
  EXPECT_EQ(refused(R"({"enable":"yes"})"), "enable必须是布尔值");
  EXPECT_EQ(refused(R"({"remark":")" + std::string(129, 'r') + R"("})"), "remark过长");
}

account_status status(std::string id, std::int64_t created, std::string name, bool enable,
                      std::string mode, std::string remark) {
  account_status s;
  s.acct.id = std::move(id);
  s.acct.channel_id = "c-" + s.acct.id;
  s.acct.created_at = created;
  s.acct.enable = enable;
  s.acct.remark = std::move(remark);
  s.load.username = std::move(name);  // shown as the name when the account has none
  s.load.mode = std::move(mode);
  return s;
}

std::vector<std::string> ids(const mj::account_page& p) {
  std::vector<std::string> out;
  for (const auto& s : p.content) out.push_back(s.acct.id);
  return out;
}

TEST(account_query, selects_sorts_and_pages) {
  std::vector<account_status> all{
      status("b", 30, "zed", true, "FAST", "pool one"),
      status("a", 20, "amy", true, "RELAX", "pool two"),
      status("c", 10, "max", false, "FAST", "spare"),
  };
  EXPECT_EQ(ids(mj::select_accounts(all, {})), (std::vector<std::string>{"a", "b", "c"}));
  account_query q;
  q.sort = account_sort_field::date_created;
  EXPECT_EQ(ids(mj::select_accounts(all, q)), (std::vector<std::string>{"c", "a", "b"}));
  q.sort = account_sort_field::name;
  q.descending = true;
  EXPECT_EQ(ids(mj::select_accounts(all, q)), (std::vector<std::string>{"b", "c", "a"}));
  account_query pool;
  pool.remark = "pool";
  pool.page_size = 1;
  pool.page_number = 1;
  auto page = mj::select_accounts(all, pool);
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(ids(page), std::vector<std::string>{"b"});
  pool.page_number = 5;
  EXPECT_TRUE(mj::select_accounts(all, pool).content.empty());
  account_query fast;
  fast.mode = "FAST";
  fast.enable = true;
  EXPECT_EQ(ids(mj::select_accounts(all, fast)), std::vector<std::string>{"b"});
  account_query named;
  named.name = "m";
  EXPECT_EQ(ids(mj::select_accounts(all, named)), (std::vector<std::string>{"a", "c"}));
  account_query channel;
  channel.channel_id = "c-c";
  EXPECT_EQ(mj::select_accounts(all, channel).total, 1);
}

}  // namespace
