// The query parameters of the new-api dashboard lists (api-contracts.md §4.1,
// §4.3): which of the four routes, paging, and the filters, parsed into the
// one task page query. Pure.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <variant>

#include "domain/task_page_query.hpp"
#include "http/reply.hpp"

namespace mjgate::http::newapi {

/// The four dashboard lists: the caller's or everyone's (admin), MJ tasks
/// (`platform = mj`) or task-center tasks (`platform <> mj`).
enum class list_route : std::uint8_t { mj_self, mj_all, task_self, task_all };

/// Whether the route lists everyone's tasks (role ≥ admin, §4.1).
constexpr bool is_admin_route(list_route r) {
  return r == list_route::mj_all || r == list_route::task_all;
}
/// Whether the route lists task-center tasks (the `/api/task` item, seconds).
constexpr bool is_task_center(list_route r) {
  return r == list_route::task_self || r == list_route::task_all;
}

/// Page size when a request names none (the seed's default) and the largest
/// one served (larger requests are clamped).
inline constexpr int default_page_size = 20;
inline constexpr int max_page_size = domain::max_task_page_size;

/// A query string's parameters, each key's first value.
using query_params = std::map<std::string, std::string, std::less<>>;

/// A parsed list request.
struct list_request {
  /// Filters, `seq` DESC, 0-based page. `user_id` is the admin task list's
  /// `user_id` filter, else 0: the caller's id is set for the /self routes
  /// by whoever knows the caller.
  domain::task_page_query query;
  int page = 1;                       ///< 1-based, as echoed in the envelope
  int page_size = default_page_size;  ///< as echoed in the envelope
  /// A filter names a value no stored task can carry (an unknown action or
  /// status): the answer is an empty page with total 0, no query needed.
  bool matches_nothing = false;
  friend bool operator==(const list_request&, const list_request&) = default;
};

/// The text of the page-size rejection (§4.3).
inline constexpr const char* page_size_message = "page_size must be between 1 and 100";

/// Parses the parameters of §4.3 for `route`:
/// - `p`: missing, non-numeric, 0 or negative → 1;
/// - `page_size`, then `ps`, then `size` (the first non-empty, non-zero one):
///   none → `default_size`; > 100 → 100; negative or non-numeric → HTTP 200
///   `{"success":false,"message":"page_size must be between 1 and 100"}`;
/// - `mj_id` (MJ routes): exact task id;
/// - `channel_id` (admin routes; ignored on /self): exact, 0 = local pool;
/// - `platform`, `task_id`, `status`, `action` (task routes): exact;
///   `task_id` the upstream id or "task_" + uuid hex; `action`
///   case-insensitive with `song` = MUSIC; `status` the view's values
///   (FAILURE also matches cancelled tasks, which the view renders FAILURE);
/// - `user_id` (admin task route only): exact owner;
/// - `start_timestamp`/`end_timestamp`: inclusive bounds on submit_time; on
///   MJ routes values below 10^12 are seconds, others milliseconds; on task
///   routes always seconds; a bound in seconds covers its whole second.
///   Non-numeric or ≤ 0 → ignored.
/// Malformed values of ignored or optional filters are ignored, never rejected.
std::variant<list_request, reply> parse_list_params(list_route route, const query_params& params,
                                                    int default_size = default_page_size);

}  // namespace mjgate::http::newapi
