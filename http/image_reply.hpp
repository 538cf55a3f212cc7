// GET /mj/image/{id} (api-contracts.md §3.10): the kept image of a task with
// ETag, If-None-Match → 304, a single Range → 206/416, and 404 otherwise.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "http/reply.hpp"

namespace mjgate::http {

/// Answers a request for the image of task `id` kept in `dir` ("" = no
/// images: always 404). `if_none_match` and `range` are the request headers.
/// Reads the file on the calling thread: kept files are bounded by
/// image.max_bytes (a few MB in practice) and come from the page cache.
/// Unknown or invalid ids (anything but digits) answer 404
/// {"error":"midjourney_task_not_found"} without touching the filesystem.
reply image_reply(const std::filesystem::path& dir, std::string_view id,
                  std::optional<std::string_view> if_none_match,
                  std::optional<std::string_view> range);

}  // namespace mjgate::http
