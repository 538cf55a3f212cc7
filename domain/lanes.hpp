// The per-account lanes of discord-midjourney-protocol.md §8.1 and
// api-contracts.md §2.5: fast (turbo shares it) and relax lanes with their own
// slots and bounded queues, plus the upscale lane that needs no slot. The
// account actor owns one `account_lanes`; no threads, no timers here.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>

#include "domain/speed.hpp"
#include "domain/task.hpp"

namespace mjgate::domain {

/// The three lanes of §8.1.
enum class lane : std::uint8_t { fast, relax, upscale };

/// "fast", "relax", "upscale" (logs and metrics labels).
std::string_view to_string(lane l);

/// What a task needs from its account: a slot (every GPU job, describe and
/// shorten included) or nothing but pacing (a simple U pick).
enum class work_kind : std::uint8_t { job, upscale };

/// UPSCALE (a simple U) needs no slot; every other action is a job.
work_kind work_kind_of(task_action action);

/// upscale → the upscale lane; a job → the relax lane at RELAX, else fast
/// (turbo shares the fast lane).
lane lane_for(work_kind kind, speed_mode speed);

/// Slots and waiting places of one lane.
struct lane_limits {
  int core_size = 3;    ///< running jobs at once
  int queue_size = 10;  ///< waiting tasks beyond the free slots
  friend bool operator==(const lane_limits&, const lane_limits&) = default;
};

/// The sizes of all lanes of one account (account config / admin API).
struct lanes_config {
  lane_limits fast;              ///< coreSize / queueSize
  lane_limits relax;             ///< relaxCoreSize / relaxQueueSize
  int upscale_queue_size = 100;  ///< the upscale lane takes no slot; its queue is bounded
  /// scheduler.aging: a waiting task gains +1 priority per period (0 = off),
  /// so low priorities cannot starve.
  std::int64_t aging_ms = 0;
  friend bool operator==(const lanes_config&, const lanes_config&) = default;
};

/// A task entering a lane. Inside a lane: higher `priority` first, then lower
/// `seq` (the store's row id, so a restart keeps the order), then `task_id`.
/// With aging on, the priority counts +1 per `aging_ms` waited since
/// `enqueued_at`: the order is by `enqueued_at − priority × aging_ms`, which
/// never changes while tasks wait (all age at the same rate).
struct lane_entry {
  std::string task_id;
  int priority = 0;
  std::int64_t seq = 0;
  std::int64_t enqueued_at = 0;  ///< epoch ms (submit time; kept across restarts)
};

/// The answer of account_lanes::admit.
enum class admit_outcome : std::uint8_t {
  start_now,  ///< a slot is free for it; it starts with the next start_next (pacing permitting)
  queued,     ///< waits behind `ahead` tasks (0 ahead: next when a slot frees; mj code 1)
  full,       ///< the lane's queue is full (mj code 23); nothing changed
  duplicate,  ///< the task id is already queued or running here; nothing changed
};

/// Where an admitted task stands; `ahead` maps to mj codes 1 / 22.
struct admission {
  admit_outcome outcome = admit_outcome::full;
  domain::lane lane = lane::fast;
  int ahead = 0;  ///< waiting tasks before it that no free slot covers (mj code 22 when >= 1)
  friend bool operator==(const admission&, const admission&) = default;
};

/// The state of one account's lanes. Queue operations are O(log n); admitted
/// tasks stay queued until start_next hands them out, so the caller's pacing
/// timer decides when a task is dispatched. Copyable value type.
class account_lanes {
 public:
  explicit account_lanes(lanes_config config = {});

  /// Queues `entry` in the lane of (kind, speed) when the lane has room:
  /// waiting tasks beyond the free slots stay below the queue size.
  admission admit(const lane_entry& entry, work_kind kind, speed_mode speed);

  /// The next task of `l` to dispatch when a slot is free (always for the
  /// upscale lane); it moves from the queue to the running set.
  std::optional<std::string> start_next(lane l);

  /// A running task's Discord job ended (final, error, run timeout, or a
  /// cancelled job that finally ended): its slot is free. False if not running.
  bool finish(std::string_view task_id);

  /// Removes a waiting task (cancel, queue timeout, moved to another account).
  /// False when it is not queued here (running tasks keep their slot).
  bool cancel_queued(std::string_view task_id);

  /// Marks a task as running in `l` without queueing it (restart recovery of
  /// a SUBMITTED/IN_PROGRESS job). False for a duplicate id.
  bool adopt_running(std::string_view task_id, lane l);

  /// New sizes (account update). Nothing accepted is dropped: a smaller queue
  /// only refuses new tasks until it drains; fewer slots only delay starts.
  /// A new aging period re-orders the waiting tasks.
  void resize(const lanes_config& config);

  /// Slots withheld from `l` ("Job queued": −1 for 10 min; the caller's timer
  /// sets it back to 0). At least one slot always stays.
  void set_slot_penalty(lane l, int slots);

  const lanes_config& config() const { return config_; }
  int running(lane l) const { return state(l).running; }
  int queued(lane l) const { return static_cast<int>(state(l).queue.size()); }
  /// Slots free now (upscale: unbounded, reported as INT_MAX).
  int free_slots(lane l) const;
  /// 0-based place in its lane's queue; nullopt when not queued.
  std::optional<int> position(std::string_view task_id) const;
  /// The lane a queued or running task is in.
  std::optional<lane> lane_of(std::string_view task_id) const;
  bool is_running(std::string_view task_id) const;

 private:
  // (rank, seq, id): ascending order is the dispatch order; key_of() gives the rank.
  using queue_key = std::tuple<std::int64_t, std::int64_t, std::string>;
  using ordered_queue =
      __gnu_pbds::tree<queue_key, __gnu_pbds::null_type, std::less<queue_key>,
                       __gnu_pbds::rb_tree_tag, __gnu_pbds::tree_order_statistics_node_update>;
  struct lane_state {
    ordered_queue queue;
    int running = 0;
    int penalty = 0;
  };
  struct placement {
    domain::lane lane = lane::fast;
    bool running = false;
    queue_key key;
    lane_entry entry;
  };

  lane_state& state(lane l) { return lanes_[static_cast<std::size_t>(l)]; }
  const lane_state& state(lane l) const { return lanes_[static_cast<std::size_t>(l)]; }
  int core_size(lane l) const;
  queue_key key_of(const lane_entry& e) const;
  int queue_size(lane l) const;

  lanes_config config_;
  std::array<lane_state, 3> lanes_;
  std::unordered_map<std::string, placement> placements_;  ///< by task id
};

}  // namespace mjgate::domain
