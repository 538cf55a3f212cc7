#include <gtest/gtest.h>

#include "images/etag.hpp"

namespace mjgate::images {
namespace {

TEST(etag, is_quoted_and_changes_with_size_and_mtime) {
  auto tag = make_etag(255, 4096);
  EXPECT_EQ(tag, "\"ff-1000\"");
  EXPECT_NE(make_etag(256, 4096), tag);
  EXPECT_NE(make_etag(255, 4097), tag);
}

TEST(etag, if_none_match_finds_the_tag_in_a_list) {
  const std::string tag = "\"ff-1000\"";
  EXPECT_TRUE(if_none_match_matches("\"ff-1000\"", tag));
  EXPECT_TRUE(if_none_match_matches(" \"aa-1\" , \"ff-1000\"", tag));
  EXPECT_TRUE(if_none_match_matches("W/\"ff-1000\"", tag));
  EXPECT_TRUE(if_none_match_matches("*", tag));
  EXPECT_FALSE(if_none_match_matches("\"ff-1001\"", tag));
  EXPECT_FALSE(if_none_match_matches("ff-1000", tag));  // unquoted is another tag
  EXPECT_FALSE(if_none_match_matches("", tag));
  EXPECT_FALSE(if_none_match_matches("\"aa-1\", \"bb-2\"", tag));
}

}  // namespace
}  // namespace mjgate::images
