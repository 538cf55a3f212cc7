// Pure parts of the simulator: prompt echo, word matching, slug, ids, image and zlib bytes.
#include <gtest/gtest.h>
#include <zlib.h>

#include "sim/id_source.hpp"
#include "sim/image_bytes.hpp"
#include "sim/mj_text.hpp"
#include "sim/simulator.hpp"
#include "sim/zlib_deflater.hpp"
#include "tests/sim/shape_checks.hpp"

using namespace mjgate::sim;

TEST(MjText, RewriteCollapsesWhitespaceAndAppendsVersion) {
  EXPECT_EQ(rewrite_prompt("  a   red\tcat \xE2\x80\x94"
                           "ar 3:2 "),
            "a red cat --ar 3:2 --v 7.0");
  EXPECT_EQ(rewrite_prompt("a cat --v 6.1"), "a cat --v 6.1");
  EXPECT_EQ(rewrite_prompt("a cat \xE2\x80\x94v 6"), "a cat --v 6");
}

TEST(MjText, ContainsWordRespectsBoundariesAndCase) {
  EXPECT_TRUE(contains_word("A GORY scene", "gory"));
  EXPECT_FALSE(contains_word("allegory", "gory"));
  EXPECT_TRUE(contains_word("gory.", "Gory"));
  EXPECT_FALSE(contains_word("gory_x", "gory"));
}

TEST(MjText, ScenarioAndSlug) {
  EXPECT_TRUE(has_scenario("cat #sim:stall --ar 1:1", "stall"));
  EXPECT_FALSE(has_scenario("cat #sim:stalled", "stall"));
  EXPECT_EQ(prompt_slug("A Red, cat! --ar 3:2 #sim:fail https://x.y/z.png"), "a_red_cat");
  EXPECT_EQ(prompt_slug("--v 7"), "image");
}

TEST(SimAccount, DeterministicShape) {
  auto a = make_sim_account(3);
  EXPECT_EQ(a.token, "sim-token-3");
  EXPECT_EQ(a.user_id, "1300000000000000003");
  EXPECT_EQ(a.channel_id, "1200000000000000003");
  EXPECT_EQ(a.guild_id, "1100000000000000001");
  EXPECT_EQ(a.username, "simuser3");
  EXPECT_EQ(parse_speed("bench"), speed::bench);
  EXPECT_FALSE(parse_speed("fast").has_value());
}

TEST(IdSource, UuidsAreV4AndSeeded) {
  id_source a{7}, b{7}, c{8};
  auto u = a.next_uuid();
  EXPECT_TRUE(mjgate::sim::testing::is_uuid_v4(u)) << u;
  EXPECT_EQ(u, b.next_uuid());
  EXPECT_NE(u, c.next_uuid());
}

TEST(IdSource, SnowflakesFollowTheFormulaAndIncrease) {
  id_source ids{1};
  const std::uint64_t ms = 1700000000000ULL;
  auto first = ids.next_snowflake(ms);
  EXPECT_EQ(first >> 22, ms - 1420070400000ULL);
  auto second = ids.next_snowflake(ms - 5);  // the clock stepped back
  EXPECT_GT(second, first);
}

TEST(ImageBytes, PngHasSignatureAndTrueSize) {
  auto png = make_grid_png("0b5d3d0e-6c55-4c7c-9d0e-2f1a7c1b2e3f", 64);
  ASSERT_GT(png.size(), 33u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned char>(png[at]) << 24) |
           (static_cast<unsigned char>(png[at + 1]) << 16) |
           (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
  };
  EXPECT_EQ(be32(16), 64u);
  EXPECT_EQ(be32(20), 64u);
  EXPECT_EQ(png, make_grid_png("0b5d3d0e-6c55-4c7c-9d0e-2f1a7c1b2e3f", 64));
  EXPECT_NE(png, make_grid_png("1b5d3d0e-6c55-4c7c-9d0e-2f1a7c1b2e3f", 64));
}

TEST(ImageBytes, WebpIsRiffWithVp8l) {
  const auto& w = tiny_webp();
  ASSERT_GE(w.size(), 21u);
  EXPECT_EQ(w.substr(0, 4), "RIFF");
  EXPECT_EQ(w.substr(8, 4), "WEBP");
  EXPECT_EQ(w.substr(12, 4), "VP8L");
  std::uint32_t riff = static_cast<unsigned char>(w[4]) | static_cast<unsigned char>(w[5]) << 8;
  EXPECT_EQ(riff + 8, w.size());
  EXPECT_EQ(static_cast<unsigned char>(w[20]), 0x2f);
}

TEST(ZlibDeflater, OneStreamSyncFlushedPerPayload) {
  zlib_deflater d;
  z_stream zs{};
  ASSERT_EQ(inflateInit(&zs), Z_OK);
  for (int i = 0; i < 50; ++i) {
    std::string payload = R"({"op":0,"s":)" + std::to_string(i) + "}";
    auto bytes = d.compress(payload);
    if (i == 0) {
      EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0x78);
    }
    ASSERT_GE(bytes.size(), 4u);
    EXPECT_EQ(bytes.substr(bytes.size() - 4), std::string("\x00\x00\xff\xff", 4));
    std::string out(1024, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(bytes.data());
    zs.avail_in = static_cast<uInt>(bytes.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    ASSERT_EQ(inflate(&zs, Z_SYNC_FLUSH), Z_OK);
    out.resize(out.size() - zs.avail_out);
    EXPECT_EQ(out, payload);
  }
  inflateEnd(&zs);
}
