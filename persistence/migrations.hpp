// Numbered schema migrations, applied at start-up in one transaction each and
// recorded in schema_version; safe to run from several sessions at once.
#pragma once

#include "persistence/dsn.hpp"

namespace soci {
class session;
}

namespace mjgate::persistence {

/// Applies every migration newer than the recorded schema version and
/// returns the resulting version. Idempotent; concurrent callers serialise
/// (SQLite `begin immediate`, PostgreSQL advisory lock). Blocking; throws
/// std::runtime_error naming the failed migration.
int migrate(soci::session& sql, dsn::backend kind);

/// The newest schema version this build knows.
int latest_schema_version();

/// How many migrations this build knows (versions may leave gaps).
int migration_count();

}  // namespace mjgate::persistence
