// The relay callback path (http/relay_callback.hpp): channel id and secret.
#include <gtest/gtest.h>

#include "http/relay_callback.hpp"

using mjgate::http::parse_relay_callback_path;

TEST(relay_callback_path, reads_the_channel_and_the_secret) {
  auto t = parse_relay_callback_path("/mj/relay-callback/7/0123456789abcdefABCDEF0123456789");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->channel_id, 7);
  EXPECT_EQ(t->secret, "0123456789abcdefABCDEF0123456789");
}

TEST(relay_callback_path, rejects_everything_else) {
  for (const char* bad :
       {"/mj/relay-callback/", "/mj/relay-callback/7", "/mj/relay-callback/7/",
        "/mj/relay-callback/x/abc", "/mj/relay-callback/0/abc", "/mj/relay-callback/-1/abc",
        "/mj/relay-callback/7/abc/def", "/mj/relay-callback/7/not-hex", "/mj/submit/imagine",
        "/mj/relay-callback//abc"})
    EXPECT_FALSE(parse_relay_callback_path(bad)) << bad;
  EXPECT_FALSE(parse_relay_callback_path("/mj/relay-callback/7/" + std::string(129, 'a')));
}
