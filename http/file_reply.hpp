// Answers a GET for a file kept on disk (kept images, backend uploads): ETag,
// If-None-Match → 304, one Range → 206/416, the bytes with their type.
#pragma once

#include <optional>
#include <string_view>

#include "http/reply.hpp"
#include "images/image_store.hpp"

namespace mjgate::http {

/// The answer for `file` (found on disk by the caller): 200 with the bytes,
/// `Cache-Control: <cache_control>`, its ETag (size + mtime: kept files are
/// only ever replaced by rename) and Accept-Ranges; 304 when `if_none_match`
/// matches; 206 or 416 for a `range` header. `gone` is answered when the
/// file disappeared or shrank since it was found. Reads on the calling
/// thread (files are bounded: image.max_bytes, 10 MiB uploads).
reply file_reply(const images::stored_image& file, std::string_view cache_control,
                 std::optional<std::string_view> if_none_match,
                 std::optional<std::string_view> range, const reply& gone);

}  // namespace mjgate::http
