// Close-code policy of discord-midjourney-protocol.md §4.4, one case per row.
#include "discord/close_policy.hpp"

#include <gtest/gtest.h>

using namespace mjgate::discord;

TEST(close_policy, normal_and_abnormal_closes_resume) {
  for (int code : {1000, 1001, 1006, 4000}) {
    auto d = decide_close(code);
    EXPECT_EQ(d.action, close_action::resume) << code;
    EXPECT_FALSE(d.client_bug) << code;
  }
}

TEST(close_policy, decode_and_opcode_errors_resume_and_flag_a_client_bug) {
  for (int code : {4001, 4002}) {
    auto d = decide_close(code);
    EXPECT_EQ(d.action, close_action::resume) << code;
    EXPECT_TRUE(d.client_bug) << code;
  }
}

TEST(close_policy, authentication_failed_disables_with_the_documented_reason) {
  auto d = decide_close(4004);
  EXPECT_EQ(d.action, close_action::disable);
  EXPECT_EQ(d.reason, "gateway 4004 Authentication failed (token invalid or reset)");
}

TEST(close_policy, bot_only_codes_disable_with_the_code_in_the_reason) {
  for (int code : {4010, 4011, 4012, 4013, 4014}) {
    auto d = decide_close(code);
    EXPECT_EQ(d.action, close_action::disable) << code;
    EXPECT_NE(d.reason.find(std::to_string(code)), std::string::npos) << d.reason;
  }
}

TEST(close_policy, session_errors_start_a_new_session) {
  for (int code : {4003, 4005, 4007, 4009})
    EXPECT_EQ(decide_close(code).action, close_action::new_session) << code;
}

TEST(close_policy, rate_limited_waits_sixty_seconds_then_resumes) {
  auto d = decide_close(4008);
  EXPECT_EQ(d.action, close_action::backoff_then_resume);
  EXPECT_EQ(d.delay, std::chrono::seconds{60});
}

TEST(close_policy, unknown_codes_resume_until_the_third_in_a_row) {
  EXPECT_TRUE(is_unknown_close_code(4100));
  EXPECT_FALSE(is_unknown_close_code(4004));
  EXPECT_EQ(decide_close(4100, 0).action, close_action::resume);
  EXPECT_EQ(decide_close(4100, 1).action, close_action::resume);
  EXPECT_EQ(decide_close(4100, 2).action, close_action::new_session);
  // A known resumable code never escalates.
  EXPECT_EQ(decide_close(4000, 5).action, close_action::resume);
}
