// The idempotency keeper's typed interface (api-contracts.md §1.6): the one
// owner of the in-progress map of (user, Idempotency-Key) and of the stored
// answers. Implemented in persistence/idempotency_keeper.cpp (it owns a
// database session); http/ holds only this handle.
#pragma once

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/type_ids.hpp"

namespace mjgate::actors {

/// Protocol for one request carrying a key:
/// 1. idem_claim(user, key) answers {replay: true, response} when a stored
///    answer younger than 24 h exists, or {replay: false} to the one request
///    that must run. A claim arriving while another runs is answered when
///    that one ends (up to 10 s; then errc::conflict).
/// 2. The request that runs reports its answer with idem_done (stored, then
///    replayed to every waiter; answered once committed) or, for an answer
///    not worth keeping (transient), idem_drop (the next waiter runs instead).
/// Errors: storage_failure (the database could not be read), conflict.
using idempotency_actor = caf::typed_actor<
    caf::replies_to<idem_claim_atom, std::int64_t, std::string>::with<idem_claim>,
    caf::replies_to<idem_done_atom, std::int64_t, std::string, stored_response>::with<bool>,
    caf::reacts_to<idem_drop_atom, std::int64_t, std::string>,
    /// Internal: a waiter's 10 s are up (user, key, waiter id).
    caf::reacts_to<idem_wait_atom, std::int64_t, std::string, std::uint64_t>,
    /// Internal and periodic: prunes expired rows and abandoned claims.
    caf::replies_to<prune_atom>::with<std::int32_t>, caf::reacts_to<tick_atom>>;

}  // namespace mjgate::actors
