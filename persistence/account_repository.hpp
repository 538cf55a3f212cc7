// Account rows: plain SQL over a soci::session (no CAF), portable across
// SQLite and PostgreSQL.
#pragma once

#include <string>
#include <vector>

#include "domain/account.hpp"

namespace soci {
class session;
}

namespace mjgate::persistence {

/// Inserts or replaces each account by id; a row of the same channel_id under
/// another id is removed first (an account is known by its channel: config
/// accounts are upserted by channel at each start). Tokens are written as
/// given (sealed by the caller). Runs in the caller's transaction if one is
/// open. Throws soci::soci_error.
void upsert_accounts(soci::session& sql, const std::vector<domain::account>& accounts);

/// Every stored account, ordered by id. A row without user_token_masked
/// (written before that column) gets it derived from a clear token.
std::vector<domain::account> list_accounts(soci::session& sql);

/// Removes the account row `id`; false when there was none. Throws
/// soci::soci_error.
bool delete_account(soci::session& sql, const std::string& id);

}  // namespace mjgate::persistence
