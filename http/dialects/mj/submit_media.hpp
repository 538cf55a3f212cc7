// Parsing of the mj submits that carry images or stand-alone prompts
// (api-contracts.md §3.4): describe, blend, shorten, video and
// upload-discord-images. Images are decoded and checked here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "actors/messages.hpp"
#include "http/dialects/mj/data_url.hpp"
#include "http/dialects/mj/submit_fields.hpp"
#include "http/reply.hpp"

namespace mjgate::http::mj {

/// Longest image link accepted, in bytes.
inline constexpr std::size_t max_image_link_chars = 2000;
/// Image counts (api-contracts.md §3.4).
inline constexpr std::size_t min_blend_images = 2;
inline constexpr std::size_t max_blend_images = 5;
inline constexpr std::size_t max_upload_images = 5;

/// An image given by URL: fetched later under the SSRF policy.
struct image_link {
  std::string url;  ///< http or https
  friend bool operator==(const image_link&, const image_link&) = default;
};

/// An image sent inline (decoded) or by link.
using image_source = std::variant<image_data, image_link>;

/// POST /submit/describe.
struct describe_request {
  actors::principal who;
  submit_common common;
  image_source image;    ///< from `base64` (data URL or raw base64) or `link`
  std::string language;  ///< `language` lower-cased ("zh", "zh_cn" fill finalZhPrompt); "" = none
  friend bool operator==(const describe_request&, const describe_request&) = default;
};

/// Blend output shape.
enum class blend_dimensions : std::uint8_t { portrait, square, landscape };

/// "PORTRAIT", "SQUARE", "LANDSCAPE".
std::string_view to_string(blend_dimensions d);

/// POST /submit/blend.
struct blend_request {
  actors::principal who;
  submit_common common;
  std::vector<image_data> images;  ///< 2..5, in request order
  blend_dimensions dimensions = blend_dimensions::square;
  friend bool operator==(const blend_request&, const blend_request&) = default;
};

/// POST /submit/shorten.
struct shorten_request {
  actors::principal who;
  submit_common common;
  std::string prompt;  ///< trimmed, non-empty
  friend bool operator==(const shorten_request&, const shorten_request&) = default;
};

/// Video motion strength.
enum class video_motion : std::uint8_t { low, high };

/// POST /submit/video: from an image, or from a parent task's grid cell, or
/// extending a parent video.
struct video_request {
  actors::principal who;
  submit_common common;
  std::optional<image_source> image;  ///< set exactly when parent_id is empty
  std::string parent_id;              ///< `taskId`
  int index = 0;                      ///< grid cell 0..3 of the parent
  bool extend = false;                ///< `action:"extend"` (needs a parent)
  std::string prompt;
  video_motion motion = video_motion::low;
  std::optional<image_source> end_image;  ///< `endImage`
  bool loop = false;                      ///< `--end loop`; exclusive with end_image
  int batch_size = 4;                     ///< 1, 2 or 4
  std::string video_type;                 ///< `videoType`, passed through
  friend bool operator==(const video_request&, const video_request&) = default;
};

/// POST /submit/upload-discord-images.
struct upload_request {
  actors::principal who;
  std::vector<image_data> images;  ///< 1..5
  friend bool operator==(const upload_request&, const upload_request&) = default;
};

/// Imagine's reference images: `base64Array` (0..5) followed by the
/// deprecated `base64` (appended), each a data URL or raw base64; absent,
/// null and "" give none. At most 5 in all.
std::variant<std::vector<image_data>, reply> parse_reference_images(const nlohmann::json& body);

/// The video parameters after the prompt (api-contracts.md §3.4 rule 10):
/// "<prompt> --video 1 [--end loop|--end <url>] --motion <m> --bs <n>"
/// (the start image is put in front by whoever knows its URL).
std::string video_prompt(const video_request& r);

/// Each parser answers either its request or the reply rejecting the body:
/// HTTP 400 code 4 for non-JSON, HTTP 200 code 4 for an invalid field.
std::variant<describe_request, reply> parse_submit_describe(std::string_view body,
                                                            const actors::principal& who);
std::variant<blend_request, reply> parse_submit_blend(std::string_view body,
                                                      const actors::principal& who);
std::variant<shorten_request, reply> parse_submit_shorten(std::string_view body,
                                                          const actors::principal& who);
std::variant<video_request, reply> parse_submit_video(std::string_view body,
                                                      const actors::principal& who);
std::variant<upload_request, reply> parse_submit_upload(std::string_view body,
                                                        const actors::principal& who);

}  // namespace mjgate::http::mj
