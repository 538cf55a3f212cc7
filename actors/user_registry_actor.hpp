// The user registry's typed interface: the one owner of users, API keys and
// backend sessions (tables and the credentials index). Implemented in
// persistence/user_registry.cpp (it owns a database session); http/ holds
// only this handle. Every change is committed before it is answered and
// before the credentials index shows it.
#pragma once

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/type_ids.hpp"

namespace mjgate::actors {

/// Answers never carry password or token hashes. Errors (domain::errc):
/// validation (bad field; context: message), forbidden (role rules of
/// domain::check_user_edit), not_found (no such user/key), conflict (name
/// taken), storage_failure, internal.
using user_registry_actor = caf::typed_actor<
    /// Create a user (edit.id ignored); a password is hashed off-thread.
    caf::replies_to<insert_atom, principal, domain::user_edit>::with<domain::user>,
    /// Update the user edit.id (the has_* fields); disabling or a new
    /// password ends the user's backend sessions.
    caf::replies_to<update_atom, principal, domain::user_edit>::with<domain::user>,
    /// One user by id.
    caf::replies_to<fetch_atom, principal, std::int64_t>::with<domain::user>,
    /// Users by id: offset, limit (the caller bounds it).
    caf::replies_to<list_atom, principal, std::int64_t, std::int32_t>::with<user_page>,
    /// A new API key for a user; the clear key is in the answer only.
    caf::replies_to<token_atom, principal, token_request>::with<token_grant>,
    /// A user's API keys (masked), at most 1000.
    caf::replies_to<tokens_atom, principal, std::int64_t>::with<std::vector<domain::api_token>>,
    /// Revoke an API key by id; answers the revoked row.
    caf::replies_to<revoke_atom, principal, std::int64_t>::with<domain::api_token>,
    /// A new dashboard access token for a user (replaces the old one);
    /// answers the clear token, once.
    caf::replies_to<access_atom, principal, std::int64_t>::with<std::string>,
    /// Backend login (§7.2). Errors: rate_limited (10 failures per minute per
    /// IP and name), unauthorized (wrong name or password), forbidden (user
    /// disabled), storage_failure.
    caf::replies_to<login_atom, login_request>::with<login_grant>,
    /// Ends a session by its hash; true even when it was unknown.
    caf::replies_to<logout_atom, std::string>::with<bool>,
    /// Persists a session's last activity (hash, epoch ms); sent by http/
    /// when the index asks for it.
    caf::reacts_to<touch_atom, std::string, std::int64_t>,
    /// Start-up: ensures the root user's key and password (root_setup).
    caf::replies_to<root_atom, root_setup>::with<root_report>,
    /// Drops dead sessions from the index and the table (also on a timer).
    caf::replies_to<prune_atom>::with<std::int32_t>>;

}  // namespace mjgate::actors
