// Images sent inline in submit bodies: base64 (RFC 4648) and
// `data:<mime>;base64,<payload>` URLs, decoded and checked. Pure.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace mjgate::http::mj {

/// Largest decoded image accepted from a client (api-contracts.md §1.2).
inline constexpr std::size_t max_image_bytes = 10 * 1024 * 1024;

/// A decoded image; `mime` is what the bytes are (sniffed), one of image/png,
/// image/jpeg, image/webp, image/gif.
struct image_data {
  std::string mime;
  std::string bytes;
  friend bool operator==(const image_data&, const image_data&) = default;
};

/// Why an inline image was refused.
enum class image_error {
  bad_format,        ///< not a data URL of the form data:<mime>;base64,<payload>
  bad_base64,        ///< characters outside the base64 alphabet, bad padding or length
  unsupported_mime,  ///< declared type is not png, jpeg, webp or gif
  not_an_image,      ///< decoded bytes are not a png, jpeg, webp or gif file
  empty,             ///< nothing after decoding
  too_large,         ///< decoded size above the bound
};

/// The Chinese client-facing description of `e` (used in code-4 envelopes).
std::string_view describe(image_error e);

/// Standard base64 → bytes. ASCII whitespace is skipped; `=` padding is
/// optional but, when present, must complete the last quantum. nullopt for any
/// other character, misplaced padding or a dangling single character.
std::optional<std::string> base64_decode(std::string_view text);

/// Bytes → standard base64 with padding.
std::string base64_encode(std::string_view bytes);

/// The image type of `bytes` from its magic number, or "" when it is none of
/// png, jpeg, webp, gif.
std::string_view sniff_image_mime(std::string_view bytes);

/// `data:<mime>[;param]*;base64,<payload>` (mime and `base64` case-insensitive,
/// image/jpg accepted as image/jpeg), or raw base64 without the `data:` header
/// (api-contracts.md §3.4). The decoded bytes must be an image of an allowed
/// type and at most `max_bytes` long.
std::variant<image_data, image_error> parse_data_url(std::string_view text,
                                                     std::size_t max_bytes = max_image_bytes);

}  // namespace mjgate::http::mj
