// Task identifiers (api-contracts.md §1.3): the 16-digit id and the UUID v4.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace mjgate::domain {

/// Mints ids `submit_ms × 1000 + node × 100 + n` (n 0–99 per ms); borrows the
/// next millisecond when n overflows and never goes backwards. Not thread-safe:
/// one owner (the task router).
class task_id_generator {
 public:
  explicit task_id_generator(unsigned node = 0) : node_(node % 10) {}
  std::string next(std::int64_t now_ms);

 private:
  unsigned node_;
  std::int64_t last_ms_ = 0;
  unsigned n_ = 0;
};

/// Lower-case UUID v4 with dashes.
std::string make_uuid_v4(std::mt19937_64& rng);

/// mjgate's own task-center id of a task (§1.3): "task_" + the 32 hex digits
/// of its uuid (dashes removed, lower case).
std::string task_center_id(std::string_view uuid);

/// The inverse of task_center_id: the dashed lower-case uuid that a "task_" +
/// 32 hex digit id (either case) names; nullopt for any other text.
std::optional<std::string> uuid_of_task_center_id(std::string_view id);
/// True for the textual UUID form 8-4-4-4-12 hex digits (either case): the
/// node-api `_id` (api-contracts.md §1.3). Never true for a 16-digit id.
bool is_uuid(std::string_view s);

/// True for a task id as mjgate mints it: 1 to 19 decimal digits.
bool is_task_id(std::string_view s);

}  // namespace mjgate::domain
