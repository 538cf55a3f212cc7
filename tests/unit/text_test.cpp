// ASCII text helpers (domain/text.hpp) shared by every layer.
#include <gtest/gtest.h>

#include "domain/text.hpp"

using namespace mjgate::domain;

TEST(text, trim_and_lower_case) {
  EXPECT_EQ(trim("  a b\t\n"), "a b");
  EXPECT_EQ(trim(" \t "), "");
  EXPECT_EQ(to_lower("MuSiC-V3"), "music-v3");
}

TEST(text, comma_lists_round_trip_and_drop_empty_items) {
  const std::vector<std::string> modes{"FAST", "RELAX"};
  EXPECT_EQ(join_commas(modes), "FAST,RELAX");
  EXPECT_EQ(split_commas("FAST,RELAX"), modes);
  EXPECT_EQ(join_commas({}), "");
  EXPECT_TRUE(split_commas("").empty());
  EXPECT_EQ(split_commas(",MUSIC,,chirp-v3-5,"), (std::vector<std::string>{"MUSIC", "chirp-v3-5"}));
  EXPECT_EQ(split_commas(join_commas({"one"})), std::vector<std::string>{"one"});
}

TEST(text, percent_encode_keeps_unreserved_bytes) {
  EXPECT_EQ(percent_encode("\xE2\x9C\x89\xEF\xB8\x8F"), "%E2%9C%89%EF%B8%8F");
  EXPECT_EQ(percent_encode("a-Z_0.~"), "a-Z_0.~");
  EXPECT_EQ(percent_encode("--v 7"), "--v%207");
}
