#include "http/dialects/mj/task_query_params.hpp"

#include <algorithm>
#include <climits>
#include <unordered_set>

#include "domain/text.hpp"
#include "http/dialects/mj/submit_fields.hpp"
#include "http/dialects/mj/submit_imagine.hpp"

namespace mjgate::http::mj {

namespace {

using json = nlohmann::json;

std::optional<task_sort_field> parse_sort_field(std::string_view s) {
  for (auto f : {task_sort_field::id, task_sort_field::submit_time, task_sort_field::finish_time,
                 task_sort_field::status, task_sort_field::action})
    if (to_string(f) == s) return f;
  return std::nullopt;
}

// "<field>[,<asc|desc>]"; a bare field sorts ascending (Spring's default).
std::optional<reply> read_sort(const json& obj, task_page_query& q) {
  std::string sort;
  if (!read_optional_string(obj, "sort", sort)) return invalid_field("sort参数错误");
  auto text = domain::trim(sort);
  if (text.empty()) return std::nullopt;
  auto comma = text.find(',');
  auto field = parse_sort_field(domain::trim(text.substr(0, comma)));
  if (!field) return invalid_field("sort参数错误");
  auto dir = comma == std::string_view::npos
                 ? std::string{"asc"}
                 : domain::to_lower(domain::trim(text.substr(comma + 1)));
  if (dir != "asc" && dir != "desc") return invalid_field("sort参数错误");
  q.sort_field = *field;
  q.descending = dir == "desc";
  return std::nullopt;
}

// `key`, else `alias`: a non-negative integer, or nullopt-untouched when absent.
std::optional<reply> read_page_value(const json& obj, const char* key, const char* alias, int& out,
                                     int min, int clamp_max) {
  std::optional<std::int64_t> v;
  bool ok = read_optional_int(obj, key, v);
  if (ok && !v) ok = read_optional_int(obj, alias, v);
  if (!ok || (v && *v < 0)) return invalid_field(std::string{key} + "参数错误");
  if (v) out = static_cast<int>(std::clamp<std::int64_t>(*v, min, clamp_max));
  return std::nullopt;
}

std::optional<reply> read_filter(const json& obj, const char* key, std::string& out) {
  if (!read_optional_string(obj, key, out)) return invalid_field(std::string{key} + "必须是字符串");
  if (utf8_length(out) > max_query_filter_chars) return invalid_field(std::string{key} + "过长");
  return std::nullopt;
}

std::optional<reply> add_status(const json& v, std::vector<domain::task_status>& out) {
  auto status =
      v.is_string() ? domain::parse_task_status(v.get_ref<const std::string&>()) : std::nullopt;
  if (!status) return invalid_field("status参数错误");
  if (std::find(out.begin(), out.end(), *status) == out.end()) out.push_back(*status);
  return std::nullopt;
}

std::optional<reply> read_ids(const json& obj, std::size_t max_ids, std::vector<std::string>& out) {
  auto it = obj.find("ids");
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) return invalid_field("ids必须是字符串数组");
  if (it->size() > max_ids) return invalid_field("ids数量超过上限" + std::to_string(max_ids));
  std::unordered_set<std::string> seen;
  for (const auto& v : *it) {
    if (!v.is_string()) return invalid_field("ids必须是字符串数组");
    const auto& id = v.get_ref<const std::string&>();
    if (seen.insert(id).second) out.push_back(id);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(task_sort_field f) {
  switch (f) {
    case task_sort_field::id:
      return "id";
    case task_sort_field::submit_time:
      return "submitTime";
    case task_sort_field::finish_time:
      return "finishTime";
    case task_sort_field::status:
      return "status";
    case task_sort_field::action:
      return "action";
    case task_sort_field::seq:  // the dashboard lists' and backend /tasks order; not offered here
      return "seq";
  }
  return "id";
}

std::variant<task_page_query, reply> parse_task_query(std::string_view body, std::size_t max_ids) {
  auto doc = parse_body_object(body);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  const auto& obj = std::get<json>(doc);
  task_page_query q;
  if (auto r = read_page_value(obj, "pageNumber", "page", q.page_number, 0, INT_MAX))
    return std::move(*r);
  if (auto r = read_page_value(obj, "pageSize", "size", q.page_size, 1, max_page_size))
    return std::move(*r);
  if (auto r = read_sort(obj, q)) return std::move(*r);
  if (!read_optional_string(obj, "id", q.id)) return invalid_field("id必须是字符串");
  if (auto r = read_ids(obj, max_ids, q.ids)) return std::move(*r);
  std::string action;
  if (!read_optional_string(obj, "action", action)) return invalid_field("action参数错误");
  if (!action.empty()) {
    auto a = domain::parse_task_action(action);
    if (!a) return invalid_field("action参数错误");
    q.actions = {*a};
  }
  if (auto it = obj.find("status"); it != obj.end() && !it->is_null()) {
    if (auto r = add_status(*it, q.statuses)) return std::move(*r);
  }
  if (auto it = obj.find("statusSet"); it != obj.end() && !it->is_null()) {
    if (!it->is_array()) return invalid_field("statusSet必须是数组");
    for (const auto& v : *it)
      if (auto r = add_status(v, q.statuses)) return std::move(*r);
  }
  for (auto [key, field] :
       {std::pair{"instanceId", &q.instance_id}, std::pair{"state", &q.state},
        std::pair{"prompt", &q.prompt}, std::pair{"promptEn", &q.prompt_en},
        std::pair{"description", &q.description}, std::pair{"failReason", &q.fail_reason}})
    if (auto r = read_filter(obj, key, *field)) return std::move(*r);
  return q;
}

std::string render_page(const std::vector<std::string>& items, std::int64_t total, int page_number,
                        int page_size) {
  page_size = std::max(page_size, 1);
  total = std::max<std::int64_t>(total, 0);
  auto total_pages = (total + page_size - 1) / page_size;
  auto n = static_cast<std::int64_t>(items.size());
  std::string out = "{\"content\":[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += items[i];
  }
  auto flag = [](bool b) { return b ? "true" : "false"; };
  out += "],\"totalElements\":" + std::to_string(total);
  out += ",\"totalPages\":" + std::to_string(total_pages);
  out += ",\"size\":" + std::to_string(page_size);
  out += ",\"number\":" + std::to_string(page_number);
  out += ",\"first\":" + std::string{flag(page_number == 0)};
  out += ",\"last\":" + std::string{flag(page_number + 1 >= total_pages)};
  out += ",\"numberOfElements\":" + std::to_string(n);
  out += ",\"empty\":" + std::string{flag(n == 0)};
  out += '}';
  return out;
}

}  // namespace mjgate::http::mj
