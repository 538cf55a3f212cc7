// API key extraction, the legacy secret, users' keys through the credentials
// index, and the dashboard's access-token table (api-contracts.md §1.5, §3.2,
// §4.2).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "actors/credential_secrets.hpp"
#include "http/auth.hpp"

namespace {

using namespace mjgate::http;
using mjgate::actors::principal;

TEST(auth, extract_order) {
  EXPECT_EQ(extract_api_key("Bearer sk-abc", "other"), "sk-abc");
  EXPECT_EQ(extract_api_key("bearer abc", std::nullopt), "abc");
  EXPECT_EQ(extract_api_key("abc", std::nullopt), "abc");                   // bare key
  EXPECT_EQ(extract_api_key("Bearer Bearer x", std::nullopt), "Bearer x");  // only one strip
  EXPECT_EQ(extract_api_key("Bearer midjourney-proxy", "sk-real"), "sk-real");
  EXPECT_EQ(extract_api_key("midjourney-proxy", "real"), "real");
  EXPECT_EQ(extract_api_key("Bearer ", "real"), "real");
  EXPECT_EQ(extract_api_key(std::nullopt, "real"), "real");
  EXPECT_EQ(extract_api_key(std::nullopt, std::nullopt), "");
}

TEST(auth, hash_strips_one_sk_prefix) {
  // sha256("abc")
  const std::string abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  EXPECT_EQ(hash_api_key("abc"), abc);
  EXPECT_EQ(hash_api_key("sk-abc"), abc);
  EXPECT_NE(hash_api_key("sk-sk-abc"), abc);
}

TEST(auth, authenticate_root_key) {
  auth_settings s{true, hash_api_key("secret")};
  const principal root = mjgate::actors::root_principal();
  EXPECT_EQ(authenticate(s, "Bearer sk-secret", std::nullopt), root);
  EXPECT_EQ(authenticate(s, "secret", std::nullopt), root);
  EXPECT_EQ(authenticate(s, std::nullopt, "sk-secret"), root);
  EXPECT_EQ(authenticate(s, "Bearer midjourney-proxy", "secret"), root);
  EXPECT_EQ(authenticate(s, "Bearer wrong", "secret"), std::nullopt);
  EXPECT_EQ(authenticate(s, std::nullopt, std::nullopt), std::nullopt);
  EXPECT_EQ(authenticate(s, "Bearer sk-", std::nullopt), std::nullopt);
}

TEST(auth, configured_hash_is_case_insensitive) {
  auto upper = hash_api_key("secret");
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(authenticate(auth_settings{true, upper}, "secret", std::nullopt));
}

TEST(auth, empty_root_hash_rejects_everyone) {
  EXPECT_EQ(authenticate(auth_settings{true, ""}, "secret", std::nullopt), std::nullopt);
}

TEST(auth, disabled_is_root) {
  EXPECT_EQ(authenticate(auth_settings{false, ""}, std::nullopt, std::nullopt),
            mjgate::actors::root_principal());
  EXPECT_EQ(mjgate::actors::root_principal().role, 100);
}

// -- users' keys -------------------------------------------------------------

using mjgate::actors::credential_index;
namespace domain = mjgate::domain;

const std::string alice_key = "sk-alice0123456789abcdef0123456789abcdef012345678";
const std::string bob_key = "sk-bob00123456789abcdef0123456789abcdef0123456789";
const std::string carol_key = "sk-carol123456789abcdef0123456789abcdef012345678";
const std::string alice_token = "aliceAccessToken0123456789abcdef";
const std::string carol_token = "carolAccessToken0123456789abcdef";

domain::user user_row(std::int64_t id, std::string name, int role, int status,
                      std::string token = {}) {
  domain::user u;
  u.id = id;
  u.name = std::move(name);
  u.role = role;
  u.status = status;
  u.group = "g" + std::to_string(id);
  if (!token.empty()) u.access_token_hash = mjgate::actors::sha256_hex(token);
  return u;
}

domain::api_token key_row(std::int64_t id, std::int64_t user, const std::string& key,
                          std::int64_t expires = 0) {
  domain::api_token t;
  t.id = id;
  t.user_id = user;
  t.key_hash = hash_api_key(key);
  t.expires_at = expires;
  return t;
}

auth_settings users_settings() {
  auto idx = std::make_shared<credential_index>();
  idx->load({user_row(1, "root", 100, 1), user_row(7, "alice", 1, 1, alice_token),
             user_row(8, "bob", 10, 1), user_row(9, "carol", 1, 2, carol_token)},
            {key_row(11, 7, alice_key), key_row(12, 8, bob_key, 5000), key_row(13, 9, carol_key)},
            {});
  auth_settings s{true, hash_api_key("legacy-secret")};
  s.credentials = idx;
  return s;
}

TEST(auth_keys, a_users_key_is_that_user_in_every_form) {
  auto s = users_settings();
  const std::string bearer = "Bearer " + alice_key;
  const std::string bare = alice_key.substr(3);  // "sk-" optional
  for (auto [authz, secret] :
       {std::pair<std::optional<std::string_view>, std::optional<std::string_view>>{bearer,
                                                                                    std::nullopt},
        {alice_key, std::nullopt},
        {bare, std::nullopt},
        {std::nullopt, alice_key},
        {"Bearer midjourney-proxy", alice_key}}) {
    auto a = authenticate_api_key(s, authz, secret, 1000);
    ASSERT_EQ(a.outcome, key_outcome::ok);
    EXPECT_EQ(a.who.user_id, 7);
    EXPECT_FALSE(a.who.admin);
    EXPECT_EQ(a.who.role, 1);
    EXPECT_EQ(a.who.group, "g7");
    EXPECT_EQ(a.who.api_key_id, 11);
    EXPECT_EQ(a.who.name, "alice");
  }
  auto b = authenticate_api_key(s, "Bearer " + bob_key, std::nullopt, 1000);
  EXPECT_TRUE(b.who.admin);
  EXPECT_EQ(b.who.role, 10);
}

TEST(auth_keys, failures_name_their_reason) {
  auto s = users_settings();
  EXPECT_EQ(authenticate_api_key(s, std::nullopt, std::nullopt, 1).outcome, key_outcome::missing);
  EXPECT_EQ(authenticate_api_key(s, "Bearer sk-", std::nullopt, 1).outcome, key_outcome::missing);
  EXPECT_EQ(authenticate_api_key(s, "Bearer sk-nobody", std::nullopt, 1).outcome,
            key_outcome::unknown);
  EXPECT_EQ(authenticate_api_key(s, carol_key, std::nullopt, 1).outcome, key_outcome::disabled);
  EXPECT_EQ(authenticate_api_key(s, bob_key, std::nullopt, 4999).outcome, key_outcome::ok);
  EXPECT_EQ(authenticate_api_key(s, bob_key, std::nullopt, 5000).outcome, key_outcome::expired);
  EXPECT_EQ(authenticate(s, carol_key, std::nullopt), std::nullopt);
  // The wrong header order: Authorization wins when it holds a key.
  EXPECT_EQ(authenticate_api_key(s, "Bearer sk-nobody", alice_key, 1).outcome,
            key_outcome::unknown);
}

TEST(auth_keys, the_legacy_secret_is_root_next_to_user_keys) {
  auto s = users_settings();
  auto a = authenticate_api_key(s, std::nullopt, "legacy-secret", 1);
  ASSERT_TRUE(a);
  EXPECT_EQ(a.who, mjgate::actors::root_principal());
  s.root_key_sha256_hex.clear();
  EXPECT_EQ(authenticate_api_key(s, std::nullopt, "legacy-secret", 1).outcome,
            key_outcome::unknown);
}

TEST(auth_roles, minimum_role) {
  auto s = users_settings();
  auto alice = authenticate_api_key(s, alice_key, std::nullopt, 1).who;
  auto bob = authenticate_api_key(s, bob_key, std::nullopt, 1).who;
  EXPECT_TRUE(has_role(alice, 1));
  EXPECT_FALSE(has_role(alice, 10));
  EXPECT_TRUE(has_role(bob, 10));
  EXPECT_FALSE(has_role(bob, 100));
  EXPECT_TRUE(has_role(mjgate::actors::root_principal(), 100));
}

// -- dashboard (§4.2) -----------------------------------------------------------------

TEST(auth_dashboard, outcomes_in_the_documented_order) {
  auto s = users_settings();
  using o = dashboard_outcome;
  auto run = [&](std::optional<std::string_view> authz, std::optional<std::string_view> user,
                 int min_role = 1) {
    return authenticate_dashboard(s, authz, user, min_role).outcome;
  };
  EXPECT_EQ(run(std::nullopt, std::nullopt), o::no_authorization);
  EXPECT_EQ(run("", std::nullopt), o::no_authorization);
  EXPECT_EQ(run("Bearer nope", std::nullopt), o::invalid_token);
  EXPECT_EQ(run("Bearer " + alice_key, std::nullopt),
            o::invalid_token);  // an API key is not a token
  EXPECT_EQ(run("Bearer " + alice_token, std::nullopt), o::ok);
  EXPECT_EQ(run(alice_token, std::nullopt), o::ok);  // bare
  EXPECT_EQ(run(alice_token, "7"), o::ok);
  EXPECT_EQ(run(alice_token, "Bearer 7"), o::ok);  // seed 000's example
  EXPECT_EQ(run(alice_token, "abc"), o::user_header_format);
  EXPECT_EQ(run(alice_token, "7x"), o::user_header_format);
  EXPECT_EQ(run(alice_token, "8"), o::user_header_mismatch);
  EXPECT_EQ(run(carol_token, std::nullopt), o::user_disabled);
  EXPECT_EQ(run(carol_token, "7"), o::user_header_mismatch);
  EXPECT_EQ(run(alice_token, std::nullopt, 10), o::insufficient_role);
  auto ok = authenticate_dashboard(s, alice_token, "7", 1);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok.who.user_id, 7);
  EXPECT_EQ(ok.who.api_key_id, 0);
  s.enabled = false;
  EXPECT_EQ(authenticate_dashboard(s, std::nullopt, std::nullopt, 100).who,
            mjgate::actors::root_principal());
}

