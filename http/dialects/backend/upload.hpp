// Backend uploads (api-contracts.md §7.6): the `file` field of a
// multipart/form-data body, sniffed as PNG, JPEG, WebP or GIF, stored as
// <data_dir>/files/<20 random letters and digits>.<ext> and served back
// publicly at GET /files/<name>.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "http/reply.hpp"

namespace mjgate::http::backend {

/// Largest uploaded file (one decoded image, api-contracts.md §1.2).
inline constexpr std::size_t max_upload_bytes = 10u << 20;

/// One uploaded image: its bytes and the type they announce.
struct upload {
  std::string bytes;
  std::string content_type;  ///< image/png, image/jpeg, image/webp or image/gif
  friend bool operator==(const upload&, const upload&) = default;
};

/// The `file` part of a multipart/form-data body (`content_type` is the
/// request's Content-Type header). 10102 when the body is not multipart, has
/// no `file` part, the part is larger than `max_bytes`, or its bytes are not
/// one of the four image types (the declared type is ignored). Pure.
std::variant<upload, reply> parse_upload(std::optional<std::string_view> content_type,
                                         std::string_view body,
                                         std::size_t max_bytes = max_upload_bytes);

/// A fresh name "<20 random letters and digits>.<ext>" for an image of
/// `content_type` (libsodium's CSPRNG; about 119 bits). Thread-safe.
std::string new_upload_name(std::string_view content_type);

/// {"code":0,"msg":"","error":"","uri":"/files/<name>","full_uri":"<base>/files/<name>"}.
reply upload_reply(std::string_view name, std::string_view public_base);

/// GET /files/<name>: the stored bytes with their type, ETag,
/// `Cache-Control: public, max-age=31536000, immutable` and Range support;
/// 404 for an unknown or invalid name (only upload names reach the disk).
reply uploaded_file_reply(const std::filesystem::path& dir, std::string_view name,
                          std::optional<std::string_view> if_none_match,
                          std::optional<std::string_view> range);

}  // namespace mjgate::http::backend
