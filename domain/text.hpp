// Small ASCII text helpers shared by every layer (config, http, discord, domain).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mjgate::domain {

/// `s` without ASCII whitespace at both ends (a view into `s`).
std::string_view trim(std::string_view s);

/// ASCII lower case copy.
std::string to_lower(std::string_view s);

/// A list as one comma-separated column: {"FAST","RELAX"} → "FAST,RELAX".
std::string join_commas(const std::vector<std::string>& items);

/// The inverse of join_commas; empty items are dropped ("" → {}).
std::vector<std::string> split_commas(std::string_view text);

/// Percent-encodes every byte outside RFC 3986 unreserved characters (for path
/// segments such as a reaction emoji: "✉️" → "%E2%9C%89%EF%B8%8F").
std::string percent_encode(std::string_view text);

}  // namespace mjgate::domain
