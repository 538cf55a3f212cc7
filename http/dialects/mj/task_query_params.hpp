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
#include "domain/task_page_query.hpp"
#include "http/reply.hpp"

namespace mjgate::http::mj {

/// Page size when the body names none, and the largest one served: larger
/// requests are clamped to it (compat, §3.9.3).
inline constexpr int default_page_size = domain::default_task_page_size;
inline constexpr int max_page_size = domain::max_task_page_size;
/// Longest text filter (prompt, description, …), in code points.
inline constexpr std::size_t max_query_filter_chars = 128;

/// The query itself is a domain value (the store answers it); this dialect
/// only parses it. `user_id` is left 0: the router scopes it.
using domain::task_page_query;
using domain::task_sort_field;

/// "id", "submitTime", "finishTime", "status", "action".
std::string_view to_string(task_sort_field f);

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
