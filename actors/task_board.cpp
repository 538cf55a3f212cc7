#include "actors/task_board.hpp"

namespace mjgate::actors {

task_board::task_board(std::size_t finished_capacity, std::size_t shard_count)
    : per_shard_capacity_((finished_capacity + shard_count - 1) / shard_count) {
  shards_.reserve(shard_count);
  for (std::size_t i = 0; i < shard_count; ++i) shards_.push_back(std::make_unique<shard>());
}

task_board::shard& task_board::shard_of(std::string_view id) const {
  return *shards_[string_hash{}(id) % shards_.size()];
}

void task_board::store_locked(shard& sh, snapshot s) {
  const bool finished = domain::is_terminal(s->status);
  auto [it, inserted] = sh.entries.try_emplace(s->id, nullptr);
  const bool was_finished = !inserted && it->second && domain::is_terminal(it->second->status);
  it->second = std::move(s);
  if (finished && !was_finished) {
    sh.finished_order.push_back(it->first);
    ++sh.finished;
    evict_locked(sh);
  } else if (!finished && was_finished) {
    --sh.finished;  // cannot happen for owners; kept exact for safety
  }
}

void task_board::evict_locked(shard& sh) {
  while (sh.finished > per_shard_capacity_ && !sh.finished_order.empty()) {
    auto id = std::move(sh.finished_order.front());
    sh.finished_order.pop_front();
    auto it = sh.entries.find(id);
    if (it == sh.entries.end() || !domain::is_terminal(it->second->status)) continue;
    sh.entries.erase(it);
    --sh.finished;
  }
}

void task_board::publish(snapshot s) {
  if (!s) return;
  auto& sh = shard_of(s->id);
  std::lock_guard guard{sh.mtx};
  store_locked(sh, std::move(s));
}

void task_board::remember(snapshot s) {
  if (!s || !domain::is_terminal(s->status) || per_shard_capacity_ == 0) return;
  auto& sh = shard_of(s->id);
  std::lock_guard guard{sh.mtx};
  if (sh.entries.find(s->id) != sh.entries.end()) return;
  store_locked(sh, std::move(s));
}

task_board::snapshot task_board::find(std::string_view id) const {
  auto& sh = shard_of(id);
  std::lock_guard guard{sh.mtx};
  auto it = sh.entries.find(id);
  return it == sh.entries.end() ? nullptr : it->second;
}

void task_board::forget(std::string_view id) {
  auto& sh = shard_of(id);
  std::lock_guard guard{sh.mtx};
  auto it = sh.entries.find(id);
  if (it == sh.entries.end()) return;
  if (domain::is_terminal(it->second->status)) --sh.finished;
  sh.entries.erase(it);
}

task_board::counts task_board::count() const {
  counts c;
  for (const auto& sh : shards_) {
    std::lock_guard guard{sh->mtx};
    c.finished += sh->finished;
    c.live += sh->entries.size() - sh->finished;
  }
  return c;
}

}  // namespace mjgate::actors
