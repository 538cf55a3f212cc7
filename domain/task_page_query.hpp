// The paged, filtered task query: the one query path behind the mj task
// search (/task/query, api-contracts.md §3.9.3) and the new-api dashboard
// lists (§4.3). What the store answers, shared by the HTTP parsers, the router
// and the store. Plain values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/task.hpp"

namespace mjgate::domain {

/// Page size when a request names none, and the largest one served (larger
/// requests are clamped to it), so one page is at most 100 tasks.
inline constexpr int default_task_page_size = 10;
inline constexpr int max_task_page_size = 100;
/// The largest page any dialect may ask for by raising `size_cap` (node-api
/// list: 500).
inline constexpr int max_task_page_cap = 500;

/// The task fields a page may be sorted by (the §3.9.3 whitelist, plus `seq`
/// for the dashboard lists of §4.3); ties are always broken by id in the same
/// direction, so pages never overlap (seq is unique: no tie).
enum class task_sort_field : std::uint8_t { id, submit_time, finish_time, status, action, seq };

/// task_page_query::channel_id when no channel filter applies.
inline constexpr std::int64_t any_channel = -1;

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
  std::string platform;                   ///< exact ("mj", "suno")
  std::string excluded_platform;          ///< platform <> this (the task center: not "mj")
  std::int64_t channel_id = any_channel;  ///< exact relay channel, 0 = local pool
  std::int64_t submit_from = 0;           ///< submit_time >= this (epoch ms); 0 = unbounded
  std::int64_t submit_to = 0;             ///< submit_time <= this (epoch ms); 0 = unbounded
  /// The task center's task_id (§4.6): matches upstream_task_id, or the uuid
  /// when it is mjgate's own "task_" + 32 hex form (domain/ids.hpp).
  std::string task_center_id;
  /// Any of these task-center ids (each as task_center_id matches); the
  /// task center's batch fetch.
  std::vector<std::string> task_center_ids;
  /// Non-empty: only tasks older than this one (id below its id), named by
  /// its id or its uuid; an unknown or foreign cursor matches nothing. Not
  /// part of `total` (a cursor pages, it does not filter).
  std::string before;
  std::vector<std::int64_t> seqs;  ///< any of these seqs (backend task ids)
  bool count_only = false;         ///< only `total`; no rows (backend limit=0)
  bool with_user_names = false;    ///< fill task_page::user_names (admin lists)
  std::int64_t offset = -1;        ///< ≥ 0: rows skipped instead of page_number × size
  int size_cap =
      max_task_page_size;  ///< page_size is clamped to 1..min(size_cap, max_task_page_cap)
  friend bool operator==(const task_page_query&, const task_page_query&) = default;
};

/// The rows one page holds: page_size clamped by size_cap and max_task_page_cap.
constexpr int page_size_of(const task_page_query& q) {
  const int cap =
      q.size_cap < 1 ? 1 : (q.size_cap > max_task_page_cap ? max_task_page_cap : q.size_cap);
  return q.page_size < 1 ? 1 : (q.page_size > cap ? cap : q.page_size);
}

/// One page of matches and the number of matches over all pages.
struct task_page {
  std::vector<task> content;
  std::int64_t total = 0;
  /// The owners' user names by user id (only when the query asked for them;
  /// an owner without a users row is absent).
  std::map<std::int64_t, std::string> user_names;
  friend bool operator==(const task_page&, const task_page&) = default;
};

}  // namespace mjgate::domain
