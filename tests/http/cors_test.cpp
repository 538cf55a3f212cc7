// CORS (api-contracts.md §1.1): allowed origins, the headers of every answer
// and the preflight answer.
#include <gtest/gtest.h>

#include "http/cors.hpp"

namespace {

using mjgate::http::cors_headers;
using mjgate::http::header_pairs;
using mjgate::http::preflight_reply;

std::string value_of(const header_pairs& h, std::string_view name) {
  for (const auto& [k, v] : h)
    if (k == name) return v;
  return "<absent>";
}

const std::vector<std::string> exact{"https://app.example.com"};
const std::vector<std::string> any{"*"};

TEST(cors, off_or_foreign_origins_get_nothing) {
  EXPECT_TRUE(cors_headers({}, "https://app.example.com").empty());
  EXPECT_TRUE(cors_headers(exact, "").empty());
  EXPECT_TRUE(cors_headers(exact, "https://evil.example.com").empty());
  EXPECT_TRUE(cors_headers(exact, "https://app.example.com.evil.example").empty());
}

TEST(cors, an_exact_origin_is_echoed_with_credentials) {
  auto h = cors_headers(exact, "https://app.example.com");
  EXPECT_EQ(value_of(h, "Access-Control-Allow-Origin"), "https://app.example.com");
  EXPECT_EQ(value_of(h, "Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(value_of(h, "Vary"), "Origin");
  EXPECT_NE(value_of(h, "Access-Control-Expose-Headers").find("x-auth-token"), std::string::npos);
}

TEST(cors, star_allows_any_origin_without_credentials) {
  auto h = cors_headers(any, "https://whatever.example");
  EXPECT_EQ(value_of(h, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(value_of(h, "Access-Control-Allow-Credentials"), "<absent>");
  // An exact entry beside "*" still gets credentials.
  auto both = cors_headers({"*", "https://app.example.com"}, "https://app.example.com");
  EXPECT_EQ(value_of(both, "Access-Control-Allow-Credentials"), "true");
}

TEST(cors, preflight) {
  EXPECT_FALSE(preflight_reply({}, "https://app.example.com", "POST", ""));
  EXPECT_FALSE(preflight_reply(exact, "https://app.example.com", "", ""));  // plain OPTIONS
  auto ok = preflight_reply(exact, "https://app.example.com", "POST", "content-type, x-auth-token");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 204);
  EXPECT_EQ(ok->body, "");
  EXPECT_EQ(value_of(ok->headers, "Access-Control-Allow-Headers"), "content-type, x-auth-token");
  EXPECT_NE(value_of(ok->headers, "Access-Control-Allow-Methods").find("DELETE"),
            std::string::npos);
  EXPECT_EQ(value_of(ok->headers, "Access-Control-Max-Age"), "600");
  // Odd requested header lists are not echoed.
  auto odd = preflight_reply(exact, "https://app.example.com", "POST", "x\r\nSet-Cookie: a=1");
  ASSERT_TRUE(odd);
  EXPECT_NE(value_of(odd->headers, "Access-Control-Allow-Headers").find("Authorization"),
            std::string::npos);
  auto denied = preflight_reply(exact, "https://evil.example.com", "POST", "");
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 403);
  EXPECT_EQ(value_of(denied->headers, "Access-Control-Allow-Origin"), "<absent>");
}

}  // namespace
