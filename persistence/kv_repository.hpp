// Small key/value settings (e.g. the root API key hash): plain SQL over a
// soci::session, portable across SQLite and PostgreSQL.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace soci {
class session;
}

namespace mjgate::persistence {

/// The value stored under key, "" when unset.
std::string kv_get(soci::session& sql, const std::string& key);

/// Sets every (key, value) pair, later pairs winning. Runs in the caller's
/// transaction if one is open. Throws soci::soci_error.
void kv_put(soci::session& sql, const std::vector<std::pair<std::string, std::string>>& pairs);

}  // namespace mjgate::persistence
