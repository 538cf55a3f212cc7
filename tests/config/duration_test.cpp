#include <gtest/gtest.h>

#include "config/duration.hpp"

namespace mjgate::config {
namespace {

struct valid_case {
  const char* text;
  long long millis;
};

TEST(parse_duration, accepts_values_with_units) {
  const valid_case cases[] = {
      {"500ms", 500},           {"15s", 15'000},      {"60m", 3'600'000},
      {"24h", 86'400'000},      {"1h30m", 5'400'000}, {"2d", 172'800'000},
      {"1s500ms", 1'500},       {"0ms", 0},           {"0s", 0},
      {"1h1m1s1ms", 3'661'001}, {"007s", 7'000},
  };
  for (const auto& c : cases) {
    const auto parsed = parse_duration(c.text);
    ASSERT_TRUE(std::holds_alternative<duration>(parsed))
        << c.text << ": " << std::get<std::string>(parsed);
    EXPECT_EQ(std::get<duration>(parsed).count(), c.millis) << c.text;
  }
}

struct invalid_case {
  const char* text;
  const char* message_part;
};

TEST(parse_duration, rejects_bad_text_with_a_reason) {
  const invalid_case cases[] = {
      {"5", "\"5\" has no unit (use e.g. \"500ms\", \"15s\", \"60m\")"},
      {"", "empty duration"},
      {"-5s", "negative"},
      {"+5s", "not a duration"},
      {"5x", "unknown unit \"x\""},
      {"5min", "unknown unit \"min\""},
      {"5 s", "not a duration"},
      {" 5s", "not a duration"},
      {"1.5s", "not a duration"},
      {"s", "not a duration"},
      {"30m1h", "largest to smallest"},
      {"1s1s", "largest to smallest"},
      {"1h30", "has no unit"},
      {"99999999999999999999s", "too large"},
      {"9999999999999999s", "too large"},
  };
  for (const auto& c : cases) {
    const auto parsed = parse_duration(c.text);
    ASSERT_TRUE(std::holds_alternative<std::string>(parsed)) << "accepted: \"" << c.text << "\"";
    EXPECT_NE(std::get<std::string>(parsed).find(c.message_part), std::string::npos)
        << c.text << " → " << std::get<std::string>(parsed);
  }
}

TEST(format_duration, writes_the_shortest_unit_form) {
  EXPECT_EQ(format_duration(duration{5'400'000}), "1h30m");
  EXPECT_EQ(format_duration(duration{500}), "500ms");
  EXPECT_EQ(format_duration(duration{15'000}), "15s");
  EXPECT_EQ(format_duration(duration{1'500}), "1s500ms");
  EXPECT_EQ(format_duration(duration{86'400'000}), "24h");
  EXPECT_EQ(format_duration(duration{0}), "0ms");
  EXPECT_EQ(format_duration(duration{-2'000}), "-2s");
}

TEST(format_duration, round_trips_through_parse) {
  for (long long millis :
       {1LL, 999LL, 1000LL, 61'001LL, 3'600'000LL, 90'061'001LL, 360'000'000LL}) {
    const auto text = format_duration(duration{millis});
    const auto parsed = parse_duration(text);
    ASSERT_TRUE(std::holds_alternative<duration>(parsed)) << text;
    EXPECT_EQ(std::get<duration>(parsed).count(), millis) << text;
  }
}

}  // namespace
}  // namespace mjgate::config
