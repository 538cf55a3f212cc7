// Builders for what mjgate sends to Discord (discord-midjourney-protocol.md
// §2.1–§2.3, §4.2, §5.4): pure functions returning exact JSON text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

/// Type 3 select-menu choice (e.g. MJ::Settings::VersionSelector) with one
/// value copied verbatim from the message's options.
std::string build_select_click(const interaction_context& ctx, std::string_view message_id,
                               int message_flags, std::string_view custom_id,
                               std::string_view value, std::string_view nonce);

// -- slash commands other than imagine (§2.1 table) -------------------------

/// A file uploaded through the attachment flow (§2.2), as referenced by a
/// command's `data.attachments` or by a message.
struct uploaded_file {
  std::string filename;           ///< the name shown, e.g. "<taskId>.png"
  std::string uploaded_filename;  ///< `upload_filename` of the slot answer
};

/// The optional `dimensions` of /blend.
enum class blend_dimensions : std::uint8_t { none, portrait, square, landscape };
/// "PORTRAIT" / "SQUARE" / "LANDSCAPE" (case-insensitive), "" → none; nullopt otherwise.
std::optional<blend_dimensions> parse_blend_dimensions(std::string_view text);

/// /describe of an uploaded image (option type 11, one attachment with id "0").
std::string build_describe_upload(const interaction_context& ctx, const command_ref& cmd,
                                  const uploaded_file& file, std::string_view nonce);
/// /describe of a public link (option "link", no upload).
std::string build_describe_link(const interaction_context& ctx, const command_ref& cmd,
                                std::string_view link, std::string_view nonce);
/// /blend of 2–5 uploaded images (options image1..imageN, values 0..N-1) plus
/// `dimensions` "--ar 2:3" / "--ar 1:1" / "--ar 3:2"; nullopt for another count.
std::optional<std::string> build_blend(const interaction_context& ctx, const command_ref& cmd,
                                       const std::vector<uploaded_file>& files,
                                       blend_dimensions dimensions, std::string_view nonce);
/// /shorten <prompt>.
std::string build_shorten(const interaction_context& ctx, const command_ref& cmd,
                          std::string_view prompt, std::string_view nonce);
/// /show job_id:<H>; send it with a DM-channel context (no guild_id) for the seed flow.
std::string build_show(const interaction_context& ctx, const command_ref& cmd,
                       std::string_view job_hash, std::string_view nonce);
/// A command without options: /info, /settings, /fast, /relax (cmd.name decides).
std::string build_bare_command(const interaction_context& ctx, const command_ref& cmd,
                               std::string_view nonce);

// -- modals (§2.1 type 5, §5.4) ----------------------------------------------

/// Type 5 modal submit. `modal_id` is the INTERACTION_MODAL_CREATE id; the
/// custom ids are copied from that event; `value` is the text typed in.
std::string build_modal_submit(const interaction_context& ctx, std::string_view modal_id,
                               std::string_view modal_custom_id, std::string_view field_custom_id,
                               std::string_view value, std::string_view nonce);

/// "<id>" of an iframe modal's "MJ::iframe::<id>"; "" when it is not one.
std::string iframe_id_of(std::string_view custom_id);

/// Vary Region body for POST {discordsays}/inpaint/api/submit-job. `iframe_id`
/// comes from iframe_id_of; a "data:…;base64," prefix of the mask is removed.
std::string build_inpaint_submit(std::string_view iframe_id, std::string_view mask_base64,
                                 std::string_view prompt);

// -- uploads, messages, DM channel (§2.2, §2.3) ------------------------------

/// One file announced to POST /channels/{C}/attachments.
struct file_announcement {
  std::string filename;
  std::uint64_t file_size = 0;  ///< bytes
};
/// {"files":[{"filename","file_size","id":"<k>"}]} with ids "0", "1", ….
std::string build_attachment_slots(const std::vector<file_announcement>& files);

/// POST /channels/{C}/messages body that posts uploaded files (ids "0", "1", …).
std::string build_message_with_attachments(std::string_view channel_id, std::string_view nonce,
                                           const std::vector<uploaded_file>& files);

/// POST /users/@me/channels body opening the DM with a bot.
std::string build_dm_channel(std::string_view recipient_id);

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
