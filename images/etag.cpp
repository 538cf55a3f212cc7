#include "images/etag.hpp"

#include <cstdio>

#include "domain/text.hpp"

namespace mjgate::images {

namespace {

using domain::trim;  // header values: optional whitespace around them

std::string_view opaque(std::string_view tag) {
  if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
  return tag;
}

}  // namespace

std::string make_etag(std::uint64_t size, std::int64_t mtime_ns) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "\"%llx-%llx\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(mtime_ns));
  return buf;
}

bool if_none_match_matches(std::string_view header, std::string_view etag) {
  header = trim(header);
  if (header == "*") return true;
  const auto want = opaque(etag);
  while (!header.empty()) {
    // Entity tags are quoted and cannot contain '"', so a ',' outside quotes
    // separates them; scan quote-aware anyway for robustness.
    std::size_t i = 0;
    bool quoted = false;
    for (; i < header.size(); ++i) {
      if (header[i] == '"') quoted = !quoted;
      if (header[i] == ',' && !quoted) break;
    }
    if (opaque(trim(header.substr(0, i))) == want) return true;
    header.remove_prefix(i < header.size() ? i + 1 : i);
  }
  return false;
}

}  // namespace mjgate::images
