// Builders for what mjgate sends to Discord (discord-midjourney-protocol.md
// §2.1, §4.2): pure functions returning exact JSON text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mjgate::discord {

inline constexpr std::string_view mj_application_id = "936929561302675456";
inline constexpr std::string_view niji_application_id = "1022952195194359889";

/// Where an interaction is sent.
struct interaction_context {
  std::string application_id{mj_application_id};
  std::string guild_id;  ///< "" in a DM channel (omitted from the payload)
  std::string channel_id;
  std::string session_id;
};

/// A slash command's id and version (discovered, configured or fallback §3).
struct command_ref {
  std::string id;
  std::string version;
  std::string name;
};

/// Fallback command refs of §3 for "imagine" etc.; empty id when unknown.
command_ref fallback_command(std::string_view bot_type, std::string_view name);

/// Type 2 imagine interaction.
std::string build_imagine(const interaction_context& ctx, const command_ref& cmd,
                          std::string_view prompt, std::string_view nonce);
/// Type 3 button click on message_id.
std::string build_component_click(const interaction_context& ctx, std::string_view message_id,
                                  int message_flags, std::string_view custom_id,
                                  std::string_view nonce);

/// Snowflake: ((ms - 1420070400000) << 22) | (worker << 17) | (process << 12) | seq.
std::uint64_t make_snowflake(std::int64_t unix_ms, unsigned worker, unsigned process, unsigned seq);
/// Decimal string of make_snowflake, used as an interaction nonce.
std::string make_nonce(std::int64_t unix_ms, unsigned worker, unsigned seq);

/// Gateway payloads.
std::string identify_payload(std::string_view token, std::string_view user_agent,
                             int client_build_number);
std::string resume_payload(std::string_view token, std::string_view session_id, std::int64_t seq);
std::string heartbeat_payload(std::int64_t seq);  ///< seq < 0 → null

/// Browser facts derived from a User-Agent, as sent in IDENTIFY properties.
struct browser_properties {
  std::string os;               ///< "Windows", "Mac OS X", "Linux", "Android", "iOS"
  std::string browser;          ///< "Chrome", "Firefox", "Safari", "Edge"
  std::string browser_version;  ///< "131.0.0.0"
  std::string os_version;       ///< "10" for Windows NT 10.0, "" when unknown
};
/// Pure UA parser used by identify_payload and the super properties.
browser_properties parse_user_agent(std::string_view user_agent);
/// The IDENTIFY `properties` object as compact JSON (§4.2).
std::string super_properties_json(std::string_view user_agent, int client_build_number);
/// base64 of super_properties_json: the X-Super-Properties header (§1.2).
std::string super_properties_base64(std::string_view user_agent, int client_build_number);

}  // namespace mjgate::discord
