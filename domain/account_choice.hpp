// Choosing the account for a new task (discord-midjourney-protocol.md §8.2):
// a pure rule over capacity snapshots, so the router stays simple.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mjgate::domain {

enum class link_health : std::uint8_t { ready, connecting, disabled };

struct account_capacity {
  std::string id;
  bool enabled = true;
  link_health health = link_health::connecting;
  int running = 0;
  int core_size = 1;
  int queued = 0;
  int queue_size = 1;
};

enum class choice_outcome : std::uint8_t {
  chosen,     ///< `index` names the account
  saturated,  ///< some account could serve later (full / connecting): mj code 23
  none,       ///< no enabled account matches at all: mj code 3
};

struct account_choice {
  choice_outcome outcome = choice_outcome::none;
  std::size_t index = 0;
};

/// BestWaitIdle: READY accounts with a slot left after their waiting tasks
/// (`queued` counts tasks reserved and on their way in) first, lowest
/// (running+queued)/core; then any non-disabled account whose waiting tasks
/// beyond its free slots leave queue room, lowest share of it; ties
/// broken by `random`. `instance_id` restricts the candidates when non-empty;
/// `excluded` accounts (already found full) stay candidates but are not chosen.
account_choice choose_best_wait_idle(const std::vector<account_capacity>& accounts,
                                     std::string_view instance_id, std::uint64_t random,
                                     const std::set<std::string>& excluded = {});

}  // namespace mjgate::domain
