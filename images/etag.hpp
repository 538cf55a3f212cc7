// Entity tags of kept images and If-None-Match matching (RFC 9110 §8.8.3,
// §13.1.2). A kept file is written once (temp file + rename), so its size and
// modification time identify its content. Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mjgate::images {

/// A strong ETag, quotes included: "\"<size hex>-<mtime ns hex>\"".
std::string make_etag(std::uint64_t size, std::int64_t mtime_ns);

/// True when an If-None-Match header value matches `etag` (weak comparison:
/// a W/ prefix is ignored on either side; "*" matches anything).
bool if_none_match_matches(std::string_view header, std::string_view etag);

}  // namespace mjgate::images
