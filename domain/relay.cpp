#include "domain/relay.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "domain/text.hpp"

namespace mjgate::domain {

using json = nlohmann::json;

relay_verdict judge_relay_task(const relay_limits& limits, std::int64_t submit_ms, int misses,
                               std::int64_t now_ms) {
  const auto age = now_ms - submit_ms;
  if (age >= limits.task_timeout.count()) return relay_verdict::timed_out;
  if (limits.lost_after > 0 && misses >= limits.lost_after && age >= limits.lost_min_age.count())
    return relay_verdict::lost;
  return relay_verdict::keep;
}

std::vector<std::vector<std::string>> poll_batches(const std::vector<std::string>& ids,
                                                   std::size_t batch) {
  batch = std::max<std::size_t>(batch, 1);
  std::vector<std::vector<std::string>> out;
  for (std::size_t i = 0; i < ids.size(); i += batch)
    out.emplace_back(ids.begin() + static_cast<std::ptrdiff_t>(i),
                     ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + batch)));
  return out;
}

std::chrono::milliseconds poll_backoff(int failures, std::chrono::milliseconds base,
                                       std::chrono::milliseconds max) {
  auto d = base;
  for (int i = 1; i < failures && d < max; ++i) d *= 2;
  return std::min(d, max);
}

task_status suno_status(std::string_view upstream) {
  auto s = to_lower(upstream);
  if (s == "not_start") return task_status::not_start;
  if (s == "submitted") return task_status::submitted;
  if (s == "queued") return task_status::queued;
  if (s == "in_progress") return task_status::in_progress;
  if (s == "success") return task_status::success;
  if (s == "failure") return task_status::failure;
  return task_status::unknown;
}

namespace {

std::optional<json> success_data(std::string_view body) {
  auto j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto code = j.find("code");
  if (code == j.end() || !code->is_string() || code->get<std::string>() != "success")
    return std::nullopt;
  auto data = j.find("data");
  if (data == j.end()) return std::nullopt;
  return *data;
}

std::string text_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::int64_t int_of(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return 0;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number()) return static_cast<std::int64_t>(it->get<double>());
  return 0;
}

}  // namespace

std::optional<std::string> parse_suno_submit(std::string_view body) {
  auto data = success_data(body);
  if (!data || !data->is_string() || data->get<std::string>().empty()) return std::nullopt;
  return data->get<std::string>();
}

std::optional<std::vector<suno_item>> parse_suno_fetch(std::string_view body) {
  auto data = success_data(body);
  if (!data || !data->is_array()) return std::nullopt;
  std::vector<suno_item> out;
  for (const auto& each : *data) {
    if (!each.is_object()) continue;
    suno_item item;
    item.task_id = text_of(each, "task_id");
    if (item.task_id.empty()) continue;
    item.action = text_of(each, "action");
    item.status = text_of(each, "status");
    item.fail_reason = text_of(each, "fail_reason");
    item.submit_time = int_of(each, "submit_time");
    item.start_time = int_of(each, "start_time");
    item.finish_time = int_of(each, "finish_time");
    if (auto d = each.find("data"); d != each.end() && !d->is_null()) item.data = d->dump();
    out.push_back(std::move(item));
  }
  return out;
}

std::string suno_fetch_body(const std::vector<std::string>& ids) {
  return json{{"ids", ids}}.dump();
}

task_patch suno_patch(const suno_item& item, std::int64_t now_ms) {
  task_patch p;
  p.status = suno_status(item.status);
  p.at_ms = now_ms;
  p.upstream_data = item.data;
  if (p.status == task_status::failure)
    p.fail_reason = item.fail_reason.empty() ? "上游任务失败" : item.fail_reason;
  return p;
}

std::string upstream_failure_text(int http_status) {
  return http_status == 0 ? "network error" : "HTTP " + std::to_string(http_status);
}

}  // namespace mjgate::domain
