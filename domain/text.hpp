// Small ASCII text helpers shared by every layer (config, http, discord, domain).
#pragma once

#include <string>
#include <string_view>

namespace mjgate::domain {

/// `s` without ASCII whitespace at both ends (a view into `s`).
std::string_view trim(std::string_view s);

/// ASCII lower case copy.
std::string to_lower(std::string_view s);

}  // namespace mjgate::domain
