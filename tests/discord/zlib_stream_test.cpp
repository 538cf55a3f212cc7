// zlib-stream inflater (protocol §4.1) against a sync-flushing deflater.
#include "discord/zlib_stream.hpp"

#include <random>

#include <gtest/gtest.h>

#include "tests/discord/zlib_deflater.hpp"

using namespace mjgate::discord;
using mjgate::discord::test::sync_deflater;

TEST(zlib_stream, one_frame_per_payload_keeps_the_stream_across_payloads) {
  sync_deflater def;
  zlib_inflater inf;
  std::string out;
  for (int i = 0; i < 50; ++i) {
    auto payload = R"({"op":0,"s":)" + std::to_string(i) + R"(,"t":"MESSAGE_CREATE","d":{}})";
    auto frame = def.compress(payload);
    ASSERT_EQ(frame.substr(frame.size() - 4), std::string("\x00\x00\xff\xff", 4));
    ASSERT_TRUE(inf.feed(frame, out)) << i;
    EXPECT_EQ(out, payload);
  }
}

TEST(zlib_stream, a_payload_split_over_frames_is_returned_once_complete) {
  sync_deflater def;
  zlib_inflater inf;
  std::mt19937 rng(7);
  std::string out;
  for (int i = 0; i < 200; ++i) {
    std::string payload = R"({"op":0,"d":")" +
                          std::string(static_cast<std::size_t>(rng() % 3000), 'x') +
                          std::to_string(i) + "\"}";
    auto compressed = def.compress(payload);
    // Cut into 1..4 frames at random points; only the last completes the payload.
    std::size_t pieces = 1 + rng() % 4, pos = 0;
    for (std::size_t p = 0; p < pieces && pos < compressed.size(); ++p) {
      std::size_t len = p + 1 == pieces
                            ? compressed.size() - pos
                            : std::min<std::size_t>(compressed.size() - pos, 1 + rng() % 8);
      bool complete = inf.feed(std::string_view{compressed}.substr(pos, len), out);
      pos += len;
      EXPECT_EQ(complete, pos == compressed.size()) << i << "/" << p;
    }
    EXPECT_EQ(out, payload) << i;
  }
}

TEST(zlib_stream, a_large_payload_inflates_fully) {
  sync_deflater def;
  zlib_inflater inf;
  std::string payload;
  std::mt19937 rng(11);
  while (payload.size() < (3u << 20)) payload += "\"guild_" + std::to_string(rng() % 1000) + "\",";
  std::string out;
  ASSERT_TRUE(inf.feed(def.compress(payload), out));
  EXPECT_EQ(out, payload);
}

TEST(zlib_stream, payloads_above_the_cap_are_rejected) {
  sync_deflater def;
  zlib_inflater inf(1u << 20);
  std::string out;
  EXPECT_THROW(inf.feed(def.compress(std::string(2u << 20, 'a')), out), zlib_error);
}

TEST(zlib_stream, corrupt_input_throws_and_reset_recovers) {
  zlib_inflater inf;
  std::string out;
  EXPECT_THROW(inf.feed(std::string("\x12\x34\x56\x78\x00\x00\xff\xff", 8), out), zlib_error);
  inf.reset();
  sync_deflater def;
  ASSERT_TRUE(inf.feed(def.compress("{\"op\":11}"), out));
  EXPECT_EQ(out, "{\"op\":11}");
}
