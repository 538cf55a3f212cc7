// The writer's output is checked byte for byte against nlohmann's dump with
// the same settings mjgate used before (raw UTF-8, invalid bytes replaced).
#include "http/json_writer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace {

using mjgate::http::append_json_string;
using mjgate::http::json_writer;

std::string nlohmann_dump(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string written(const std::string& s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(json_writer, strings_match_nlohmann_byte_for_byte) {
  std::vector<std::string> cases = {
      "",
      "plain",
      "quote\" back\\slash",
      "\b\f\n\r\t",
      std::string("nul\0byte", 8),
      "\x01\x1f\x7f",
      "猫 🐈 é",
      "--ar 16:9 --seed 42",
      "\xC3\x28",          // invalid continuation
      "\xE0\x80\xAF",      // overlong
      "\xED\xA0\x80",      // surrogate
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "ok\xFFok",          // stray byte
      "\xF0\x9F\x90",      // truncated 4-byte sequence
  };
  for (int c = 0; c < 0x20; ++c) cases.emplace_back(1, static_cast<char>(c));
  for (const auto& s : cases) EXPECT_EQ(written(s), nlohmann_dump(s)) << nlohmann_dump(s);
}

TEST(json_writer, objects_arrays_and_separators) {
  std::string out;
  json_writer w{out};
  w.begin_object()
      .key("a")
      .value(1)
      .key("b")
      .string_or_null("")
      .key("c")
      .string_or_null("x")
      .key("d")
      .begin_array()
      .end_array()
      .key("e")
      .begin_array()
      .value("p")
      .value(std::int64_t{-2})
      .null()
      .begin_object()
      .end_object()
      .end_array()
      .key("f")
      .begin_object()
      .key("g")
      .value("h")
      .end_object()
      .end_object();
  EXPECT_EQ(out, R"({"a":1,"b":null,"c":"x","d":[],"e":["p",-2,null,{}],"f":{"g":"h"}})");
  EXPECT_TRUE(nlohmann::json::accept(out));
}

}  // namespace
