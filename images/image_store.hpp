// The directory of kept images, <dir>/<task id>.<ext>: lookup, atomic write
// (temp file, fsync, rename: a crash never leaves a half file under the final
// name) and ranged reads. Plain blocking file I/O; callers pick the thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace mjgate::images {

/// A kept image as found on disk.
struct stored_image {
  std::filesystem::path path;
  std::string content_type;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;  ///< last write, nanoseconds since the epoch
};

/// The kept image of task `id` in `dir`, or nullopt (invalid id, no file, or
/// `dir` empty). Never looks outside `dir`. Thread-safe.
std::optional<stored_image> find_image(const std::filesystem::path& dir, std::string_view id);

/// The file `name` (a plain file name the caller validated, never a path) in
/// `dir`, typed `content_type`; nullopt when absent or `dir` is empty.
std::optional<stored_image> find_file(const std::filesystem::path& dir, std::string_view name,
                                      std::string_view content_type);

/// Stores `bytes` as <dir>/<name> (a plain file name the caller validated),
/// creating `dir` if needed and replacing an older copy, atomically: a temp
/// file, fsync, rename. Returns the final path, or the problem as text.
std::optional<std::filesystem::path> write_file(const std::filesystem::path& dir,
                                                std::string_view name, std::string_view bytes,
                                                std::string& problem);

/// Stores `bytes` as <dir>/<id>.<ext of content_type>, creating `dir` if
/// needed and replacing an older copy. Returns the final path, or the problem
/// as text (invalid id, unsupported type, I/O error). Thread-safe for
/// distinct ids.
std::optional<std::filesystem::path> write_image(const std::filesystem::path& dir,
                                                 std::string_view id, std::string_view content_type,
                                                 std::string_view bytes, std::string& problem);

/// Reads `count` bytes at `offset` of `path`; nullopt if the file is shorter
/// or unreadable.
std::optional<std::string> read_bytes(const std::filesystem::path& path, std::uint64_t offset,
                                      std::uint64_t count);

}  // namespace mjgate::images
