#include "config/duration.hpp"

#include <array>
#include <cstdint>
#include <limits>

namespace mjgate::config {

namespace {

struct unit {
  std::string_view name;
  std::int64_t millis;
};

// Longest names first so "ms" is not read as "m" followed by garbage.
constexpr std::array<unit, 5> units_by_size{{
    {"d", 86'400'000},
    {"h", 3'600'000},
    {"m", 60'000},
    {"s", 1'000},
    {"ms", 1},
}};

std::string quoted(std::string_view text) {
  return "\"" + std::string{text} + "\"";
}

const std::string example_hint = "(use e.g. \"500ms\", \"15s\", \"60m\")";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

std::variant<duration, std::string> parse_duration(std::string_view text) {
  if (text.empty()) return std::string{"empty duration "} + example_hint;
  if (text.front() == '-') return quoted(text) + " is negative; durations must be positive";
  std::int64_t total = 0;
  std::size_t last_unit = units_by_size.size();  // index of the previous unit
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto number_begin = pos;
    std::int64_t number = 0;
    while (pos < text.size() && is_digit(text[pos])) {
      const auto digit = text[pos] - '0';
      if (number > (std::numeric_limits<std::int64_t>::max() - digit) / 10)
        return quoted(text) + " is too large";
      number = number * 10 + digit;
      ++pos;
    }
    if (pos == number_begin) return quoted(text) + " is not a duration " + example_hint;
    const auto unit_begin = pos;
    while (pos < text.size() && is_letter(text[pos])) ++pos;
    const auto name = text.substr(unit_begin, pos - unit_begin);
    if (name.empty()) {
      if (pos == text.size()) return quoted(text) + " has no unit " + example_hint;
      return quoted(text) + " is not a duration " + example_hint;
    }
    std::size_t index = units_by_size.size();
    for (std::size_t i = 0; i < units_by_size.size(); ++i)
      if (units_by_size[i].name == name) index = i;
    if (index == units_by_size.size())
      return quoted(text) + " has an unknown unit \"" + std::string{name} +
             "\" (units: ms, s, m, h, d)";
    if (last_unit != units_by_size.size() && index <= last_unit)
      return quoted(text) + ": units must go from largest to smallest, each once";
    last_unit = index;
    const auto factor = units_by_size[index].millis;
    if (number > (std::numeric_limits<std::int64_t>::max() - total) / factor)
      return quoted(text) + " is too large";
    total += number * factor;
  }
  return duration{total};
}

std::string format_duration(duration value) {
  auto millis = value.count();
  if (millis == 0) return "0ms";
  std::string out;
  if (millis < 0) {
    out = "-";
    if (millis == std::numeric_limits<std::int64_t>::min())
      return out + std::to_string(static_cast<std::uint64_t>(millis)) + "ms";
    millis = -millis;
  }
  // Days are never written: "24h" reads better than "1d" in a config file.
  constexpr std::array<unit, 4> written{{{"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}, {"ms", 1}}};
  for (const auto& u : written) {
    if (millis >= u.millis) {
      out += std::to_string(millis / u.millis);
      out += u.name;
      millis %= u.millis;
    }
  }
  return out;
}

}  // namespace mjgate::config
