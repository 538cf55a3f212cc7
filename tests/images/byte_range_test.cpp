#include <gtest/gtest.h>

#include "images/byte_range.hpp"

namespace mjgate::images {
namespace {

constexpr range_decision whole{};
constexpr range_decision unsatisfiable{range_kind::unsatisfiable, 0, 0};

constexpr range_decision part(std::uint64_t first, std::uint64_t last) {
  return {range_kind::partial, first, last};
}

TEST(byte_range, no_header_is_the_whole_file) {
  EXPECT_EQ(decide_range(std::nullopt, 100), whole);
}

TEST(byte_range, first_and_last) {
  EXPECT_EQ(decide_range("bytes=0-9", 100), part(0, 9));
  EXPECT_EQ(decide_range("bytes=10-10", 100), part(10, 10));
  EXPECT_EQ(decide_range("bytes=90-200", 100), part(90, 99));  // clamped
  EXPECT_EQ(decide_range(" Bytes = 5 - 7 ", 100), part(5, 7));
}

TEST(byte_range, open_ended) {
  EXPECT_EQ(decide_range("bytes=40-", 100), part(40, 99));
  EXPECT_EQ(decide_range("bytes=0-", 100), part(0, 99));
  EXPECT_EQ(decide_range("bytes=99-", 100), part(99, 99));
}

TEST(byte_range, suffix) {
  EXPECT_EQ(decide_range("bytes=-10", 100), part(90, 99));
  EXPECT_EQ(decide_range("bytes=-100", 100), part(0, 99));
  EXPECT_EQ(decide_range("bytes=-500", 100), part(0, 99));
}

TEST(byte_range, unsatisfiable) {
  EXPECT_EQ(decide_range("bytes=100-", 100), unsatisfiable);
  EXPECT_EQ(decide_range("bytes=100-200", 100), unsatisfiable);
  EXPECT_EQ(decide_range("bytes=-0", 100), unsatisfiable);
  EXPECT_EQ(decide_range("bytes=0-0", 0), unsatisfiable);
  EXPECT_EQ(decide_range("bytes=-5", 0), unsatisfiable);
}

TEST(byte_range, invalid_headers_are_ignored) {
  for (auto h : {"", "bytes", "bytes=", "bytes=-", "bytes=a-b", "bytes=5-2", "items=0-9",
                 "bytes=0-9,20-29", "bytes=+1-2", "bytes=1-+2", "bytes=99999999999999999999999-"})
    EXPECT_EQ(decide_range(std::string_view{h}, 100), whole) << h;
}

TEST(byte_range, content_range_values) {
  EXPECT_EQ(content_range(part(0, 9), 100), "bytes 0-9/100");
  EXPECT_EQ(content_range(unsatisfiable, 100), "bytes */100");
}

}  // namespace
}  // namespace mjgate::images
