// The task actor's typed interface: one actor per non-terminal task owns its
// record, its state machine and its timers, and persists and announces changes.
#pragma once

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/type_ids.hpp"

namespace mjgate::actors {

using task_actor = caf::typed_actor<
    /// The current record (live reads are served here, not by the database).
    caf::replies_to<snapshot_atom>::with<domain::task>,
    /// An executor's report; applied through domain::apply_patch.
    caf::reacts_to<patch_atom, domain::task_patch>,
    /// Internal: a queue/run/modal timer of the given generation fired.
    caf::reacts_to<expire_atom, std::uint64_t>>;

}  // namespace mjgate::actors
