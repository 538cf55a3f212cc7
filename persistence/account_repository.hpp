// Account rows: plain SQL over a soci::session (no CAF), portable across
// SQLite and PostgreSQL.
#pragma once

#include <vector>

#include "domain/account.hpp"

namespace soci {
class session;
}

namespace mjgate::persistence {

/// Inserts or replaces each account by id. Runs in the caller's transaction
/// if one is open. Throws soci::soci_error.
void upsert_accounts(soci::session& sql, const std::vector<domain::account>& accounts);

/// Every stored account, ordered by id.
std::vector<domain::account> list_accounts(soci::session& sql);

}  // namespace mjgate::persistence
