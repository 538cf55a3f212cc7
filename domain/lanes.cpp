#include "domain/lanes.hpp"

#include <algorithm>
#include <climits>

namespace mjgate::domain {

std::string_view to_string(lane l) {
  switch (l) {
    case lane::fast:
      return "fast";
    case lane::relax:
      return "relax";
    case lane::upscale:
      return "upscale";
  }
  return "fast";
}

work_kind work_kind_of(task_action action) {
  return action == task_action::upscale ? work_kind::upscale : work_kind::job;
}

lane lane_for(work_kind kind, speed_mode speed) {
  if (kind == work_kind::upscale) return lane::upscale;
  return speed == speed_mode::relax ? lane::relax : lane::fast;
}

account_lanes::account_lanes(lanes_config config) : config_(config) {}

int account_lanes::core_size(lane l) const {
  const int penalty = state(l).penalty;
  switch (l) {
    case lane::fast:
      return std::max(1, config_.fast.core_size - penalty);
    case lane::relax:
      return std::max(1, config_.relax.core_size - penalty);
    case lane::upscale:
      return INT_MAX;
  }
  return 0;
}

account_lanes::queue_key account_lanes::key_of(const lane_entry& e) const {
  const std::int64_t rank = config_.aging_ms > 0 ? e.enqueued_at - e.priority * config_.aging_ms
                                                 : -static_cast<std::int64_t>(e.priority);
  return {rank, e.seq, e.task_id};
}

int account_lanes::queue_size(lane l) const {
  switch (l) {
    case lane::fast:
      return config_.fast.queue_size;
    case lane::relax:
      return config_.relax.queue_size;
    case lane::upscale:
      return config_.upscale_queue_size;
  }
  return 0;
}

int account_lanes::free_slots(lane l) const {
  if (l == lane::upscale) return INT_MAX;
  return std::max(0, core_size(l) - state(l).running);
}

admission account_lanes::admit(const lane_entry& entry, work_kind kind, speed_mode speed) {
  const lane l = lane_for(kind, speed);
  if (placements_.count(entry.task_id)) return {admit_outcome::duplicate, l, 0};
  auto& s = state(l);
  const long long free = free_slots(l);
  const long long waiting = static_cast<long long>(s.queue.size());
  // Tasks a free slot will take at once are not "waiting" for the queue bound;
  // upscale tasks wait only for pacing, so all of them count.
  const long long covered = l == lane::upscale ? 0 : free;
  if (waiting - covered >= queue_size(l)) return {admit_outcome::full, l, 0};
  queue_key key = key_of(entry);
  s.queue.insert(key);
  placements_[entry.task_id] = placement{l, false, key, entry};
  const long long pos = static_cast<long long>(s.queue.order_of_key(key));
  if (pos < free) return {admit_outcome::start_now, l, 0};
  return {admit_outcome::queued, l, static_cast<int>(pos - free)};
}

std::optional<std::string> account_lanes::start_next(lane l) {
  auto& s = state(l);
  if (s.queue.empty() || free_slots(l) <= 0) return std::nullopt;
  auto it = s.queue.begin();
  std::string id = std::get<2>(*it);
  s.queue.erase(it);
  ++s.running;
  placements_[id].running = true;
  return id;
}

bool account_lanes::finish(std::string_view task_id) {
  auto it = placements_.find(std::string{task_id});
  if (it == placements_.end() || !it->second.running) return false;
  --state(it->second.lane).running;
  placements_.erase(it);
  return true;
}

bool account_lanes::cancel_queued(std::string_view task_id) {
  auto it = placements_.find(std::string{task_id});
  if (it == placements_.end() || it->second.running) return false;
  state(it->second.lane).queue.erase(it->second.key);
  placements_.erase(it);
  return true;
}

bool account_lanes::adopt_running(std::string_view task_id, lane l) {
  std::string id{task_id};
  if (placements_.count(id)) return false;
  ++state(l).running;
  placements_[id] = placement{l, true, {}, lane_entry{id, 0, 0, 0}};
  return true;
}

void account_lanes::resize(const lanes_config& config) {
  const bool reorder = config.aging_ms != config_.aging_ms;
  config_ = config;
  if (!reorder) return;
  for (auto& s : lanes_) s.queue.clear();
  for (auto& [id, p] : placements_) {
    if (p.running) continue;
    p.key = key_of(p.entry);
    state(p.lane).queue.insert(p.key);
  }
}

void account_lanes::set_slot_penalty(lane l, int slots) {
  state(l).penalty = std::max(0, slots);
}

std::optional<int> account_lanes::position(std::string_view task_id) const {
  auto it = placements_.find(std::string{task_id});
  if (it == placements_.end() || it->second.running) return std::nullopt;
  return static_cast<int>(state(it->second.lane).queue.order_of_key(it->second.key));
}

std::optional<lane> account_lanes::lane_of(std::string_view task_id) const {
  auto it = placements_.find(std::string{task_id});
  if (it == placements_.end()) return std::nullopt;
  return it->second.lane;
}

bool account_lanes::is_running(std::string_view task_id) const {
  auto it = placements_.find(std::string{task_id});
  return it != placements_.end() && it->second.running;
}

}  // namespace mjgate::domain
