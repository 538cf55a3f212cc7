#include "domain/prompt.hpp"

#include <gtest/gtest.h>

using namespace mjgate::domain;

TEST(banned_words, whole_words_only_case_insensitive) {
  std::vector<std::string> words{"ass", "blood bath"};
  EXPECT_EQ(find_banned_word("a field of grass", words), std::nullopt);
  EXPECT_EQ(find_banned_word("assassin's creed", words), std::nullopt);
  EXPECT_EQ(find_banned_word("kick ASS now", words), "ass");
  EXPECT_EQ(find_banned_word("ass, then", words), "ass");
  EXPECT_EQ(find_banned_word("a Blood Bath scene", words), "blood bath");
  EXPECT_EQ(find_banned_word("", words), std::nullopt);
  EXPECT_EQ(find_banned_word("anything", {""}), std::nullopt);
}

TEST(seed, detects_and_appends) {
  EXPECT_FALSE(has_seed_parameter("a cat"));
  EXPECT_TRUE(has_seed_parameter("a cat --seed 42"));
  EXPECT_EQ(seed_parameter("a cat --seed   42 --v 7"), "42");
  EXPECT_FALSE(has_seed_parameter("a cat --seedling 4"));
  EXPECT_EQ(with_seed("a cat", 7), "a cat --seed 7");
  // Midjourney's echo of a prompt (used by the correlation cascade, step 7)
  EXPECT_EQ(seed_parameter("a fox --seed 123 --v 7.0"), "123");
  EXPECT_EQ(seed_parameter("a fox --v 7.0"), "");
}

TEST(trim, both_ends) {
  EXPECT_EQ(trim("  a b \n"), "a b");
  EXPECT_EQ(trim("   "), "");
}
