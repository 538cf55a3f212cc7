#include "persistence/idempotency_repository.hpp"

#include <soci/soci.h>

namespace mjgate::persistence {

std::optional<idempotency_row> find_idempotency(soci::session& sql, std::int64_t user_id,
                                                const std::string& key) {
  idempotency_row row;
  long long created = 0;
  int status = 0;
  sql << "select created_at, status, headers, body from idempotency_keys "
         "where user_id = :u and idem_key = :k",
      soci::into(created), soci::into(status), soci::into(row.headers), soci::into(row.body),
      soci::use(user_id), soci::use(key);
  if (!sql.got_data()) return std::nullopt;
  row.user_id = user_id;
  row.key = key;
  row.created_at = created;
  row.status = status;
  return row;
}

void put_idempotency(soci::session& sql, const idempotency_row& row) {
  long long user = row.user_id;
  long long created = row.created_at;
  int status = row.status;
  sql << "insert into idempotency_keys (user_id, idem_key, created_at, status, headers, body) "
         "values (:u, :k, :c, :s, :h, :b) on conflict (user_id, idem_key) do update set "
         "created_at = excluded.created_at, status = excluded.status, "
         "headers = excluded.headers, body = excluded.body",
      soci::use(user), soci::use(row.key), soci::use(created), soci::use(status),
      soci::use(row.headers), soci::use(row.body);
}

std::int64_t prune_idempotency(soci::session& sql, std::int64_t before_ms) {
  long long before = before_ms;
  soci::statement st =
      (sql.prepare << "delete from idempotency_keys where created_at < :b", soci::use(before));
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace mjgate::persistence
