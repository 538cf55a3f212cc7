// Speed selection of discord-midjourney-protocol.md §8.2 and the prompt flags.
#include "domain/speed.hpp"

#include <gtest/gtest.h>

using namespace mjgate::domain;

namespace {
constexpr auto F = speed_mode::fast;
constexpr auto R = speed_mode::relax;
constexpr auto T = speed_mode::turbo;
}  // namespace

TEST(speed, wire_names_round_trip) {
  for (auto s : {F, R, T}) EXPECT_EQ(parse_speed_mode(to_string(s)), s);
  EXPECT_EQ(parse_speed_mode("relaxed"), R);
  EXPECT_EQ(parse_speed_mode(" Turbo "), T);
  EXPECT_EQ(parse_speed_mode("slow"), std::nullopt);
}

TEST(speed, prompt_flag_is_the_last_whole_token) {
  struct row {
    const char* prompt;
    std::optional<speed_mode> flag;
  };
  const row rows[] = {
      {"a cat", std::nullopt},           {"a cat --fast", F},
      {"a cat --relax --v 7", R},        {"--turbo a cat --fast", F},
      {"a cat --fastest", std::nullopt}, {"a cat--relax", std::nullopt},
  };
  for (const auto& r : rows) EXPECT_EQ(prompt_speed_flag(r.prompt), r.flag) << r.prompt;
}

TEST(speed, with_speed_flag_strips_and_appends_only_when_needed) {
  struct row {
    const char* prompt;
    speed_mode speed;
    speed_mode account_mode;
    const char* expected;
  };
  const row rows[] = {
      {"a cat --v 7", F, F, "a cat --v 7"},
      {"a cat --v 7", R, F, "a cat --v 7 --relax"},
      {"a cat --fast --v 7", R, F, "a cat --v 7 --relax"},
      {"a cat --turbo", F, F, "a cat"},
      {"--relax", T, R, "--turbo"},
      {"a  cat --relax --fast", R, R, "a  cat"},
  };
  for (const auto& r : rows)
    EXPECT_EQ(with_speed_flag(r.prompt, r.speed, r.account_mode), r.expected) << r.prompt;
}

TEST(speed, request_precedence_prefix_then_filter_then_flag) {
  EXPECT_EQ(requested_speed({R, {T}, F}), R);
  EXPECT_EQ(requested_speed({std::nullopt, {T, F}, F}), T);
  EXPECT_EQ(requested_speed({std::nullopt, {}, F}), F);
  EXPECT_EQ(requested_speed({}), std::nullopt);
}

TEST(speed, choose_speed_table) {
  account_speed plain;
  account_speed exhausted;
  exhausted.fast_exhausted = true;
  account_speed relax_only;
  relax_only.allow_modes = {R};
  account_speed low_hours;
  low_hours.fast_jobs_left = 8;  // above 6 for FAST, below 12 for TURBO
  account_speed no_turbo;
  no_turbo.turbo_available = false;
  account_speed relax_default;
  relax_default.default_mode = R;
  account_speed fast_only_exhausted = exhausted;
  fast_only_exhausted.allow_modes = {F, T};

  struct row {
    const char* name;
    std::optional<speed_mode> requested;
    const account_speed* account;
    std::optional<speed_mode> speed;
    speed_refusal refusal;
  };
  const row rows[] = {
      {"no request: fast first", std::nullopt, &plain, F, speed_refusal::none},
      {"no request, exhausted: relax", std::nullopt, &exhausted, R, speed_refusal::none},
      {"no request, relax only", std::nullopt, &relax_only, R, speed_refusal::none},
      {"no request, account default relax", std::nullopt, &relax_default, R, speed_refusal::none},
      {"no request, no fast allowed left", std::nullopt, &fast_only_exhausted, std::nullopt,
       speed_refusal::unavailable},
      {"fast requested", F, &plain, F, speed_refusal::none},
      {"fast requested, exhausted: no fallback", F, &exhausted, std::nullopt,
       speed_refusal::unavailable},
      {"turbo requested, exhausted", T, &exhausted, std::nullopt, speed_refusal::unavailable},
      {"fast requested, not allowed", F, &relax_only, std::nullopt, speed_refusal::not_allowed},
      {"relax requested, exhausted is fine", R, &exhausted, R, speed_refusal::none},
      {"fast with 8 jobs left", F, &low_hours, F, speed_refusal::none},
      {"turbo with 8 jobs left", T, &low_hours, std::nullopt, speed_refusal::unavailable},
      {"turbo without a turbo plan", T, &no_turbo, std::nullopt, speed_refusal::unavailable},
  };
  for (const auto& r : rows) {
    auto c = choose_speed(r.requested, *r.account);
    EXPECT_EQ(c.speed, r.speed) << r.name;
    EXPECT_EQ(c.refusal, r.refusal) << r.name;
  }
}

TEST(speed, fast_reserve_boundary) {
  account_speed a;
  a.fast_jobs_left = 6;
  EXPECT_FALSE(speed_usable(a, F));
  a.fast_jobs_left = 6.5;
  EXPECT_TRUE(speed_usable(a, F));
  EXPECT_TRUE(speed_usable(a, R));
}
