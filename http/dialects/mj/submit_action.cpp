#include "http/dialects/mj/submit_action.hpp"

#include "domain/text.hpp"
#include "http/dialects/mj/submit_fields.hpp"

namespace mjgate::http::mj {

action_parse_result parse_submit_action(std::string_view body, const actors::principal& who) {
  auto doc = parse_body_object(body);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  const auto& obj = std::get<nlohmann::json>(doc);
  action_request req;
  req.who = who;
  if (auto r = read_task_id(obj, req.parent_id)) return std::move(*r);
  std::string custom_id;
  if (!read_optional_string(obj, "customId", custom_id))
    return invalid_field("customId必须是字符串");
  req.custom_id = std::string{domain::trim(custom_id)};
  if (req.custom_id.empty()) return invalid_field("customId不能为空");
  if (req.custom_id.size() > max_custom_id_chars) return invalid_field("customId过长");
  if (!req.custom_id.starts_with("MJ::")) return invalid_field("未知的 Action 类型");
  if (!read_optional_bool(obj, "enableRemix", req.enable_remix))
    return invalid_field("enableRemix必须是布尔值");
  if (!read_optional_bool(obj, "chooseSameChannel", req.choose_same_channel))
    return invalid_field("chooseSameChannel必须是布尔值");
  if (auto r = read_state_and_hook(obj, req.state, req.notify_hook)) return std::move(*r);
  if (auto it = obj.find("accountFilter"); it != obj.end()) {
    auto filter = parse_account_filter(*it);
    if (auto* r = std::get_if<reply>(&filter)) return std::move(*r);
    req.filter = std::move(std::get<account_filter>(filter));
  }
  return req;
}

}  // namespace mjgate::http::mj