TEST(auth_dashboard, error_table_status_and_language) {
  using o = dashboard_outcome;
  struct row {
    o outcome;
    int status;
    const char* en;
    const char* zh;
  };
  const row table[] = {
      {o::no_authorization, 401, "Unauthorized, not logged in and no access token provided",
       "无权进行此操作，未登录且未提供 access token"},
      {o::invalid_token, 200, "Unauthorized, invalid access token",
       "无权进行此操作，access token 无效"},
      {o::user_header_format, 401, "Unauthorized, New-Api-User format error",
       "无权进行此操作，New-Api-User 格式错误"},
      {o::user_header_mismatch, 401, "Unauthorized, New-Api-User does not match",
       "无权进行此操作，New-Api-User 与登录用户不匹配"},
      {o::user_disabled, 200, "User has been banned", "用户已被封禁"},
      {o::insufficient_role, 200, "Unauthorized, insufficient privileges",
       "无权进行此操作，权限不足"},
      {o::storage_error, 500, "database error", "database error"},
  };
  for (const auto& r : table) {
    auto en = dashboard_auth_error(r.outcome, std::nullopt);
    EXPECT_EQ(en.status, r.status) << r.en;
    EXPECT_EQ(nlohmann::json::parse(en.body),
              (nlohmann::json{{"success", false}, {"message", r.en}}));
    EXPECT_EQ(en.body, std::string{R"({"success":false,"message":")"} + r.en + "\"}");
    auto zh = dashboard_auth_error(r.outcome, "zh-CN,zh;q=0.9");
    EXPECT_EQ(zh.status, r.status);
    EXPECT_EQ(nlohmann::json::parse(zh.body)["message"], r.zh);
    EXPECT_EQ(nlohmann::json::parse(dashboard_auth_error(r.outcome, "ZH").body)["message"], r.zh);
    EXPECT_EQ(nlohmann::json::parse(dashboard_auth_error(r.outcome, "en-US").body)["message"],
              r.en);
  }
}

}  // namespace
