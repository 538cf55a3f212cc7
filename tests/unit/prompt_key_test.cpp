// normalize(p) of discord-midjourney-protocol.md §5.2.
#include "domain/prompt_key.hpp"

#include <gtest/gtest.h>

using namespace mjgate::domain;

TEST(prompt_key, normalize_table) {
  struct row {
    const char* prompt;
    const char* text;
    const char* seed;
  };
  const row rows[] = {
      {"A Red  Fox", "aredfox", ""},
      {"  a red fox --v 7.0 --ar 16:9", "aredfox", ""},
      {"a red fox \xE2\x80\x94seed 42 \xE2\x80\x94v 6", "aredfox", "42"},
      {"https://x.example/a.png a fox --seed 7", "<link>afox", "7"},
      {"<https://s.mj.run/abc> a fox --seed 7 --v 7.0", "<link>afox", "7"},
      {"a fox --no red fish --seed 3", "afox", "3"},
      {"a -- b", "a--b", ""},
      {"cat --seed x", "cat", ""},
      {"", "", ""},
  };
  for (const auto& r : rows) {
    auto k = normalize_prompt(r.prompt);
    EXPECT_EQ(k.text, r.text) << r.prompt;
    EXPECT_EQ(k.seed, r.seed) << r.prompt;
  }
}

TEST(prompt_key, echo_and_submitted_prompt_agree) {
  // MJ collapses spaces, rewrites links and appends the default version.
  EXPECT_EQ(normalize_prompt("https://cdn.example/x.png  A fox —seed 123"),
            normalize_prompt("<https://s.mj.run/Qw3> a fox --seed 123 --v 7.0"));
}
