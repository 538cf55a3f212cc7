#include "http/dialects/node/task_params.hpp"

#include <algorithm>
#include <optional>

#include "domain/ids.hpp"
#include "domain/text.hpp"
#include "http/dialects/mj/list_params.hpp"
#include "http/dialects/node/envelope.hpp"

namespace mjgate::http::node {

namespace {

std::optional<task_ref> to_ref(std::string_view raw) {
  auto s = domain::trim(raw);
  if (domain::is_uuid(s)) return task_ref{domain::to_lower(s), true};
  if (domain::is_task_id(s)) return task_ref{std::string{s}, false};
  return std::nullopt;
}

std::optional<std::string_view> trimmed(std::optional<std::string_view> v) {
  if (v) v = domain::trim(*v);
  return v;
}

// Absent or empty → 0; decimal digits → their value (saturating far above
// any bound); anything else → nullopt.
std::optional<std::int64_t> parse_count(std::optional<std::string_view> raw) {
  if (!raw || raw->empty()) return 0;
  std::int64_t n = 0;
  for (char c : *raw) {
    if (c < '0' || c > '9') return std::nullopt;
    n = std::min<std::int64_t>(n * 10 + (c - '0'), 1'000'000'000);
  }
  return n;
}

}  // namespace

std::variant<task_ref, reply> parse_fetch(const params& p) {
  auto raw = p.get("_id");
  if (!raw || domain::trim(*raw).empty()) raw = p.get("id");
  if (!raw) return task_missing();
  auto ref = to_ref(*raw);
  if (!ref) return task_missing();
  return std::move(*ref);
}

std::variant<list_request, reply> parse_list(const params& p) {
  list_request req;
  for (auto key : {"limit", "before", "offset"})
    if (p.malformed(key)) return invalid(std::string{key} + "参数错误");
  auto limit = mj::parse_limit(trimmed(p.get("limit")), default_list_limit, max_list_limit);
  if (!limit) return invalid("limit参数错误");
  req.limit = *limit;
  auto offset = parse_count(trimmed(p.get("offset")));
  if (!offset || *offset > max_list_offset) return invalid("offset参数错误，只能是0-10000");
  req.offset = *offset;
  if (auto raw = trimmed(p.get("before")); raw && !raw->empty()) {
    auto ref = to_ref(*raw);
    if (!ref) return invalid("before参数错误");
    req.before = std::move(ref->value);
  }
  return req;
}

domain::task_page_query list_query(const list_request& req) {
  domain::task_page_query q;
  q.sort_field = domain::task_sort_field::id;
  q.descending = true;
  q.size_cap = max_list_limit;
  q.page_size = req.limit;
  q.offset = req.offset;
  q.before = req.before;
  return q;
}

}  // namespace mjgate::http::node
