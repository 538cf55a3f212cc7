// The simulated Midjourney bot's payloads as data: every message, embed and REST body the
// simulator emits is built here by one pure function each (§2.4, §2.5, §5.1, §9.4).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mjgate::sim {

/// Application id (= bot user id) of the Midjourney bot.
inline constexpr std::string_view mj_bot_id = "936929561302675456";
/// The imagine command id and version the simulator accepts (§3).
inline constexpr std::string_view imagine_command_id = "938956540159881230";
inline constexpr std::string_view imagine_command_version = "1237876415471554623";

/// What the bot knows about one job when it writes a message for it.
struct job_context {
  std::string channel_id, guild_id, user_id, username;
  std::string interaction_id;  ///< I
  std::string prompt_echo;     ///< P'
  std::string hash;            ///< H
  std::string public_base;     ///< base of every URL written into payloads
};

/// Discord message timestamp (ISO 8601, +00:00) of a snowflake id.
std::string snowflake_timestamp(std::uint64_t snowflake);

/// M1 "(Waiting to start)": type 20, carries the nonce, no attachments.
nlohmann::json waiting_message(const job_context& job, std::string_view message_id,
                               std::string_view nonce);

/// M1 updated to "(NN%) (fast)" with the `<H>_grid_0.webp` preview (full message, no nonce).
nlohmann::json progress_message(const job_context& job, std::string_view message_id, int percent,
                                std::string_view attachment_id, int preview_size);

/// M2, the finished grid: PNG attachment, U1–U4 + 🔄, V1–V4 and the web link button.
nlohmann::json final_message(const job_context& job, std::string_view message_id,
                             std::string_view attachment_id, std::string_view filename, int size,
                             std::size_t byte_count);

/// "Banned prompt detected" error embed with the nonce (§9.5).
nlohmann::json banned_message(const job_context& job, std::string_view message_id,
                              std::string_view nonce);

/// "Failed to process your command" reply with the nonce (§9.5).
nlohmann::json failed_message(const job_context& job, std::string_view message_id,
                              std::string_view nonce);

/// Ephemeral "Job queued" notice with the nonce (§9.4 admission).
nlohmann::json queued_message(const job_context& job, std::string_view message_id,
                              std::string_view nonce, int position);

/// `{applications, application_commands, cursor}` of §2.4 with the MJ commands of §3.
nlohmann::json command_search_body();

/// A Discord error body `{"message":..,"code":..}`.
nlohmann::json error_body(int code, std::string_view message);

/// 400 50035 with one `_errors` entry under `errors.<field>`.
nlohmann::json form_error_body(std::string_view field, std::string_view error_code,
                               std::string_view message);

/// 400 50035 INTERACTION_APPLICATION_COMMAND_INVALID_VERSION (§2.5).
nlohmann::json invalid_version_body();

}  // namespace mjgate::sim
