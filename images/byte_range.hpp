// The Range request header for GET /mj/image/{id} (RFC 9110 §14): one byte
// range in the forms bytes=a-b, bytes=a- and bytes=-n. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mjgate::images {

enum class range_kind {
  whole,          ///< no usable Range header: 200 with the whole file
  partial,        ///< 206 with bytes [first, last]
  unsatisfiable,  ///< 416 with Content-Range: bytes */size
};

struct range_decision {
  range_kind kind = range_kind::whole;
  std::uint64_t first = 0;
  std::uint64_t last = 0;  ///< inclusive
  friend bool operator==(const range_decision&, const range_decision&) = default;
};

/// Decides how to answer `header` (nullopt = no Range header) for a file of
/// `size` bytes. Headers that are not a single syntactically valid bytes
/// range (other units, several ranges, a > b, garbage) are ignored, as RFC
/// 9110 allows, and give `whole`. A range starting at or past the end, a
/// suffix of 0 bytes or any range of an empty file is unsatisfiable. The last
/// position is clamped to size - 1; a suffix longer than the file is the
/// whole file (as 206).
range_decision decide_range(std::optional<std::string_view> header, std::uint64_t size);

/// The Content-Range value: "bytes a-b/size" (partial) or "bytes */size".
std::string content_range(const range_decision& d, std::uint64_t size);

}  // namespace mjgate::images
