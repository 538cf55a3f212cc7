#include "domain/proxy_url.hpp"

#include <gtest/gtest.h>

using namespace mjgate::domain;

namespace {

proxy_url ok(std::string_view text) {
  auto r = parse_proxy_url(text);
  if (auto* why = std::get_if<std::string>(&r)) ADD_FAILURE() << text << ": " << *why;
  return std::get_if<proxy_url>(&r) ? std::get<proxy_url>(r) : proxy_url{};
}

std::string refused(std::string_view text) {
  auto r = parse_proxy_url(text);
  if (std::holds_alternative<proxy_url>(r)) {
    ADD_FAILURE() << text << " was accepted";
    return {};
  }
  return std::get<std::string>(r);
}

}  // namespace

TEST(proxy_url, host_and_port) {
  auto p = ok("http://127.0.0.1:3128");
  EXPECT_EQ(p.host, "127.0.0.1");
  EXPECT_EQ(p.port, "3128");
  EXPECT_FALSE(p.has_credentials);
  EXPECT_EQ(p.authorization(), "");
  EXPECT_EQ(p.authority(), "127.0.0.1:3128");
  EXPECT_EQ(ok("HTTP://proxy.example.com:8080/").host, "proxy.example.com");
  EXPECT_EQ(ok("http://[::1]:8080").authority(), "[::1]:8080");
}

TEST(proxy_url, credentials_are_percent_decoded_and_sent_as_basic) {
  auto p = ok("http://user:p%40ss@proxy:3128");
  EXPECT_TRUE(p.has_credentials);
  EXPECT_EQ(p.user, "user");
  EXPECT_EQ(p.password, "p@ss");
  EXPECT_EQ(p.authorization(), "Basic dXNlcjpwQHNz");  // base64("user:p@ss")
  auto only_user = ok("http://alice@proxy:3128");
  EXPECT_TRUE(only_user.has_credentials);
  EXPECT_EQ(only_user.authorization(), "Basic YWxpY2U6");  // "alice:"
}

TEST(proxy_url, refusals_are_clear_and_never_show_the_password) {
  EXPECT_NE(refused("https://proxy:3128").find("only http://"), std::string::npos);
  EXPECT_NE(refused("socks5://proxy:1080").find("only http://"), std::string::npos);
  EXPECT_NE(refused("proxy:3128").find("http://"), std::string::npos);
  EXPECT_NE(refused("http://proxy").find("port"), std::string::npos);
  EXPECT_NE(refused("http://proxy:0").find("port"), std::string::npos);
  EXPECT_NE(refused("http://proxy:65536").find("port"), std::string::npos);
  EXPECT_NE(refused("http://proxy:80x").find("port"), std::string::npos);
  EXPECT_NE(refused("http://:3128").find("host"), std::string::npos);
  EXPECT_NE(refused("http://proxy:3128/path").find("path"), std::string::npos);
  EXPECT_NE(refused("http://pro xy:3128").find("spaces"), std::string::npos);
  EXPECT_NE(refused("http://:secret@proxy:3128").find("user"), std::string::npos);
  auto why = refused("http://u:s3cr%zzet@proxy:3128");
  EXPECT_NE(why.find("escape"), std::string::npos);
  EXPECT_EQ(why.find("s3cr"), std::string::npos);
  EXPECT_FALSE(refused(std::string(600, 'a')).empty());
}

TEST(proxy_url, masking_hides_only_the_password) {
  EXPECT_EQ(mask_proxy_url(""), "");
  EXPECT_EQ(mask_proxy_url("http://proxy:3128"), "http://proxy:3128");
  EXPECT_EQ(mask_proxy_url("http://user:secret@proxy:3128"), "http://user:********@proxy:3128");
  EXPECT_EQ(mask_proxy_url("http://user@proxy:3128"), "http://user@proxy:3128");
  // A password holding '@' is masked whole; so is one of a text that does not parse.
  EXPECT_EQ(mask_proxy_url("http://user:se@cret@proxy:3128"), "http://user:********@proxy:3128");
  EXPECT_EQ(mask_proxy_url("socks5://u:pw@h:1"), "socks5://u:********@h:1");
}
