// The inputs of node-api fetch and list (api-contracts.md §6.5): which task
// a fetch names and the bounded list window. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "domain/task_page_query.hpp"
#include "http/dialects/node/params.hpp"
#include "http/reply.hpp"

namespace mjgate::http::node {

/// A task named by its uuid (`_id`, lower case) or its numeric id.
struct task_ref {
  std::string value;
  bool is_uuid = false;
  friend bool operator==(const task_ref&, const task_ref&) = default;
};

/// `_id`, else `id`: a uuid or an id. Absent or neither form → HTTP 400
/// `{"code":0,"description":"任务不存在"}` (§6.5: nothing else is said).
std::variant<task_ref, reply> parse_fetch(const params& p);

inline constexpr int default_list_limit = 50;
inline constexpr int max_list_limit = 500;
inline constexpr std::int64_t max_list_offset = 10000;

/// A list window: newest first, `limit` rows after skipping `offset`, only
/// tasks older than `before` (an `_id` or an id) when set.
struct list_request {
  int limit = default_list_limit;
  std::string before;
  std::int64_t offset = 0;
  friend bool operator==(const list_request&, const list_request&) = default;
};

/// `limit` (default 50, above 500 clamped to 500, 0 → 1), `before` (a
/// uuid or an id), `offset` (0–10 000). Negative, non-numeric or
/// out-of-range values → HTTP 400.
std::variant<list_request, reply> parse_list(const params& p);

/// The store's page query for a list (user_id is set by the router): id
/// order is submit order (ids are minted from the submit millisecond, §1.3).
domain::task_page_query list_query(const list_request& req);

}  // namespace mjgate::http::node
