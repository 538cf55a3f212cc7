#include "domain/queue_order.hpp"

namespace mjgate::domain {

std::int64_t queue_rank(int priority, std::int64_t enqueued_at_ms, std::int64_t aging_ms) {
  if (aging_ms <= 0) return -static_cast<std::int64_t>(priority);
  return enqueued_at_ms - static_cast<std::int64_t>(priority) * aging_ms;
}

}  // namespace mjgate::domain
