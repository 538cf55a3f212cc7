#include "http/dialects/mj/task_json.hpp"

#include <algorithm>

#include "http/reply.hpp"

namespace mjgate::http::mj {

namespace {

using json = nlohmann::ordered_json;

json string_or_null(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

json instant_or_null(std::int64_t ms) {
  return ms == 0 ? json(nullptr) : json(ms);
}

json buttons_json(const std::vector<domain::button>& buttons) {
  auto arr = json::array();
  for (const auto& b : buttons) {
    if (b.custom_id.empty()) continue;  // link buttons cannot be clicked through the API
    json j;
    j["customId"] = b.custom_id;
    j["emoji"] = b.emoji;
    j["label"] = b.label;
    j["type"] = b.type;
    j["style"] = b.style;
    arr.push_back(std::move(j));
  }
  return arr;
}

json properties_json(const domain::task& t) {
  json p;
  p["finalPrompt"] = t.final_prompt;
  p["finalZhPrompt"] = "";
  p["notifyHook"] = t.notify_hook;
  p["discordInstanceId"] = t.account_id;
  p["discordChannelId"] = t.account_id;
  p["messageId"] = t.message_id;
  p["messageHash"] = t.job_id;
  p["progressMessageId"] = t.progress_message_id;
  p["referencedMessageId"] = t.referenced_message_id;
  p["nonce"] = t.nonce;
  p["flags"] = t.flags;
  p["botType"] = t.bot_type;
  return p;
}

}  // namespace

std::string render_progress(const domain::task& t) {
  using domain::task_status;
  switch (t.status) {
    case task_status::not_start:
    case task_status::submitted:
    case task_status::modal:
      return "0%";
    case task_status::success:
      return "100%";
    default:
      break;
  }
  auto pct = t.progress < 0 ? 0 : std::min(t.progress, 100);
  return std::to_string(pct) + "%";
}

nlohmann::ordered_json task_json(const domain::task& t) {
  json j;
  j["id"] = t.id;
  j["parentId"] = string_or_null(t.parent_id);
  j["action"] = std::string{domain::to_string(t.action)};
  j["customId"] = t.custom_id;
  j["status"] = std::string{domain::to_string(t.status)};
  j["botType"] = t.bot_type;
  j["mode"] = string_or_null(t.mode);
  j["prompt"] = t.prompt;
  j["promptEn"] = t.prompt_en;
  j["promptFull"] = t.prompt_full;
  j["description"] = t.description;
  j["state"] = t.state;
  j["submitTime"] = t.submit_time;
  j["startTime"] = instant_or_null(t.start_time);
  j["finishTime"] = instant_or_null(t.finish_time);
  j["progress"] = render_progress(t);
  j["imageUrl"] = t.image_url;
  j["imageUrls"] = json::array();
  j["videoUrl"] = "";
  j["videoUrls"] = json::array();
  j["failReason"] = t.fail_reason;
  j["jobId"] = t.job_id;
  j["seed"] = string_or_null(t.seed);
  j["instanceId"] = string_or_null(t.account_id);
  j["buttons"] = buttons_json(t.buttons);
  j["properties"] = properties_json(t);
  return j;
}

std::string render_task(const domain::task& t) {
  return dump_json(task_json(t));
}

std::string render_task_array(const std::vector<domain::task>& ts) {
  auto arr = json::array();
  for (const auto& t : ts) arr.push_back(task_json(t));
  return dump_json(arr);
}

}  // namespace mjgate::http::mj
