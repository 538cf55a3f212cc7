// URL splitting for the HTTP and gateway clients.
#include "discord/url.hpp"

#include <gtest/gtest.h>

using namespace mjgate::discord;

TEST(url, http_with_port_path_and_query) {
  auto u = parse_url("http://127.0.0.1:8900/api/v9/channels/1/messages?limit=50#frag");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "http");
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, "8900");
  EXPECT_FALSE(u->tls);
  EXPECT_FALSE(u->default_port);
  EXPECT_EQ(u->target, "/api/v9/channels/1/messages?limit=50");
  EXPECT_EQ(u->host_header(), "127.0.0.1:8900");
}

TEST(url, default_ports_and_empty_path) {
  auto u = parse_url("HTTPS://discord.com");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->port, "443");
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->target, "/");
  EXPECT_EQ(u->host_header(), "discord.com");
  auto w = parse_url("wss://gateway.discord.gg:443/?v=9");
  ASSERT_TRUE(w);
  EXPECT_TRUE(w->default_port);
  EXPECT_EQ(w->target, "/?v=9");
  auto q = parse_url("ws://h?x=1");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->port, "80");
  EXPECT_EQ(q->target, "/?x=1");
}

TEST(url, ipv6_and_rejects) {
  auto u = parse_url("http://[::1]:81/x");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->host_header(), "[::1]:81");
  EXPECT_FALSE(parse_url("ftp://x/"));
  EXPECT_FALSE(parse_url("no-scheme"));
  EXPECT_FALSE(parse_url("http://:80/"));
  EXPECT_FALSE(parse_url("http://h:8a/"));
}

TEST(url, gateway_connect_url) {
  EXPECT_EQ(gateway_connect_url("wss://gateway.discord.gg", "encoding=json&v=9", true),
            "wss://gateway.discord.gg/?encoding=json&v=9&compress=zlib-stream");
  EXPECT_EQ(gateway_connect_url("ws://127.0.0.1:8900/gateway/", "encoding=json&v=9", false),
            "ws://127.0.0.1:8900/gateway/?encoding=json&v=9");
}

TEST(url, rewrite_table_replaces_only_the_production_prefix) {
  constexpr std::string_view prod =
      "https://discord-attachments-uploads-prd.storage.googleapis.com";
  EXPECT_EQ(rewrite_url(std::string{prod} + "/a/b.png?x=1", prod, "http://127.0.0.1:9/upload"),
            "http://127.0.0.1:9/upload/a/b.png?x=1");
  EXPECT_EQ(rewrite_url("https://elsewhere/a.png", prod, "http://127.0.0.1:9/upload"),
            "https://elsewhere/a.png");
  EXPECT_EQ(rewrite_url(std::string{prod} + "/a", prod, ""), std::string{prod} + "/a");
  EXPECT_EQ(rewrite_url(std::string{prod} + "/a", prod, prod), std::string{prod} + "/a");
}
