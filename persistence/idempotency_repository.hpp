// Stored answers of idempotent submits (api-contracts.md §1.6): plain SQL
// over a soci::session, portable across SQLite and PostgreSQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace soci {
class session;
}

namespace mjgate::persistence {

/// One stored answer: the first request's status, headers (a JSON array of
/// [name, value] pairs) and body, keyed by (user_id, key).
struct idempotency_row {
  std::int64_t user_id = 0;
  std::string key;
  std::int64_t created_at = 0;  ///< epoch ms of the first request's answer
  int status = 0;
  std::string headers = "[]";
  std::string body;
};

/// The row of (user_id, key), expired or not; nullopt when absent.
std::optional<idempotency_row> find_idempotency(soci::session& sql, std::int64_t user_id,
                                                const std::string& key);

/// Inserts the row, or replaces an older one with the same (user_id, key)
/// (an expired answer is superseded). Throws soci::soci_error.
void put_idempotency(soci::session& sql, const idempotency_row& row);

/// Deletes rows created before `before_ms`; answers how many went.
std::int64_t prune_idempotency(soci::session& sql, std::int64_t before_ms);

}  // namespace mjgate::persistence
