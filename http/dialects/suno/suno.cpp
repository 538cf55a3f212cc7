#include "http/dialects/suno/suno.hpp"

#include <caf/atom.hpp>
#include <caf/message.hpp>
#include <caf/sec.hpp>

#include <nlohmann/json.hpp>

#include "domain/errc.hpp"
#include "domain/text.hpp"
#include "http/dialects/newapi/list_items.hpp"
#include "http/json_writer.hpp"

namespace mjgate::http::suno {

using json = nlohmann::ordered_json;

namespace {

std::string text_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::string success_body(std::string_view data_json) {
  std::string out;
  json_writer w{out};
  w.begin_object().field("code", "success").field("message", "").key("data").raw(data_json);
  w.end_object();
  return out;
}

}  // namespace

reply error_reply(int http_status, std::string_view code, std::string_view message) {
  json body{{"code", code}, {"message", message}, {"data", nullptr}};
  return json_reply(http_status, body);
}

reply unauthorized() {
  return error_reply(401, "unauthorized", "invalid or missing API key");
}

reply task_not_exist() {
  return error_reply(400, "task_not_exist", "task_not_exist");
}

std::variant<submit_request, reply> parse_submit(std::string_view action, std::string_view body) {
  submit_request out;
  auto a = domain::to_lower(action);
  if (a == "music")
    out.action = domain::task_action::music;
  else if (a == "lyrics")
    out.action = domain::task_action::lyrics;
  else
    return error_reply(400, "invalid_action", "action must be music or lyrics");
  auto j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return error_reply(400, "invalid_request", "the body must be a JSON object");
  out.prompt = text_of(j, "prompt");
  if (out.prompt.empty()) out.prompt = text_of(j, "gpt_description_prompt");
  if (domain::trim(out.prompt).empty()) return error_reply(400, "prompt_empty", "prompt is empty");
  if (out.action == domain::task_action::music) {
    out.model = text_of(j, "mv");
    if (out.model.empty()) {
      out.model = std::string{default_music_model};
      j["mv"] = out.model;
    }
  }
  out.body = j.dump();
  return out;
}

std::variant<fetch_request, reply> parse_fetch(std::string_view body) {
  auto j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return error_reply(400, "invalid_request", "the body must be a JSON object");
  auto ids = j.find("ids");
  if (ids == j.end() || !ids->is_array())
    return error_reply(400, "invalid_request", "ids must be an array of task ids");
  if (ids->size() > max_fetch_ids)
    return error_reply(400, "invalid_request", "at most 1000 ids per fetch");
  fetch_request out;
  for (const auto& id : *ids) {
    if (!id.is_string()) return error_reply(400, "invalid_request", "ids must be strings");
    out.ids.push_back(id.get<std::string>());
  }
  auto action = text_of(j, "action");
  for (auto& c : action) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  out.action = action;
  return out;
}

reply submit_ok(const domain::task& t) {
  std::string out;
  json_writer w{out};
  w.begin_object()
      .field("code", "success")
      .field("message", "")
      .field("data", newapi::task_item_id(t))
      .end_object();
  return {200, std::move(out), {{"X-New-Api-Other-Ratios", "{}"}}};
}

reply fetch_ok(const std::vector<domain::task>& tasks, std::string_view action) {
  std::string items = "[";
  bool first = true;
  for (const auto& t : tasks) {
    if (!action.empty() && domain::to_string(t.action) != action) continue;
    if (!first) items += ",";
    first = false;
    items += newapi::render_task_item(t, newapi::task_view::self);
  }
  items += "]";
  return {200, success_body(items), {}};
}

reply fetch_one_ok(const domain::task& t) {
  return {200, success_body(newapi::render_task_item(t, newapi::task_view::self)), {}};
}

reply failure(const caf::error& err) {
  auto message = [&err](std::string fallback) {
    const auto& ctx = err.context();
    for (std::size_t i = 0; i < ctx.size(); ++i)
      if (ctx.match_element<std::string>(i)) return ctx.get_as<std::string>(i);
    return fallback;
  };
  if (err == caf::sec::request_timeout) return error_reply(504, "timeout", "request timed out");
  if (err.category() != caf::atom("mjgate"))
    return error_reply(500, "internal_error", "internal error");
  switch (static_cast<domain::errc>(err.code())) {
    case domain::errc::no_account:
      return error_reply(503, "no_available_channel", "no enabled channel serves this model");
    case domain::errc::upstream_failed:
      return error_reply(502, "fail_to_fetch_task", message("上游提交失败"));
    case domain::errc::insufficient_quota:
      return error_reply(403, "insufficient_user_quota", message("user quota is not enough"));
    case domain::errc::queue_full: {
      auto r = error_reply(503, "upstream_saturated", "every channel is busy, retry later");
      r.headers.emplace_back("Retry-After", "10");
      return r;
    }
    case domain::errc::validation:
      return error_reply(400, "invalid_request", message("invalid request"));
    case domain::errc::task_not_found:
      return task_not_exist();
    case domain::errc::storage_failure:
      return error_reply(500, "storage_failure", "database error");
    case domain::errc::timeout:
      return error_reply(504, "timeout", "request timed out");
    default:
      return error_reply(500, "internal_error", "internal error");
  }
}

}  // namespace mjgate::http::suno
