#include "http/dialects/backend/task_view.hpp"

#include "domain/text.hpp"
#include "http/dialects/backend/envelope.hpp"
#include "http/dialects/backend/status_rules.hpp"

namespace mjgate::http::backend {

std::string task_type(const domain::task& t) {
  if (!t.type.empty()) return t.type;
  if (t.action == domain::task_action::imagine) return "image";
  if (t.action == domain::task_action::video) return "video";
  return domain::to_lower(domain::to_string(t.action));
}

const std::string& task_input(const domain::task& t) {
  return t.input.empty() ? t.prompt : t.input;
}

std::string task_result(const domain::task& t) {
  if (t.status != domain::task_status::success) return {};
  if (t.action == domain::task_action::video && !t.video_url.empty()) return t.video_url;
  return t.image_url;
}

std::optional<code> check_access(const actors::principal& who, const domain::task& t) {
  if (t.deleted) return code::not_found;
  if (!who.admin && who.user_id != t.user_id) return code::no_permission;
  return std::nullopt;
}

nlohmann::ordered_json task_detail(const domain::task& t) {
  nlohmann::ordered_json j;
  j["id"] = t.seq;
  j["status"] = backend_status(t.status);
  j["type"] = task_type(t);
  j["priority"] = t.priority;
  j["input"] = task_input(t);
  j["result"] = task_result(t);
  j["note"] = t.note;
  j["fail_reason"] = t.fail_reason;
  return j;
}

nlohmann::ordered_json task_item(const domain::task& t, std::string_view user_name) {
  nlohmann::ordered_json j;
  j["id"] = t.seq;
  j["status"] = backend_status(t.status);
  j["type"] = task_type(t);
  j["priority"] = t.priority;
  j["note"] = t.note;
  j["user"] = {{"uid", t.user_id}, {"name", user_name}};
  return j;
}

reply detail_reply(const domain::task& t) {
  nlohmann::ordered_json payload;
  payload["data"] = task_detail(t);
  return ok_reply("", payload);
}

reply tasks_reply(const domain::task_page& page) {
  nlohmann::ordered_json payload;
  payload["total"] = page.total;
  payload["items"] = nlohmann::ordered_json::array();
  for (const auto& t : page.content) {
    auto name = page.user_names.find(t.user_id);
    payload["items"].push_back(
        task_item(t, name == page.user_names.end() ? std::string_view{} : name->second));
  }
  return ok_reply("", payload);
}

}  // namespace mjgate::http::backend
