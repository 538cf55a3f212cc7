// Reading the Midjourney bot's messages (discord-midjourney-protocol.md §5,
// §7.1): content grammar, progress, final results, error embeds, job hash.
// Pure functions over typed gateway events.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "discord/events.hpp"
#include "discord/job_tail.hpp"
#include "discord/mj_signal.hpp"

namespace mjgate::discord {

enum class mj_phase : std::uint8_t {
  unknown,   ///< not a Midjourney job message we understand
  waiting,   ///< "(Waiting to start)"
  progress,  ///< "(NN%)"
  done,      ///< final: an image attachment and a non-progress tail
  error,     ///< error embed or "Failed…" content
  queued,    ///< "Job queued" notice (stay SUBMITTED)
};

struct mj_reading {
  mj_phase phase = mj_phase::unknown;
  std::string prompt;      ///< MJ's echo (between the first "**" and the last "** - ")
  int progress = -1;       ///< 0..100 for progress
  std::string mode;        ///< FAST / RELAX / TURBO from the tail, "" if absent
  std::string mention_id;  ///< <@id> in the tail
  std::string job_hash;    ///< best source per §5.2
  std::string image_url;   ///< first attachment url (preview or final)
  std::string error;       ///< "[<title>] <description>" or the Failed… content
  int image_index = 0;     ///< n of an "Image #n" tail (U pick), 0 otherwise
  std::string title;       ///< first embed title, verbatim ("" if none): account-level signals
  std::optional<tail_origin> origin;  ///< which action the tail names (job lines only)
  mj_signal_reading signal;           ///< §7.1 classification (error / queued phases)
};

/// True when the author is one of the Midjourney/niji bots (§1).
bool is_midjourney_author(const gateway_event& ev);

/// Reads a message event (CREATE or UPDATE) from the bot.
mj_reading read_mj_message(const gateway_event& ev);

/// The job hash per §5.2 sources (link buttons, custom ids, attachment path).
std::string extract_job_hash(const gateway_event& ev);

/// First UUID-shaped token found at the end of a text ("" if none).
std::string last_uuid_in(std::string_view text);

}  // namespace mjgate::discord
