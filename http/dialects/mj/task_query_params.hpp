// The paged task query of POST /mj/task/query and /mj/task-admin/query
// (api-contracts.md §3.5, §3.9.3): request parsing and the Spring-style page
// envelope. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/task.hpp"
#include "http/reply.hpp"

namespace mjgate::http::mj {

/// Page size when the body names none, and the largest one served: larger
/// requests are clamped to it (compat, §3.9.3), so one page is at most 100
/// tasks whatever the client asks.
inline constexpr int default_page_size = 10;
inline constexpr int max_page_size = 100;
/// Longest text filter (prompt, description, …), in code points.
inline constexpr std::size_t max_query_filter_chars = 128;

/// The task fields a page may be sorted by (§3.9.3 whitelist).
enum class task_sort_field : std::uint8_t { id, submit_time, finish_time, status, action };

/// "id", "submitTime", "finishTime", "status", "action".
std::string_view to_string(task_sort_field f);

/// One page request with its filters. Empty strings / vectors and nullopt
/// mean "no filter"; filters combine with AND.
struct task_page_query {
  int page_number = 0;                ///< 0-based
  int page_size = default_page_size;  ///< 1..max_page_size
  task_sort_field sort_field = task_sort_field::id;
  bool descending = true;        ///< default sort: "id,desc" (newest first)
  std::string id;                ///< exact id
  std::vector<std::string> ids;  ///< any of these ids (duplicates removed)
  std::optional<domain::task_action> action;
  std::vector<domain::task_status> statuses;  ///< `status` and `statusSet[]` merged
  std::string instance_id;                    ///< exact account id
  std::string state;                          ///< exact
  std::string prompt;                         ///< substrings:
  std::string prompt_en;
  std::string description;
  std::string fail_reason;
  friend bool operator==(const task_page_query&, const task_page_query&) = default;
};

/// Parses `{pageNumber?, pageSize?, sort?, id?, ids?, action?, status?,
/// statusSet?, instanceId?, state?, prompt?, promptEn?, description?,
/// failReason?}`. `page`/`size` are accepted when `pageNumber`/`pageSize` are
/// absent. Numbers may be JSON integers or digit strings. Non-JSON → HTTP 400
/// code 4; a negative or non-numeric page value, a sort outside the whitelist,
/// an unknown action/status, more than `max_ids` ids or an over-long filter →
/// HTTP 200 code 4.
std::variant<task_page_query, reply> parse_task_query(std::string_view body, std::size_t max_ids);

/// The Spring-style page `{"content":[…],"totalElements","totalPages","size",
/// "number","first","last","numberOfElements","empty"}` (§3.9.3) around
/// `items`, each already rendered as JSON text (Task JSON, Account JSON).
/// `total` is the number of matches over all pages; `page_size` ≥ 1.
std::string render_page(const std::vector<std::string>& items, std::int64_t total, int page_number,
                        int page_size);

}  // namespace mjgate::http::mj
