// Durations in mjgate's config are strings with units ("500ms", "15s", "60m",
// "1h30m"); this file turns them into milliseconds and back.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "config/config.hpp"

namespace mjgate::config {

/// Parses "500ms", "15s", "60m", "24h", "2d", "1h30m" (units ms, s, m, h, d, each
/// at most once, largest first) into milliseconds. Bare numbers, signs,
/// fractions, spaces and unknown units yield an error text that does not name
/// the key (the caller prefixes it). Pure; callable from any thread.
std::variant<duration, std::string> parse_duration(std::string_view text);

/// Formats a duration the way the config file writes it: "1h30m", "500ms",
/// "15s", "1s500ms"; zero is "0ms", negatives get a leading '-'.
/// parse_duration(format_duration(d)) == d for every d >= 0.
std::string format_duration(duration value);

}  // namespace mjgate::config
