// Idempotent submit (api-contracts.md §1.6): the pure rules. Which key is
// acceptable, how long a stored answer is replayed, and when a waiting
// duplicate gives up.
#pragma once

#include <cstdint>
#include <string_view>

namespace mjgate::domain {

/// A stored answer is replayed for 24 h after the first request.
inline constexpr std::int64_t idempotency_ttl_ms = 24LL * 3'600'000;

/// A duplicate that arrives while the first request runs waits this long.
inline constexpr std::int64_t idempotency_wait_ms = 10'000;

/// The longest key accepted.
inline constexpr std::size_t idempotency_key_max = 128;

/// 1 to 128 visible ASCII characters (0x21–0x7E): no spaces, no control or
/// non-ASCII bytes.
bool valid_idempotency_key(std::string_view key);

/// True once a stored answer created at `created_ms` no longer counts at
/// `now_ms` (exactly 24 h later it has expired).
bool idempotency_expired(std::int64_t created_ms, std::int64_t now_ms);

/// Rows created before this instant may be pruned at `now_ms`.
std::int64_t idempotency_prune_before(std::int64_t now_ms);

}  // namespace mjgate::domain
