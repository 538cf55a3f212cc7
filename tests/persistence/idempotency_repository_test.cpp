// Stored idempotent answers over a real database (both backends): a row is
// found by user and key only, a later put replaces it, pruning drops only
// rows older than the cut-off (api-contracts.md §1.6).
#include <gtest/gtest.h>

#include <string>

#include "backend_fixture.hpp"
#include "persistence/idempotency_repository.hpp"

namespace mjgate::persistence::test {
namespace {

class idempotency : public backend_fixture {};

idempotency_row row_of(std::int64_t user, std::string key, std::int64_t at, std::string body) {
  idempotency_row r;
  r.user_id = user;
  r.key = std::move(key);
  r.created_at = at;
  r.status = 200;
  r.headers = R"([["X-New-Api-Other-Ratios","{}"]])";
  r.body = std::move(body);
  return r;
}

TEST_P(idempotency, stores_and_finds_by_user_and_key) {
  EXPECT_FALSE(find_idempotency(sql, 7, "k1"));
  // Non-ASCII bytes and quotes in the body survive byte for byte.
  const std::string body = R"({"code":1,"description":"提交成功","result":"1700000000000001"})";
  put_idempotency(sql, row_of(7, "k1", 1000, body));
  auto got = find_idempotency(sql, 7, "k1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->user_id, 7);
  EXPECT_EQ(got->key, "k1");
  EXPECT_EQ(got->created_at, 1000);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->headers, R"([["X-New-Api-Other-Ratios","{}"]])");
  EXPECT_EQ(got->body, body);
  EXPECT_FALSE(find_idempotency(sql, 8, "k1"));  // another user's key space
  EXPECT_FALSE(find_idempotency(sql, 7, "K1"));  // keys are case-sensitive
}

TEST_P(idempotency, a_later_put_replaces_the_row) {
  put_idempotency(sql, row_of(7, "k1", 1000, "old"));
  auto newer = row_of(7, "k1", 5000, "new");
  newer.status = 400;
  put_idempotency(sql, newer);
  auto got = find_idempotency(sql, 7, "k1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->created_at, 5000);
  EXPECT_EQ(got->status, 400);
  EXPECT_EQ(got->body, "new");
}

TEST_P(idempotency, prune_drops_only_older_rows) {
  put_idempotency(sql, row_of(1, "a", 1000, "a"));
  put_idempotency(sql, row_of(1, "b", 2000, "b"));
  put_idempotency(sql, row_of(2, "c", 3000, "c"));
  EXPECT_EQ(prune_idempotency(sql, 2000), 1);
  EXPECT_FALSE(find_idempotency(sql, 1, "a"));
  EXPECT_TRUE(find_idempotency(sql, 1, "b"));
  EXPECT_EQ(prune_idempotency(sql, 10'000), 2);
  EXPECT_FALSE(find_idempotency(sql, 2, "c"));
  EXPECT_EQ(prune_idempotency(sql, 10'000), 0);
}

INSTANTIATE_TEST_SUITE_P(sqlite, idempotency, ::testing::Values("sqlite"));
INSTANTIATE_TEST_SUITE_P(postgres, idempotency, ::testing::Values("postgres"));

}  // namespace
}  // namespace mjgate::persistence::test
