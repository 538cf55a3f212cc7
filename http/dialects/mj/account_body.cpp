#include "http/dialects/mj/account_body.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "domain/text.hpp"
#include "http/dialects/mj/submit_fields.hpp"
#include "http/dialects/mj/submit_imagine.hpp"

namespace mjgate::http::mj {

namespace {

using json = nlohmann::json;
using domain::account_key;
using domain::account_patch;
using result = std::optional<reply>;

bool present(const json& obj, std::string_view key) {
  auto it = obj.find(key);
  return it != obj.end() && !it->is_null();
}

bool is_null(const json& obj, std::string_view key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_null();
}

std::string upper(std::string_view s) {
  std::string out{s};
  for (auto& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A string key of at most `max` code points; `digits` for Discord ids.
result read_text(const json& obj, const char* key, account_key k, std::string& to, account_patch& p,
                 std::size_t max, bool digits = false) {
  if (!present(obj, key)) return std::nullopt;
  std::string value;
  if (!read_optional_string(obj, key, value))
    return invalid_field(std::string{key} + "必须是字符串");
  value = std::string{domain::trim(value)};
  if (utf8_length(value) > max) return invalid_field(std::string{key} + "过长");
  if (digits && !value.empty() && (value.size() > 32 || !all_digits(value)))
    return invalid_field(std::string{key} + "必须是Discord数字ID");
  to = std::move(value);
  p.mark(k);
  return std::nullopt;
}

// An integer key in [min, max]; `null_resets` makes an explicit null mean 0
// (the global default) for the timeout overrides.
result read_int(const json& obj, const char* key, account_key k, int& to, account_patch& p,
                std::int64_t min, std::int64_t max, bool null_resets = false) {
  if (null_resets && is_null(obj, key)) {
    to = 0;
    p.mark(k);
    return std::nullopt;
  }
  std::optional<std::int64_t> v;
  auto range =
      std::string{key} + "必须是" + std::to_string(min) + "到" + std::to_string(max) + "之间的整数";
  if (!read_optional_int(obj, key, v)) return invalid_field(range);
  if (!v) return std::nullopt;
  if (*v < min || *v > max) return invalid_field(range);
  to = static_cast<int>(*v);
  p.mark(k);
  return std::nullopt;
}

result read_flag(const json& obj, const char* key, account_key k, bool& to, account_patch& p) {
  if (!present(obj, key)) return std::nullopt;
  if (!read_optional_bool(obj, key, to)) return invalid_field(std::string{key} + "必须是布尔值");
  p.mark(k);
  return std::nullopt;
}

result read_modes(const json& obj, account_patch& p) {
  if (!present(obj, "allowModes")) return std::nullopt;
  const auto& v = obj.at("allowModes");
  const auto bad = [] { return invalid_field("allowModes只能包含FAST、RELAX、TURBO"); };
  if (!v.is_array()) return bad();
  std::vector<std::string> modes;
  for (const auto& m : v) {
    if (!m.is_string()) return bad();
    auto mode = upper(domain::trim(m.get_ref<const std::string&>()));
    if (mode != "FAST" && mode != "RELAX" && mode != "TURBO") return bad();
    if (std::find(modes.begin(), modes.end(), mode) == modes.end()) modes.push_back(mode);
  }
  p.values.allow_modes = std::move(modes);
  p.mark(account_key::allow_modes);
  return std::nullopt;
}

// Every editable key of §3.9.1 except the token (create and update differ).
result read_editable(const json& obj, account_patch& p) {
  auto& v = p.values;
  using enum account_key;
  for (auto r : {
           read_text(obj, "guildId", guild_id, v.guild_id, p, 32, true),
           read_text(obj, "channelId", channel_id, v.channel_id, p, 32, true),
           read_text(obj, "name", name, v.name, p, 128),
           read_text(obj, "userAgent", user_agent, v.user_agent, p, 512),
           read_text(obj, "mjBotChannelId", mj_bot_channel_id, v.mj_bot_channel_id, p, 32, true),
           read_text(obj, "nijiBotChannelId", niji_bot_channel_id, v.niji_bot_channel_id, p, 32,
                     true),
           read_text(obj, "remark", remark, v.remark, p, 1024),
           read_flag(obj, "enable", enable, v.enable, p),
           read_flag(obj, "remixAutoSubmit", remix_auto_submit, v.remix_auto_submit, p),
           read_int(obj, "coreSize", core_size, v.core_size, p, 1, 12),
           read_int(obj, "queueSize", queue_size, v.queue_size, p, 1, 1000),
           read_int(obj, "relaxCoreSize", relax_core_size, v.relax_core_size, p, 1, 12),
           read_int(obj, "relaxQueueSize", relax_queue_size, v.relax_queue_size, p, 1, 1000),
           read_int(obj, "timeoutMinutes", timeout_minutes, v.timeout_minutes, p, 1, 120, true),
           read_int(obj, "queueTimeoutMinutes", queue_timeout_minutes, v.queue_timeout_minutes, p,
                    1, 10080, true),
           read_int(obj, "modalTimeoutMinutes", modal_timeout_minutes, v.modal_timeout_minutes, p,
                    1, 10080, true),
           read_int(obj, "weight", weight, v.weight, p, 0, 10000),
           read_int(obj, "dayDrawLimit", day_draw_limit, v.day_draw_limit, p, -1, INT32_MAX),
           read_modes(obj, p),
       })
    if (r) return r;
  return std::nullopt;
}

// A token as sent: nullopt when it means "unchanged" ("" or a masked echo).
std::variant<std::optional<std::string>, reply> read_token(const json& obj) {
  std::string token;
  if (!read_optional_string(obj, "userToken", token)) return invalid_field("userToken必须是字符串");
  token = std::string{domain::trim(token)};
  if (token.empty() || token.find("****") != std::string::npos) return std::optional<std::string>{};
  if (token.size() > 512) return invalid_field("userToken过长");
  return std::optional<std::string>{std::move(token)};
}

std::variant<account_patch, reply> parse(std::string_view body, bool create) {
  auto doc = parse_body_object(body);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  const auto& obj = std::get<json>(doc);
  account_patch p;
  if (auto r = read_editable(obj, p)) return std::move(*r);
  auto token = read_token(obj);
  if (auto* r = std::get_if<reply>(&token)) return std::move(*r);
  if (auto& t = std::get<std::optional<std::string>>(token)) {
    p.values.user_token = std::move(*t);
    p.mark(account_key::user_token);
  }
  if (!create) return p;
  if (p.values.guild_id.empty()) return invalid_field("guildId不能为空");
  if (p.values.channel_id.empty()) return invalid_field("channelId不能为空");
  if (!p.has(account_key::user_token)) return invalid_field("userToken不能为空");
  std::string id;
  if (!read_optional_string(obj, "id", id)) return invalid_field("id必须是字符串");
  id = std::string{domain::trim(id)};
  if (!id.empty()) {
    bool ok = id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
                return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       c == '.' || c == '_' || c == '-';
              });
    if (!ok) return invalid_field("id只能包含字母、数字、.、_、-（最长64）");
    p.values.id = std::move(id);
    p.mark(account_key::id);
  }
  return p;
}

}  // namespace

std::variant<account_patch, reply> parse_account_create(std::string_view body) {
  return parse(body, true);
}

std::variant<account_patch, reply> parse_account_update(std::string_view body) {
  return parse(body, false);
}

}  // namespace mjgate::http::mj
