#include "http/dialects/mj/envelope.hpp"

#include <string>

namespace mjgate::http::mj {

nlohmann::ordered_json envelope(result_code code, std::string_view description,
                                nlohmann::ordered_json properties) {
  nlohmann::ordered_json j;
  j["code"] = static_cast<int>(code);
  j["description"] = std::string{description};
  j["result"] = nullptr;
  j["properties"] = std::move(properties);
  return j;
}

reply validation_reply(int http_status, std::string_view description) {
  return json_reply(http_status, envelope(result_code::validation, description));
}

nlohmann::ordered_json submit_accepted(const actors::submit_result& r) {
  auto props = nlohmann::ordered_json::object();
  props["discordInstanceId"] = r.account_id;
  if (!r.urls.empty()) {  // upload-discord-images: the URLs are the result
    auto j = envelope(result_code::success, "提交成功", std::move(props));
    j["result"] = r.urls;
    return j;
  }
  if (r.modal) {
    props["finalPrompt"] = r.final_prompt;
    props["remix"] = true;
    auto j = envelope(result_code::modal, "Waiting for window confirm", std::move(props));
    j["result"] = r.task_id;
    return j;
  }
  if (r.queue_ahead <= 0) {
    auto j = envelope(result_code::success, "提交成功", std::move(props));
    j["result"] = r.task_id;
    return j;
  }
  props["numberOfQueues"] = r.queue_ahead;
  auto j =
      envelope(result_code::in_queue, "排队中，前面还有" + std::to_string(r.queue_ahead) + "个任务",
               std::move(props));
  j["result"] = r.task_id;
  return j;
}

}  // namespace mjgate::http::mj
