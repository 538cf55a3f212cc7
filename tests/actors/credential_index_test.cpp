// The credentials index: keys, dashboard tokens and backend sessions map to
// principals; disabled users, expired keys and idle sessions authenticate as
// nobody; session touches slide and ask to be persisted at most once a period.
#include <gtest/gtest.h>

#include <thread>

#include "actors/credential_index.hpp"
#include "actors/credential_secrets.hpp"

namespace {

using namespace mjgate;
using outcome = actors::credential_index::outcome;

domain::user user_row(std::int64_t id, int role, std::string token_hash = {}) {
  domain::user u;
  u.id = id;
  u.name = "user" + std::to_string(id);
  u.role = role;
  u.group = "vip";
  u.access_token_hash = std::move(token_hash);
  return u;
}

domain::api_token key_row(std::int64_t id, std::int64_t user, std::string hash,
                          std::int64_t expires = 0) {
  domain::api_token t;
  t.id = id;
  t.user_id = user;
  t.key_hash = std::move(hash);
  t.expires_at = expires;
  return t;
}

domain::user_session session_row(std::string id, std::int64_t user, std::int64_t at) {
  return {std::move(id), user, at, at, at + 48 * 3600 * 1000LL, false};
}

TEST(credential_index, keys_map_to_their_user) {
  actors::credential_index idx;
  idx.load({user_row(1, 100), user_row(7, 1)}, {key_row(3, 7, "h7"), key_row(4, 1, "h1")}, {});
  auto a = idx.by_api_key("h7", 1000);
  ASSERT_EQ(a.result, outcome::ok);
  EXPECT_EQ(a.who.user_id, 7);
  EXPECT_FALSE(a.who.admin);
  EXPECT_EQ(a.who.role, 1);
  EXPECT_EQ(a.who.group, "vip");
  EXPECT_EQ(a.who.api_key_id, 3);
  EXPECT_EQ(a.who.name, "user7");
  auto r = idx.by_api_key("h1", 1000);
  EXPECT_TRUE(r.who.admin);
  EXPECT_EQ(r.who.role, 100);
  EXPECT_EQ(idx.by_api_key("nope", 1000).result, outcome::unknown);
}

TEST(credential_index, revoked_expired_and_disabled_keys_fail) {
  actors::credential_index idx;
  auto disabled = user_row(8, 1);
  disabled.status = domain::user_disabled;
  idx.load({user_row(7, 1), disabled},
           {key_row(1, 7, "a"), key_row(2, 7, "b", 5000), key_row(3, 8, "c")}, {});
  EXPECT_EQ(idx.by_api_key("b", 4999).result, outcome::ok);
  EXPECT_EQ(idx.by_api_key("b", 5000).result, outcome::expired);
  EXPECT_EQ(idx.by_api_key("c", 1).result, outcome::disabled);
  auto revoked = key_row(1, 7, "a");
  revoked.status = domain::token_revoked;
  idx.put_key(revoked);
  EXPECT_EQ(idx.by_api_key("a", 1).result, outcome::unknown);
  EXPECT_EQ(idx.key_count(), 2u);
  // Re-enabling the user brings its key back.
  disabled.status = domain::user_enabled;
  idx.put_user(disabled);
  EXPECT_EQ(idx.by_api_key("c", 1).result, outcome::ok);
  // Revoked rows are never loaded.
  idx.load({user_row(7, 1)}, {revoked}, {});
  EXPECT_EQ(idx.key_count(), 0u);
}

TEST(credential_index, access_tokens_follow_the_user) {
  actors::credential_index idx;
  idx.load({user_row(7, 10, "t1")}, {}, {});
  EXPECT_EQ(idx.by_access_token("t1").who.user_id, 7);
  EXPECT_TRUE(idx.by_access_token("t1").who.admin);
  idx.put_user(user_row(7, 10, "t2"));  // regenerated: the old one stops working
  EXPECT_EQ(idx.by_access_token("t1").result, outcome::unknown);
  EXPECT_EQ(idx.by_access_token("t2").result, outcome::ok);
  auto banned = user_row(7, 10, "t2");
  banned.status = domain::user_disabled;
  idx.put_user(banned);
  EXPECT_EQ(idx.by_access_token("t2").result, outcome::disabled);
  EXPECT_EQ(idx.by_user_id(7).result, outcome::disabled);
  EXPECT_EQ(idx.by_user_id(99).result, outcome::unknown);
}

TEST(credential_index, sessions_slide_and_expire_when_idle_or_old) {
  actors::credential_index idx{900000, 60000};
  idx.load({user_row(7, 1)}, {}, {session_row("s", 7, 0)});
  auto a = idx.touch_session("s", 1000);
  ASSERT_EQ(a.result, outcome::ok);
  EXPECT_EQ(a.who.user_id, 7);
  EXPECT_FALSE(a.persist);  // loaded rows are persisted as of their last_seen
  EXPECT_EQ(idx.touch_session("s", 900000).result, outcome::ok);  // 899 s after the last touch
  auto later = idx.touch_session("s", 960000);                    // sliding
  EXPECT_EQ(later.result, outcome::ok);
  EXPECT_TRUE(later.persist);  // a minute since the stored last_seen
  EXPECT_FALSE(idx.touch_session("s", 960001).persist);
  EXPECT_EQ(idx.touch_session("s", 960001 + 900000).result, outcome::ok);
  EXPECT_EQ(idx.touch_session("s", 960001 + 900000 + 900001).result, outcome::expired);
  EXPECT_EQ(idx.touch_session("unknown", 1).result, outcome::unknown);
  // The absolute limit holds even when active.
  idx.put_session(session_row("t", 7, 0));
  std::int64_t t = 0;
  for (; t < 48 * 3600 * 1000LL; t += 600000)
    ASSERT_EQ(idx.touch_session("t", t).result, outcome::ok);
  EXPECT_EQ(idx.touch_session("t", 48 * 3600 * 1000LL).result, outcome::expired);
}

TEST(credential_index, sessions_end_on_logout_disable_and_prune) {
  actors::credential_index idx{900000, 60000};
  idx.load({user_row(7, 1), user_row(8, 1)}, {},
           {session_row("a", 7, 0), session_row("b", 7, 0), session_row("c", 8, 0)});
  idx.drop_session("a");
  EXPECT_EQ(idx.touch_session("a", 1).result, outcome::unknown);
  auto banned = user_row(8, 1);
  banned.status = domain::user_disabled;
  idx.put_user(banned);
  EXPECT_EQ(idx.touch_session("c", 1).result, outcome::disabled);
  EXPECT_EQ(idx.drop_user_sessions(8), std::vector<std::string>{"c"});
  auto revoked = session_row("b", 7, 0);
  revoked.revoked = true;
  idx.put_session(session_row("d", 7, 1000000));
  idx.put_session(revoked);
  EXPECT_EQ(idx.session_count(), 1u);
  EXPECT_EQ(idx.prune_sessions(1000000 + 900001), std::vector<std::string>{"d"});
  EXPECT_EQ(idx.session_count(), 0u);
}

TEST(credential_index, concurrent_readers_and_one_writer) {
  actors::credential_index idx;
  idx.load({user_row(7, 1)}, {key_row(1, 7, "k")}, {session_row("s", 7, 0)});
  std::atomic<int> ok{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r)
    readers.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        if (idx.by_api_key("k", 1).result == outcome::ok) ++ok;
        idx.touch_session("s", 1000 + i);
      }
    });
  for (int i = 0; i < 500; ++i) idx.put_user(user_row(7, i % 2 ? 1 : 10));
  for (auto& t : readers) t.join();
  EXPECT_EQ(ok.load(), 8000);
}

TEST(credential_secrets, hashing_and_minting) {
  // sha256("abc")
  const std::string abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  EXPECT_EQ(actors::sha256_hex("abc"), abc);
  EXPECT_EQ(actors::hash_api_key("sk-abc"), abc);
  EXPECT_EQ(actors::hash_api_key("abc"), abc);
  auto key = actors::new_api_key();
  EXPECT_EQ(key.size(), 51u);
  EXPECT_TRUE(key.starts_with("sk-"));
  EXPECT_NE(key, actors::new_api_key());
  EXPECT_EQ(actors::new_access_token().size(), 32u);
  EXPECT_EQ(actors::new_session_id().size(), 64u);
  EXPECT_EQ(actors::new_password().size(), 20u);
  EXPECT_TRUE(actors::equal_secrets("abc", "abc"));
  EXPECT_FALSE(actors::equal_secrets("abc", "abd"));
  EXPECT_FALSE(actors::equal_secrets("abc", "abcd"));
}

}  // namespace
