#include "sim/suno_upstream.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace mjgate::sim {

using json = nlohmann::json;

namespace {

suno_reply error(int status, std::string_view code, std::string_view message) {
  return {status, {{"code", code}, {"message", message}, {"data", nullptr}}};
}

std::string upper(std::string_view s) {
  std::string out{s};
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool has_marker(std::string_view prompt, std::string_view marker) {
  for (auto pos = prompt.find(marker); pos != std::string_view::npos;
       pos = prompt.find(marker, pos + 1)) {
    auto end = pos + marker.size();
    if (end == prompt.size() || std::isspace(static_cast<unsigned char>(prompt[end]))) return true;
  }
  return false;
}

std::string string_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

}  // namespace

suno_fault suno_fault_of(std::string_view prompt) {
  if (has_marker(prompt, "#suno:fail")) return suno_fault::fail;
  if (has_marker(prompt, "#suno:forget")) return suno_fault::forget;
  if (has_marker(prompt, "#suno:5xx")) return suno_fault::server_error;
  if (has_marker(prompt, "#suno:5xx-once")) return suno_fault::server_error_once;
  if (has_marker(prompt, "#suno:unknown")) return suno_fault::unknown_status;
  return suno_fault::none;
}

suno_upstream::suno_upstream(std::vector<std::string> keys, std::int64_t step_ms)
    : keys_(std::move(keys)), step_ms_(std::max<std::int64_t>(step_ms, 0)) {}

bool suno_upstream::authorized(std::string_view authorization) const {
  constexpr std::string_view bearer = "Bearer ";
  if (!authorization.starts_with(bearer)) return false;
  auto key = authorization.substr(bearer.size());
  return std::find(keys_.begin(), keys_.end(), key) != keys_.end();
}

suno_reply suno_upstream::submit(std::string_view action, std::string_view authorization,
                                 const std::string& body, std::int64_t now_ms) {
  if (down_) return error(503, "upstream_down", "service unavailable");
  if (!authorized(authorization)) {
    ++rejected_;
    return error(401, "unauthorized", "invalid key");
  }
  auto a = upper(action);
  if (a != "MUSIC" && a != "LYRICS") return error(400, "invalid_action", "invalid action");
  auto j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return error(400, "invalid_request", "body is not JSON");
  task t;
  t.action = a;
  t.prompt = string_of(j, "prompt");
  if (t.prompt.empty()) t.prompt = string_of(j, "gpt_description_prompt");
  t.title = string_of(j, "title");
  t.tags = string_of(j, "tags");
  t.model = string_of(j, "mv");
  t.fault = suno_fault_of(t.prompt);
  if (t.fault == suno_fault::server_error) return error(500, "internal_error", "upstream broke");
  if (t.fault == suno_fault::server_error_once && failed_once_[t.prompt]++ == 0)
    return error(500, "internal_error", "upstream broke once");
  ++submits_;
  char id[40];
  std::snprintf(id, sizeof id, "suno-%08llx-%04llx", static_cast<unsigned long long>(next_id_),
                static_cast<unsigned long long>(now_ms & 0xffff));
  ++next_id_;
  t.id = id;
  t.submitted_at = now_ms;
  tasks_[t.id] = t;
  return {200, {{"code", "success"}, {"message", ""}, {"data", t.id}}};
}

json suno_upstream::item(const task& t, std::int64_t now_ms) const {
  // SUBMITTED for one step, QUEUED for one, IN_PROGRESS for two, then terminal.
  auto step = step_ms_ == 0 ? 0 : (now_ms - t.submitted_at) / step_ms_;
  std::string status = step < 1   ? "SUBMITTED"
                       : step < 2 ? "QUEUED"
                       : step < 4 ? "IN_PROGRESS"
                                  : (t.fault == suno_fault::fail ? "FAILURE" : "SUCCESS");
  if (t.fault == suno_fault::unknown_status && status == "IN_PROGRESS") status = "REVIEWING";
  auto second = [](std::int64_t ms) { return ms / 1000; };
  json out{{"task_id", t.id},
           {"action", t.action},
           {"status", status},
           {"fail_reason", status == "FAILURE" ? "the upstream could not make this song" : ""},
           {"submit_time", second(t.submitted_at)},
           {"start_time", step >= 2 ? second(t.submitted_at + 2 * step_ms_) : 0},
           {"finish_time", step >= 4 ? second(t.submitted_at + 4 * step_ms_) : 0}};
  const std::string base = "https://cdn.suno.sim/" + t.id;
  if (status == "SUCCESS" && t.action == "LYRICS") {
    out["data"] = {{"id", t.id},
                   {"status", "complete"},
                   {"title", t.title.empty() ? "Simulated lyrics" : t.title},
                   {"text", "[Verse]\n" + t.prompt + "\n[Chorus]\nla la la"}};
  } else if (t.action == "MUSIC" && status != "SUBMITTED" && status != "FAILURE") {
    json clips = json::array();
    for (int i = 0; i < 2; ++i) {
      const bool done = status == "SUCCESS";
      auto clip_id = t.id + "-" + std::to_string(i);
      clips.push_back(
          {{"id", clip_id},
           {"status", done ? "complete" : (status == "QUEUED" ? "submitted" : "streaming")},
           {"title", t.title},
           {"model_name", t.model.empty() ? "chirp-v3" : t.model},
           {"audio_url", done ? base + "/" + clip_id + ".mp3" : ""},
           {"image_url", done ? base + "/" + clip_id + ".jpg" : ""},
           {"video_url", done ? base + "/" + clip_id + ".mp4" : ""},
           {"metadata",
            {{"tags", t.tags}, {"prompt", t.prompt}, {"duration", done ? 120.5 + i : 0.0}}}});
    }
    out["data"] = std::move(clips);
  } else {
    out["data"] = nullptr;
  }
  return out;
}

suno_reply suno_upstream::fetch(std::string_view authorization, const std::string& body,
                                std::int64_t now_ms) {
  if (down_) return error(503, "upstream_down", "service unavailable");
  if (!authorized(authorization)) {
    ++rejected_;
    return error(401, "unauthorized", "invalid key");
  }
  auto j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("ids") || !j["ids"].is_array())
    return error(400, "invalid_request", "ids must be an array");
  ++fetches_;
  json data = json::array();
  for (const auto& id : j["ids"]) {
    if (!id.is_string()) continue;
    ++fetched_ids_;
    auto it = tasks_.find(id.get<std::string>());
    if (it == tasks_.end() || it->second.fault == suno_fault::forget) continue;
    data.push_back(item(it->second, now_ms));
  }
  return {200, {{"code", "success"}, {"message", ""}, {"data", std::move(data)}}};
}

json suno_upstream::stats() const {
  return {{"down", down_},        {"step_ms", step_ms_}, {"tasks", tasks_.size()},
          {"submits", submits_},  {"fetches", fetches_}, {"fetched_ids", fetched_ids_},
          {"rejected", rejected_}};
}

suno_reply suno_upstream::control(const std::string& body) {
  auto j = body.empty() ? json::object() : json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return error(400, "invalid_request", "invalid JSON");
  if (auto it = j.find("down"); it != j.end() && it->is_boolean()) down_ = it->get<bool>();
  if (auto it = j.find("step_ms"); it != j.end() && it->is_number_integer())
    step_ms_ = std::max<std::int64_t>(it->get<std::int64_t>(), 0);
  return {200, stats()};
}

}  // namespace mjgate::sim
