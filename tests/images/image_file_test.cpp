#include <gtest/gtest.h>

#include <string>

#include "images/image_file.hpp"

namespace mjgate::images {
namespace {

using namespace std::string_literals;

const std::string png = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"s;
const std::string jpeg = "\xff\xd8\xff\xe0\0\x10JFIF"s;
const std::string webp = "RIFF\x10\0\0\0WEBPVP8 "s;
const std::string gif = "GIF89a\x01\0\x01\0"s;

TEST(image_file, ids_are_digits_only) {
  EXPECT_TRUE(is_valid_image_id("1718000000000100"));
  EXPECT_TRUE(is_valid_image_id("7"));
  EXPECT_FALSE(is_valid_image_id(""));
  EXPECT_FALSE(is_valid_image_id(".."));
  EXPECT_FALSE(is_valid_image_id("../etc/passwd"));
  EXPECT_FALSE(is_valid_image_id("17180000/0100"));
  EXPECT_FALSE(is_valid_image_id("1718000000000100.png"));
  EXPECT_FALSE(is_valid_image_id("-1"));
  EXPECT_FALSE(is_valid_image_id(std::string(33, '1')));
  EXPECT_TRUE(is_valid_image_id(std::string(32, '1')));
}

TEST(image_file, file_name_is_id_and_extension) {
  EXPECT_EQ(image_file_name("1718000000000100", "image/png"), "1718000000000100.png");
  EXPECT_EQ(image_file_name("1", "image/jpeg"), "1.jpg");
  EXPECT_EQ(image_file_name("1", "image/webp"), "1.webp");
  EXPECT_EQ(image_file_name("1", "image/gif"), "1.gif");
  EXPECT_EQ(image_file_name("1", "text/html"), "");
  EXPECT_EQ(image_file_name("../1", "image/png"), "");
}

TEST(image_file, extension_and_content_type_round_trip) {
  for (auto type : {"image/png", "image/jpeg", "image/webp", "image/gif"})
    EXPECT_EQ(content_type_for(extension_for(type)), type);
  EXPECT_EQ(extension_for("image/svg+xml"), "");
  EXPECT_EQ(content_type_for("exe"), "");
}

TEST(image_file, magic_bytes_name_the_type) {
  EXPECT_EQ(sniff_image_type(png), "image/png");
  EXPECT_EQ(sniff_image_type(jpeg), "image/jpeg");
  EXPECT_EQ(sniff_image_type(webp), "image/webp");
  EXPECT_EQ(sniff_image_type(gif), "image/gif");
  EXPECT_EQ(sniff_image_type("RIFF\x10\0\0\0WAVEfmt "s), "");
  EXPECT_EQ(sniff_image_type("<html>"), "");
  EXPECT_EQ(sniff_image_type(""), "");
  EXPECT_EQ(sniff_image_type("\x89PNG"), "");  // truncated signature
}

TEST(image_file, magic_bytes_win_over_the_header) {
  EXPECT_EQ(choose_content_type("image/jpeg", png), "image/png");
  EXPECT_EQ(choose_content_type("application/octet-stream", webp), "image/webp");
  EXPECT_EQ(choose_content_type("", gif), "image/gif");
}

TEST(image_file, header_decides_when_the_bytes_are_unknown) {
  EXPECT_EQ(choose_content_type("Image/PNG; charset=binary", "????"), "image/png");
  EXPECT_EQ(choose_content_type(" image/webp ", "????"), "image/webp");
  EXPECT_EQ(choose_content_type("text/html", "<html>"), std::nullopt);
  EXPECT_EQ(choose_content_type("", "????"), std::nullopt);
}

}  // namespace
}  // namespace mjgate::images
