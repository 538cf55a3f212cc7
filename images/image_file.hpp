// Which file holds a task's kept image and what type it is: id validation,
// content type ↔ extension, magic-byte sniffing. Pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mjgate::images {

/// True for ids that may name an image file: 1..32 decimal digits (task ids
/// are 16). Anything else ("..", "/", letters) never reaches the filesystem.
bool is_valid_image_id(std::string_view id);

/// "png", "jpg", "webp" or "gif" for the supported media types; "" otherwise.
std::string_view extension_for(std::string_view content_type);

/// The media type of a supported extension ("png" → "image/png"); "" otherwise.
std::string_view content_type_for(std::string_view extension);

/// Length of the random part of an uploaded file's name (api-contracts.md §7.6).
inline constexpr std::size_t upload_id_length = 20;

/// True for names of uploaded files: exactly upload_id_length ASCII letters
/// or digits, a dot and png, jpg, webp or gif. Anything else ("..", "/",
/// "%2e") never reaches the filesystem.
bool is_valid_upload_name(std::string_view name);

/// The media type an upload name's extension stands for; "" when invalid.
std::string_view upload_content_type(std::string_view name);

/// "<id>.<ext>"; "" when the id is invalid or the type unsupported.
std::string image_file_name(std::string_view id, std::string_view content_type);

/// The media type the leading bytes announce (PNG, JPEG, GIF, WebP); "" if none.
std::string_view sniff_image_type(std::string_view bytes);

/// The type to store a download as: the sniffed type when the bytes announce
/// one, else the Content-Type header's media type if it is a supported image
/// type, else nullopt (not an image we keep).
std::optional<std::string> choose_content_type(std::string_view content_type_header,
                                               std::string_view bytes);

}  // namespace mjgate::images
