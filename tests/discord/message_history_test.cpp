// Channel history → typed events → what reconciliation matches on, with the
// recorded messages (tests/data/discord/rest_history.json).
#include "discord/message_history.hpp"

#include <gtest/gtest.h>

#include "discord/payloads.hpp"
#include "test_data.hpp"

using namespace mjgate::discord;
using mjgate::discord::test::read_data;
using mjgate::discord::test::sample_hash;

namespace {
constexpr std::string_view user = "1000000000000000099";
}

TEST(message_history, parses_every_message_with_the_dispatch_parser) {
  auto page = parse_message_history(read_data("rest_history.json"));
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->size(), 3u);
  EXPECT_EQ((*page)[0].id, "1250000000000000030");
  EXPECT_EQ((*page)[0].kind, event_kind::message_create);
  EXPECT_EQ((*page)[0].channel_id, "1100000000000000002");
  EXPECT_TRUE(is_midjourney_author((*page)[0]));
  EXPECT_FALSE(is_midjourney_author((*page)[2]));  // the user's own message
  // The history message is the same event the gateway would have delivered.
  auto live = test::event_from("msg_final.json");
  live.seq = 0;
  EXPECT_EQ((*page)[0], live);
}

TEST(message_history, rejects_what_is_not_a_message_array) {
  EXPECT_EQ(parse_message_history("{\"message\":\"401: Unauthorized\"}"), std::nullopt);
  EXPECT_EQ(parse_message_history("not json"), std::nullopt);
  auto skipped = parse_message_history(R"([1, "x", {"content":"no id"}])");
  ASSERT_TRUE(skipped.has_value());
  EXPECT_TRUE(skipped->empty());
}

TEST(message_history, final_message_reads_as_finished_with_its_keys) {
  auto page = *parse_message_history(read_data("rest_history.json"));
  auto m = to_history_message(page[0], read_mj_message(page[0]), user);
  EXPECT_EQ(m.id, "1250000000000000030");
  EXPECT_TRUE(m.final);
  EXPECT_EQ(m.job_hash, sample_hash);
  EXPECT_EQ(m.prompt, "a red cat --seed 42 --v 7.0");
  EXPECT_EQ(m.interaction_id, "1250000000000000001");
  EXPECT_TRUE(m.mentions_user);
  EXPECT_EQ(m.action, std::nullopt);  // IMAGINE's tail also stands for reroll and blend
  EXPECT_NE(m.image_url.find(".png"), std::string::npos);
  EXPECT_EQ(m.timestamp_ms, snowflake_time_ms("1250000000000000030"));

  auto p = to_history_message(page[1], read_mj_message(page[1]), user);
  EXPECT_FALSE(p.final);
  EXPECT_EQ(p.prompt, m.prompt);
  EXPECT_EQ(p.timestamp_ms, snowflake_time_ms("1250000000000000010"));

  EXPECT_FALSE(to_history_message(page[0], read_mj_message(page[0]), "42").mentions_user);
}

TEST(message_history, snowflake_time_inverts_make_snowflake) {
  constexpr std::int64_t at = 1'718'000'123'456;
  EXPECT_EQ(snowflake_time_ms(std::to_string(make_snowflake(at, 1, 2, 3))), at);
  EXPECT_EQ(snowflake_time_ms("abc"), 0);
  EXPECT_EQ(snowflake_time_ms(""), 0);
}

TEST(message_history, later_snowflake_compares_numbers_not_text) {
  EXPECT_EQ(later_snowflake("999", "1000"), "1000");
  EXPECT_EQ(later_snowflake("1000", "999"), "1000");
  EXPECT_EQ(later_snowflake("", "5"), "5");
  EXPECT_EQ(later_snowflake("5", "x"), "5");
}
