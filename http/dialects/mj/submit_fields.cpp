#include "http/dialects/mj/submit_fields.hpp"

#include <cctype>
#include <charconv>

#include "domain/text.hpp"
#include "http/dialects/mj/envelope.hpp"
#include "http/dialects/mj/submit_imagine.hpp"

namespace mjgate::http::mj {

namespace {

using json = nlohmann::json;

const json* find_value(const json& obj, std::string_view key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

bool valid_task_id(std::string_view id) {
  if (id.empty() || id.size() > max_task_id_chars) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

}  // namespace

std::variant<nlohmann::json, reply> parse_body_object(std::string_view body) {
  auto doc = json::parse(body.begin(), body.end(), nullptr, false);
  if (doc.is_discarded()) return validation_reply(400, "请求体不是合法的JSON");
  if (!doc.is_object()) return invalid_field("请求体必须是JSON对象");
  return doc;
}

reply invalid_field(std::string_view description) {
  return validation_reply(200, description);
}

bool is_http_url(std::string_view s) {
  auto starts = [&](std::string_view p) {
    return s.size() > p.size() && domain::to_lower(s.substr(0, p.size())) == p;
  };
  return starts("http://") || starts("https://");
}

bool read_optional_string(const nlohmann::json& obj, std::string_view key, std::string& out) {
  const auto* v = find_value(obj, key);
  if (!v) return true;
  if (!v->is_string()) return false;
  out = v->get<std::string>();
  return true;
}

bool read_optional_int(const nlohmann::json& obj, std::string_view key,
                       std::optional<std::int64_t>& out) {
  const auto* v = find_value(obj, key);
  if (!v) return true;
  if (v->is_number_unsigned()) {
    auto u = v->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(INT64_MAX)) return false;
    out = static_cast<std::int64_t>(u);
    return true;
  }
  if (v->is_number_integer()) {
    out = v->get<std::int64_t>();
    return true;
  }
  if (!v->is_string()) return false;
  const auto& s = v->get_ref<const std::string&>();
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || s.front() == '+')
    return false;
  out = n;
  return true;
}

bool read_optional_bool(const nlohmann::json& obj, std::string_view key, bool& out) {
  const auto* v = find_value(obj, key);
  if (!v) return true;
  if (!v->is_boolean()) return false;
  out = v->get<bool>();
  return true;
}

std::optional<reply> read_task_id(const nlohmann::json& obj, std::string& out) {
  const auto* v = find_value(obj, "taskId");
  if (v && v->is_number_unsigned()) {
    out = std::to_string(v->get<std::uint64_t>());
    return std::nullopt;
  }
  if (v && !v->is_string()) return invalid_field("taskId必须是字符串");
  out = v ? std::string{domain::trim(v->get_ref<const std::string&>())} : std::string{};
  if (out.empty()) return invalid_field("taskId不能为空");
  if (!valid_task_id(out)) return invalid_field("taskId错误");
  return std::nullopt;
}

std::optional<reply> read_prompt(const nlohmann::json& obj, bool required, std::string& out) {
  std::string raw;
  if (!read_optional_string(obj, "prompt", raw)) return invalid_field("prompt必须是字符串");
  out = std::string{domain::trim(raw)};
  if (required && out.empty()) return invalid_field("prompt不能为空");
  if (utf8_length(out) > max_prompt_chars) return invalid_field("prompt过长");
  return std::nullopt;
}

std::optional<reply> read_state_and_hook(const nlohmann::json& obj, std::string& state,
                                         std::string& notify_hook) {
  if (!read_optional_string(obj, "state", state)) return invalid_field("state必须是字符串");
  if (utf8_length(state) > max_state_chars) return invalid_field("state过长");
  std::string hook;
  if (!read_optional_string(obj, "notifyHook", hook))
    return invalid_field("notifyHook必须是字符串");
  notify_hook = std::string{domain::trim(hook)};
  if (utf8_length(notify_hook) > max_notify_hook_chars) return invalid_field("notifyHook过长");
  if (!notify_hook.empty() && !is_http_url(notify_hook))
    return invalid_field("notifyHook必须是http或https地址");
  return std::nullopt;
}

std::optional<reply> read_submit_common(const nlohmann::json& obj, submit_common& out) {
  if (auto r = read_state_and_hook(obj, out.state, out.notify_hook)) return r;
  std::string bot_type;
  if (!read_optional_string(obj, "botType", bot_type)) return invalid_field("botType错误");
  if (!bot_type.empty()) {
    if (bot_type != "MID_JOURNEY" && bot_type != "NIJI_JOURNEY")
      return invalid_field("botType错误");
    out.bot_type = bot_type;
  }
  if (const auto* f = find_value(obj, "accountFilter")) {
    auto parsed = parse_account_filter(*f);
    if (auto* r = std::get_if<reply>(&parsed)) return std::move(*r);
    out.filter = std::move(std::get<account_filter>(parsed));
  }
  return std::nullopt;
}

}  // namespace mjgate::http::mj
