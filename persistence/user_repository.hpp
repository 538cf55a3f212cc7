// Users, API keys and backend sessions: plain SQL over a soci::session,
// portable across SQLite and PostgreSQL (tables of migration 4). Every
// function throws soci::soci_error on a database error and runs in the
// caller's transaction if one is open.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/user.hpp"
#include "persistence/dsn.hpp"

namespace soci {
class session;
}

namespace mjgate::persistence {

// -- users ------------------------------------------------------------------------

/// Inserts `u` (its id is ignored) and returns it with the new id. A taken
/// name violates the unique constraint (throws).
domain::user insert_user(soci::session& sql, dsn::backend kind, domain::user u);

/// Writes every column of the user with u.id but its balance (`quota`: see
/// set_user_quota); false when there is none.
bool update_user(soci::session& sql, const domain::user& u);

std::optional<domain::user> fetch_user(soci::session& sql, std::int64_t id);
std::optional<domain::user> fetch_user_by_name(soci::session& sql, const std::string& name);

/// Users ordered by id, `offset` rows skipped, at most `limit` (≥ 0).
std::vector<domain::user> list_users(soci::session& sql, std::int64_t offset, int limit);
std::int64_t count_users(soci::session& sql);

// -- API keys -----------------------------------------------------------------------

/// Inserts `t` (its id is ignored) and returns it with the new id. A
/// duplicate key_hash violates the unique constraint (throws).
domain::api_token insert_api_token(soci::session& sql, dsn::backend kind, domain::api_token t);

std::optional<domain::api_token> fetch_api_token(soci::session& sql, std::int64_t id);
std::optional<domain::api_token> fetch_api_token_by_hash(soci::session& sql,
                                                         const std::string& key_hash);

/// A user's keys (every status) by id, at most `limit`.
std::vector<domain::api_token> list_api_tokens(soci::session& sql, std::int64_t user_id, int limit);

/// Every key with status active (what authenticates), by id.
std::vector<domain::api_token> active_api_tokens(soci::session& sql);

/// Sets a key's status; false when there is no such key.
bool set_api_token_status(soci::session& sql, std::int64_t id, int status);

// -- sessions -----------------------------------------------------------------------

void insert_session(soci::session& sql, const domain::user_session& s);

/// Sessions not revoked whose absolute expiry is after `now_ms`.
std::vector<domain::user_session> live_sessions(soci::session& sql, std::int64_t now_ms);

/// A user's live sessions (not revoked, not past expires_at), newest first.
std::vector<domain::user_session> live_user_sessions(soci::session& sql, std::int64_t user_id,
                                                     std::int64_t now_ms);

/// Moves last_seen forward (never back).
void touch_session(soci::session& sql, const std::string& id, std::int64_t last_seen);

/// Marks sessions revoked (logout); unknown ids are ignored.
void revoke_sessions(soci::session& sql, const std::vector<std::string>& ids);

/// Deletes revoked sessions, those past their absolute expiry, and those
/// idle since before `idle_cutoff_ms`; returns how many went.
std::size_t delete_dead_sessions(soci::session& sql, std::int64_t now_ms,
                                 std::int64_t idle_cutoff_ms);

}  // namespace mjgate::persistence
