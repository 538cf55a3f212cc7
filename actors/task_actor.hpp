// The task actor's typed interface: one actor per non-terminal task owns its
// record, its state machine and its timers, and persists and announces changes.
#pragma once

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/type_ids.hpp"

namespace mjgate::actors {

using task_actor = caf::typed_actor<
    /// An executor's report; applied through domain::apply_patch.
    caf::reacts_to<patch_atom, domain::task_patch>,
    /// CANCEL now (api-contracts.md §3.5). A waiting task leaves its account's
    /// queue; a running one keeps its slot (this actor lingers) until Discord
    /// ends the job or the run timeout fires. Error: validation when finished.
    caf::replies_to<cancel_atom>::with<bool>,
    /// Leave MODAL for NOT_START with the prompt the modal will be sent with
    /// (/submit/modal), holding the given price (0 = none; api-contracts.md
    /// §5.3: a modal is charged when it is submitted); answers once that row
    /// is committed. Errors: validation when the task is no longer MODAL;
    /// insufficient_quota when the balance does not cover the price (the
    /// task stays MODAL).
    caf::replies_to<modal_atom, std::string, std::int64_t>::with<bool>,
    /// A backend edit (note, priority, soft delete); answers once the row is
    /// committed. A new priority moves a waiting task in its account's lane;
    /// a removed task that is still waiting or running is cancelled first.
    /// Error: storage_failure.
    caf::replies_to<edit_atom, task_edit>::with<bool>,
    /// Internal: a queue/run/modal timer of the given generation fired.
    caf::reacts_to<expire_atom, std::uint64_t>>;

}  // namespace mjgate::actors
