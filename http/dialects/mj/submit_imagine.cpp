#include "http/dialects/mj/submit_imagine.hpp"

#include <cctype>
#include <string>

#include "domain/text.hpp"
#include "http/dialects/mj/account_filter.hpp"
#include "http/dialects/mj/envelope.hpp"
#include "http/dialects/mj/submit_media.hpp"

namespace mjgate::http::mj {

namespace {

using json = nlohmann::json;

reply invalid(std::string_view description) {
  return validation_reply(200, description);
}

// Reads an optional string field: absent or null gives "", a non-string is an error.
bool optional_string(const json& obj, const char* key, std::string& out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

}  // namespace

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

imagine_parse_result parse_submit_imagine(std::string_view body, const actors::principal& who) {
  auto doc = json::parse(body.begin(), body.end(), nullptr, false);
  if (doc.is_discarded()) return validation_reply(400, "请求体不是合法的JSON");
  if (!doc.is_object()) return invalid("请求体必须是JSON对象");
  actors::submit_command cmd;
  cmd.who = who;
  std::string prompt;
  if (!optional_string(doc, "prompt", prompt)) return invalid("prompt必须是字符串");
  cmd.prompt = std::string{domain::trim(prompt)};
  if (cmd.prompt.empty()) return invalid("prompt不能为空");
  if (utf8_length(cmd.prompt) > max_prompt_chars) return invalid("prompt过长");
  if (!optional_string(doc, "state", cmd.state)) return invalid("state必须是字符串");
  if (utf8_length(cmd.state) > max_state_chars) return invalid("state过长");
  if (!optional_string(doc, "notifyHook", cmd.notify_hook))
    return invalid("notifyHook必须是字符串");
  cmd.notify_hook = std::string{domain::trim(cmd.notify_hook)};
  if (utf8_length(cmd.notify_hook) > max_notify_hook_chars) return invalid("notifyHook过长");
  if (!cmd.notify_hook.empty() && !is_http_url(cmd.notify_hook))
    return invalid("notifyHook必须是http或https地址");
  std::string bot_type;
  if (!optional_string(doc, "botType", bot_type)) return invalid("botType错误");
  if (!bot_type.empty()) {
    if (bot_type != "MID_JOURNEY" && bot_type != "NIJI_JOURNEY") return invalid("botType错误");
    cmd.bot_type = bot_type;
  }
  if (auto it = doc.find("accountFilter"); it != doc.end()) {
    auto filter = parse_account_filter(*it);
    if (auto* rejected = std::get_if<reply>(&filter)) return std::move(*rejected);
    apply_account_filter(std::get<account_filter>(filter), cmd);
  }
  auto images = parse_reference_images(doc);
  if (auto* rejected = std::get_if<reply>(&images)) return std::move(*rejected);
  for (auto& image : std::get<std::vector<image_data>>(images))
    cmd.files.push_back({{}, std::move(image.mime), std::move(image.bytes)});
  return cmd;
}

}  // namespace mjgate::http::mj
