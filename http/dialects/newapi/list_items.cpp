#include "http/dialects/newapi/list_items.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "discord/custom_id.hpp"
#include "domain/ids.hpp"
#include "http/dialects/mj/task_json.hpp"
#include "http/json_writer.hpp"
#include "http/reply.hpp"

namespace mjgate::http::newapi {

namespace {

using discord::button_kind;
using domain::task_status;

// The relay name of a clicked button; "" when the click names no action.
std::string_view relay_action_of(button_kind kind) {
  switch (kind) {
    case button_kind::upsample:
    case button_kind::video_virtual_upscale:
    case button_kind::upsample_hd:
      return "UPSCALE";
    case button_kind::variation:
      return "VARIATION";
    case button_kind::low_variation:
      return "LOW_VARIATION";
    case button_kind::high_variation:
      return "HIGH_VARIATION";
    case button_kind::reroll:
      return "REROLL";
    case button_kind::pan_left:
    case button_kind::pan_right:
    case button_kind::pan_up:
    case button_kind::pan_down:
      return "PAN";
    case button_kind::outpaint_50:
    case button_kind::outpaint_75:
      return "ZOOM";
    case button_kind::custom_zoom:
      return "CUSTOM_ZOOM";
    case button_kind::inpaint:
      return "INPAINT";
    case button_kind::animate_high:
    case button_kind::animate_low:
    case button_kind::animate_high_extend:
    case button_kind::animate_low_extend:
      return "VIDEO";
    case button_kind::picreader:
    case button_kind::picreader_all:
    case button_kind::prompt_analyzer:
      return "IMAGINE";
    case button_kind::picread_retry:
      return "DESCRIBE";
    case button_kind::unknown:
    case button_kind::bookmark:
    case button_kind::settings:
    case button_kind::appeal:
      break;
  }
  return {};
}

// The JSON text of the clickable buttons (the mj view's shape); "" when none.
std::string buttons_text(const std::vector<domain::button>& buttons) {
  if (std::none_of(buttons.begin(), buttons.end(),
                   [](const domain::button& b) { return !b.custom_id.empty(); }))
    return {};
  std::string out;
  json_writer w{out};
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
  return out;
}

std::string video_urls_text(const domain::task& t) {
  if (t.video_url.empty()) return {};
  std::string out;
  json_writer{out}.begin_array().begin_object().field("url", t.video_url).end_object().end_array();
  return out;
}

std::string properties_text(const domain::task& t) {
  std::string out;
  json_writer{out}
      .begin_object()
      .field("finalPrompt", t.final_prompt)
      .field("finalZhPrompt", t.final_zh_prompt)
      .end_object();
  return out;
}

std::int64_t seconds(std::int64_t ms) {
  return ms / 1000;
}

// The stored upstream payload, compact; `{}` when there is none or it is not
// JSON (a row is never rendered as broken JSON).
std::string data_text(const domain::task& t) {
  if (t.upstream_data.empty()) return "{}";
  auto j = nlohmann::ordered_json::parse(t.upstream_data, nullptr, false);
  if (j.is_discarded()) return "{}";
  return dump_json(j);
}

}  // namespace

std::string relay_action(const domain::task& t) {
  if (!t.custom_id.empty()) {
    auto name = relay_action_of(discord::parse_custom_id(t.custom_id).kind);
    if (!name.empty()) return std::string{name};
  }
  switch (t.action) {
    case domain::task_action::upscale_hd:
      return "UPSCALE";
    case domain::task_action::edit:
      return "EDITS";
    default:
      return std::string{domain::to_string(t.action)};
  }
}

std::string mj_item_progress(const domain::task& t) {
  return domain::is_terminal(t.status) ? "100%" : mj::render_progress(t);
}

std::string render_mj_item(const domain::task& t) {
  std::string out;
  out.reserve(768);
  json_writer{out}
      .begin_object()
      .field("id", t.seq)
      .field("code", t.submit_code)
      .field("user_id", t.user_id)
      .field("action", relay_action(t))
      .field("mj_id", t.id)
      .field("prompt", t.prompt)
      .field("prompt_en", t.prompt_en)
      .field("description", t.description)
      .field("state", t.state)
      .field("submit_time", t.submit_time)
      .field("start_time", t.start_time)
      .field("finish_time", t.finish_time)
      .field("image_url", t.image_url)
      .field("video_url", t.video_url)
      .field("video_urls", video_urls_text(t))
      .field("status", domain::to_string(t.status))
      .field("progress", mj_item_progress(t))
      .field("fail_reason", t.fail_reason)
      .field("channel_id", t.channel_id)
      .field("quota", t.quota)
      .field("buttons", buttons_text(t.buttons))
      .field("properties", properties_text(t))
      .end_object();
  return out;
}

std::string_view task_item_status(const domain::task& t) {
  switch (t.status) {
    case task_status::cancel:
      return "FAILURE";
    case task_status::modal:
      return "NOT_START";
    default:
      return domain::to_string(t.status);
  }
}

std::string task_item_progress(const domain::task& t) {
  if (domain::is_terminal(t.status)) return "100%";
  if (t.status == task_status::not_start || t.status == task_status::modal) return "0%";
  if (t.status == task_status::submitted) return "10%";
  if (t.status == task_status::queued) return "20%";
  if (t.progress > 0) return std::to_string(std::min(t.progress, 100)) + "%";  // the upstream's
  return "30%";
}

std::string task_item_id(const domain::task& t) {
  return t.upstream_task_id.empty() ? domain::task_center_id(t.uuid) : t.upstream_task_id;
}

std::string render_task_item(const domain::task& t, task_view view, std::string_view username) {
  std::string out;
  out.reserve(512 + t.upstream_data.size());
  json_writer w{out};
  w.begin_object()
      .field("id", t.seq)
      .field("created_at", seconds(t.created_at))
      .field("updated_at", seconds(t.updated_at))
      .field("task_id", task_item_id(t))
      .field("platform", t.platform)
      .field("user_id", t.user_id)
      .field("group", t.user_group)
      .field("channel_id", view == task_view::self ? std::int64_t{0} : t.channel_id)
      .field("quota", t.quota)
      .field("action", domain::to_string(t.action))
      .field("status", task_item_status(t))
      .field("fail_reason", t.fail_reason);
  const auto& result_url = t.video_url.empty() ? t.image_url : t.video_url;
  if (!result_url.empty()) w.field("result_url", result_url);
  w.field("submit_time", seconds(t.submit_time))
      .field("start_time", seconds(t.start_time))
      .field("finish_time", seconds(t.finish_time))
      .field("progress", task_item_progress(t))
      .key("properties")
      .begin_object();
  if (!t.prompt.empty()) w.field("input", t.prompt);
  w.end_object();
  if (view == task_view::admin && !username.empty()) w.field("username", username);
  w.key("data").raw(data_text(t));
  w.end_object();
  return out;
}

}  // namespace mjgate::http::newapi
