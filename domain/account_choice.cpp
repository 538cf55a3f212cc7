#include "domain/account_choice.hpp"

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
    if (a.health == link_health::ready && a.running < a.core_size && a.queued == 0)
      free_slot.offer(i, static_cast<double>(a.running) / a.core_size, random);
    else if (a.queued < a.queue_size)
      queue_room.offer(i, static_cast<double>(a.queued) / a.queue_size, random);
  }
  if (free_slot.found) return {choice_outcome::chosen, free_slot.index};
  if (queue_room.found) return {choice_outcome::chosen, queue_room.index};
  return {any_candidate ? choice_outcome::saturated : choice_outcome::none, 0};
}

}  // namespace mjgate::domain
