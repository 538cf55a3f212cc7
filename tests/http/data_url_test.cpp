// base64 decoding, image sniffing and data URL parsing of inline images.
#include <gtest/gtest.h>

#include "http/dialects/mj/data_url.hpp"

namespace {

namespace mj = mjgate::http::mj;
using mj::image_data;
using mj::image_error;

const std::string png_bytes = std::string{"\x89PNG\r\n\x1a\n", 8} + "IHDRpixels";
const std::string jpeg_bytes = "\xFF\xD8\xFF\xE0jfif";
const std::string gif_bytes = "GIF89a\x01\x00";
const std::string webp_bytes{"RIFF\x10\x00\x00\x00WEBPVP8 ", 16};

TEST(data_url, base64_known_vectors) {
  // RFC 4648 §10.
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(mj::base64_encode(plain), encoded);
    EXPECT_EQ(mj::base64_decode(encoded), std::string{plain}) << encoded;
  }
}

TEST(data_url, base64_padding_is_optional_but_checked) {
  EXPECT_EQ(mj::base64_decode("Zg"), "f");
  EXPECT_EQ(mj::base64_decode("Zm8"), "fo");
  for (auto bad : {"Zg=", "Zm8==", "Zm9v=", "====", "Z", "Zm9vY", "Zg==Zg==", "Z=g="})
    EXPECT_EQ(mj::base64_decode(bad), std::nullopt) << bad;
}

TEST(data_url, base64_skips_whitespace_and_rejects_other_characters) {
  EXPECT_EQ(mj::base64_decode(" Zm9v\r\nYmFy\t"), "foobar");
  EXPECT_EQ(mj::base64_decode("Zm 9v Yg =="), "foob");
  for (auto bad : {"Zm9v!", "Zm-v", "Zm_v", "Zm9v\x80", "Zm9v.YmFy"})
    EXPECT_EQ(mj::base64_decode(bad), std::nullopt) << bad;
}

TEST(data_url, base64_round_trip_of_every_byte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= all.size(); n += 37)
    EXPECT_EQ(mj::base64_decode(mj::base64_encode(all.substr(0, n))), all.substr(0, n));
}

TEST(data_url, sniff) {
  EXPECT_EQ(mj::sniff_image_mime(png_bytes), "image/png");
  EXPECT_EQ(mj::sniff_image_mime(jpeg_bytes), "image/jpeg");
  EXPECT_EQ(mj::sniff_image_mime(gif_bytes), "image/gif");
  EXPECT_EQ(mj::sniff_image_mime(webp_bytes), "image/webp");
  EXPECT_EQ(mj::sniff_image_mime(std::string_view{"RIFF\x10\x00\x00\x00WAVE", 12}), "");
  EXPECT_EQ(mj::sniff_image_mime(webp_bytes.substr(0, 11)), "");  // too short for the tag
  EXPECT_EQ(mj::sniff_image_mime("<svg/>"), "");
  EXPECT_EQ(mj::sniff_image_mime(""), "");
}

TEST(data_url, accepts_each_allowed_type) {
  const std::pair<const char*, const std::string*> cases[] = {{"image/png", &png_bytes},
                                                              {"image/jpeg", &jpeg_bytes},
                                                              {"image/webp", &webp_bytes},
                                                              {"image/gif", &gif_bytes}};
  for (auto [mime, bytes] : cases) {
    auto r =
        mj::parse_data_url(std::string{"data:"} + mime + ";base64," + mj::base64_encode(*bytes));
    ASSERT_TRUE(std::holds_alternative<image_data>(r)) << mime;
    EXPECT_EQ(std::get<image_data>(r), (image_data{mime, *bytes}));
  }
}

TEST(data_url, header_forms) {
  auto b64 = mj::base64_encode(jpeg_bytes);
  const image_data jpeg{"image/jpeg", jpeg_bytes};
  for (const auto& text :
       {"DATA:IMAGE/JPEG;BASE64," + b64, "data:image/jpg;base64," + b64,
        "data:image/jpeg;name=a.jpg;base64," + b64, "  data:image/jpeg;base64," + b64 + "\n",
        b64 /* raw base64: the type comes from the bytes */}) {
    auto r = mj::parse_data_url(text);
    ASSERT_TRUE(std::holds_alternative<image_data>(r)) << text;
    EXPECT_EQ(std::get<image_data>(r), jpeg);
  }
  // The declared type only has to be allowed; what the bytes are wins.
  auto relabelled = mj::parse_data_url("data:image/png;base64," + b64);
  ASSERT_TRUE(std::holds_alternative<image_data>(relabelled));
  EXPECT_EQ(std::get<image_data>(relabelled).mime, "image/jpeg");
}

TEST(data_url, rejections) {
  auto png = mj::base64_encode(png_bytes);
  const std::pair<std::string, image_error> cases[] = {
      {"data:image/png," + png, image_error::bad_format},
      {"data:image/png;base64" + png, image_error::bad_format},
      {"data:image/png;utf8,abc", image_error::bad_format},
      {"data:image/svg+xml;base64," + png, image_error::unsupported_mime},
      {"data:text/plain;base64," + png, image_error::unsupported_mime},
      {"data:;base64," + png, image_error::unsupported_mime},
      {"data:image/png;base64," + png + "!", image_error::bad_base64},
      {"data:image/png;base64,", image_error::empty},
      {"", image_error::empty},
      {"data:image/png;base64," + mj::base64_encode("plain text"), image_error::not_an_image},
      {mj::base64_encode("GIF8"), image_error::not_an_image},
  };
  for (const auto& [text, error] : cases) {
    auto r = mj::parse_data_url(text);
    ASSERT_TRUE(std::holds_alternative<image_error>(r)) << text;
    EXPECT_EQ(std::get<image_error>(r), error) << text;
  }
}

TEST(data_url, size_bound_counts_decoded_bytes) {
  std::string at_limit = png_bytes + std::string(1000 - png_bytes.size(), 'x');
  EXPECT_TRUE(
      std::holds_alternative<image_data>(mj::parse_data_url(mj::base64_encode(at_limit), 1000)));
  auto over = mj::parse_data_url(mj::base64_encode(at_limit + "x"), 1000);
  ASSERT_TRUE(std::holds_alternative<image_error>(over));
  EXPECT_EQ(std::get<image_error>(over), image_error::too_large);
  // Far too long text is refused before decoding, even if it is not base64.
  auto huge = mj::parse_data_url(std::string(20000, '!'), 1000);
  EXPECT_EQ(std::get<image_error>(huge), image_error::too_large);
  EXPECT_EQ(mj::max_image_bytes, 10u * 1024 * 1024);
}

TEST(data_url, every_error_has_a_description) {
  for (auto e : {image_error::bad_format, image_error::bad_base64, image_error::unsupported_mime,
                 image_error::not_an_image, image_error::empty, image_error::too_large})
    EXPECT_NE(mj::describe(e), "图片错误");
}

}  // namespace
