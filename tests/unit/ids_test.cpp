#include "domain/ids.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

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

TEST(uuid, version_4_format) {
  std::mt19937_64 rng{42};
  std::regex re{"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"};
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(std::regex_match(make_uuid_v4(rng), re));
}
