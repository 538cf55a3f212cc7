// The new-api dashboard's authentication decision and its error table
// (api-contracts.md §4.2): order of the checks, statuses, en/zh messages.
#include <gtest/gtest.h>

#include "http/dialects/newapi/dashboard_auth.hpp"

namespace {

namespace newapi = mjgate::http::newapi;
using newapi::auth_outcome;
using newapi::token_owner;

const token_owner user5{5, true, newapi::role_user};
const token_owner admin5{5, true, newapi::role_admin};

TEST(newapi_auth, access_token_strips_one_bearer_and_accepts_a_bare_token) {
  EXPECT_EQ(newapi::access_token(std::nullopt), std::nullopt);
  EXPECT_EQ(newapi::access_token(""), std::nullopt);
  EXPECT_EQ(newapi::access_token("Bearer abc"), "abc");
  EXPECT_EQ(newapi::access_token("abc"), "abc");
  EXPECT_EQ(newapi::access_token("Bearer Bearer abc"), "Bearer abc");
  EXPECT_EQ(newapi::access_token("Bearer "), "");  // sent, but empty: an invalid token
}

TEST(newapi_auth, new_api_user_is_an_integer_with_an_optional_bearer) {
  EXPECT_EQ(newapi::parse_new_api_user("5"), 5);
  EXPECT_EQ(newapi::parse_new_api_user("Bearer 5"), 5);  // seed 000's example
  EXPECT_EQ(newapi::parse_new_api_user(" 12 "), 12);
  EXPECT_EQ(newapi::parse_new_api_user("-3"), -3);
  for (const char* bad : {"abc", "5a", "Bearer x", "1.0", "", "-", "1234567890123456789012"})
    EXPECT_EQ(newapi::parse_new_api_user(bad), std::nullopt) << bad;
}

TEST(newapi_auth, checks_run_in_the_contract_order) {
  // No token comes first, whatever else is wrong.
  EXPECT_EQ(newapi::admit(false, std::nullopt, "x", newapi::role_admin),
            auth_outcome::missing_token);
  EXPECT_EQ(newapi::admit(true, std::nullopt, "x", newapi::role_user), auth_outcome::invalid_token);
  EXPECT_EQ(newapi::admit(true, user5, "x", newapi::role_admin), auth_outcome::user_header_format);
  EXPECT_EQ(newapi::admit(true, user5, "6", newapi::role_admin),
            auth_outcome::user_header_mismatch);
  token_owner banned = user5;
  banned.enabled = false;
  EXPECT_EQ(newapi::admit(true, banned, "5", newapi::role_admin), auth_outcome::user_disabled);
  EXPECT_EQ(newapi::admit(true, user5, "5", newapi::role_admin), auth_outcome::insufficient_role);
  EXPECT_EQ(newapi::admit(true, user5, "5", newapi::role_user), auth_outcome::ok);
  EXPECT_EQ(newapi::admit(true, admin5, "Bearer 5", newapi::role_admin), auth_outcome::ok);
}

TEST(newapi_auth, new_api_user_is_optional) {
  EXPECT_EQ(newapi::admit(true, user5, std::nullopt, newapi::role_user), auth_outcome::ok);
  EXPECT_EQ(newapi::admit(true, user5, "", newapi::role_user), auth_outcome::ok);
  EXPECT_EQ(newapi::admit(true, user5, "  ", newapi::role_user), auth_outcome::ok);
  EXPECT_EQ(newapi::admit(true, admin5, std::nullopt, newapi::role_admin), auth_outcome::ok);
  token_owner root{1, true, newapi::role_root};
  EXPECT_EQ(newapi::admit(true, root, "1", newapi::role_admin), auth_outcome::ok);
}

TEST(newapi_auth, refusals_have_the_tables_status_and_text) {
  struct row {
    auth_outcome outcome;
    int status;
    const char* en;
    const char* zh;
  };
  const row table[] = {
      {auth_outcome::missing_token, 401, "Unauthorized, not logged in and no access token provided",
       "无权进行此操作，未登录且未提供 access token"},
      {auth_outcome::invalid_token, 200, "Unauthorized, invalid access token",
       "无权进行此操作，access token 无效"},
      {auth_outcome::user_header_format, 401, "Unauthorized, New-Api-User format error",
       "无权进行此操作，New-Api-User 格式错误"},
      {auth_outcome::user_header_mismatch, 401, "Unauthorized, New-Api-User does not match",
       "无权进行此操作，New-Api-User 与登录用户不匹配"},
      {auth_outcome::user_disabled, 200, "User has been banned", "用户已被封禁"},
      {auth_outcome::insufficient_role, 200, "Unauthorized, insufficient privileges",
       "无权进行此操作，权限不足"},
      {auth_outcome::storage_error, 500, "database error", "database error"},
  };
  for (const auto& r : table) {
    auto en = newapi::auth_failure(r.outcome, false);
    EXPECT_EQ(en.status, r.status) << r.en;
    EXPECT_EQ(en.body, std::string{R"({"success":false,"message":")"} + r.en + "\"}");
    auto zh = newapi::auth_failure(r.outcome, true);
    EXPECT_EQ(zh.status, r.status) << r.zh;
    EXPECT_EQ(zh.body, std::string{R"({"success":false,"message":")"} + r.zh + "\"}");
  }
}

TEST(newapi_auth, chinese_when_accept_language_starts_with_zh) {
  EXPECT_TRUE(newapi::wants_chinese("zh-CN,zh;q=0.9,en;q=0.8"));
  EXPECT_TRUE(newapi::wants_chinese("zh"));
  EXPECT_TRUE(newapi::wants_chinese("ZH-tw"));
  EXPECT_FALSE(newapi::wants_chinese("en-US,zh;q=0.9"));
  EXPECT_FALSE(newapi::wants_chinese(""));
  EXPECT_FALSE(newapi::wants_chinese("z"));
  EXPECT_FALSE(newapi::wants_chinese(std::nullopt));
}

}  // namespace
