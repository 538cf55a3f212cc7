// The user repository contract (migration 4): users, API keys and sessions
// are stored and queried identically on SQLite and PostgreSQL; the root user
// is id 1 from the start.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "backend_fixture.hpp"
#include "persistence/kv_repository.hpp"
#include "persistence/user_repository.hpp"

namespace mjgate::persistence::test {
namespace {

class users : public backend_fixture {
 protected:
  domain::user make(std::string name, int role = domain::role_user) {
    domain::user u;
    u.name = std::move(name);
    u.role = role;
    u.group = "vip";
    u.quota = 1'000'000'000'000LL;  // bigint
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    u.created_at = 1700000000001;
    u.updated_at = 1700000000002;
    return u;
  }

  domain::api_token key(std::int64_t user, std::string hash, int status = domain::token_active) {
    domain::api_token t;
    t.user_id = user;
    t.name = "ci 🔑";
    t.key_hash = std::move(hash);
    t.key_mask = "sk-A********wxyz";
    t.status = status;
    t.expires_at = 1800000000000;
    t.remaining_quota = 42;
    t.created_at = 1700000000003;
    return t;
  }
};

TEST_P(users, the_root_user_exists_after_migration) {
  auto root = fetch_user(sql, 1);
  ASSERT_TRUE(root);
  EXPECT_EQ(root->name, "root");
  EXPECT_EQ(root->role, domain::role_root);
  EXPECT_EQ(root->status, domain::user_enabled);
  EXPECT_EQ(root->group, "default");
  EXPECT_EQ(root->quota, 0);
  EXPECT_EQ(root->password_hash, "");
  EXPECT_GT(root->created_at, 1600000000000);
  EXPECT_EQ(count_users(sql), 1);
}

TEST_P(users, insert_fetch_update_round_trip) {
  auto a = insert_user(sql, target.kind, make("alice"));
  auto b = insert_user(sql, target.kind, make("bob", domain::role_admin));
  EXPECT_EQ(a.id, 2);  // after root
  EXPECT_EQ(b.id, 3);
  auto got = fetch_user(sql, a.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, a);
  EXPECT_EQ(fetch_user_by_name(sql, "bob"), b);
  EXPECT_EQ(fetch_user_by_name(sql, "nobody"), std::nullopt);
  EXPECT_EQ(fetch_user(sql, 99), std::nullopt);
  a.status = domain::user_disabled;
  a.group = "default";
  a.access_token_hash = "abc123";
  a.password_hash.clear();
  const auto balance = a.quota;
  a.quota = -5;
  a.updated_at = 1700000000009;
  EXPECT_TRUE(update_user(sql, a));
  auto want = a;
  want.quota = balance;  // the balance moves only by holds, refunds and set_user_quota
  EXPECT_EQ(fetch_user(sql, a.id), want);
  auto ghost = a;
  ghost.id = 99;
  EXPECT_FALSE(update_user(sql, ghost));
}

TEST_P(users, names_and_access_tokens_are_unique) {
  insert_user(sql, target.kind, make("alice"));
  EXPECT_THROW(insert_user(sql, target.kind, make("alice")), soci::soci_error);
  auto b = insert_user(sql, target.kind, make("bob"));
  auto c = insert_user(sql, target.kind, make("carol"));
  b.access_token_hash = "same";
  c.access_token_hash = "same";
  update_user(sql, b);
  EXPECT_THROW(update_user(sql, c), soci::soci_error);
  // Many users without a token are fine.
  EXPECT_EQ(fetch_user(sql, c.id)->access_token_hash, "");
}

TEST_P(users, list_pages_by_id) {
  for (int i = 0; i < 5; ++i) insert_user(sql, target.kind, make("u" + std::to_string(i)));
  EXPECT_EQ(count_users(sql), 6);
  auto page = list_users(sql, 2, 3);
  ASSERT_EQ(page.size(), 3u);
  EXPECT_EQ(page[0].name, "u1");
  EXPECT_EQ(page[2].name, "u3");
  EXPECT_EQ(list_users(sql, 5, 10).size(), 1u);
  EXPECT_TRUE(list_users(sql, 6, 10).empty());
  EXPECT_TRUE(list_users(sql, 0, 0).empty());
  EXPECT_EQ(list_users(sql, 0, 100).front().name, "root");
}

TEST_P(users, keys_round_trip_and_revoke) {
  auto a = insert_user(sql, target.kind, make("alice"));
  auto k1 = insert_api_token(sql, target.kind, key(a.id, "h1"));
  auto k2 = insert_api_token(sql, target.kind, key(a.id, "h2"));
  auto k3 = insert_api_token(sql, target.kind, key(1, "h3"));
  EXPECT_GT(k2.id, k1.id);
  EXPECT_EQ(fetch_api_token(sql, k1.id), k1);
  EXPECT_EQ(fetch_api_token_by_hash(sql, "h3"), k3);
  EXPECT_EQ(fetch_api_token_by_hash(sql, "nope"), std::nullopt);
  EXPECT_EQ(list_api_tokens(sql, a.id, 10), (std::vector<domain::api_token>{k1, k2}));
  EXPECT_EQ(list_api_tokens(sql, a.id, 1).size(), 1u);
  EXPECT_TRUE(set_api_token_status(sql, k1.id, domain::token_revoked));
  EXPECT_FALSE(set_api_token_status(sql, 999, domain::token_revoked));
  auto active = active_api_tokens(sql);
  ASSERT_EQ(active.size(), 2u);
  EXPECT_EQ(active[0], k2);
  EXPECT_EQ(fetch_api_token(sql, k1.id)->status, domain::token_revoked);
  EXPECT_THROW(insert_api_token(sql, target.kind, key(a.id, "h2")), soci::soci_error);
}

TEST_P(users, sessions_live_touch_revoke_and_delete) {
  auto a = insert_user(sql, target.kind, make("alice"));
  const std::int64_t t = 1700000000000;
  domain::user_session s1{"s1", a.id, t, t, t + 1000000, false};
  domain::user_session s2{"s2", a.id, t + 10, t + 10, t + 1000010, false};
  domain::user_session s3{"s3", 1, t, t, t + 5, false};
  insert_session(sql, s1);
  insert_session(sql, s2);
  insert_session(sql, s3);
  EXPECT_EQ(live_sessions(sql, t + 4).size(), 3u);
  EXPECT_EQ(live_sessions(sql, t + 5), (std::vector<domain::user_session>{s1, s2}));
  EXPECT_EQ(live_user_sessions(sql, a.id, t), (std::vector<domain::user_session>{s2, s1}));
  touch_session(sql, "s1", t + 500);
  touch_session(sql, "s1", t + 100);  // never back
  EXPECT_EQ(live_user_sessions(sql, a.id, t).back().last_seen, t + 500);
  revoke_sessions(sql, {"s2", "unknown"});
  EXPECT_EQ(live_user_sessions(sql, a.id, t).size(), 1u);
  // Revoked, past expiry (s3 at t+5) and idle before the cutoff (none) go.
  EXPECT_EQ(delete_dead_sessions(sql, t + 5, t), 2u);
  EXPECT_EQ(live_sessions(sql, t).size(), 1u);
  EXPECT_EQ(delete_dead_sessions(sql, t + 6, t + 501), 1u);  // s1 idle since t+500
  EXPECT_TRUE(live_sessions(sql, t).empty());
}

TEST_P(users, the_legacy_root_key_setting_is_readable) {
  kv_put(sql, {{"root_api_key_sha256", "abc"}});
  EXPECT_EQ(kv_get(sql, "root_api_key_sha256"), "abc");
}

INSTANTIATE_TEST_SUITE_P(sqlite, users, ::testing::Values("sqlite"));
INSTANTIATE_TEST_SUITE_P(postgres, users, ::testing::Values("postgres"));

}  // namespace
}  // namespace mjgate::persistence::test
