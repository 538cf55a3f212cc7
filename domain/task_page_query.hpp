// The paged, filtered task query of the admin-style task search (mj
// /task/query, api-contracts.md §3.9.3): what the store answers, shared by the
// HTTP parser, the router and the store. Plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/task.hpp"

namespace mjgate::domain {

/// Page size when a request names none, and the largest one served (larger
/// requests are clamped to it), so one page is at most 100 tasks.
inline constexpr int default_task_page_size = 10;
inline constexpr int max_task_page_size = 100;

/// The task fields a page may be sorted by (the §3.9.3 whitelist); ties are
/// always broken by id in the same direction, so pages never overlap.
enum class task_sort_field : std::uint8_t { id, submit_time, finish_time, status, action, seq };

/// One page request with its filters. Empty strings / vectors mean "no
/// filter"; filters combine with AND.
struct task_page_query {
  std::int64_t user_id = 0;                ///< 0 = every user (admin); set by the router
  int page_number = 0;                     ///< 0-based
  int page_size = default_task_page_size;  ///< 1..max_task_page_size
  task_sort_field sort_field = task_sort_field::id;
  bool descending = true;             ///< default sort: "id,desc" (newest first)
  std::string id;                     ///< exact id
  std::vector<std::string> ids;       ///< any of these ids (duplicates removed)
  std::vector<task_action> actions;   ///< any of these actions
  std::vector<task_status> statuses;  ///< any of these statuses
  std::string instance_id;            ///< exact account id
  std::string state;                  ///< exact
  std::string prompt;                 ///< substrings (case-sensitive):
  std::string prompt_en;
  std::string description;
  std::string fail_reason;
  std::vector<std::int64_t> seqs;  ///< any of these seqs (backend ids)
  std::int64_t offset = -1;        ///< >= 0: skip this many rows (replaces page_number)
  bool count_only = false;         ///< only `total`; no rows (backend limit=0)
  friend bool operator==(const task_page_query&, const task_page_query&) = default;
};

/// One page of matches and the number of matches over all pages.
struct task_page {
  std::vector<task> content;
  std::int64_t total = 0;
  friend bool operator==(const task_page&, const task_page&) = default;
};

}  // namespace mjgate::domain
