#include "persistence/billing_repository.hpp"

#include <soci/soci.h>

#include <chrono>

#include "domain/billing.hpp"

namespace mjgate::persistence {

namespace {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void ledger(soci::session& sql, const domain::task& t, const std::string& kind,
            std::int64_t amount) {
  auto at = now_ms();
  sql << "insert into quota_ledger (task_id, user_id, api_key_id, kind, amount, created_at) "
         "values (:t, :u, :k, :kind, :a, :at)",
      soci::use(t.id), soci::use(t.user_id), soci::use(t.api_key_id), soci::use(kind),
      soci::use(amount), soci::use(at);
}

// Moves `amount` out of (negative: back into) the key's remaining quota when
// the key has a limit (-1 = none). False when a limited key cannot cover it.
bool debit_key(soci::session& sql, std::int64_t key_id, std::int64_t amount) {
  if (key_id == 0) return true;
  // Each placeholder once: SOCI's backends differ on repeated names.
  soci::statement st =
      (sql.prepare << "update api_tokens set remaining_quota = remaining_quota - :a "
                      "where id = :k and remaining_quota <> -1 "
                      "and remaining_quota >= :b",
       soci::use(amount), soci::use(key_id), soci::use(amount));
  st.execute(true);
  if (st.get_affected_rows() == 1) return true;
  // Unlimited (or unknown) keys pass; a limited one that is short does not.
  long long limited = 0;
  soci::indicator ind = soci::i_null;
  sql << "select count(*) from api_tokens where id = :k and remaining_quota <> -1",
      soci::into(limited, ind), soci::use(key_id);
  return limited == 0;
}

}  // namespace

bool needs_hold(const domain::task& t) {
  return t.quota > 0 &&
         (t.billing_state == domain::billing_held || t.billing_state == domain::billing_settled);
}

bool hold_quota(soci::session& sql, const domain::task& t) {
  if (!needs_hold(t)) return true;
  if (!debit_key(sql, t.api_key_id, t.quota)) return false;
  soci::statement st = (sql.prepare << "update users set quota = quota - :q "
                                       "where id = :u and quota >= :r",
                        soci::use(t.quota), soci::use(t.user_id), soci::use(t.quota));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    auto back = -t.quota;
    debit_key(sql, t.api_key_id, back);  // undo the key's part
    return false;
  }
  ledger(sql, t, "hold", t.quota);
  if (t.billing_state == domain::billing_settled) ledger(sql, t, "settle", t.quota);
  return true;
}

bool hold_on_update(soci::session& sql, const domain::task& t) {
  if (t.status != domain::task_status::not_start || !needs_hold(t) ||
      t.billing_state != domain::billing_held)
    return true;
  const std::string none{domain::billing_none};
  const std::string held{domain::billing_held};
  soci::statement cas = (sql.prepare << "update tasks set billing_state = :s, quota = :q "
                                        "where id = :id and billing_state = :none",
                         soci::use(held), soci::use(t.quota), soci::use(t.id), soci::use(none));
  cas.execute(true);
  if (cas.get_affected_rows() != 1) return true;  // held already (or no row yet)
  if (hold_quota(sql, t)) return true;
  std::int64_t zero = 0;
  sql << "update tasks set billing_state = :s, quota = :q where id = :id", soci::use(none),
      soci::use(zero), soci::use(t.id);
  return false;
}

bool end_hold(soci::session& sql, const domain::task& t) {
  const bool refund = t.billing_state == domain::billing_refunded;
  if (!refund && t.billing_state != domain::billing_settled) return false;
  long long held = 0;
  soci::indicator ind = soci::i_null;
  const std::string was{domain::billing_held};
  sql << "select quota from tasks where id = :id and billing_state = :held", soci::into(held, ind),
      soci::use(t.id), soci::use(was);
  if (!sql.got_data() || ind != soci::i_ok) return false;  // not held (any more)
  soci::statement cas = (sql.prepare << "update tasks set billing_state = :s "
                                        "where id = :id and billing_state = :held",
                         soci::use(t.billing_state), soci::use(t.id), soci::use(was));
  cas.execute(true);
  if (cas.get_affected_rows() != 1) return false;
  std::int64_t amount = held;
  if (refund) {
    sql << "update users set quota = quota + :q where id = :u", soci::use(amount),
        soci::use(t.user_id);
    debit_key(sql, t.api_key_id, -amount);
  }
  ledger(sql, t, refund ? "refund" : "settle", amount);
  return true;
}

std::int64_t set_user_quota(soci::session& sql, dsn::backend kind, std::int64_t user_id,
                            std::int64_t quota) {
  // PostgreSQL: lock the row, so a hold committed meanwhile is in `before`.
  // SQLite: the caller's "begin immediate" already excludes the writer.
  long long before = 0;
  soci::indicator ind = soci::i_null;
  sql << (kind == dsn::backend::postgresql ? "select quota from users where id = :u for update"
                                           : "select quota from users where id = :u"),
      soci::into(before, ind), soci::use(user_id);
  if (!sql.got_data() || ind != soci::i_ok) return 0;
  sql << "update users set quota = :q where id = :u", soci::use(quota), soci::use(user_id);
  std::int64_t delta = quota - before;
  record_adjustment(sql, user_id, delta);
  return delta;
}

void record_adjustment(soci::session& sql, std::int64_t user_id, std::int64_t delta) {
  if (delta == 0) return;
  domain::task none;
  none.user_id = user_id;
  ledger(sql, none, "adjust", delta);
}

std::int64_t user_quota(soci::session& sql, std::int64_t user_id) {
  long long q = 0;
  soci::indicator ind = soci::i_null;
  sql << "select quota from users where id = :u", soci::into(q, ind), soci::use(user_id);
  return sql.got_data() && ind == soci::i_ok ? q : 0;
}

}  // namespace mjgate::persistence
