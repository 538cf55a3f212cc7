// Readers of Midjourney's replies other than job grids (discord-midjourney-protocol.md
// §5.5): describe, shorten, info, settings and the seed DM. Pure functions
// over typed gateway events.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "discord/events.hpp"

namespace mjgate::discord {

/// Items of a keycap-numbered list ("1️⃣ …\n\n2️⃣ …"), in order, trimmed.
/// A heading line ("## …") ends the current item; other lines continue it.
std::vector<std::string> numbered_items(std::string_view text);

/// /describe result.
struct describe_reply {
  std::vector<std::string> prompts;  ///< usually 4
  std::string description;           ///< embed description verbatim (the task's prompt)
  std::string image_url;             ///< embed image, else the first attachment
};
/// nullopt unless the first embed's description holds a numbered list.
std::optional<describe_reply> read_describe_reply(const gateway_event& ev);

/// Prompt `n` (1-based) of a describe result's text (the task's prompt, as
/// read_describe_reply keeps it): what PicReader n imagines. "" when absent.
std::string describe_line(std::string_view description, int n);

/// /shorten result.
struct shorten_reply {
  std::vector<std::string> prompts;  ///< the "Shortened prompts" list, usually 5
  std::string important_tokens;      ///< text of the "Important tokens" section, trimmed
  std::string description;           ///< embed description verbatim
};
/// nullopt unless the first embed has a "Shortened prompts" section with items.
std::optional<shorten_reply> read_shorten_reply(const gateway_event& ev);

/// /info result: every "**Key**: value" line kept raw, plus the parsed facts.
struct info_reply {
  std::vector<std::pair<std::string, std::string>> fields;  ///< in order, values trimmed
  std::string subscription;
  std::string job_mode;  ///< FAST / RELAX / TURBO ("" when unreadable)
  std::string visibility_mode;
  std::optional<double> fast_hours_remaining;  ///< "14.32/15.0 hours (95.47%)" → 14.32
  std::optional<double> fast_hours_total;      ///< → 15.0
  /// Raw value of a key ("" when absent).
  std::string value(std::string_view key) const;
};
/// nullopt unless the first embed's title contains "Your info".
std::optional<info_reply> read_info_reply(const gateway_event& ev);

/// One labelled /settings button: on when its style is 3 (success).
struct settings_toggle {
  std::string label;
  std::string custom_id;
  bool on = false;
};

/// /settings message (ephemeral): clicks on it need its id and flags.
struct settings_reply {
  std::string message_id;
  int flags = 0;                        ///< copy into message_flags when clicking (64)
  std::string version_selector_id;      ///< "MJ::Settings::VersionSelector" as sent
  std::vector<select_option> versions;  ///< the selector's options
  std::string current_version;          ///< value of the default option ("" if none)
  std::vector<settings_toggle> toggles;
  /// On/off of the button labelled `label` (case-insensitive); nullopt when absent.
  std::optional<bool> toggle(std::string_view label) const;
};
/// nullopt unless the message answers /settings (interaction name, the
/// version selector or an MJ::Settings:: button).
std::optional<settings_reply> read_settings_reply(const gateway_event& ev);

/// The seed DM "**<prompt>**\n**Job ID**: <H>\n**seed** <digits>".
struct seed_reply {
  std::string job_hash;
  std::uint64_t seed = 0;
};
/// nullopt unless both the Job ID (a UUID) and the seed digits are present.
std::optional<seed_reply> read_seed_reply(std::string_view content);

}  // namespace mjgate::discord
