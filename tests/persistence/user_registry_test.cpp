// The user registry on a real actor system and both databases: the root
// set-up, role rules, keys and tokens reaching the credentials index only
// after their commit, logins with the failure limiter, sessions, and the
// index rebuilt from the tables at start. A fake hasher keeps it fast.
#include <gtest/gtest.h>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <chrono>

#include "actors/credential_secrets.hpp"
#include "backend_fixture.hpp"
#include "persistence/kv_repository.hpp"
#include "persistence/user_registry.hpp"
#include "persistence/user_repository.hpp"

namespace mjgate::persistence::test {
namespace {

using namespace std::chrono_literals;
using outcome = actors::credential_index::outcome;
using domain::errc;

constexpr auto ask = 30s;

caf::actor_system_config& system_config() {
  static caf::actor_system_config cfg = [] {
    caf::actor_system_config c;
    c.add_message_types<caf::id_block::mjgate>();
    c.set("scheduler.max-threads", 2);
    return c;
  }();
  return cfg;
}

// "fake$<password>": the registry's logic, not argon2id, is under test here.
actors::password_hasher_actor::behavior_type fake_hasher() {
  return {
      [](actors::hash_atom, const std::string& pw) { return "fake$" + pw; },
      [](actors::verify_atom, const std::string& hash, const std::string& pw) {
        return hash == "fake$" + pw;
      },
  };
}

class registry : public backend_fixture {
 protected:
  void SetUp() override {
    backend_fixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    sys_ = std::make_unique<caf::actor_system>(system_config());
    hasher_ = sys_->spawn(fake_hasher);
    users = spawn();
  }

  void TearDown() override {
    for (auto& a : spawned_) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    if (hasher_) caf::anon_send_exit(hasher_, caf::exit_reason::user_shutdown);
    // Every handle goes before the system: a detached actor's thread waits
    // until nothing refers to it.
    spawned_.clear();
    users = actors::user_registry_actor{};
    hasher_ = actors::password_hasher_actor{};
    sys_.reset();
    backend_fixture::TearDown();
  }

  actors::user_registry_actor spawn(std::shared_ptr<actors::credential_index> idx = nullptr) {
    user_registry_settings s;
    s.dsn = dsn_text;
    auto r = spawn_user_registry(*sys_, s, idx ? idx : index, {hasher_});
    spawned_.push_back(r);
    return r;
  }

  // The answer of one request, or the error.
  template <class T, class... Ts>
  caf::expected<T> call(const actors::user_registry_actor& dst, Ts&&... xs) {
    caf::scoped_actor self{*sys_};
    caf::expected<T> out{caf::error{}};
    self->request(dst, ask, std::forward<Ts>(xs)...)
        .receive([&](T& v) { out = std::move(v); }, [&](caf::error& e) { out = std::move(e); });
    return out;
  }

  template <class T, class... Ts>
  caf::expected<T> call_users(Ts&&... xs) {
    return call<T>(users, std::forward<Ts>(xs)...);
  }

  static errc code_of(const caf::error& e) { return static_cast<errc>(e.code()); }

  actors::root_report setup(actors::root_setup s) {
    auto r = call_users<actors::root_report>(actors::root_atom_v, s);
    EXPECT_TRUE(r) << (r ? "" : to_string(r.error()));
    return r ? *r : actors::root_report{};
  }

  domain::user create(const actors::principal& who, std::string name, int role = 0,
                      std::string password = {}) {
    domain::user_edit e;
    e.has_name = true;
    e.name = std::move(name);
    if (role) {
      e.has_role = true;
      e.role = role;
    }
    if (!password.empty()) {
      e.has_password = true;
      e.password = std::move(password);
    }
    auto u = call_users<domain::user>(actors::insert_atom_v, who, e);
    EXPECT_TRUE(u) << (u ? "" : to_string(u.error()));
    return u ? *u : domain::user{};
  }

  caf::expected<actors::login_grant> login(std::string name, std::string pw,
                                           std::string ip = "127.0.0.1") {
    return call_users<actors::login_grant>(actors::login_atom_v,
                                           actors::login_request{ip, name, pw});
  }

