#include "domain/mj_relay.hpp"
#include "domain/mj_relay_ops.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "domain/relay.hpp"
#include "domain/text.hpp"

namespace mjgate::domain {

using json = nlohmann::json;

namespace {

std::string to_upper(std::string_view s) {
  std::string out{s};
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string text_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

int int_of(const json& j, const char* key, int fallback) {
  auto it = j.find(key);
  if (it == j.end()) return fallback;
  if (it->is_number_integer()) return it->get<int>();
  if (it->is_string()) {
    try {
      return std::stoi(it->get<std::string>());
    } catch (...) {
      return fallback;
    }
  }
  return fallback;
}

// A "name=mode" entry split in two; nullopt when malformed.
std::optional<std::pair<std::string, routing_mode>> split_rule(std::string_view entry) {
  auto eq = entry.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  auto name = std::string{trim(entry.substr(0, eq))};
  auto mode = parse_routing_mode(trim(entry.substr(eq + 1)));
  if (name.empty() || !mode) return std::nullopt;
  return std::make_pair(std::move(name), *mode);
}

}  // namespace

std::string_view to_string(routing_mode m) {
  switch (m) {
    case routing_mode::accounts:
      return "accounts";
    case routing_mode::channels:
      return "channels";
    default:
      return "accounts_then_channels";
  }
}

std::optional<routing_mode> parse_routing_mode(std::string_view s) {
  auto l = to_lower(trim(s));
  if (l == "accounts") return routing_mode::accounts;
  if (l == "channels") return routing_mode::channels;
  if (l == "accounts_then_channels") return routing_mode::accounts_then_channels;
  return std::nullopt;
}

routing_mode routing_for(const routing_rules& rules, std::string_view group, task_action action) {
  if (auto a = rules.actions.find(std::string{to_string(action)}); a != rules.actions.end())
    return a->second;
  if (auto g = rules.groups.find(std::string{group}); g != rules.groups.end()) return g->second;
  return rules.fallback;
}

std::variant<routing_rules, std::string> parse_routing(std::string_view mode,
                                                       const std::vector<std::string>& groups,
                                                       const std::vector<std::string>& actions) {
  routing_rules rules;
  auto fallback = parse_routing_mode(mode);
  if (!fallback)
    return "routing.mode: \"" + std::string{mode} +
           "\" is not one of accounts, channels, accounts_then_channels";
  rules.fallback = *fallback;
  for (const auto& g : groups) {
    auto rule = split_rule(g);
    if (!rule)
      return "routing.groups: \"" + g +
             "\" is not \"<group>=<accounts|channels|accounts_then_channels>\"";
    rules.groups[rule->first] = rule->second;
  }
  for (const auto& a : actions) {
    auto rule = split_rule(a);
    auto action = rule ? parse_task_action(to_upper(rule->first)) : std::nullopt;
    if (!rule || !action)
      return "routing.actions: \"" + a +
             "\" is not \"<ACTION>=<accounts|channels|accounts_then_channels>\" with an action "
             "of IMAGINE, UPSCALE, VARIATION, REROLL, DESCRIBE, BLEND, SHORTEN, PAN, ZOOM, "
             "UPSCALE_HD, VIDEO";
    rules.actions[std::string{to_string(*action)}] = rule->second;
  }
  return rules;
}

// -- submit -------------------------------------------------------------------------

std::string mj_submit_body(const mj_upstream_submit& s) {
  json j = json::object();
  const auto& k = s.kind;
  if (k == "imagine" || k == "shorten") j["prompt"] = s.prompt;
  if (k == "imagine" && !s.images.empty()) j["base64Array"] = s.images;
  if (k == "blend") {
    j["base64Array"] = s.images;
    if (!s.dimensions.empty()) j["dimensions"] = s.dimensions;
  }
  if (k == "describe") {
    if (!s.link.empty())
      j["link"] = s.link;
    else
      j["base64"] = s.image;
  }
  if (k == "action") {
    j["taskId"] = s.task_id;
    j["customId"] = s.custom_id;
    if (s.enable_remix) j["enableRemix"] = true;
  }
  if (k == "change") {
    j["taskId"] = s.task_id;
    j["action"] = s.change_action;
    if (s.index > 0) j["index"] = s.index;
  }
  if (k == "modal") {
    j["taskId"] = s.task_id;
    j["prompt"] = s.prompt;
    if (!s.mask_base64.empty()) j["maskBase64"] = s.mask_base64;
  }
  if (!s.bot_type.empty() && (k == "imagine" || k == "describe" || k == "blend" || k == "shorten"))
    j["botType"] = s.bot_type;
  if (!s.notify_hook.empty()) j["notifyHook"] = s.notify_hook;
  return j.dump();
}

std::string mj_submit_path(std::string_view kind, std::string_view speed, bool speed_prefix) {
  auto s = to_lower(speed);
  bool known = s == "fast" || s == "relax" || s == "turbo";
  std::string prefix = speed_prefix && known ? "/mj-" + s + "/mj" : "/mj";
  return prefix + "/submit/" + std::string{kind};
}

mj_submit_outcome read_mj_submit(int http_status, std::string_view body) {
  mj_submit_outcome out;
  if (http_status == 401 || http_status == 403) {
    out.verdict =
        mj_submit_verdict::skip_channel;  // our key is refused: the channel is misconfigured
    out.description = "HTTP " + std::to_string(http_status);
    return out;
  }
  auto j = json::parse(body, nullptr, false);
  if (http_status != 200 || j.is_discarded() || !j.is_object()) {
    out.description =
        http_status == 0 ? std::string{"network error"} : "HTTP " + std::to_string(http_status);
    return out;  // next_channel
  }
  out.code = int_of(j, "code", 0);
  out.description = text_of(j, "description");
  json props =
      j.contains("properties") && j["properties"].is_object() ? j["properties"] : json::object();
  auto result = j.find("result");
  std::string id;
  if (result != j.end() && result->is_string()) id = result->get<std::string>();
  if (result != j.end() && result->is_number_integer())
    id = std::to_string(result->get<std::int64_t>());
  switch (out.code) {
    case 1:
    case 22:
      if (id.empty()) return out;  // accepted without an id: not a task we can follow
      out.verdict = mj_submit_verdict::accepted;
      out.upstream_id = std::move(id);
      out.queue_ahead = out.code == 22 ? std::max(int_of(props, "numberOfQueues", 1), 1) : 0;
      return out;
    case 21:
      if (id.empty()) return out;
      out.verdict = mj_submit_verdict::modal;
      out.upstream_id = std::move(id);
      out.final_prompt = text_of(props, "finalPrompt");
      return out;
    case 3:
      out.verdict = mj_submit_verdict::skip_channel;
      return out;
    case 4:
    case 24:
      out.verdict = mj_submit_verdict::reject;
      if (out.description.empty()) out.description = out.code == 4 ? "参数错误" : "可能包含敏感词";
      out.banned_word = text_of(props, "bannedWord");
      out.prompt_en = text_of(props, "promptEn");
      return out;
    default:  // 23, 9 and anything unknown
      return out;
  }
}

// -- cancel and fan-out answers --------------------------------------------------------

std::string mj_cancel_path(std::string_view upstream_id) {
  return "/mj/task/" + percent_encode(upstream_id) + "/cancel";
}

mj_cancel_outcome read_mj_cancel(int http_status, std::string_view body) {
  mj_cancel_outcome out;
  if (http_status == 404) {
    out.verdict = mj_cancel_verdict::unknown;
    out.description = "HTTP 404";
    return out;
  }
  auto j = json::parse(body, nullptr, false);
  if (http_status != 200 || j.is_discarded() || !j.is_object()) {
    out.description =
        http_status == 0 ? std::string{"network error"} : "HTTP " + std::to_string(http_status);
    return out;  // unreachable
  }
  out.code = int_of(j, "code", 0);
  out.description = text_of(j, "description");
  if (out.code == 1) {
    out.verdict = mj_cancel_verdict::cancelled;
  } else if (out.code == 4) {
    out.verdict = mj_cancel_verdict::finished;
    if (out.description.empty()) out.description = "任务已结束，无法取消";
  } else if (out.description.empty()) {
    out.description = "code " + std::to_string(out.code);
  }
  return out;
}

std::vector<std::string> split_upstream_ids(std::string_view result) {
  std::vector<std::string> ids;
  while (true) {
    auto comma = result.find(',');
    auto one = trim(result.substr(0, comma));
    if (!one.empty()) ids.emplace_back(one);
    if (comma == std::string_view::npos) break;
    result.remove_prefix(comma + 1);
  }
  return ids;
}

// -- polling ------------------------------------------------------------------------

task_status mj_status(std::string_view upstream) {
  auto s = to_upper(trim(upstream));
  if (s == "NOT_START") return task_status::not_start;
  if (s == "SUBMITTED") return task_status::submitted;
  if (s == "MODAL") return task_status::modal;
  if (s == "IN_PROGRESS") return task_status::in_progress;
  if (s == "SUCCESS") return task_status::success;
  if (s == "FAILURE") return task_status::failure;
  if (s == "CANCEL") return task_status::cancel;
  return task_status::unknown;
}

int parse_progress(std::string_view text) {
  auto t = trim(text);
  if (!t.empty() && t.back() == '%') t.remove_suffix(1);
  if (t.empty() || t.size() > 3) return -1;
  int v = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return std::min(v, 100);
}

namespace {

std::optional<polled_item> item_of(const json& j, std::int64_t now_ms) {
  if (!j.is_object()) return std::nullopt;
  polled_item item;
  item.upstream_id = text_of(j, "id");
  if (item.upstream_id.empty()) return std::nullopt;
  item.fingerprint = j.dump();
  auto& p = item.patch;
  p.at_ms = now_ms;
  p.status = mj_status(text_of(j, "status"));
  if (auto it = j.find("progress"); it != j.end()) {
    if (it->is_string()) p.progress = parse_progress(it->get<std::string>());
    if (it->is_number_integer()) p.progress = std::clamp(it->get<int>(), 0, 100);
  }
  p.image_url = text_of(j, "imageUrl");
  p.video_url = text_of(j, "videoUrl");
  if (p.video_url.empty())
    if (auto v = j.find("videoUrls");
        v != j.end() && v->is_array() && !v->empty() && v->front().is_object())
      p.video_url = text_of(v->front(), "url");
  if (p.status == task_status::failure || p.status == task_status::cancel) {
    p.fail_reason = text_of(j, "failReason");
    if (p.fail_reason.empty()) p.fail_reason = "上游任务失败";
  }
  p.job_id = text_of(j, "jobId");
  p.mode = text_of(j, "mode");
  const json props =
      j.contains("properties") && j["properties"].is_object() ? j["properties"] : json::object();
  if (p.job_id.empty()) p.job_id = text_of(props, "messageHash");
  p.final_prompt = text_of(props, "finalPrompt");
  // describe's result text arrives as its prompt (api-contracts.md §3.4 rule 4)
  if (to_upper(text_of(j, "action")) == "DESCRIBE" && p.status == task_status::success)
    p.prompt = text_of(j, "promptEn");
  if (auto b = j.find("buttons"); b != j.end() && b->is_array()) {
    for (const auto& each : *b) {
      if (!each.is_object()) continue;
      button btn;
      btn.custom_id = text_of(each, "customId");
      if (btn.custom_id.empty()) continue;  // link buttons cannot be clicked through us
      btn.emoji = text_of(each, "emoji");
      btn.label = text_of(each, "label");
      btn.type = int_of(each, "type", 2);
      btn.style = int_of(each, "style", 2);
      p.buttons.push_back(std::move(btn));
    }
  }
  return item;
}

}  // namespace

std::optional<polled_item> read_mj_task(std::string_view json_text, std::int64_t now_ms) {
  auto j = json::parse(json_text, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return item_of(j, now_ms);
}

std::optional<std::vector<polled_item>> read_mj_poll(std::string_view body, std::int64_t now_ms) {
  auto j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return std::nullopt;
  std::vector<polled_item> out;
  for (const auto& each : j)
    if (auto item = item_of(each, now_ms)) out.push_back(std::move(*item));
  return out;
}

std::string mj_poll_body(const std::vector<std::string>& ids) {
  return json{{"ids", ids}}.dump();
}

std::string submit_path(channel_type type, std::string_view action) {
  if (type == channel_type::suno) return "/suno/submit/" + std::string{action};
  return std::string{action};
}

upstream_call poll_call(channel_type type, const std::vector<std::string>& ids) {
  if (type == channel_type::suno) return {"/suno/fetch", suno_fetch_body(ids)};
  return {"/mj/task/list-by-condition", mj_poll_body(ids)};
}

std::optional<std::vector<polled_item>> read_poll(channel_type type, std::string_view body,
                                                  std::int64_t now_ms) {
  if (type == channel_type::midjourney_proxy) return read_mj_poll(body, now_ms);
  auto items = parse_suno_fetch(body);
  if (!items) return std::nullopt;
  std::vector<polled_item> out;
  out.reserve(items->size());
  for (const auto& each : *items)
    out.push_back({each.task_id, each.status + '\n' + each.data, suno_patch(each, now_ms)});
  return out;
}

std::pair<std::string, std::string> auth_header(channel_type type, const std::string& key) {
  if (type == channel_type::suno) return {"Authorization", "Bearer " + key};
  return {"mj-api-secret", key};
}

std::string base64_encode(std::string_view bytes) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    auto n = (static_cast<unsigned char>(bytes[i]) << 16) |
             (static_cast<unsigned char>(bytes[i + 1]) << 8) |
             static_cast<unsigned char>(bytes[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  if (i < bytes.size()) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string data_url(std::string_view mime, std::string_view bytes) {
  return "data:" + std::string{mime.empty() ? "image/png" : mime} + ";base64," +
         base64_encode(bytes);
}

}  // namespace mjgate::domain
