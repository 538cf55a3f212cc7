// The simulated Midjourney bot's payloads as data: every message, embed and REST body the
// simulator emits is built here by one pure function each (§2.4, §2.5, §5.1, §5.4, §5.5, §9.4).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mjgate::sim {

/// Application id (= bot user id) of the Midjourney bot.
inline constexpr std::string_view mj_bot_id = "936929561302675456";
/// Application id (= bot user id) of the niji journey bot.
inline constexpr std::string_view niji_bot_id = "1022952195194359889";
/// The imagine command id and version the simulator accepts by default (§3).
inline constexpr std::string_view imagine_command_id = "938956540159881230";
inline constexpr std::string_view imagine_command_version = "1237876415471554623";

/// One slash command of one bot as discovery reports it (§2.4, §3).
struct command_row {
  std::string bot_id, name, id, version;
};

/// The §3 table: the nine commands of MJ, then the nine of Niji.
std::vector<command_row> default_commands();

/// What the bot knows about one job when it writes a message for it.
struct job_context {
  std::string channel_id, guild_id, user_id, username;  ///< guild_id "" in a DM channel
  std::string interaction_id;                           ///< I
  std::string prompt_echo;                              ///< P'
  std::string hash;                                     ///< H
  std::string public_base;                              ///< base of every URL written into payloads
  std::string bot_id = std::string{mj_bot_id};
  int interaction_type = 2;                  ///< 2 slash command, 3 click, 5 modal submit
  std::string interaction_name = "imagine";  ///< command name (type 2)
  std::string parent_message_id;             ///< clicks: the message that carried the button
  std::string triggering_interaction_id;     ///< modal submits: the click's interaction id
  std::string progress_prefix;               ///< tail words before "<@U>" while running
  std::string final_prefix;                  ///< tail words before "<@U>" on the result
  std::string mode = "fast";                 ///< "fast" | "relaxed" | "turbo"
};

/// What /info and /settings show about a user.
struct user_profile {
  std::string job_mode = "fast";  ///< "fast" | "relax" | "turbo"
  double fast_hours_left = 14.32, fast_hours_total = 15.0;
  bool remix = false, stealth = false, high_variability = false;
  std::string version = "7";
  std::uint64_t lifetime_jobs = 0;
  int running = 0, queued = 0;
};

/// Discord message timestamp (ISO 8601, +00:00) of a snowflake id.
std::string snowflake_timestamp(std::uint64_t snowflake);

/// M1 "(Waiting to start)": type 20, carries the nonce, no attachments.
nlohmann::json waiting_message(const job_context& job, std::string_view message_id,
                               std::string_view nonce);

/// M1 updated to "(NN%) (mode)" with the `<H>_grid_0.webp` preview (full message, no nonce).
nlohmann::json progress_message(const job_context& job, std::string_view message_id, int percent,
                                std::string_view attachment_id, int preview_size);

/// M2, the finished grid: PNG attachment, U1–U4 + 🔄, V1–V4 and the web link button.
nlohmann::json final_message(const job_context& job, std::string_view message_id,
                             std::string_view attachment_id, std::string_view filename, int size,
                             std::size_t byte_count);

/// One picked or upscaled image: PNG attachment and the single-image buttons (upscale, vary,
/// zoom, pan, animate, bookmark, web link). "Image #n" tails carry no mode.
nlohmann::json single_image_message(const job_context& job, std::string_view message_id,
                                    std::string_view attachment_id, std::string_view filename,
                                    int size, std::size_t byte_count);

/// An animate result: an mp4 attachment and the video pick buttons.
nlohmann::json video_message(const job_context& job, std::string_view message_id,
                             std::string_view attachment_id, std::string_view filename,
                             std::size_t byte_count);

/// A red (or other colour) embed reply with the nonce, e.g. "Invalid parameter" (§7.1);
/// `buttons` are (custom_id, label) pairs in one action row.
nlohmann::json embed_reply(const job_context& job, std::string_view message_id,
                           std::string_view nonce, std::string_view title,
                           std::string_view description, int color,
                           const std::vector<std::pair<std::string, std::string>>& buttons = {});