  actors::principal as(const domain::user& u) { return {u.id, u.role, u.group, 0, u.name}; }

  std::shared_ptr<actors::credential_index> index = std::make_shared<actors::credential_index>();
  actors::user_registry_actor users;
  const actors::principal root = actors::root_principal();

 private:
  std::unique_ptr<caf::actor_system> sys_;
  actors::password_hasher_actor hasher_;
  std::vector<actors::user_registry_actor> spawned_;
};

TEST_P(registry, first_start_generates_the_root_key_and_password_once) {
  auto first = setup({});
  ASSERT_EQ(first.generated_key.size(), 51u);
  ASSERT_EQ(first.generated_password.size(), 20u);
  auto a = index->by_api_key(actors::hash_api_key(first.generated_key), 1);
  ASSERT_EQ(a.result, outcome::ok);
  EXPECT_EQ(a.who.user_id, 1);
  EXPECT_EQ(a.who.role, domain::role_root);
  EXPECT_TRUE(login("root", first.generated_password));
  auto second = setup({});
  EXPECT_EQ(second.generated_key, "");
  EXPECT_EQ(second.generated_password, "");
  // Demo mode generates nothing.
  actors::root_setup demo;
  demo.generate_missing = false;
  EXPECT_EQ(setup(demo).generated_key, "");
}

TEST_P(registry, a_configured_key_and_password_win) {
  actors::root_setup s;
  s.config_key_hash = actors::hash_api_key("sk-configured-1");
  s.config_key_mask = "sk-c********ed-1";
  s.password = "configured pw";
  auto r = setup(s);
  EXPECT_EQ(r.generated_key, "");
  EXPECT_EQ(r.generated_password, "");
  EXPECT_EQ(index->by_api_key(s.config_key_hash, 1).result, outcome::ok);
  EXPECT_TRUE(login("root", "configured pw"));
  // A new configured key and password replace the old ones.
  auto old_hash = s.config_key_hash;
  s.config_key_hash = actors::hash_api_key("sk-configured-2");
  s.password = "another pw";
  setup(s);
  EXPECT_EQ(index->by_api_key(old_hash, 1).result, outcome::unknown);
  EXPECT_EQ(index->by_api_key(s.config_key_hash, 1).result, outcome::ok);
  EXPECT_FALSE(login("root", "configured pw"));
  EXPECT_TRUE(login("root", "another pw"));
}

TEST_P(registry, the_previous_versions_root_key_is_migrated) {
  kv_put(sql, {{"root_api_key_sha256", actors::hash_api_key("sk-old")}});
  auto r = setup({});
  EXPECT_TRUE(r.migrated_legacy_key);
  EXPECT_EQ(r.generated_key, "");  // the old key is root's key
  EXPECT_EQ(index->by_api_key(actors::hash_api_key("sk-old"), 1).who.user_id, 1);
  EXPECT_EQ(kv_get(sql, "root_api_key_sha256"), "");
  EXPECT_FALSE(setup({}).migrated_legacy_key);
}

TEST_P(registry, role_rules_and_conflicts) {
  setup({});
  auto admin = create(root, "admin1", domain::role_admin);
  EXPECT_EQ(admin.role, domain::role_admin);
  domain::user_edit e;
  e.has_name = true;
  e.name = "root2";
  e.has_role = true;
  e.role = domain::role_root;
  auto refused = call_users<domain::user>(actors::insert_atom_v, as(admin), e);
  ASSERT_FALSE(refused);
  EXPECT_EQ(code_of(refused.error()), errc::forbidden);
  e.name = "admin2";
  e.role = domain::role_admin;
  EXPECT_EQ(code_of(call_users<domain::user>(actors::insert_atom_v, as(admin), e).error()),
            errc::forbidden);
  auto u = create(as(admin), "plain");
  EXPECT_EQ(u.role, domain::role_user);
  e.name = "plain";
  e.role = domain::role_user;
  EXPECT_EQ(code_of(call_users<domain::user>(actors::insert_atom_v, root, e).error()),
            errc::conflict);
  EXPECT_EQ(code_of(call_users<domain::user>(actors::insert_atom_v, as(u), e).error()),
            errc::forbidden);
  EXPECT_EQ(code_of(call_users<domain::user>(actors::fetch_atom_v, root, std::int64_t{99}).error()),
            errc::not_found);
  auto page = call_users<actors::user_page>(actors::list_atom_v, as(admin), std::int64_t{1},
                                            std::int32_t{1});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].name, "admin1");
}

