#include "domain/account_choice.hpp"

#include <algorithm>

namespace mjgate::domain {

namespace {

struct best_pick {
  bool found = false;
  std::size_t index = 0;
  double load = 0;
  std::uint64_t ties = 0;

  // Reservoir sampling over equal loads keeps ties uniformly random.
  void offer(std::size_t i, double l, std::uint64_t random) {
    if (!found || l < load) {
      found = true;
      index = i;
      load = l;
      ties = 1;
    } else if (l == load) {
      ++ties;
      if ((random ^ (i * 0x9e3779b97f4a7c15ULL)) % ties == 0) index = i;
    }
  }
};

}  // namespace

account_choice choose_best_wait_idle(const std::vector<account_capacity>& accounts,
                                     std::string_view instance_id, std::uint64_t random,
                                     const std::set<std::string>& excluded) {
  bool any_candidate = false;
  best_pick free_slot, queue_room;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const auto& a = accounts[i];
    if (!a.enabled || a.health == link_health::disabled) continue;
    if (!instance_id.empty() && a.id != instance_id) continue;
    any_candidate = true;
    if (excluded.count(a.id)) continue;
    // As the account itself admits: its waiting tasks (queued or reserved,
    // on their way in) take its free slots first; only the rest use queue room.
    int free_slots = a.health == link_health::ready ? std::max(0, a.core_size - a.running) : 0;
    int beyond_slots = std::max(0, a.queued - free_slots);
    if (a.queued < free_slots)
      free_slot.offer(i, static_cast<double>(a.running + a.queued) / a.core_size, random);
    else if (beyond_slots < a.queue_size)
      queue_room.offer(i, static_cast<double>(beyond_slots) / a.queue_size, random);
  }
  if (free_slot.found) return {choice_outcome::chosen, free_slot.index};
  if (queue_room.found) return {choice_outcome::chosen, queue_room.index};
  return {any_candidate ? choice_outcome::saturated : choice_outcome::none, 0};
}

}  // namespace mjgate::domain
