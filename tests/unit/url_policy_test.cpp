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
