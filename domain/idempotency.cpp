#include "domain/idempotency.hpp"

#include <algorithm>

namespace mjgate::domain {

bool valid_idempotency_key(std::string_view key) {
  if (key.empty() || key.size() > idempotency_key_max) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x21 && u <= 0x7e;
  });
}

bool idempotency_expired(std::int64_t created_ms, std::int64_t now_ms) {
  return now_ms - created_ms >= idempotency_ttl_ms;
}

std::int64_t idempotency_prune_before(std::int64_t now_ms) {
  return now_ms - idempotency_ttl_ms;
}

}  // namespace mjgate::domain
