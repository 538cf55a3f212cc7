#include "http/dialects/node/document.hpp"

#include "http/reply.hpp"

namespace mjgate::http::node {

namespace {

using domain::task_status;

std::string percent(int progress) {
  return std::to_string(progress < 0 ? 0 : progress) + "%";
}

nlohmann::ordered_json time_or_null(std::int64_t ms) {
  return ms > 0 ? nlohmann::ordered_json(ms) : nlohmann::ordered_json(nullptr);
}

bool is_pick(const domain::task& t) {
  return (t.action == domain::task_action::upscale || t.action == domain::task_action::variation) &&
         t.index >= 1 && t.index <= 4;
}

}  // namespace

std::string progress_text(const domain::task& t, progress_style style) {
  if (t.status == task_status::success) return "done";
  if (style == progress_style::legacy) return {};
  switch (t.status) {
    case task_status::not_start:
      return {};
    case task_status::modal:
    case task_status::submitted:
    case task_status::in_progress:
      return percent(t.progress);
    default:  // FAILURE, CANCEL: what was last shown
      if (t.progress >= 0) return percent(t.progress);
      return t.start_time > 0 ? "0%" : "";
  }
}

std::string_view status_text(task_status s) {
  switch (s) {
    case task_status::not_start:
      return "NOT_START";
    case task_status::success:
      return "SUCCESS";
    case task_status::failure:
    case task_status::cancel:
      return "FAILURE";
    default:
      return "IN_PROGRESS";
  }
}

nlohmann::ordered_json document(const domain::task& t, progress_style style) {
  const bool success = t.status == task_status::success;
  const std::string uri = success ? t.image_url : std::string{};
  nlohmann::ordered_json j;
  j["_id"] = t.uuid;
  j["index"] = is_pick(t) ? std::to_string(t.index) : std::string{};
  j["action"] = domain::to_string(t.action);
  j["prompt"] = t.prompt;
  j["promptEn"] = t.prompt_en;
  j["taskId"] = t.parent_uuid;
  j["uri"] = uri;
  j["hash"] = t.job_id;
  j["content"] = t.final_prompt;
  j["progress"] = progress_text(t, style);
  j["description"] = t.description;
  j["submitTime"] = t.submit_time;
  j["creationTime"] = t.submit_time;
  j["startTime"] = time_or_null(t.start_time);
  j["finishTime"] = time_or_null(t.finish_time);
  j["state"] = t.state;
  j["notifyHook"] = t.notify_hook;
  j["imageUrl"] = uri;
  j["status"] = status_text(t.status);
  j["failReason"] = t.fail_reason;
  j["messageId"] = success ? t.message_id : std::string{};
  return j;
}

std::string render_document(const domain::task& t, progress_style style) {
  return dump_json(document(t, style));
}

std::string render_documents(const std::vector<domain::task>& ts, progress_style style) {
  auto arr = nlohmann::ordered_json::array();
  for (const auto& t : ts) arr.push_back(document(t, style));
  return dump_json(arr);
}

}  // namespace mjgate::http::node
