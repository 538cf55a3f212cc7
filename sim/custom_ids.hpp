// The customId grammar of §5.3 as the simulated bot reads it: which job or reply a button
// click asks for, and the tail words the result message carries (§5.1). Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mjgate::sim {

/// What a click's result looks like.
enum class click_result {
  grid,    ///< a 2×2 grid job with progress (variation, reroll, zoom, pan, …)
  single,  ///< one image, no progress (U pick), takes no concurrency slot
  hd,      ///< one image with "Upscaling by" progress (HD upscale), takes a slot
  video,   ///< an mp4 grid job (animate)
  other    ///< no image job (describe retry, bookmark, settings, modals only, …)
};

/// One parsed customId.
struct click_action {
  std::string action;  ///< "upsample", "variation", "reroll", "high_variation", "low_variation",
                       ///< "inpaint", "outpaint", "custom_zoom", "pan", "upscale_hd", "animate",
                       ///< "video_upsample", "picread_retry", "picreader", "prompt_analyzer",
                       ///< "bookmark", "settings", "appeal", "tos"
  std::string hash;    ///< the parent job hash, when the id names one
  int index = 0;       ///< image index 1..4 (or the PicReader / PromptAnalyzer line)
  std::string detail;  ///< pan direction, HD variant, outpaint 50/75, animate level, settings key
  bool remix_modal = false;   ///< opens a remix modal when the user's remix flag is on
  bool always_modal = false;  ///< always opens a modal (CustomZoom, PicReader, PromptAnalyzer)
  click_result result = click_result::other;
};

/// Parses a customId of §5.3; nullopt for an unknown family or a malformed id.
std::optional<click_action> parse_custom_id(std::string_view custom_id);

/// The words between "** - " and "<@U>" on a result's final message, e.g. "Image #2 ",
/// "Variations (Strong) by ", "Remix (Subtle) by ", "Zoom Out by ", "Pan Left by ",
/// "Upscaled (Subtle) by "; "" for a reroll (an imagine-like grid). `remix`: after a modal.
std::string final_tail_prefix(const click_action& a, bool remix);

/// The words before "<@U>" on progress messages: "Upscaling by " for HD upscales, else the
/// final prefix.
std::string progress_tail_prefix(const click_action& a, bool remix);

/// The modal a click opens (§5.4): its custom_id, text field id and title.
struct modal_ids {
  std::string custom_id, field_id, title;
};

/// The modal of a remix-capable or always-modal click; `message_id` is the clicked message
/// (the first remix reroll names it). Empty custom_id when the action opens no modal.
modal_ids modal_for(const click_action& a, std::string_view message_id);

}  // namespace mjgate::sim
