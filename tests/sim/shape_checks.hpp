// Small shape predicates for the simulator tests (std::regex trips g++ 12's
// -Wmaybe-uninitialized under the ASan preset, so the tests avoid it).
#pragma once

#include <string_view>

namespace mjgate::sim::testing {

/// Lower-case hex digits only, exactly `n` of them.
inline bool is_hex(std::string_view s, std::size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

/// A lower-case UUID v4: 8-4-4-4-12, version nibble 4, variant 8..b.
inline bool is_uuid_v4(std::string_view s) {
  if (s.size() != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return false;
  if (!is_hex(s.substr(0, 8), 8) || !is_hex(s.substr(9, 4), 4) || !is_hex(s.substr(14, 4), 4) ||
      !is_hex(s.substr(19, 4), 4) || !is_hex(s.substr(24), 12))
    return false;
  return s[14] == '4' && (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b');
}

}  // namespace mjgate::sim::testing
