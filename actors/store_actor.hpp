// The store's typed interface. Implemented in persistence/ (which owns SOCI);
// everyone else holds only this handle. One writer instance batches writes
// (group commit); reader instances answer queries on their own sessions.
#pragma once

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/type_ids.hpp"

namespace mjgate::actors {

using store_actor = caf::typed_actor<
    /// Insert a new task; answers its seq only after the row is committed.
    caf::replies_to<insert_atom, domain::task>::with<std::int64_t>,
    /// Upsert the full current record of a task (coalesced per id within a
    /// batch); answers true once committed. Callers may ignore the answer.
    caf::replies_to<update_atom, domain::task>::with<bool>,
    /// One task by id: an empty vector when unknown.
    caf::replies_to<fetch_atom, std::string>::with<std::vector<domain::task>>,
    /// One task by uuid (node-api `_id`): an empty vector when unknown.
    caf::replies_to<resolve_atom, std::string>::with<std::vector<domain::task>>,
    /// A bounded query (domain/task_query.hpp).
    caf::replies_to<list_atom, domain::task_query>::with<std::vector<domain::task>>,
    /// One page of a filtered, sorted task query and its total match count
    /// (domain/task_page_query.hpp); user_id 0 = every user.
    caf::replies_to<page_atom, domain::task_page_query>::with<domain::task_page>,
    /// Every task that is not terminal (restart recovery), oldest first.
    caf::replies_to<unfinished_atom>::with<std::vector<domain::task>>,
    /// Insert or update an account by id.
    caf::replies_to<upsert_atom, domain::account>::with<bool>,
    /// All accounts.
    caf::replies_to<accounts_atom>::with<std::vector<domain::account>>,
    /// Delete an account row by id (after the pending writes commit);
    /// answers whether a row was there.
    caf::replies_to<remove_atom, std::string>::with<bool>,
    /// Small key/value settings (e.g. the root API key hash); "" when unset.
    caf::replies_to<kv_get_atom, std::string>::with<std::string>,
    caf::replies_to<kv_put_atom, std::string, std::string>::with<bool>,
    /// Answers once every write received before it is committed.
    caf::replies_to<flush_atom>::with<bool>,
    /// Relay channels (issue 6; rare admin writes, each its own transaction
    /// after the pending batch): insert (id 0) or write over the row of its
    /// id; the key is stored as given (sealed by the caller). Answers the
    /// stored channel with its id.
    caf::replies_to<upsert_atom, domain::channel>::with<domain::channel>,
    /// Every stored channel (keys as stored), ordered by id.
    caf::replies_to<channels_atom>::with<std::vector<domain::channel>>,
    /// Delete a channel row; answers whether a row was there.
    caf::replies_to<remove_atom, std::int64_t>::with<bool>>;

}  // namespace mjgate::actors
