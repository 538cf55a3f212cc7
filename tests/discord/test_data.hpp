// Reads recorded samples from tests/data/discord/ for the discord tests.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "discord/event_parser.hpp"

namespace mjgate::discord::test {

/// Whole file, with one trailing newline removed (files end with a newline).
inline std::string read_data(const std::string& name) {
  std::ifstream in(std::string{MJGATE_DISCORD_TEST_DATA} + "/" + name, std::ios::binary);
  if (!in) throw std::runtime_error{"missing test data " + name};
  std::ostringstream s;
  s << in.rdbuf();
  auto text = s.str();
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

/// The job hash used by the recorded Midjourney samples.
inline constexpr std::string_view sample_hash = "0c7f8a2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b";

/// The typed event of a recorded gateway frame; throws when it does not parse.
inline gateway_event event_from(const std::string& file) {
  auto frame = parse_frame(read_data(file));
  if (!frame) throw std::runtime_error{"frame did not parse: " + file};
  auto ev = parse_dispatch(frame->type, frame->data, frame->seq);
  if (!ev) throw std::runtime_error{"dispatch did not parse: " + file};
  return *ev;
}

}  // namespace mjgate::discord::test
