// limit/before query parsing and the list-by-condition body.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/dialects/mj/list_params.hpp"

namespace {

namespace mj = mjgate::http::mj;
using mjgate::http::reply;
using ids = std::vector<std::string>;

TEST(list_params, limit) {
  EXPECT_EQ(mj::parse_limit(std::nullopt, 100, 500), 100);
  EXPECT_EQ(mj::parse_limit("", 100, 500), 100);
  EXPECT_EQ(mj::parse_limit("20", 100, 500), 20);
  EXPECT_EQ(mj::parse_limit("0", 100, 500), 1);
  EXPECT_EQ(mj::parse_limit("501", 100, 500), 500);
  EXPECT_EQ(mj::parse_limit("99999999999999999999", 100, 1000), 1000);
  EXPECT_EQ(mj::parse_limit("0007", 100, 500), 7);
  EXPECT_EQ(mj::parse_limit("-1", 100, 500), std::nullopt);
  EXPECT_EQ(mj::parse_limit("ten", 100, 500), std::nullopt);
  EXPECT_EQ(mj::parse_limit("1.5", 100, 500), std::nullopt);
}

TEST(list_params, before) {
  EXPECT_EQ(mj::parse_before(std::nullopt), "");
  EXPECT_EQ(mj::parse_before("1718000000000100"), "1718000000000100");
  EXPECT_EQ(mj::parse_before("abc"), std::nullopt);
}

TEST(list_params, ids_body) {
  auto r = mj::parse_ids_body(R"({"ids":["3","1","3","2"]})", 10);
  ASSERT_TRUE(std::holds_alternative<ids>(r));
  EXPECT_EQ(std::get<ids>(r), (ids{"3", "1", "2"}));
  EXPECT_EQ(std::get<ids>(mj::parse_ids_body(R"({"ids":null})", 10)), ids{});
  EXPECT_EQ(std::get<ids>(mj::parse_ids_body(R"({})", 10)), ids{});
}

TEST(list_params, ids_body_rejections) {
  EXPECT_EQ(std::get<reply>(mj::parse_ids_body("nope", 10)).status, 400);
  auto too_many = std::get<reply>(mj::parse_ids_body(R"({"ids":["1","2","3"]})", 2));
  EXPECT_EQ(too_many.status, 200);
  EXPECT_EQ(nlohmann::json::parse(too_many.body)["code"], 4);
  EXPECT_EQ(std::get<reply>(mj::parse_ids_body(R"({"ids":[1]})", 10)).status, 200);
  EXPECT_EQ(std::get<reply>(mj::parse_ids_body(R"({"ids":"1"})", 10)).status, 200);
}

}  // namespace
