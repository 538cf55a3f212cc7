#include "http/dialects/mj/account_filter.hpp"

#include <algorithm>

#include "domain/text.hpp"
#include "http/dialects/mj/envelope.hpp"

namespace mjgate::http::mj {

namespace {

using json = nlohmann::json;

reply invalid(std::string_view description) {
  return validation_reply(200, description);
}

// Absent or null leaves `out` empty; a string longer than the bound or of
// another type is an error (returned as its description).
std::optional<std::string> read_text(const json& obj, const char* key, std::string& out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return std::string{key} + "必须是字符串";
  out = std::string{domain::trim(it->get_ref<const std::string&>())};
  if (out.size() > max_filter_text_chars) return std::string{key} + "过长";
  return std::nullopt;
}

std::optional<std::string> read_flag(const json& obj, const char* key, std::optional<bool>& out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) return std::string{key} + "必须是布尔值";
  out = it->get<bool>();
  return std::nullopt;
}

}  // namespace

std::variant<account_filter, reply> parse_account_filter(const nlohmann::json& value) {
  account_filter f;
  if (value.is_null()) return f;
  if (!value.is_object()) return invalid("accountFilter必须是对象");
  if (auto e = read_text(value, "instanceId", f.instance_id)) return invalid(*e);
  if (f.instance_id.empty())
    if (auto e = read_text(value, "channelId", f.instance_id)) return invalid(*e);
  if (auto e = read_text(value, "remark", f.remark)) return invalid(*e);
  if (auto e = read_flag(value, "remix", f.remix)) return invalid(*e);
  if (auto e = read_flag(value, "nijiRemix", f.niji_remix)) return invalid(*e);
  if (auto e = read_flag(value, "remixAutoConsidered", f.remix_auto_considered)) return invalid(*e);
  if (auto it = value.find("modes"); it != value.end() && !it->is_null()) {
    if (!it->is_array()) return invalid("modes必须是数组");
    for (const auto& m : *it) {
      auto mode = m.is_string() ? parse_speed_mode(m.get_ref<const std::string&>()) : std::nullopt;
      if (!mode) return invalid("modes只能包含FAST、RELAX、TURBO");
      if (std::find(f.modes.begin(), f.modes.end(), *mode) == f.modes.end())
        f.modes.push_back(*mode);
    }
  }
  return f;
}

void apply_account_filter(const account_filter& f, actors::submit_command& cmd) {
  cmd.instance_id = f.instance_id;
  cmd.remark = f.remark;
  if (f.remix) cmd.remix = *f.remix ? 1 : 0;
  if (!f.modes.empty()) cmd.speed = std::string{domain::to_string(f.modes.front())};
}

}  // namespace mjgate::http::mj
