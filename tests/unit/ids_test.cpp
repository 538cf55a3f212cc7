#include "domain/ids.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string_view>

using namespace mjgate::domain;

TEST(task_id_generator, sixteen_digits_and_strictly_increasing) {
  task_id_generator gen{3};
  std::set<std::string> seen;
  std::string last;
  for (int i = 0; i < 1000; ++i) {
    auto id = gen.next(1718000000000);  // same millisecond: must borrow ahead
    EXPECT_EQ(id.size(), 16u);
    EXPECT_GT(id, last);
    last = id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(gen.next(1718000000000).substr(13, 1), "3");  // node digit
}

TEST(task_id_generator, never_goes_backwards_when_clock_does) {
  task_id_generator gen;
  auto a = gen.next(1718000000500);
  auto b = gen.next(1718000000100);
  EXPECT_GT(b, a);
}

TEST(task_id_generator, stays_below_two_to_the_53) {
  task_id_generator gen{9};
  auto id = gen.next(4102444800000);  // year 2100
  EXPECT_LT(std::stoull(id), 1ULL << 53);
}

// No std::regex: g++ 12 at -O1 with sanitizers warns inside it (-Werror).
bool is_uuid_v4(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (s[i] == '-')) return false;
    if (!dash && !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
    if (!dash && std::isupper(static_cast<unsigned char>(s[i]))) return false;
  }
  return s[14] == '4' && std::string_view{"89ab"}.find(s[19]) != std::string_view::npos;
}

TEST(uuid, is_uuid_accepts_the_textual_form_only) {
  std::mt19937_64 rng{7};
  EXPECT_TRUE(is_uuid(make_uuid_v4(rng)));
  EXPECT_TRUE(is_uuid("8A2C5959-143B-46C5-ADB6-242652AC8141"));
  for (auto bad : {"", "1718000000000100", "8a2c5959143b46c5adb6242652ac8141",
                   "8a2c5959-143b-46c5-adb6-242652ac814", "8a2c5959-143b-46c5-adb6-242652ac81411",
                   "8a2c5959_143b-46c5-adb6-242652ac8141", "8a2c5959-143b-46c5-adb6-242652ac814g"})
    EXPECT_FALSE(is_uuid(bad)) << bad;
}

TEST(ids, is_task_id_is_one_to_nineteen_digits) {
  task_id_generator gen{3};
  EXPECT_TRUE(is_task_id(gen.next(1718000000000)));
  EXPECT_TRUE(is_task_id("1"));
  EXPECT_TRUE(is_task_id("9223372036854775807"));
  for (auto bad :
       {"", "12345678901234567890", "-1", "17x", " 17", "8a2c5959-143b-46c5-adb6-242652ac8141"})
    EXPECT_FALSE(is_task_id(bad)) << bad;
}

TEST(uuid, version_4_format) {
  std::mt19937_64 rng{42};
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(is_uuid_v4(make_uuid_v4(rng)));
  EXPECT_FALSE(is_uuid_v4("0f3c0000-0000-1000-8000-000000000000"));
}

TEST(task_center_id, is_task_underscore_and_the_uuid_hex_and_round_trips) {
  const std::string uuid = "2f1c9a4e-8d3b-4c1a-9e7f-0123456789ab";
  EXPECT_EQ(task_center_id(uuid), "task_2f1c9a4e8d3b4c1a9e7f0123456789ab");
  EXPECT_EQ(uuid_of_task_center_id(task_center_id(uuid)), uuid);
  EXPECT_EQ(uuid_of_task_center_id("task_2F1C9A4E8D3B4C1A9E7F0123456789AB"), uuid);  // any case
  std::mt19937_64 rng{7};
  for (int i = 0; i < 100; ++i) {
    auto u = make_uuid_v4(rng);
    EXPECT_EQ(uuid_of_task_center_id(task_center_id(u)), u);
  }
}

TEST(task_center_id, other_text_names_no_uuid) {
  for (std::string_view id : {"", "task_", "task123456", "suno-abc",
                              "task_2f1c9a4e8d3b4c1a9e7f0123456789a",     // 31 hex
                              "task_2f1c9a4e8d3b4c1a9e7f0123456789abc",   // 33 hex
                              "task_2f1c9a4e-8d3b-4c1a-9e7f-0123456789",  // dashes
                              "task_2f1c9a4e8d3b4c1a9e7f0123456789ag",    // not hex
                              "TASK_2f1c9a4e8d3b4c1a9e7f0123456789ab"})
    EXPECT_FALSE(uuid_of_task_center_id(id).has_value()) << id;
}
