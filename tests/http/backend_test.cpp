// The backend admin dialect's pure parts (api-contracts.md §7.1, §7.2): the
// JWT, the error envelopes, cookies, request authentication and the login
// body.
#include <gtest/gtest.h>

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "actors/credential_secrets.hpp"
#include "http/dialects/backend/envelope.hpp"
#include "http/dialects/backend/jwt.hpp"
#include "http/dialects/backend/login.hpp"
#include "http/dialects/backend/session_auth.hpp"

namespace {

using namespace mjgate::http;
using namespace mjgate::http::backend;
namespace actors = mjgate::actors;
namespace domain = mjgate::domain;
using json = nlohmann::json;

const std::string key = jwt_key_from_secret("test secret");

jwt_claims claims(std::int64_t iat = 1'700'000'000) {
  return {iat, iat + 48 * 3600, "sidhash", 7, 3, 0};
}

std::string b64url(std::string_view s) {
  std::vector<char> out(
      sodium_base64_ENCODED_LEN(s.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING));
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(s.data()),
                    s.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out.data();
}

TEST(backend_jwt, round_trip_and_claims) {
  EXPECT_EQ(key.size(), 32u);
  auto token = sign_jwt(claims(), key);
  EXPECT_EQ(std::count(token.begin(), token.end(), '.'), 2);
  EXPECT_TRUE(token.starts_with(b64url(R"({"alg":"HS512","typ":"JWT"})") + "."));
  auto v = verify_jwt(token, key, 1'700'000'001);
  ASSERT_EQ(v.check, jwt_check::ok);
  EXPECT_EQ(v.claims, claims());
  // The payload carries exactly the §7.2 claims.
  auto payload_part = token.substr(token.find('.') + 1);
  payload_part = payload_part.substr(0, payload_part.find('.'));
  std::string payload(payload_part.size(), '\0');
  std::size_t len = 0;
  ASSERT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(payload.data()), payload.size(),
                              payload_part.data(), payload_part.size(), nullptr, &len, nullptr,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING),
            0);
  payload.resize(len);
  EXPECT_EQ(payload,
            R"({"iat":1700000000,"exp":1700172800,"sid":"sidhash","uid":7,"role":3,"perm":0})");
  // HMAC-SHA512: 64 bytes → 86 base64url characters.
  EXPECT_EQ(token.size() - token.rfind('.') - 1, 86u);
}

