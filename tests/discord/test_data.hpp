// Reads recorded samples from tests/data/discord/ for the discord tests.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

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

}  // namespace mjgate::discord::test
