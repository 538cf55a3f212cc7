#include "domain/url_policy.hpp"

#include <gtest/gtest.h>

using mjgate::domain::check_webhook_url;

TEST(url_policy, schemes) {
  EXPECT_EQ(check_webhook_url("https://hooks.example.com/x", false), std::nullopt);
  EXPECT_NE(check_webhook_url("ftp://example.com", false), std::nullopt);
  EXPECT_NE(check_webhook_url("javascript:alert(1)", false), std::nullopt);
  EXPECT_NE(check_webhook_url("http://", false), std::nullopt);
}

TEST(url_policy, private_hosts_blocked_unless_allowed) {
  for (auto url : {"http://127.0.0.1:9000/hook", "http://localhost/x", "http://10.1.2.3/",
                   "http://192.168.0.5", "http://172.20.0.1/a", "http://169.254.169.254/latest",
                   "http://[::1]:80/", "http://user@127.0.0.1/", "http://0.0.0.0/"}) {
    EXPECT_NE(check_webhook_url(url, false), std::nullopt) << url;
    EXPECT_EQ(check_webhook_url(url, true), std::nullopt) << url;
  }
  EXPECT_EQ(check_webhook_url("http://172.32.0.1/", false), std::nullopt);
  EXPECT_EQ(check_webhook_url("http://8.8.8.8/", false), std::nullopt);
}
TEST(origin_problem, accepts_star_and_bare_origins_only) {
  EXPECT_EQ(mjgate::domain::origin_problem("*"), "");
  EXPECT_EQ(mjgate::domain::origin_problem("https://app.example.com"), "");
  EXPECT_EQ(mjgate::domain::origin_problem("http://127.0.0.1:3000"), "");
  EXPECT_EQ(mjgate::domain::origin_problem("app.example.com"),
            "must be \"*\" or scheme://host[:port]");
  EXPECT_EQ(mjgate::domain::origin_problem("ftp://x"), "scheme must be http or https");
  EXPECT_EQ(mjgate::domain::origin_problem("https://"), "has no host");
  EXPECT_NE(mjgate::domain::origin_problem("https://x.example/"), "");
  EXPECT_NE(mjgate::domain::origin_problem("https://*.example.com"), "");
}
