// The channel poller's typed interface: one actor per upstream relay channel
// submits that channel's tasks and polls its in-flight ones in batches
// (api-contracts.md §5.4, §5.5), for suno and midjourney-proxy channels
// alike: only the upstream codec (domain/mj_relay.hpp) depends on the type.
#pragma once

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/task_actor.hpp"
#include "actors/type_ids.hpp"

namespace mjgate::actors {

using channel_poller_actor = caf::typed_actor<
    /// Submit to this channel: upstream action ("MUSIC", "LYRICS"; for
    /// midjourney-proxy the path, domain::mj_submit_path), JSON body, and how
    /// long the call may take (ms). A failed call is a result too (status 0 /
    /// 4xx / 5xx, no id), so the caller can try another channel.
    caf::replies_to<submit_atom, std::string, std::string, std::int64_t>::with<relay_submit_result>,
    /// Take a task in flight: local id, upstream id, submit time (epoch ms)
    /// and its owner, which receives a patch for every upstream change and
    /// the failure when the task times out or is lost.
    caf::reacts_to<adopt_atom, std::string, std::string, std::int64_t, task_actor>,
    /// A Task JSON the upstream pushed (relay callback, already
    /// authenticated): applied like a poll result when its id is in flight.
    caf::reacts_to<callback_atom, std::string>,
    /// New settings of this channel (admin update: key, base URL …), used
    /// from the next call on; its tasks in flight stay.
    caf::reacts_to<update_atom, domain::channel>,
    /// The channel is gone (admin delete): every task in flight fails with
    /// the reason (its owner refunds it once), pending submits answer as
    /// failed (status 0), and the poller quits.
    caf::reacts_to<retire_atom, std::string>,
    /// The number of tasks in flight (tests, status pages).
    caf::replies_to<status_atom>::with<std::size_t>,
    /// Internal: time for the next polling round.
    caf::reacts_to<tick_atom>,
    /// Internal: an upstream call ended (call number, HTTP status, body).
    caf::reacts_to<sent_atom, std::uint64_t, int, std::string>>;

}  // namespace mjgate::actors
