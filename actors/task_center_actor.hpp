// The task center's typed interface (api-contracts.md §5.1): the front door
// of task-center (Suno) work. Chooses a channel, commits the task, submits it
// upstream through that channel's poller (retrying on other channels), and
// answers lookups by task-center id.
#pragma once

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/type_ids.hpp"

namespace mjgate::actors {

using task_center_actor = caf::typed_actor<
    /// Submit: the task row (NOT_START) is committed before the upstream
    /// call, and the upstream id is committed before the answer, which is
    /// the task as stored. Errors: no_account (no enabled channel serves
    /// it), upstream_failed (every tried channel failed; the task is failed
    /// and its attempts recorded), storage_failure.
    caf::replies_to<submit_atom, suno_submit_command>::with<domain::task>,
    /// The principal's task-center tasks named by task-center id (upstream
    /// id or "task_<hex>"), in the order asked; unknown and foreign ids are
    /// left out. At most 1000 ids.
    caf::replies_to<fetch_atom, principal,
                    std::vector<std::string>>::with<std::vector<domain::task>>>;

}  // namespace mjgate::actors