/// "Banned prompt detected" error embed with the nonce (§9.5).
nlohmann::json banned_message(const job_context& job, std::string_view message_id,
                              std::string_view nonce);

/// "Failed to process your command" reply with the nonce (§9.5).
nlohmann::json failed_message(const job_context& job, std::string_view message_id,
                              std::string_view nonce);

/// Ephemeral "Job queued" notice with the nonce (§9.4 admission).
nlohmann::json queued_message(const job_context& job, std::string_view message_id,
                              std::string_view nonce, int position);

/// The `d` of INTERACTION_MODAL_CREATE: one text field, prefilled with `value` (§5.4).
nlohmann::json modal_event(std::string_view id, std::string_view nonce, std::string_view bot_id,
                           std::string_view channel_id, std::string_view custom_id,
                           std::string_view title, std::string_view field_id,
                           std::string_view value);

/// The `d` of INTERACTION_IFRAME_MODAL_CREATE (Vary Region editor, CAPTCHA).
nlohmann::json iframe_modal_event(std::string_view id, std::string_view nonce,
                                  std::string_view bot_id, std::string_view channel_id,
                                  std::string_view custom_id, std::string_view title,
                                  std::string_view iframe_path);

/// The four deterministic descriptions of an image (pure function of a hash),
/// four different lines as Midjourney gives them.
std::vector<std::string> describe_lines(std::string_view hash);

/// Describe reply: 1️⃣..4️⃣ embed, the image, PicReader 1..4 / all and Retry buttons.
nlohmann::json describe_message(const job_context& job, std::string_view message_id,
                                std::string_view nonce, std::string_view image_url,
                                const std::vector<std::string>& lines);

/// The five shortened prompts of a prompt (pure).
std::vector<std::string> shorten_prompts(std::string_view prompt);

/// Shorten reply: "## Important tokens … ## Shortened prompts" embed and PromptAnalyzer buttons.
nlohmann::json shorten_message(const job_context& job, std::string_view message_id,
                               std::string_view nonce, const std::vector<std::string>& prompts);

/// "fast hours" figure as MJ writes it: "14.32/15.0 hours (95.47%)".
std::string fast_time_text(double left, double total);

/// Ephemeral /info reply (flags 64) with `**Key**: value` lines.
nlohmann::json info_message(const job_context& job, std::string_view message_id,
                            std::string_view nonce, const user_profile& p);

/// Ephemeral /settings reply: VersionSelector and labelled buttons, style 3 = on.
nlohmann::json settings_message(const job_context& job, std::string_view message_id,
                                std::string_view nonce, const user_profile& p);

/// Ephemeral confirmation of /fast or /relax.
nlohmann::json mode_message(const job_context& job, std::string_view message_id,
                            std::string_view nonce, std::string_view mode);

/// The seed DM: `**<prompt>**\n**Job ID**: <H>\n**seed** <n>` (§5.5).
nlohmann::json seed_message(const job_context& job, std::string_view message_id,
                            std::uint64_t seed);

/// A user's own message with uploaded attachments (upload step 3, §2.2).
nlohmann::json user_message(std::string_view message_id, std::string_view channel_id,
                            std::string_view guild_id, std::string_view user_id,
                            std::string_view username, std::string_view content,
                            std::string_view nonce, const nlohmann::json& attachments);

/// A DM channel object with one bot.
nlohmann::json dm_channel(std::string_view channel_id, std::string_view bot_id);

/// `{applications, application_commands, cursor}` of §2.4 for the given commands.
nlohmann::json command_search_body(const std::vector<command_row>& commands);

/// A Discord error body `{"message":..,"code":..}`.
nlohmann::json error_body(int code, std::string_view message);

/// 400 50035 with one `_errors` entry under `errors.<field>`.
nlohmann::json form_error_body(std::string_view field, std::string_view error_code,
                               std::string_view message);

/// 400 50035 INTERACTION_APPLICATION_COMMAND_INVALID_VERSION (§2.5).
nlohmann::json invalid_version_body();

}  // namespace mjgate::sim
