#include "discord/payloads.hpp"

#include <array>

#include <nlohmann/json.hpp>

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
  ojson j;
  j["type"] = 2;
  j["application_id"] = ctx.application_id;
  if (!ctx.guild_id.empty()) j["guild_id"] = ctx.guild_id;
  j["channel_id"] = ctx.channel_id;
  j["session_id"] = ctx.session_id;
  j["nonce"] = nonce;
  j["analytics_location"] = "slash_ui";
  ojson option;
  option["type"] = 3;
  option["name"] = "prompt";
  option["value"] = prompt;
  ojson data;
  data["version"] = cmd.version;
  data["id"] = cmd.id;
  data["name"] = cmd.name.empty() ? std::string{"imagine"} : cmd.name;
  data["type"] = 1;
  data["options"] = ojson::array({option});
  data["attachments"] = ojson::array();
  j["data"] = std::move(data);
  return j.dump();
}

std::string build_component_click(const interaction_context& ctx, std::string_view message_id,
                                  int message_flags, std::string_view custom_id,
                                  std::string_view nonce) {
  ojson j;
  j["type"] = 3;
  j["nonce"] = nonce;
  if (!ctx.guild_id.empty()) j["guild_id"] = ctx.guild_id;
  j["channel_id"] = ctx.channel_id;
  j["message_flags"] = message_flags;
  j["message_id"] = message_id;
  j["application_id"] = ctx.application_id;
  j["session_id"] = ctx.session_id;
  ojson data;
  data["component_type"] = 2;
  data["custom_id"] = custom_id;
  j["data"] = std::move(data);
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
