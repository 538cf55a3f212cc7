#include "http/dialects/newapi/list_params.hpp"

#include <algorithm>
#include <cctype>
#include <climits>
#include <limits>
#include <optional>
#include <string_view>

#include "http/dialects/newapi/envelope.hpp"

namespace mjgate::http::newapi {

namespace {

using domain::task_status;

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

std::string_view param(const query_params& params, std::string_view key) {
  auto it = params.find(key);
  return it == params.end() ? std::string_view{} : std::string_view{it->second};
}

// An optional '-' then decimal digits; a value past int64 saturates (the
// callers clamp anyway). nullopt for anything else, "" included.
std::optional<std::int64_t> parse_integer(std::string_view s) {
  bool negative = s.starts_with('-');
  if (negative) s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    int digit = c - '0';
    v = v > (int64_max - digit) / 10 ? int64_max : v * 10 + digit;
  }
  return negative ? -v : v;
}

// A filter that takes a positive (or, with allow_zero, non-negative) integer;
// anything else means "no filter".
std::optional<std::int64_t> integer_filter(std::string_view s, bool allow_zero) {
  auto v = parse_integer(s);
  if (!v || *v < 0 || (*v == 0 && !allow_zero)) return std::nullopt;
  return v;
}

// `page_size`, then `ps`, then `size`: the first non-empty, non-zero value.
std::optional<int> read_page_size(const query_params& params, int default_size) {
  for (auto key : {"page_size", "ps", "size"}) {
    auto text = param(params, key);
    if (text.empty()) continue;
    auto v = parse_integer(text);
    if (!v || *v < 0) return std::nullopt;
    if (*v == 0) continue;
    return static_cast<int>(std::min<std::int64_t>(*v, max_page_size));
  }
  return std::clamp(default_size, 1, max_page_size);
}

// Epoch ms bounds [from, to] of a timestamp given in seconds: the whole second.
std::int64_t seconds_from(std::int64_t s) {
  return s > int64_max / 1000 ? int64_max : s * 1000;
}
std::int64_t seconds_to(std::int64_t s) {
  return s > int64_max / 1000 - 1 ? int64_max : s * 1000 + 999;
}

void read_time_range(const query_params& params, bool seconds_only, domain::task_page_query& q) {
  constexpr std::int64_t first_ms_value = 1'000'000'000'000;  // 10^12: below it, seconds
  auto is_seconds = [&](std::int64_t v) { return seconds_only || v < first_ms_value; };
  if (auto v = integer_filter(param(params, "start_timestamp"), false))
    q.submit_from = is_seconds(*v) ? seconds_from(*v) : *v;
  if (auto v = integer_filter(param(params, "end_timestamp"), false))
    q.submit_to = is_seconds(*v) ? seconds_to(*v) : *v;
}

// The /api/task view's status values (§4.6) → stored statuses; empty when
// no stored task can show that value (QUEUED and UNKNOWN arrive with the
// relay's statuses).
std::vector<task_status> statuses_of_view(std::string_view s) {
  if (s == "NOT_START") return {task_status::not_start, task_status::modal};
  if (s == "SUBMITTED") return {task_status::submitted};
  if (s == "IN_PROGRESS") return {task_status::in_progress};
  if (s == "SUCCESS") return {task_status::success};
  if (s == "FAILURE") return {task_status::failure, task_status::cancel};
  return {};
}

void read_task_center_filters(const query_params& params, list_request& out) {
  auto& q = out.query;
  q.platform = std::string{param(params, "platform")};
  q.task_center_id = std::string{param(params, "task_id")};
  if (auto status = param(params, "status"); !status.empty()) {
    q.statuses = statuses_of_view(status);
    if (q.statuses.empty()) out.matches_nothing = true;
  }
  if (auto action = param(params, "action"); !action.empty()) {
    std::string name{action};
    for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (name == "SONG") name = "MUSIC";  // seed 002's example name
    if (auto a = domain::parse_task_action(name))
      q.actions = {*a};
    else
      out.matches_nothing = true;
  }
}

}  // namespace

std::variant<list_request, reply> parse_list_params(list_route route, const query_params& params,
                                                    int default_size) {
  list_request out;
  auto page_size = read_page_size(params, default_size);
  if (!page_size) return failure_reply(200, page_size_message);
  out.page_size = *page_size;
  auto p = parse_integer(param(params, "p"));
  out.page = p && *p > 0 ? static_cast<int>(std::min<std::int64_t>(*p, INT_MAX)) : 1;

  auto& q = out.query;
  q.page_number = out.page - 1;
  q.page_size = out.page_size;
  q.sort_field = domain::task_sort_field::seq;
  q.descending = true;
  if (is_admin_route(route))
    if (auto channel = integer_filter(param(params, "channel_id"), true)) q.channel_id = *channel;
  read_time_range(params, is_task_center(route), q);
  if (is_task_center(route)) {
    q.excluded_platform = "mj";
    read_task_center_filters(params, out);
    if (route == list_route::task_all)
      if (auto user = integer_filter(param(params, "user_id"), false)) q.user_id = *user;
  } else {
    q.platform = "mj";
    q.id = std::string{param(params, "mj_id")};
  }
  return out;
}

}  // namespace mjgate::http::newapi
