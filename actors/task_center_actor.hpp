// The task center's typed interface (api-contracts.md §5.1): the front door
// of task-center (Suno) work. Chooses a channel, commits the task, submits it
// upstream through that channel's poller (retrying on other channels), and
// answers lookups by task-center id.
#pragma once

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/task_actor.hpp"
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
                    std::vector<std::string>>::with<std::vector<domain::task>>,
    /// A Midjourney submit for a midjourney-proxy channel (the router's
    /// relay): the pinned channel or one chosen among the enabled ones not
    /// excluded that serve the action; the speed prefix and our callback URL
    /// are applied per channel. Answers the upstream's raw answer (a failed
    /// call included). Errors: no_account (no such channel / none left).
    caf::replies_to<relay_atom, mj_relay_submit>::with<mj_relay_answer>,
    /// The midjourney-proxy channel a new task of `action` would go to
    /// (enabled, serving it, not excluded; highest priority, weighted).
    /// Error: no_account when none is left.
    caf::replies_to<route_atom, std::string, std::vector<std::int64_t>>::with<std::int64_t>,
    /// A relayed Midjourney task in flight: channel, local id, upstream id,
    /// submit time, owner; given to the channel's poller (an unknown channel
    /// fails the task).
    caf::reacts_to<adopt_atom, std::int64_t, std::string, std::string, std::int64_t, task_actor>,
    /// A push from an upstream (POST /mj/relay-callback/{channel}/{secret}):
    /// the secret is checked in constant time; a Task JSON body goes to the
    /// channel's poller. Error: forbidden (unknown channel or wrong secret).
    caf::replies_to<callback_atom, std::int64_t, std::string, std::string>::with<bool>,
    // -- channel administration (issue 6): the center owns the channels and
    // their pollers; every change is committed before it is applied. Answers
    // never carry a clear key (key_masked only). Errors: validation (with
    // the reason), not_found, forbidden (config channels are read-only
    // here), conflict (a name taken, another change of that channel under
    // way), storage_failure.
    /// Create: committed with its key sealed, then its poller starts.
    caf::replies_to<create_atom, domain::channel_edit>::with<domain::channel>,
    /// Every channel, ordered by id (at most domain::max_channels).
    caf::replies_to<channels_atom>::with<std::vector<domain::channel>>,
    /// One channel.
    caf::replies_to<fetch_atom, std::int64_t>::with<domain::channel>,
    /// Update (absent fields and empty or masked keys unchanged): committed,
    /// then applied live; tasks in flight stay with the channel.
    caf::replies_to<update_atom, domain::channel_edit>::with<domain::channel>,
    /// Delete: committed, then its poller stops and every task in flight on
    /// it fails "渠道已删除" (refunded once, by compare-and-set).
    caf::replies_to<remove_atom, std::int64_t>::with<bool>>;

}  // namespace mjgate::actors
