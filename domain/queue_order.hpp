// The order of an account lane's waiting tasks (api-contracts.md §2.5):
// higher priority first, then first come first served; with aging on, a
// task gains +1 priority per `aging_ms` waited, so low priorities cannot
// starve. Pure.
#pragma once

#include <cstdint>

namespace mjgate::domain {

/// The task's place in line: lower ranks run first, equal ranks in arrival
/// order. With aging the rank is `enqueued_at − priority × aging_ms`, which
/// never changes while tasks wait (they all age at the same rate), so a lane
/// stays sorted without re-sorting; without aging it is `−priority`.
std::int64_t queue_rank(int priority, std::int64_t enqueued_at_ms, std::int64_t aging_ms);

}  // namespace mjgate::domain
