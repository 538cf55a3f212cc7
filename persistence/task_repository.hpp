// Task rows: plain SQL over a soci::session (no CAF), shared by the store
// actors and testable on any backend. Batched writes use `unnest` arrays on
// PostgreSQL and one prepared statement on SQLite.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/task.hpp"
#include "domain/task_page_query.hpp"
#include "domain/task_query.hpp"
#include "persistence/dsn.hpp"

namespace soci {
class session;
}

namespace mjgate::persistence {

/// The hard cap of one list page (task_query::limit is clamped to 1..this).
inline constexpr int max_list_limit = 1000;

/// Inserts every task and fills in its `seq`. Runs in the caller's
/// transaction if one is open (the writer opens one per batch). Throws
/// soci::soci_error (e.g. on a duplicate id: the whole statement fails).
void insert_tasks(soci::session& sql, dsn::backend kind, std::vector<domain::task>& batch);

/// Inserts or replaces the full record of every task by id (seq is kept).
/// A stored row with a higher revision is left alone, so late writes never
/// roll a task back. Duplicate ids are coalesced first (coalesce_by_id).
void upsert_tasks(soci::session& sql, dsn::backend kind, const std::vector<domain::task>& batch);

/// One task per id, keeping the highest revision (the later one on a tie);
/// order of first appearance. Pure.
std::vector<domain::task> coalesce_by_id(std::vector<domain::task> batch);

/// The task with this id, if any.
std::optional<domain::task> fetch_task(soci::session& sql, const std::string& id);

/// The task with this uuid (node-api `_id`), if any.
std::optional<domain::task> fetch_task_by_uuid(soci::session& sql, const std::string& uuid);

/// fetch_task and fetch_task_by_uuid on statements prepared once: no SQL is
/// parsed per call. Bound to one session; destroy it before that session
/// closes. Not thread-safe.
class task_fetcher {
 public:
  explicit task_fetcher(soci::session& sql);
  ~task_fetcher();
  task_fetcher(const task_fetcher&) = delete;
  task_fetcher& operator=(const task_fetcher&) = delete;
  std::optional<domain::task> fetch(const std::string& id);
  std::optional<domain::task> fetch_by_uuid(const std::string& uuid);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// With ids: those tasks in the given order, unknown ids and duplicates
/// skipped, filtered by user (non-zero) and statuses. Without ids: user,
/// statuses and before_id filters, ordered by id (newest first unless
/// oldest_first), at most clamp(limit, 1, max_list_limit) rows.
std::vector<domain::task> list_tasks(soci::session& sql, const domain::task_query& q);

/// One page of the task query: the rows matching every filter of `q`
/// (user_id non-zero: that user's only; deleted rows never), ordered by the
/// whitelisted sort column with ties broken by id in the same direction
/// (none needed for seq), page_size_of(q) rows from `offset` (when ≥ 0, else
/// page_number × page_size) on, only rows older than the `before` cursor (id
/// or uuid); `total` counts every match of the filters (the cursor is not
/// counted in). A page past the end is empty with the right total. Substring
/// filters are case-sensitive LIKEs on both backends. `count_only` stops after
/// `total`.
/// Every value is a bound parameter. Two statements, not one snapshot: a
/// write landing between them can make total differ by that write.
domain::task_page query_task_page(soci::session& sql, const domain::task_page_query& q);

/// The LIKE pattern (for `like … escape '\'`) that matches `text` as a
/// literal substring: `\`, `%` and `_` are escaped, `%` added around. Pure.
std::string like_substring(std::string_view text);

/// Every non-terminal task, oldest (lowest seq) first.
std::vector<domain::task> list_unfinished(soci::session& sql);

/// Buttons as stored: a JSON array of {customId, emoji, label, type, style}. Pure.
std::string buttons_to_json(const std::vector<domain::button>& buttons);
/// The inverse of buttons_to_json; throws std::runtime_error on malformed text.
std::vector<domain::button> buttons_from_json(const std::string& text);

}  // namespace mjgate::persistence
