#include "actors/notifier.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using mjgate::actors::webhook_backoff;

TEST(webhook_backoff, doubles_then_caps) {
  EXPECT_EQ(webhook_backoff(1, 1s, 300s, 1.0), 1s);
  EXPECT_EQ(webhook_backoff(2, 1s, 300s, 1.0), 2s);
  EXPECT_EQ(webhook_backoff(4, 1s, 300s, 1.0), 8s);
  EXPECT_EQ(webhook_backoff(30, 1s, 300s, 1.0), 300s);
}

TEST(webhook_backoff, jitter_scales_within_twenty_percent) {
  EXPECT_EQ(webhook_backoff(1, 1000ms, 300s, 0.8), 800ms);
  EXPECT_EQ(webhook_backoff(1, 1000ms, 300s, 1.2), 1200ms);
}