TEST_P(registry, keys_reach_the_index_and_leave_it) {
  setup({});
  auto u = create(root, "alice");
  auto grant = call_users<actors::token_grant>(actors::token_atom_v, root,
                                               actors::token_request{u.id, "ci", 0, -1});
  ASSERT_TRUE(grant);
  EXPECT_EQ(grant->key.size(), 51u);
  EXPECT_EQ(grant->token.key_hash, "");  // never answered
  EXPECT_EQ(grant->token.key_mask, domain::mask_secret(grant->key));
  const auto h = actors::hash_api_key(grant->key);
  EXPECT_EQ(fetch_api_token_by_hash(sql, h)->user_id, u.id);  // committed
  auto a = index->by_api_key(h, 1);
  ASSERT_EQ(a.result, outcome::ok);
  EXPECT_EQ(a.who.user_id, u.id);
  EXPECT_EQ(a.who.api_key_id, grant->token.id);
  auto keys = call_users<std::vector<domain::api_token>>(actors::tokens_atom_v, root, u.id);
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ((*keys)[0].key_hash, "");
  // Disabling the user disables its key; enabling brings it back.
  domain::user_edit off;
  off.id = u.id;
  off.has_status = true;
  off.status = domain::user_disabled;
  ASSERT_TRUE(call_users<domain::user>(actors::update_atom_v, root, off));
  EXPECT_EQ(index->by_api_key(h, 1).result, outcome::disabled);
  off.status = domain::user_enabled;
  ASSERT_TRUE(call_users<domain::user>(actors::update_atom_v, root, off));
  EXPECT_EQ(index->by_api_key(h, 1).result, outcome::ok);
  // A plain user cannot revoke; root can.
  EXPECT_EQ(
      code_of(call_users<domain::api_token>(actors::revoke_atom_v, as(u), grant->token.id).error()),
      errc::forbidden);
  auto revoked = call_users<domain::api_token>(actors::revoke_atom_v, root, grant->token.id);
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, domain::token_revoked);
  EXPECT_EQ(index->by_api_key(h, 1).result, outcome::unknown);
  EXPECT_EQ(
      code_of(
          call_users<domain::api_token>(actors::revoke_atom_v, root, std::int64_t{999}).error()),
      errc::not_found);
  // An admin may not touch root's keys.
  auto admin = create(root, "admin1", domain::role_admin);
  EXPECT_EQ(code_of(call_users<actors::token_grant>(actors::token_atom_v, as(admin),
                                                    actors::token_request{1, "x", 0, -1})
                        .error()),
            errc::forbidden);
}

TEST_P(registry, dashboard_tokens_replace_each_other) {
  setup({});
  auto u = create(root, "alice");
  auto t1 = call_users<std::string>(actors::access_atom_v, root, u.id);
  auto t2 = call_users<std::string>(actors::access_atom_v, root, u.id);
  ASSERT_TRUE(t1 && t2);
  EXPECT_EQ(t1->size(), 32u);
  EXPECT_EQ(index->by_access_token(actors::sha256_hex(*t1)).result, outcome::unknown);
  EXPECT_EQ(index->by_access_token(actors::sha256_hex(*t2)).who.user_id, u.id);
  EXPECT_EQ(fetch_user(sql, u.id)->access_token_hash, actors::sha256_hex(*t2));
}

