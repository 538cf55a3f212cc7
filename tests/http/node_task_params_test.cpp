// node-api fetch and list inputs (api-contracts.md §6.5).
#include <gtest/gtest.h>

#include <string>

#include "http/dialects/node/task_params.hpp"

namespace {

using namespace mjgate;
using namespace mjgate::http;

node::params from_query(std::string_view query) {
  return std::get<node::params>(node::read_params({{}, {}, query}));
}

constexpr const char* missing = R"({"code":0,"description":"任务不存在"})";

TEST(node_task_params, fetch_by_uuid_or_id) {
  auto by_uuid = node::parse_fetch(from_query("_id=8A2C5959-143B-46C5-ADB6-242652AC8141"));
  ASSERT_TRUE(std::holds_alternative<node::task_ref>(by_uuid));
  EXPECT_EQ(std::get<node::task_ref>(by_uuid),
            (node::task_ref{"8a2c5959-143b-46c5-adb6-242652ac8141", true}));
  auto by_id = node::parse_fetch(from_query("id=1718000000000100"));
  EXPECT_EQ(std::get<node::task_ref>(by_id), (node::task_ref{"1718000000000100", false}));
  auto both = node::parse_fetch(from_query("_id=1718000000000200&id=1718000000000100"));
  EXPECT_EQ(std::get<node::task_ref>(both).value, "1718000000000200") << "_id first";
  auto empty_id = node::parse_fetch(from_query("_id=&id=1718000000000100"));
  EXPECT_EQ(std::get<node::task_ref>(empty_id).value, "1718000000000100");
  for (auto q : {"", "_id=", "_id=abc", "_id=../etc", "id=-1"}) {
    auto r = node::parse_fetch(from_query(q));
    ASSERT_TRUE(std::holds_alternative<reply>(r)) << q;
    EXPECT_EQ(std::get<reply>(r).status, 400) << q;
    EXPECT_EQ(std::get<reply>(r).body, missing) << q;
  }
}

TEST(node_task_params, list_defaults_and_bounds) {
  auto d = std::get<node::list_request>(node::parse_list(from_query("")));
  EXPECT_EQ(d, (node::list_request{50, "", 0}));
  auto big =
      std::get<node::list_request>(node::parse_list(from_query("limit=100000&offset=10000")));
  EXPECT_EQ(big.limit, 500);
  EXPECT_EQ(big.offset, 10000);
  auto cursor = std::get<node::list_request>(
      node::parse_list(from_query("before=8A2C5959-143B-46C5-ADB6-242652AC8141&limit=3")));
  EXPECT_EQ(cursor.before, "8a2c5959-143b-46c5-adb6-242652ac8141");
  EXPECT_EQ(cursor.limit, 3);
  EXPECT_EQ(
      std::get<node::list_request>(node::parse_list(from_query("before=1718000000000100"))).before,
      "1718000000000100");
  for (auto q : {"limit=-1", "limit=ten", "offset=-5", "offset=10001", "offset=x", "before=abc"}) {
    auto r = node::parse_list(from_query(q));
    ASSERT_TRUE(std::holds_alternative<reply>(r)) << q;
    EXPECT_EQ(std::get<reply>(r).status, 400) << q;
  }
}

TEST(node_task_params, list_query_is_newest_first_and_bounded) {
  auto q = node::list_query({500, "1718000000000100", 20});
  EXPECT_EQ(q.sort_field, domain::task_sort_field::id);
  EXPECT_TRUE(q.descending);
  EXPECT_EQ(domain::page_size_of(q), 500);
  EXPECT_EQ(q.offset, 20);
  EXPECT_EQ(q.before, "1718000000000100");
  EXPECT_EQ(q.user_id, 0) << "set by the router from the principal";
}

}  // namespace
