// The task board: the latest snapshot of every live task and of recently
// finished ones, readable from any thread, so a fetch is answered without a
// message hop. Each live entry has one writer (its task actor); finished
// snapshots never change, so a row read back from storage may fill a gap.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/task.hpp"

namespace mjgate::actors {

class task_board {
 public:
  using snapshot = std::shared_ptr<const domain::task>;

  /// Keeps at most about `finished_capacity` finished tasks (the oldest
  /// published leave first); live tasks are never evicted.
  explicit task_board(std::size_t finished_capacity, std::size_t shard_count = 64);
  task_board(const task_board&) = delete;
  task_board& operator=(const task_board&) = delete;

  /// The owner's write: replaces the entry of s->id (live or finished).
  void publish(snapshot s);
  /// A finished row read from storage: stored only when the board has no
  /// entry for it (an owner's snapshot is always newer). Live rows are ignored.
  void remember(snapshot s);
  /// The entry of `id`, or null.
  snapshot find(std::string_view id) const;
  /// Drops the entry of `id` (a live task whose owner died without a
  /// finished snapshot: storage holds the truth again).
  void forget(std::string_view id);

  struct counts {
    std::size_t live = 0;
    std::size_t finished = 0;
  };
  counts count() const;

 private:
  struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  struct shard {
    mutable std::mutex mtx;
    std::unordered_map<std::string, snapshot, string_hash, std::equal_to<>> entries;
    std::deque<std::string> finished_order;  ///< eviction order; may hold stale ids
    std::size_t finished = 0;
  };

  shard& shard_of(std::string_view id) const;
  void store_locked(shard& sh, snapshot s);
  void evict_locked(shard& sh);

  std::size_t per_shard_capacity_;
  std::vector<std::unique_ptr<shard>> shards_;
};

}  // namespace mjgate::actors