TEST_P(registry, logins_sessions_and_the_failure_limit) {
  setup({});
  auto u = create(root, "alice", 0, "alice password");
  auto bad = login("alice", "wrong");
  ASSERT_FALSE(bad);
  EXPECT_EQ(code_of(bad.error()), errc::unauthorized);
  EXPECT_EQ(code_of(login("nobody", "wrong").error()), errc::unauthorized);
  auto g = login("alice", "alice password");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->user.id, u.id);
  EXPECT_EQ(g->user.password_hash, "*");
  EXPECT_EQ(g->session_hash, actors::sha256_hex(g->session_id));
  EXPECT_EQ(g->expires_at - g->issued_at, 48 * 3600 * 1000LL);
  EXPECT_EQ(index->touch_session(g->session_hash, g->issued_at + 1).who.user_id, u.id);
  ASSERT_TRUE(call_users<bool>(actors::logout_atom_v, g->session_hash));
  EXPECT_EQ(index->touch_session(g->session_hash, g->issued_at + 2).result, outcome::unknown);
  EXPECT_TRUE(live_user_sessions(sql, u.id, g->issued_at).empty());
  EXPECT_TRUE(call_users<bool>(actors::logout_atom_v, g->session_hash));  // idempotent
  // Ten failures from one IP block that IP and name (even the right password).
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(code_of(login("alice", "wrong").error()), errc::unauthorized);
  auto blocked = login("alice", "alice password");
  ASSERT_FALSE(blocked);
  EXPECT_EQ(code_of(blocked.error()), errc::rate_limited);
  EXPECT_TRUE(login("alice", "alice password", "10.0.0.2"));  // another IP
  // A new password or a disabled user ends the sessions.
  auto g2 = login("alice", "alice password", "10.0.0.3");
  ASSERT_TRUE(g2);
  domain::user_edit pw;
  pw.id = u.id;
  pw.has_password = true;
  pw.password = "new password";
  ASSERT_TRUE(call_users<domain::user>(actors::update_atom_v, root, pw));
  EXPECT_EQ(index->touch_session(g2->session_hash, g2->issued_at + 1).result, outcome::unknown);
  EXPECT_TRUE(login("alice", "new password", "10.0.0.3"));
  domain::user_edit off;
  off.id = u.id;
  off.has_status = true;
  off.status = domain::user_disabled;
  ASSERT_TRUE(call_users<domain::user>(actors::update_atom_v, root, off));
  EXPECT_EQ(code_of(login("alice", "new password", "10.0.0.4").error()), errc::forbidden);
}

TEST_P(registry, sessions_are_bounded_per_user) {
  setup({});
  create(root, "alice", 0, "alice password");
  std::vector<actors::login_grant> grants;
  for (int i = 0; i < 22; ++i) {
    auto g = login("alice", "alice password");
    ASSERT_TRUE(g);
    grants.push_back(*g);
  }
  EXPECT_EQ(index->session_count(), 20u);
  EXPECT_EQ(index->touch_session(grants.back().session_hash, grants.back().issued_at).result,
            outcome::ok);
}

TEST_P(registry, a_new_registry_loads_the_index_from_the_tables) {
  auto r = setup({});
  auto u = create(root, "alice", 0, "alice password");
  auto grant = call_users<actors::token_grant>(actors::token_atom_v, root,
                                               actors::token_request{u.id, "", 0, -1});
  auto g = login("alice", "alice password");
  ASSERT_TRUE(grant && g);
  auto fresh = std::make_shared<actors::credential_index>();
  auto second = spawn(fresh);
  // Any answer means the start-up load is done.
  ASSERT_TRUE(call<std::int32_t>(second, actors::prune_atom_v));
  EXPECT_EQ(fresh->by_api_key(actors::hash_api_key(grant->key), 1).who.user_id, u.id);
  EXPECT_EQ(fresh->by_api_key(actors::hash_api_key(r.generated_key), 1).who.user_id, 1);
  EXPECT_EQ(fresh->touch_session(g->session_hash, g->issued_at + 1).who.user_id, u.id);
  EXPECT_EQ(fresh->user_count(), 2u);
}

INSTANTIATE_TEST_SUITE_P(sqlite, registry, ::testing::Values("sqlite"));
INSTANTIATE_TEST_SUITE_P(postgres, registry, ::testing::Values("postgres"));

}  // namespace
}  // namespace mjgate::persistence::test
