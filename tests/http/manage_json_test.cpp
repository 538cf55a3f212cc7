// The management API's bodies: parsing of user/key requests and paging,
// rendering of users and keys (hashes never, masked keys, the clear key
// only in the creating answer), and the error mapping.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/dialects/manage/user_json.hpp"

namespace {

using namespace mjgate::http;
using namespace mjgate::http::manage;
namespace domain = mjgate::domain;
using json = nlohmann::json;

int status_of(const reply& r) {
  return r.status;
}

TEST(manage_json, create_body) {
  auto ok = parse_user_create(
      R"({"name":"alice","role":10,"group":"vip","password":"12345678","quota":5,"x":1})");
  ASSERT_TRUE(std::holds_alternative<domain::user_edit>(ok));
  const auto& e = std::get<domain::user_edit>(ok);
  EXPECT_TRUE(e.has_name && e.has_role && e.has_group && e.has_password && e.has_quota);
  EXPECT_FALSE(e.has_status);
  EXPECT_EQ(e.name, "alice");
  EXPECT_EQ(e.role, 10);
  EXPECT_EQ(e.group, "vip");
  EXPECT_EQ(e.quota, 5);
  auto minimal = std::get<domain::user_edit>(parse_user_create(R"({"name":"bob"})"));
  EXPECT_FALSE(minimal.has_role || minimal.has_password);
  for (const char* bad :
       {"", "[]", "{", R"({"role":1})", R"({"name":5})", R"({"name":"a","role":"1"})",
        R"({"name":"a","quota":1.5})", R"({"name":"a","password":null})"}) {
    auto r = parse_user_create(bad);
    ASSERT_TRUE(std::holds_alternative<reply>(r)) << bad;
    EXPECT_EQ(status_of(std::get<reply>(r)), 400) << bad;
    EXPECT_EQ(json::parse(std::get<reply>(r).body)["code"], 400) << bad;
  }
  // Out-of-range roles stay invalid (never wrap into a valid one).
  auto huge = std::get<domain::user_edit>(parse_user_create(R"({"name":"a","role":4294967306})"));
  EXPECT_FALSE(domain::is_valid_role(huge.role));
}

TEST(manage_json, update_body) {
  auto ok = parse_user_update(R"({"status":2})", 9);
  ASSERT_TRUE(std::holds_alternative<domain::user_edit>(ok));
  EXPECT_EQ(std::get<domain::user_edit>(ok).id, 9);
  EXPECT_TRUE(std::get<domain::user_edit>(ok).has_status);
  EXPECT_EQ(std::get<domain::user_edit>(ok).status, 2);
  EXPECT_TRUE(std::holds_alternative<reply>(parse_user_update("{}", 9)));
  EXPECT_TRUE(std::holds_alternative<reply>(parse_user_update(R"({"group":3})", 9)));
}

TEST(manage_json, token_body_and_paging) {
  auto empty = parse_token_request("", 7);
  ASSERT_TRUE(std::holds_alternative<mjgate::actors::token_request>(empty));
  EXPECT_EQ(std::get<mjgate::actors::token_request>(empty),
            (mjgate::actors::token_request{7, "", 0, -1}));
  auto full = std::get<mjgate::actors::token_request>(
      parse_token_request(R"({"name":"ci","expires_at":1800000000000,"remaining_quota":50})", 7));
  EXPECT_EQ(full, (mjgate::actors::token_request{7, "ci", 1800000000000, 50}));
  EXPECT_TRUE(std::holds_alternative<reply>(parse_token_request(R"({"expires_at":"soon"})", 7)));

  auto page = std::get<page_params>(parse_page(std::nullopt, std::nullopt));
  EXPECT_EQ(page.offset, 0);
  EXPECT_EQ(page.limit, 20);
  page = std::get<page_params>(parse_page("40", "1000"));
  EXPECT_EQ(page.offset, 40);
  EXPECT_EQ(page.limit, 100);  // clamped
  EXPECT_TRUE(std::holds_alternative<reply>(parse_page("-1", std::nullopt)));
  EXPECT_TRUE(std::holds_alternative<reply>(parse_page(std::nullopt, "x")));
  EXPECT_EQ(parse_id("12"), 12);
  EXPECT_EQ(parse_id("0"), std::nullopt);
  EXPECT_EQ(parse_id("-3"), std::nullopt);
  EXPECT_EQ(parse_id("1a"), std::nullopt);
}

TEST(manage_json, rendering_never_shows_hashes) {
  domain::user u;
  u.id = 7;
  u.name = "alice";
  u.role = 10;
  u.group = "vip";
  u.quota = 3;
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$secret";
  u.access_token_hash = "deadbeef";
  u.created_at = 1;
  u.updated_at = 2;
  EXPECT_EQ(render_user(u).dump(),
            R"({"id":7,"name":"alice","role":10,"status":1,"group":"vip","quota":3,)"
            R"("has_password":true,"has_access_token":true,"created_at":1,"updated_at":2})");
  domain::api_token t;
  t.id = 3;
  t.user_id = 7;
  t.name = "ci";
  t.key_hash = "cafebabe";
  t.key_mask = "sk-A********wxyz";
  t.created_at = 5;
  auto masked = render_token(t).dump();
  EXPECT_EQ(masked, R"({"id":3,"user_id":7,"name":"ci","key":"sk-A********wxyz","status":1,)"
                    R"("expires_at":0,"remaining_quota":-1,"created_at":5})");
  EXPECT_EQ(masked.find("cafebabe"), std::string::npos);
  mjgate::actors::token_grant g{t, "sk-Aclear"};
  EXPECT_EQ(render_token_grant(g)["key"], "sk-Aclear");
  mjgate::actors::user_page page{{u}, 41};
  auto p = render_user_page(page, {20, 10});
  EXPECT_EQ(p["total"], 41);
  EXPECT_EQ(p["offset"], 20);
  EXPECT_EQ(p["items"].size(), 1u);
}

TEST(manage_json, envelopes_and_error_mapping) {
  EXPECT_EQ(ok_reply(json{{"a", 1}}).body, R"({"code":0,"message":"","data":{"a":1}})");
  EXPECT_EQ(error_reply(404, "no such user").body,
            R"({"code":404,"message":"no such user","data":null})");
  using domain::errc;
  EXPECT_EQ(failure_reply(errc::validation, "bad").status, 400);
  EXPECT_EQ(failure_reply(errc::unauthorized, "").status, 401);
  EXPECT_EQ(failure_reply(errc::forbidden, "no").status, 403);
  EXPECT_EQ(failure_reply(errc::not_found, "").status, 404);
  EXPECT_EQ(failure_reply(errc::conflict, "taken").status, 409);
  EXPECT_EQ(failure_reply(errc::rate_limited, "").status, 429);
  EXPECT_EQ(failure_reply(errc::timeout, "").status, 504);
  auto internal = failure_reply(errc::storage_failure, "write failed: UNIQUE constraint");
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(json::parse(internal.body)["message"], "internal error");  // details stay in the log
}

}  // namespace
