#include "sim/id_source.hpp"

namespace mjgate::sim {

namespace {
constexpr std::uint64_t discord_epoch_ms = 1420070400000ULL;
constexpr char hex_digits[] = "0123456789abcdef";
}  // namespace

std::uint64_t id_source::next_snowflake(std::uint64_t unix_ms) {
  if (unix_ms < discord_epoch_ms) unix_ms = discord_epoch_ms;
  if (unix_ms > last_ms_) {
    last_ms_ = unix_ms;
    seq_ = 0;
  } else if (++seq_ > 0xFFF) {
    ++last_ms_;  // counter exhausted within one ms: borrow the next ms
    seq_ = 0;
  }
  return ((last_ms_ - discord_epoch_ms) << 22) | (1ULL << 17) | (0ULL << 12) | seq_;
}

std::string id_source::next_uuid() {
  std::uint64_t hi = rng_(), lo = rng_();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                         // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  std::string out;
  out.reserve(36);
  for (int i = 15; i >= 0; --i) {
    out.push_back(hex_digits[(hi >> (4 * i)) & 0xF]);
    if (i == 8 || i == 4) out.push_back('-');
  }
  out.push_back('-');
  for (int i = 15; i >= 0; --i) {
    out.push_back(hex_digits[(lo >> (4 * i)) & 0xF]);
    if (i == 12) out.push_back('-');
  }
  return out;
}

std::string id_source::next_hex32() {
  std::string out;
  for (int k = 0; k < 2; ++k) {
    std::uint64_t v = rng_();
    for (int i = 15; i >= 0; --i) out.push_back(hex_digits[(v >> (4 * i)) & 0xF]);
  }
  return out;
}

std::uint64_t id_source::uniform(std::uint64_t lo, std::uint64_t hi) {
  if (hi <= lo) return lo;
  return lo + rng_() % (hi - lo + 1);
}

}  // namespace mjgate::sim
