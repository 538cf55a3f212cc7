// Relay channel rows (issue 6): plain SQL over a soci::session (no CAF),
// portable across SQLite and PostgreSQL. Keys are written and read in their
// stored (sealed) form; sealing is the caller's job, like account tokens.
// So are proxies (domain::channel::proxy holds the sealed text here).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "domain/channel.hpp"
#include "persistence/dsn.hpp"

namespace soci {
class session;
}

namespace mjgate::persistence {

/// Inserts `c` (id 0: a new id is assigned) or writes it over the row of its
/// id (inserted when absent: config channels keep the id of their file).
/// Returns the stored channel with its id. On PostgreSQL an explicit id moves
/// the id sequence past it, so later inserts never collide. Runs in the
/// caller's transaction if one is open. Throws soci::soci_error.
domain::channel upsert_channel(soci::session& sql, dsn::backend kind, domain::channel c);

/// Every stored channel, ordered by id.
std::vector<domain::channel> list_channels(soci::session& sql);

/// The channel `id`; nullopt when there is none.
std::optional<domain::channel> get_channel(soci::session& sql, std::int64_t id);

/// Removes the channel `id`; false when there was none.
bool delete_channel(soci::session& sql, std::int64_t id);

}  // namespace mjgate::persistence
