// A bounded query over stored tasks, shared by the store and the router.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/task.hpp"

namespace mjgate::domain {

struct task_query {
  std::int64_t user_id = 0;           ///< 0 = every user (admin)
  std::vector<std::string> ids;       ///< non-empty: only these ids, in this order
  std::vector<task_status> statuses;  ///< non-empty: only these statuses
  std::string before_id;              ///< non-empty: only tasks with id < before_id
  int limit = 100;                    ///< always bounded (callers clamp)
  bool oldest_first = false;          ///< false: newest first (by id)
  friend bool operator==(const task_query&, const task_query&) = default;
};

}  // namespace mjgate::domain
