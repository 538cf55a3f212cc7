#include "http/dialects/mj/submit_change.hpp"

#include <cctype>

#include "domain/text.hpp"
#include "http/dialects/mj/submit_fields.hpp"

namespace mjgate::http::mj {

namespace {

using domain::task_action;

// The action of a change body: only the three the contract names.
std::optional<task_action> change_action(std::string_view s) {
  auto lower = domain::to_lower(s);
  if (lower == "upscale") return task_action::upscale;
  if (lower == "variation") return task_action::variation;
  if (lower == "reroll") return task_action::reroll;
  return std::nullopt;
}

}  // namespace

std::optional<change_request> parse_change_content(std::string_view content) {
  content = domain::trim(content);
  auto space = content.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  auto id = content.substr(0, space);
  auto op = content.substr(space + 1);
  if (id.empty() || id.size() > max_task_id_chars) return std::nullopt;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return std::nullopt;
  change_request r;
  r.parent_id = std::string{id};
  auto verb =
      op.empty() ? '\0' : static_cast<char>(std::tolower(static_cast<unsigned char>(op[0])));
  if (verb == 'r' && op.size() == 1) {
    r.action = task_action::reroll;
    return r;
  }
  if ((verb != 'u' && verb != 'v') || op.size() != 2 || op[1] < '1' || op[1] > '4')
    return std::nullopt;
  r.action = verb == 'u' ? task_action::upscale : task_action::variation;
  r.index = op[1] - '0';
  return r;
}

change_parse_result parse_submit_change(std::string_view body, const actors::principal& who) {
  auto doc = parse_body_object(body);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  const auto& obj = std::get<nlohmann::json>(doc);
  change_request req;
  req.who = who;
  if (auto r = read_task_id(obj, req.parent_id)) return std::move(*r);
  std::string action;
  if (!read_optional_string(obj, "action", action)) return invalid_field("action参数错误");
  if (action.empty()) return invalid_field("action不能为空");
  auto parsed = change_action(action);
  if (!parsed) return invalid_field("action参数错误");
  req.action = *parsed;
  if (req.action != task_action::reroll) {
    std::optional<std::int64_t> index;
    if (!read_optional_int(obj, "index", index)) return invalid_field("index参数错误");
    if (!index) return invalid_field("index不能为空");
    if (*index < 1 || *index > 4) return invalid_field("index参数错误");
    req.index = static_cast<int>(*index);
  }
  if (auto r = read_state_and_hook(obj, req.state, req.notify_hook)) return std::move(*r);
  return req;
}

change_parse_result parse_submit_simple_change(std::string_view body,
                                               const actors::principal& who) {
  auto doc = parse_body_object(body);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  const auto& obj = std::get<nlohmann::json>(doc);
  std::string content;
  if (!read_optional_string(obj, "content", content)) return invalid_field("content参数错误");
  auto req = parse_change_content(content);
  if (!req) return invalid_field("content参数错误");
  req->who = who;
  if (auto r = read_state_and_hook(obj, req->state, req->notify_hook)) return std::move(*r);
  return std::move(*req);
}

}  // namespace mjgate::http::mj
