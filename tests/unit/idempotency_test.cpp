#include "domain/idempotency.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mjgate::domain {
namespace {

TEST(IdempotencyKey, AcceptsVisibleAsciiUpTo128) {
  EXPECT_TRUE(valid_idempotency_key("a"));
  EXPECT_TRUE(valid_idempotency_key("3f2c-9b1e_ORDER:42/x~!"));
  EXPECT_TRUE(valid_idempotency_key(std::string(128, 'k')));
  EXPECT_TRUE(valid_idempotency_key("!~"));  // both ends of the visible range
}

TEST(IdempotencyKey, RejectsEmptyLongSpacesControlAndNonAscii) {
  EXPECT_FALSE(valid_idempotency_key(""));
  EXPECT_FALSE(valid_idempotency_key(std::string(129, 'k')));
  EXPECT_FALSE(valid_idempotency_key("two words"));
  EXPECT_FALSE(valid_idempotency_key("tab\there"));
  EXPECT_FALSE(valid_idempotency_key(std::string{"nul\0x", 5}));
  EXPECT_FALSE(valid_idempotency_key("del\x7f"));
  EXPECT_FALSE(valid_idempotency_key("键"));
}

TEST(IdempotencyExpiry, LivesExactly24Hours) {
  const std::int64_t t0 = 1'700'000'000'000;
  EXPECT_FALSE(idempotency_expired(t0, t0));
  EXPECT_FALSE(idempotency_expired(t0, t0 + idempotency_ttl_ms - 1));
  EXPECT_TRUE(idempotency_expired(t0, t0 + idempotency_ttl_ms));
  EXPECT_TRUE(idempotency_expired(t0, t0 + 3 * idempotency_ttl_ms));
  EXPECT_EQ(idempotency_ttl_ms, 86'400'000);
}

TEST(IdempotencyExpiry, PruneBoundaryMatchesExpiry) {
  const std::int64_t now = 1'700'000'000'000;
  const auto before = idempotency_prune_before(now);
  EXPECT_TRUE(idempotency_expired(before, now));
  EXPECT_FALSE(idempotency_expired(before + 1, now));
}

}  // namespace
}  // namespace mjgate::domain
