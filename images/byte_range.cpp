#include "images/byte_range.hpp"

#include <charconv>

#include "domain/text.hpp"

namespace mjgate::images {

namespace {

using domain::trim;  // header values: optional whitespace around them

// Digits only (no sign, no blanks), no overflow.
std::optional<std::uint64_t> parse_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto x = a[i] >= 'A' && a[i] <= 'Z' ? a[i] - 'A' + 'a' : a[i];
    auto y = b[i] >= 'A' && b[i] <= 'Z' ? b[i] - 'A' + 'a' : b[i];
    if (x != y) return false;
  }
  return true;
}

}  // namespace

range_decision decide_range(std::optional<std::string_view> header, std::uint64_t size) {
  constexpr range_decision whole{};
  constexpr range_decision unsatisfiable{range_kind::unsatisfiable, 0, 0};
  if (!header) return whole;
  auto text = trim(*header);
  auto eq = text.find('=');
  if (eq == std::string_view::npos || !iequals(trim(text.substr(0, eq)), "bytes")) return whole;
  auto spec = trim(text.substr(eq + 1));
  if (spec.find(',') != std::string_view::npos) return whole;  // several ranges: not supported
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  auto first_text = trim(spec.substr(0, dash));
  auto last_text = trim(spec.substr(dash + 1));
  if (first_text.empty()) {  // bytes=-n: the last n bytes
    auto n = parse_number(last_text);
    if (!n) return whole;
    if (*n == 0 || size == 0) return unsatisfiable;
    return {range_kind::partial, *n >= size ? 0 : size - *n, size - 1};
  }
  auto first = parse_number(first_text);
  if (!first) return whole;
  std::uint64_t last = UINT64_MAX;
  if (!last_text.empty()) {
    auto parsed = parse_number(last_text);
    if (!parsed || *parsed < *first) return whole;
    last = *parsed;
  }
  if (*first >= size) return unsatisfiable;
  return {range_kind::partial, *first, last >= size ? size - 1 : last};
}

std::string content_range(const range_decision& d, std::uint64_t size) {
  if (d.kind == range_kind::partial)
    return "bytes " + std::to_string(d.first) + "-" + std::to_string(d.last) + "/" +
           std::to_string(size);
  return "bytes */" + std::to_string(size);
}

}  // namespace mjgate::images
