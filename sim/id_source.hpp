// Every id the simulator mints: Discord snowflakes (§1.2 formula), MJ job hashes (UUID v4),
// session ids and seeds, all from one seeded PRNG so a seed reproduces a run's content.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace mjgate::sim {

/// Not thread-safe; the simulator calls it under its state lock.
class id_source {
 public:
  explicit id_source(std::uint64_t seed) : rng_(seed) {}

  /// ((unix_ms - 1420070400000) << 22) | (worker 1 << 17) | (process 0 << 12) | 12-bit counter;
  /// strictly increasing even when the clock stands still or steps back.
  std::uint64_t next_snowflake(std::uint64_t unix_ms);
  /// A lower-case UUID v4 string (8-4-4-4-12).
  std::string next_uuid();
  /// 32 lower-case hex characters (a gateway session id).
  std::string next_hex32();
  /// A uniform integer in [lo, hi].
  std::uint64_t uniform(std::uint64_t lo, std::uint64_t hi);

 private:
  std::mt19937_64 rng_;
  std::uint64_t last_ms_ = 0;
  std::uint64_t seq_ = 0;
};

}  // namespace mjgate::sim
