#include "discord/payloads.hpp"

#include <array>

#include <nlohmann/json.hpp>

#include "domain/text.hpp"

namespace mjgate::discord {

namespace {

using ojson = nlohmann::ordered_json;

// -- command table of §3 ---------------------------------------------------

struct command_row {
  std::string_view name, mj_id, mj_version, niji_id, niji_version;
};

constexpr std::array<command_row, 9> command_table{{
    {"imagine", "938956540159881230", "1237876415471554623", "1023054140580057099",
     "1248805223892254774"},
    {"describe", "1092492867185950852", "1237876415471554625", "1092683500743831652",
     "1248805223892254776"},
    {"blend", "1062880104792997970", "1237876415471554624", "1061216934374424697",
     "1248805223892254775"},
    {"shorten", "1121575372539039774", "1247736572414001223", "1121575453916942376",
     "1248805223892254777"},
    {"show", "1169435442328911902", "1247736572414001224", "1023054140580057101",
     "1248805223892254781"},
    {"info", "972289487818334209", "1237876415735660565", "1023054140580057102",
     "1248805223892254782"},
    {"settings", "1000850743479255081", "1493662068581077053", "1023054140634579025",
     "1493662157915684906"},
    {"fast", "972289487818334212", "1237876415735660572", "1023054140580057107",
     "1248805223925940261"},
    {"relax", "972289487818334213", "1237876415735660573", "1023054140634579024",
     "1248805223925940262"},
}};

// Returns the version token that follows `key` ("Chrome/") up to a space or ';'.
std::string token_after(std::string_view ua, std::string_view key) {
  auto pos = ua.find(key);
  if (pos == std::string_view::npos) return {};
  pos += key.size();
  auto end = ua.find_first_of(" ;)", pos);
  return std::string{ua.substr(pos, end == std::string_view::npos ? ua.size() - pos : end - pos)};
}

bool contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

ojson properties_object(std::string_view user_agent, int client_build_number) {
  auto p = parse_user_agent(user_agent);
  ojson o;
  o["os"] = p.os;
  o["browser"] = p.browser;
  o["device"] = "";
  o["system_locale"] = "en-US";
  o["browser_user_agent"] = user_agent;
  o["browser_version"] = p.browser_version;
  o["os_version"] = p.os_version;
  o["referrer"] = "";
  o["referring_domain"] = "";
  o["referrer_current"] = "";
  o["referring_domain_current"] = "";
  o["release_channel"] = "stable";
  o["client_build_number"] = client_build_number;
  o["client_event_source"] = nullptr;
  return o;
}

std::string base64(std::string_view in) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    auto n = (std::uint32_t(std::uint8_t(in[i])) << 16) |
             (std::uint32_t(std::uint8_t(in[i + 1])) << 8) | std::uint8_t(in[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  if (auto rest = in.size() - i; rest > 0) {
    auto n = std::uint32_t(std::uint8_t(in[i])) << 16;
    if (rest == 2) n |= std::uint32_t(std::uint8_t(in[i + 1])) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += rest == 2 ? alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

ojson string_option(std::string_view name, std::string_view value) {
  ojson o;
  o["type"] = 3;
  o["name"] = name;
  o["value"] = value;
  return o;
}

ojson attachment_option(std::string_view name, int index) {
  ojson o;
  o["type"] = 11;
  o["name"] = name;
  o["value"] = index;
  return o;
}

ojson attachment_list(const std::vector<uploaded_file>& files) {
  auto list = ojson::array();
  for (std::size_t i = 0; i < files.size(); ++i) {
    ojson a;
    a["id"] = std::to_string(i);
    a["filename"] = files[i].filename;
    a["uploaded_filename"] = files[i].uploaded_filename;
    list.push_back(std::move(a));
  }
  return list;
}

std::string_view aspect_ratio(blend_dimensions d) {
  switch (d) {
    case blend_dimensions::portrait:
      return "--ar 2:3";
    case blend_dimensions::square:
      return "--ar 1:1";
    case blend_dimensions::landscape:
      return "--ar 3:2";
    case blend_dimensions::none:
      break;
  }
  return {};
}

// Type 2: every slash command shares this envelope; only `data` differs.
std::string slash_command(const interaction_context& ctx, const command_ref& cmd,
                          std::string_view default_name, ojson options, ojson attachments,
                          std::string_view nonce) {
  ojson j;
  j["type"] = 2;
  j["application_id"] = ctx.application_id;
  if (!ctx.guild_id.empty()) j["guild_id"] = ctx.guild_id;
  j["channel_id"] = ctx.channel_id;
  j["session_id"] = ctx.session_id;
  j["nonce"] = nonce;
  j["analytics_location"] = "slash_ui";
  ojson data;
  data["version"] = cmd.version;
  data["id"] = cmd.id;
  data["name"] = cmd.name.empty() ? std::string{default_name} : cmd.name;
  data["type"] = 1;
  data["options"] = std::move(options);
  data["attachments"] = std::move(attachments);
  j["data"] = std::move(data);
  return j.dump();
}

// Type 3: a button or select on message_id.
std::string component_interaction(const interaction_context& ctx, std::string_view message_id,
                                  int message_flags, ojson data, std::string_view nonce) {
  ojson j;
  j["type"] = 3;
  j["nonce"] = nonce;
  if (!ctx.guild_id.empty()) j["guild_id"] = ctx.guild_id;
  j["channel_id"] = ctx.channel_id;
  j["message_flags"] = message_flags;
  j["message_id"] = message_id;
  j["application_id"] = ctx.application_id;
  j["session_id"] = ctx.session_id;
  j["data"] = std::move(data);
  return j.dump();
}

}  // namespace

command_ref fallback_command(std::string_view bot_type, std::string_view name) {
  bool niji = bot_type == "NIJI_JOURNEY";
  for (const auto& row : command_table)
    if (row.name == name)
      return niji ? command_ref{std::string{row.niji_id}, std::string{row.niji_version},
                                std::string{name}}
                  : command_ref{std::string{row.mj_id}, std::string{row.mj_version},
                                std::string{name}};
  return command_ref{{}, {}, std::string{name}};
}

std::string build_imagine(const interaction_context& ctx, const command_ref& cmd,
                          std::string_view prompt, std::string_view nonce) {
  return slash_command(ctx, cmd, "imagine", ojson::array({string_option("prompt", prompt)}),
                       ojson::array(), nonce);
}

std::string build_component_click(const interaction_context& ctx, std::string_view message_id,
                                  int message_flags, std::string_view custom_id,
                                  std::string_view nonce) {
  ojson data;
  data["component_type"] = 2;
  data["custom_id"] = custom_id;
  return component_interaction(ctx, message_id, message_flags, std::move(data), nonce);
}

std::string build_select_click(const interaction_context& ctx, std::string_view message_id,
                               int message_flags, std::string_view custom_id,
                               std::string_view value, std::string_view nonce) {
  ojson data;
  data["component_type"] = 3;
  data["custom_id"] = custom_id;
  data["type"] = 3;
  data["values"] = ojson::array({value});
  return component_interaction(ctx, message_id, message_flags, std::move(data), nonce);
}

std::optional<blend_dimensions> parse_blend_dimensions(std::string_view text) {
  auto t = domain::to_lower(text);
  if (t.empty()) return blend_dimensions::none;
  if (t == "portrait") return blend_dimensions::portrait;
  if (t == "square") return blend_dimensions::square;
  if (t == "landscape") return blend_dimensions::landscape;
  return std::nullopt;
}

std::string build_describe_upload(const interaction_context& ctx, const command_ref& cmd,
                                  const uploaded_file& file, std::string_view nonce) {
  return slash_command(ctx, cmd, "describe", ojson::array({attachment_option("image", 0)}),
                       attachment_list({file}), nonce);
}

std::string build_describe_link(const interaction_context& ctx, const command_ref& cmd,
                                std::string_view link, std::string_view nonce) {
  return slash_command(ctx, cmd, "describe", ojson::array({string_option("link", link)}),
                       ojson::array(), nonce);
}

std::optional<std::string> build_blend(const interaction_context& ctx, const command_ref& cmd,
                                       const std::vector<uploaded_file>& files,
                                       blend_dimensions dimensions, std::string_view nonce) {
  if (files.size() < 2 || files.size() > 5) return std::nullopt;
  auto options = ojson::array();
  for (std::size_t i = 0; i < files.size(); ++i)
    options.push_back(attachment_option("image" + std::to_string(i + 1), static_cast<int>(i)));
  if (auto ar = aspect_ratio(dimensions); !ar.empty())
    options.push_back(string_option("dimensions", ar));
  return slash_command(ctx, cmd, "blend", std::move(options), attachment_list(files), nonce);
}

std::string build_shorten(const interaction_context& ctx, const command_ref& cmd,
                          std::string_view prompt, std::string_view nonce) {
  return slash_command(ctx, cmd, "shorten", ojson::array({string_option("prompt", prompt)}),
                       ojson::array(), nonce);
}

std::string build_show(const interaction_context& ctx, const command_ref& cmd,
                       std::string_view job_hash, std::string_view nonce) {
  return slash_command(ctx, cmd, "show", ojson::array({string_option("job_id", job_hash)}),
                       ojson::array(), nonce);
}

std::string build_bare_command(const interaction_context& ctx, const command_ref& cmd,
                               std::string_view nonce) {
  return slash_command(ctx, cmd, cmd.name, ojson::array(), ojson::array(), nonce);
}

std::string build_modal_submit(const interaction_context& ctx, std::string_view modal_id,
                               std::string_view modal_custom_id, std::string_view field_custom_id,
                               std::string_view value, std::string_view nonce) {
  ojson j;
  j["type"] = 5;
  j["application_id"] = ctx.application_id;
  j["channel_id"] = ctx.channel_id;
  if (!ctx.guild_id.empty()) j["guild_id"] = ctx.guild_id;
  j["session_id"] = ctx.session_id;
  j["nonce"] = nonce;
  ojson field;
  field["type"] = 4;
  field["custom_id"] = field_custom_id;
  field["value"] = value;
  ojson row;
  row["type"] = 1;
  row["components"] = ojson::array({std::move(field)});
  ojson data;
  data["id"] = modal_id;
  data["custom_id"] = modal_custom_id;
  data["components"] = ojson::array({std::move(row)});
  j["data"] = std::move(data);
  return j.dump();
}

std::string iframe_id_of(std::string_view custom_id) {
  constexpr std::string_view prefix = "MJ::iframe::";
  if (!custom_id.starts_with(prefix) || custom_id.size() == prefix.size()) return {};
  return std::string{custom_id.substr(prefix.size())};
}

std::string build_inpaint_submit(std::string_view iframe_id, std::string_view mask_base64,
                                 std::string_view prompt) {
  if (mask_base64.starts_with("data:"))
    if (auto comma = mask_base64.find(','); comma != std::string_view::npos)
      mask_base64.remove_prefix(comma + 1);
  ojson j;
  j["customId"] = iframe_id;
  j["mask"] = mask_base64;
  j["prompt"] = prompt;
  j["userId"] = "0";
  j["username"] = "0";
  return j.dump();
}

std::string build_attachment_slots(const std::vector<file_announcement>& files) {
  auto list = ojson::array();
  for (std::size_t i = 0; i < files.size(); ++i) {
    ojson f;
    f["filename"] = files[i].filename;
    f["file_size"] = files[i].file_size;
    f["id"] = std::to_string(i);
    list.push_back(std::move(f));
  }
  ojson j;
  j["files"] = std::move(list);
  return j.dump();
}

std::string build_message_with_attachments(std::string_view channel_id, std::string_view nonce,
                                           const std::vector<uploaded_file>& files) {
  ojson j;
  j["content"] = "";
  j["channel_id"] = channel_id;
  j["type"] = 0;
  j["sticker_ids"] = ojson::array();
  j["nonce"] = nonce;
  j["attachments"] = attachment_list(files);
  return j.dump();
}

std::string build_dm_channel(std::string_view recipient_id) {
  ojson j;
  j["recipients"] = ojson::array({recipient_id});
  return j.dump();
}

std::uint64_t make_snowflake(std::int64_t unix_ms, unsigned worker, unsigned process,
                             unsigned seq) {
  constexpr std::int64_t discord_epoch = 1420070400000;
  auto ms = unix_ms > discord_epoch ? std::uint64_t(unix_ms - discord_epoch) : 0u;
  return (ms << 22) | (std::uint64_t(worker & 31u) << 17) | (std::uint64_t(process & 31u) << 12) |
         std::uint64_t(seq & 4095u);
}

std::string make_nonce(std::int64_t unix_ms, unsigned worker, unsigned seq) {
  return std::to_string(make_snowflake(unix_ms, worker, 0, seq));
}

browser_properties parse_user_agent(std::string_view ua) {
  browser_properties p;
  if (contains(ua, "Android")) {
    p.os = "Android";
    p.os_version = token_after(ua, "Android ");
  } else if (contains(ua, "iPhone") || contains(ua, "iPad")) {
    p.os = "iOS";
    p.os_version = token_after(ua, "OS ");
  } else if (contains(ua, "Windows")) {
    p.os = "Windows";
    auto nt = token_after(ua, "Windows NT ");
    p.os_version = nt == "10.0"  ? "10"
                   : nt == "6.3" ? "8.1"
                   : nt == "6.2" ? "8"
                   : nt == "6.1" ? "7"
                                 : nt;
  } else if (contains(ua, "Mac OS X") || contains(ua, "Macintosh")) {
    p.os = "Mac OS X";
    p.os_version = token_after(ua, "Mac OS X ");
    for (auto& c : p.os_version)
      if (c == '_') c = '.';
  } else if (contains(ua, "Linux")) {
    p.os = "Linux";
  }
  if (contains(ua, "Edg/")) {
    p.browser = "Edge";
    p.browser_version = token_after(ua, "Edg/");
  } else if (contains(ua, "Firefox/")) {
    p.browser = "Firefox";
    p.browser_version = token_after(ua, "Firefox/");
  } else if (contains(ua, "Chrome/")) {
    p.browser = "Chrome";
    p.browser_version = token_after(ua, "Chrome/");
  } else if (contains(ua, "Safari/")) {
    p.browser = "Safari";
    p.browser_version = token_after(ua, "Version/");
  }
  return p;
}

std::string super_properties_json(std::string_view user_agent, int client_build_number) {
  return properties_object(user_agent, client_build_number).dump();
}

std::string super_properties_base64(std::string_view user_agent, int client_build_number) {
  return base64(super_properties_json(user_agent, client_build_number));
}

std::string identify_payload(std::string_view token, std::string_view user_agent,
                             int client_build_number) {
  ojson d;
  d["token"] = token;
  d["capabilities"] = 16381;
  d["compress"] = false;
  d["properties"] = properties_object(user_agent, client_build_number);
  ojson presence;
  presence["status"] = "online";
  presence["since"] = 0;
  presence["activities"] = ojson::array();
  presence["afk"] = false;
  d["presence"] = std::move(presence);
  ojson cs;
  cs["guild_versions"] = ojson::object();
  cs["highest_last_message_id"] = "0";
  cs["read_state_version"] = 0;
  cs["user_guild_settings_version"] = -1;
  cs["user_settings_version"] = -1;
  cs["private_channels_version"] = "0";
  cs["api_code_version"] = 0;
  d["client_state"] = std::move(cs);
  ojson j;
  j["op"] = 2;
  j["d"] = std::move(d);
  return j.dump();
}

std::string resume_payload(std::string_view token, std::string_view session_id, std::int64_t seq) {
  ojson d;
  d["token"] = token;
  d["session_id"] = session_id;
  if (seq < 0)
    d["seq"] = nullptr;
  else
    d["seq"] = seq;
  ojson j;
  j["op"] = 6;
  j["d"] = std::move(d);
  return j.dump();
}

std::string heartbeat_payload(std::int64_t seq) {
  return seq < 0 ? std::string{R"({"op":1,"d":null})"}
                 : R"({"op":1,"d":)" + std::to_string(seq) + "}";
}

}  // namespace mjgate::discord
