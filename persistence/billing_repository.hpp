// Quota holds, settlements and refunds (api-contracts.md §5.3): plain SQL over
// a soci::session, run inside the store writer's transaction that writes the
// task row, so money and task never disagree. Every move of money is a
// compare-and-set on the stored state and leaves a quota_ledger row.
#pragma once

#include "domain/task.hpp"
#include "persistence/dsn.hpp"

namespace soci {
class session;
}

namespace mjgate::persistence {

/// Takes `t.quota` from its user (and from its API key when the key has a
/// limit) if the balance covers it, and records the hold. False, with
/// nothing changed, when it does not. Only for a task whose billing_state is
/// HELD or SETTLED with quota > 0 (see needs_hold). Throws soci::soci_error.
bool hold_quota(soci::session& sql, const domain::task& t);

/// A new row that must take its price first.
bool needs_hold(const domain::task& t);

/// A task that starts holding on an update (a MODAL child confirmed by
/// /submit/modal: NOT_START with billing_state HELD over a stored NONE):
/// marks the stored row HELD by compare-and-set and takes the price as
/// hold_quota does. False, with the row left as it was, when the balance (or
/// the key) does not cover it: that update must not be written. True for
/// every other update. Throws soci::soci_error.
bool hold_on_update(soci::session& sql, const domain::task& t);

/// Ends the stored hold of `t` when `t` says it ended (SETTLED / REFUNDED):
/// the stored row moves HELD → that state by compare-and-set, and only then a
/// refund returns the held amount to the user (and key) and the ledger
/// records the move. A second call, or a stale writer, changes nothing.
/// Returns true when this call moved it. Throws soci::soci_error.
bool end_hold(soci::session& sql, const domain::task& t);

/// Sets a user's balance (admin edit) and records the difference as an
/// "adjust" ledger row (task_id ""); returns that difference (0 for an
/// unknown user). Run it inside the caller's write transaction.
std::int64_t set_user_quota(soci::session& sql, dsn::backend kind, std::int64_t user_id,
                            std::int64_t quota);

/// Records an admin's change of a balance by `delta` (a user created with a
/// balance); nothing for 0.
void record_adjustment(soci::session& sql, std::int64_t user_id, std::int64_t delta);

/// A user's balance (tests, admin views); 0 for an unknown user.
std::int64_t user_quota(soci::session& sql, std::int64_t user_id);

}  // namespace mjgate::persistence
