#include "http/dialects/mj/task_json.hpp"

#include <algorithm>

#include "http/json_writer.hpp"

namespace mjgate::http::mj {

namespace {

void write_buttons(json_writer& w, const std::vector<domain::button>& buttons) {
  w.begin_array();
  for (const auto& b : buttons) {
    if (b.custom_id.empty()) continue;  // link buttons cannot be clicked through the API
    w.begin_object()
        .field("customId", b.custom_id)
        .field("emoji", b.emoji)
        .field("label", b.label)
        .field("type", b.type)
        .field("style", b.style)
        .end_object();
  }
  w.end_array();
}

void write_properties(json_writer& w, const domain::task& t) {
  w.begin_object()
      .field("finalPrompt", t.final_prompt)
      .field("finalZhPrompt", t.final_zh_prompt)
      .field("notifyHook", t.notify_hook)
      .field("discordInstanceId", t.account_id)
      .field("discordChannelId", t.account_id)
      .field("messageId", t.message_id)
      .field("messageHash", t.job_id)
      .field("progressMessageId", t.progress_message_id)
      .field("referencedMessageId", t.referenced_message_id)
      .field("nonce", t.nonce)
      .field("flags", t.flags)
      .field("botType", t.bot_type)
      .end_object();
}

json_writer& instant_or_null(json_writer& w, std::int64_t ms) {
  return ms == 0 ? w.null() : w.value(ms);
}

void write_task(json_writer& w, const domain::task& t) {
  w.begin_object()
      .field("id", t.id)
      .field_or_null("parentId", t.parent_id)
      .field("action", domain::to_string(t.action))
      .field("customId", t.custom_id)
      .field("status", domain::to_string(t.status))
      .field("botType", t.bot_type)
      .field_or_null("mode", t.mode)
      .field("prompt", t.prompt)
      .field("promptEn", t.prompt_en)
      .field("promptFull", t.prompt_full)
      .field("description", t.description)
      .field("state", t.state)
      .field("submitTime", t.submit_time)
      .key("startTime");
  instant_or_null(w, t.start_time).key("finishTime");
  instant_or_null(w, t.finish_time)
      .field("progress", render_progress(t))
      .field("imageUrl", t.image_url)
      .key("imageUrls")
      .begin_array()
      .end_array()
      .field("videoUrl", t.video_url)
      .key("videoUrls")
      .begin_array()
      .end_array()
      .field("failReason", t.fail_reason)
      .field("jobId", t.job_id)
      .field_or_null("seed", t.seed)
      .field_or_null("instanceId", t.account_id)
      .key("buttons");
  write_buttons(w, t.buttons);
  w.key("properties");
  write_properties(w, t);
  w.end_object();
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

std::string render_task(const domain::task& t) {
  std::string out;
  out.reserve(1024);
  json_writer w{out};
  write_task(w, t);
  return out;
}

std::string render_task_array(const std::vector<domain::task>& ts) {
  std::string out;
  out.reserve(1024 * ts.size() + 2);
  json_writer w{out};
  w.begin_array();
  for (const auto& t : ts) write_task(w, t);
  w.end_array();
  return out;
}

}  // namespace mjgate::http::mj
