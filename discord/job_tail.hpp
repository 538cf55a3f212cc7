// The words of a Midjourney job line's tail (discord-midjourney-protocol.md
// §5.1): which action produced a message ("Variations (Strong) by", "Image #2",
// "Pan Left by", …). Pure; mj_message uses it for every reading.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/task.hpp"

namespace mjgate::discord {

/// The first line of "**<prompt>** - <tail>", split at the LAST "** - ".
struct job_line {
  std::string_view prompt;  ///< between the first "**" and the last "** - "
  std::string_view tail;    ///< the rest of the first line
};

/// nullopt when the first line does not start with "**" or has no "** - ".
std::optional<job_line> split_job_line(std::string_view content);

/// Which action a tail names.
struct tail_origin {
  /// IMAGINE also stands for reroll and blend: their tails are identical.
  domain::task_action action = domain::task_action::imagine;
  std::string variant;     ///< "Strong", "Subtle", "Region", "Left", "Creative", "2x", "Out", ""
  int image_index = 0;     ///< n of "Image #n" (a U pick), else 0
  bool remix = false;      ///< "Remix (…) by": a variation run through the remix modal
  bool upscaling = false;  ///< "Upscaling by": an HD upscale still running
  friend bool operator==(const tail_origin&, const tail_origin&) = default;
};

/// Reads the action words of a tail (extra spaces tolerated, case-sensitive);
/// a prompt holding "--video 1" makes it VIDEO. nullopt when the words are not
/// one of §5.1's forms or no "<@id>" mention follows them.
std::optional<tail_origin> read_tail_origin(std::string_view prompt, std::string_view tail);

}  // namespace mjgate::discord