TEST(backend_jwt, expiry) {
  auto token = sign_jwt(claims(), key);
  EXPECT_EQ(verify_jwt(token, key, 1'700'000'000 + 48 * 3600 - 1).check, jwt_check::ok);
  auto late = verify_jwt(token, key, 1'700'000'000 + 48 * 3600);
  EXPECT_EQ(late.check, jwt_check::expired);
  EXPECT_EQ(late.claims.sid, "sidhash");
}

TEST(backend_jwt, tampering_and_other_keys_fail) {
  auto token = sign_jwt(claims(), key);
  EXPECT_EQ(verify_jwt(token, jwt_key_from_secret("other"), 1'700'000'001).check,
            jwt_check::bad_signature);
  // A changed payload (uid 1) with the old signature.
  auto forged_payload =
      b64url(R"({"iat":1700000000,"exp":1700172800,"sid":"sidhash","uid":1,"role":7,"perm":0})");
  auto first = token.find('.'), last = token.rfind('.');
  auto forged = token.substr(0, first + 1) + forged_payload + token.substr(last);
  EXPECT_EQ(verify_jwt(forged, key, 1'700'000'001).check, jwt_check::bad_signature);
  // A flipped signature character.
  auto flipped = token;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  EXPECT_NE(verify_jwt(flipped, key, 1'700'000'001).check, jwt_check::ok);
  // alg "none" and other shapes.
  auto none = b64url(R"({"alg":"none","typ":"JWT"})") + token.substr(first, last - first) + ".";
  EXPECT_EQ(verify_jwt(none, key, 1'700'000'001).check, jwt_check::malformed);
  EXPECT_EQ(verify_jwt("", key, 1).check, jwt_check::malformed);
  EXPECT_EQ(verify_jwt("a.b", key, 1).check, jwt_check::malformed);
  EXPECT_EQ(verify_jwt(token + ".x", key, 1).check, jwt_check::malformed);
  EXPECT_EQ(verify_jwt("!!.!!.!!", key, 1).check, jwt_check::malformed);
  EXPECT_EQ(verify_jwt(token, "", 1).check, jwt_check::malformed);  // no key: nothing verifies
}

TEST(backend_envelope, exact_bodies) {
  EXPECT_EQ(error_reply(code::wrong_password).body,
            R"({"code":10106,"msg":"用户名或密码错误","error":"wrong_password"})");
  EXPECT_EQ(error_reply(code::invalid_token).body,
            R"({"code":10107,"msg":"未登录","error":"invalid_token"})");
  EXPECT_EQ(error_reply(code::session_expired).body,
            R"({"code":10103,"msg":"登录过期","error":"session_expired"})");
  EXPECT_EQ(error_reply(code::invalid_request, "name不能为空").body,
            R"({"code":10102,"msg":"name不能为空","error":"invalid_request"})");
  EXPECT_EQ(error_reply(code::invalid_request, "x", 404).status, 404);
  EXPECT_EQ(ok_envelope().dump(), R"({"code":0,"msg":"","error":""})");
  EXPECT_EQ(ok_envelope("ok").dump(), R"({"code":0,"msg":"ok","error":""})");
}

TEST(backend_cookies, parse_and_build) {
  EXPECT_EQ(cookie_value("backend-token=abc", "backend-token"), "abc");
  EXPECT_EQ(cookie_value("a=1; backend-token=abc; b=2", "backend-token"), "abc");
  EXPECT_EQ(cookie_value("a=1;backend-token=\"abc\"", "backend-token"), "abc");
  EXPECT_EQ(cookie_value("xbackend-token=abc", "backend-token"), std::nullopt);
  EXPECT_EQ(cookie_value("a=1", "backend-token"), std::nullopt);
  EXPECT_EQ(cookie_value("", "backend-token"), std::nullopt);
  EXPECT_EQ(login_cookie("s1", false), "backend-token=s1; Path=/; HttpOnly; SameSite=Lax");
  EXPECT_EQ(login_cookie("s1", true), "backend-token=s1; Path=/; HttpOnly; SameSite=Lax; Secure");
  EXPECT_EQ(logout_cookie(false), "backend-token=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
}

class backend_auth_test : public ::testing::Test {
 protected:
  void SetUp() override {
    domain::user alice;
    alice.id = 7;
    alice.name = "alice";
    alice.role = domain::role_admin;
    domain::user carol = alice;
    carol.id = 9;
    carol.name = "carol";
    carol.status = domain::user_disabled;
    index->load({alice, carol}, {},
                {{actors::sha256_hex(sid), 7, t0, t0, t0 + 48 * 3600 * 1000LL, false},
                 {actors::sha256_hex(carol_sid), 9, t0, t0, t0 + 48 * 3600 * 1000LL, false}});
    settings.credentials = index;
    settings.jwt_key = key;
  }

  std::string jwt_for(std::string_view session, std::int64_t uid = 7,
                      std::int64_t iat = t0 / 1000) {
    return sign_jwt({iat, iat + 48 * 3600, actors::sha256_hex(session), uid, 3, 0}, key);
  }

  static constexpr std::int64_t t0 = 1'700'000'000'000;
  const std::string sid = "session-id-of-alice";
  const std::string carol_sid = "session-id-of-carol";
  std::shared_ptr<actors::credential_index> index = std::make_shared<actors::credential_index>();
  auth_settings settings;
};

TEST_F(backend_auth_test, header_first_then_cookie) {
  auto a = authenticate_backend(settings, jwt_for(sid), std::nullopt, t0 + 1000);
  ASSERT_TRUE(a);
  EXPECT_EQ(a.who->user_id, 7);
  EXPECT_EQ(a.who->name, "alice");
  EXPECT_EQ(a.session_hash, actors::sha256_hex(sid));
  auto c = authenticate_backend(settings, std::nullopt, "x=1; backend-token=" + sid, t0 + 1000);
  ASSERT_TRUE(c);
  EXPECT_EQ(c.who->user_id, 7);
  // The header wins even when the cookie is good.
  auto bad_header = authenticate_backend(settings, "garbage", "backend-token=" + sid, t0 + 1000);
  EXPECT_EQ(bad_header.error, code::unauthorized);
  EXPECT_TRUE(authenticate_backend(settings, "Bearer " + jwt_for(sid), std::nullopt, t0));
}

TEST_F(backend_auth_test, each_failure_has_its_code) {
  EXPECT_EQ(authenticate_backend(settings, std::nullopt, std::nullopt, t0).error,
            code::invalid_token);  // 10107
  EXPECT_EQ(authenticate_backend(settings, "", "other=1", t0).error, code::invalid_token);
  EXPECT_EQ(authenticate_backend(settings, "not.a.jwt", std::nullopt, t0).error,
            code::unauthorized);  // 10101
  EXPECT_EQ(authenticate_backend(settings, jwt_for("unknown"), std::nullopt, t0).error,
            code::session_expired);  // 10103
  EXPECT_EQ(authenticate_backend(settings, std::nullopt, "backend-token=unknown", t0).error,
            code::session_expired);
  // Idle for more than 900 s.
  EXPECT_EQ(authenticate_backend(settings, jwt_for(sid), std::nullopt, t0 + 900001).error,
            code::session_expired);
  // A JWT past its exp.
  EXPECT_EQ(authenticate_backend(settings, jwt_for(sid, 7, t0 / 1000 - 48 * 3600), std::nullopt, t0)
                .error,
            code::session_expired);
  // A JWT for another user than its session's.
  EXPECT_EQ(authenticate_backend(settings, jwt_for(sid, 8), std::nullopt, t0).error,
            code::unauthorized);
  // A disabled user.
  EXPECT_EQ(authenticate_backend(settings, jwt_for(carol_sid, 9), std::nullopt, t0).error,
            code::unauthorized);
}

TEST_F(backend_auth_test, sliding_and_logout) {
  for (std::int64_t t = t0; t < t0 + 3600 * 1000; t += 600 * 1000)
    ASSERT_TRUE(authenticate_backend(settings, jwt_for(sid), std::nullopt, t)) << t;
  auto touched = authenticate_backend(settings, jwt_for(sid), std::nullopt, t0 + 3600 * 1000);
  ASSERT_TRUE(touched);
  index->drop_session(actors::sha256_hex(sid));
  EXPECT_EQ(authenticate_backend(settings, jwt_for(sid), std::nullopt, t0 + 3601 * 1000).error,
            code::session_expired);
  EXPECT_EQ(session_of(settings, jwt_for(sid), std::nullopt), actors::sha256_hex(sid));
  EXPECT_EQ(session_of(settings, std::nullopt, "backend-token=" + sid), actors::sha256_hex(sid));
  EXPECT_EQ(session_of(settings, "junk", std::nullopt), "");
  EXPECT_EQ(session_of(settings, std::nullopt, std::nullopt), "");
}

TEST_F(backend_auth_test, disabled_auth_is_root) {
  settings.enabled = false;
  auto a = authenticate_backend(settings, std::nullopt, std::nullopt, t0);
  ASSERT_TRUE(a);
  EXPECT_EQ(*a.who, actors::root_principal());
}

TEST(backend_login, body_and_answer) {
  auto ok = parse_login(R"({"name":"root","password":"secret pw"})");
  ASSERT_TRUE(std::holds_alternative<login_fields>(ok));
  EXPECT_EQ(std::get<login_fields>(ok).name, "root");
  EXPECT_EQ(std::get<login_fields>(ok).password, "secret pw");
  for (const char* bad : {"", "[]", "not json", R"({"name":"root"})", R"({"password":"x"})",
                          R"({"name":"","password":"x"})", R"({"name":1,"password":"x"})"}) {
    auto r = parse_login(bad);
    ASSERT_TRUE(std::holds_alternative<reply>(r)) << bad;
    EXPECT_EQ(std::get<reply>(r).status, 400) << bad;
    EXPECT_EQ(json::parse(std::get<reply>(r).body)["code"], 10102) << bad;
  }
  domain::user u;
  u.id = 1;
  u.name = "root";
  u.role = domain::role_root;
  EXPECT_EQ(render_login(u).dump(),
            R"({"code":0,"msg":"ok","error":"","data":{"uid":1,"name":"root","role":7,"perm":0}})");
}

}  // namespace
