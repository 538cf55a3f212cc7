// The notifier's typed interface: webhook deliveries, ordered per task,
// coalesced, retried with backoff, never blocking anyone else.
#pragma once

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/type_ids.hpp"

namespace mjgate::actors {

using notifier_actor = caf::typed_actor<
    /// Deliver (or queue behind the task's in-flight delivery) one event.
    caf::reacts_to<notify_atom, notify_event>,
    /// Internal: a delivery finished (task id, revision, HTTP status or 0).
    caf::reacts_to<delivered_atom, std::string, std::int64_t, int>,
    /// Internal: the backoff of a task's delivery elapsed.
    caf::reacts_to<retry_atom, std::string>,
    /// Answers once nothing is in flight or queued (tests, shutdown).
    caf::replies_to<flush_atom>::with<bool>>;

}  // namespace mjgate::actors
