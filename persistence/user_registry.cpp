#include "persistence/user_registry.hpp"

#include <soci/soci.h>
#include <spdlog/spdlog.h>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <limits>
#include <optional>

#include "actors/credential_secrets.hpp"
#include "domain/account.hpp"
#include "persistence/billing_repository.hpp"
#include "persistence/connection.hpp"
#include "persistence/kv_repository.hpp"
#include "persistence/user_repository.hpp"

namespace mjgate::persistence {

namespace {

using actors::principal;
using domain::errc;
template <class T>
using promise = caf::typed_response_promise<T>;

using registry_actor = actors::user_registry_actor::extend<caf::reacts_to<actors::tick_atom>>;

/// Where builds before users kept the root key's hash.
constexpr auto legacy_root_key_setting = "root_api_key_sha256";
constexpr auto config_key_name = "root key (config)";
constexpr auto migrated_key_name = "root key (migrated)";
constexpr auto generated_key_name = "root key";
constexpr int max_keys_per_user = 1000;

std::int64_t system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

caf::error fail(errc code, std::string message) {
  return caf::make_error(code, std::move(message));
}

caf::error refuse(const domain::verdict& v) {
  return fail(v.code, v.message);
}

domain::caller_role caller_of(const principal& who) {
  return {who.user_id, who.role};
}

/// Answers never carry hashes: a set one reads "*".
domain::user redacted(domain::user u) {
  if (!u.password_hash.empty()) u.password_hash = "*";
  if (!u.access_token_hash.empty()) u.access_token_hash = "*";
  return u;
}

domain::api_token redacted(domain::api_token t) {
  t.key_hash.clear();
  return t;
}

template <class T>
void deliver(promise<T>& rp, caf::expected<T> x) {
  if (x)
    rp.deliver(std::move(*x));
  else
    rp.deliver(std::move(x.error()));
}

template <class T>
caf::result<T> to_result(caf::expected<T> x) {
  if (x) return std::move(*x);
  return std::move(x.error());
}

struct registry_state {
  static inline const char* name = "mjgate.user_registry";
  user_registry_settings cfg;
  std::unique_ptr<connection> conn;
  std::shared_ptr<actors::credential_index> index;
  std::vector<actors::password_hasher_actor> hashers;
  std::size_t next_hasher = 0;
  domain::login_limiter limiter;
  std::string dummy_hash;  ///< verified against for unknown names (same cost)
  bool loaded = false;

  std::int64_t now() const { return cfg.clock ? cfg.clock() : system_now_ms(); }

  const actors::password_hasher_actor& hasher() { return hashers[next_hasher++ % hashers.size()]; }

  /// Index changes of the running transaction: applied only once it commits.
  std::vector<std::function<void(actors::credential_index&)>> on_commit;

  /// Queues an index change for after the commit of the running db() call.
  void after_commit(std::function<void(actors::credential_index&)> change) {
    on_commit.push_back(std::move(change));
  }

  /// One transaction that takes SQLite's write lock up front ("begin
  /// immediate"): a deferred one that reads first and then writes cannot
  /// upgrade its lock while the store writer commits, and fails at once with
  /// "database is locked" instead of waiting (busy_timeout does not apply).
  struct write_transaction {
    soci::session& sql;
    bool done = false;
    write_transaction(soci::session& s, dsn::backend kind) : sql(s) {
      sql << (kind == dsn::backend::sqlite ? "begin immediate" : "begin");
    }
    void commit() {
      sql << "commit";
      done = true;
    }
    ~write_transaction() {
      if (done) return;
      try {
        sql << "rollback";
      } catch (...) {
      }
    }
  };

  /// Runs fn(session) in one transaction, then applies the index changes it
  /// queued; every exception becomes storage_failure (logged without SOCI's
  /// bound values) and drops them.
  template <class T, class F>
  caf::expected<T> db(const char* what, F&& fn) {
    try {
      auto out = conn->run([&](soci::session& sql) -> caf::expected<T> {
        on_commit.clear();  // a retry after a lost connection starts over
        write_transaction tr(sql, conn->kind());
        auto x = fn(sql);
        if (x) tr.commit();
        return x;
      });
      if (out)
        for (auto& change : on_commit) change(*index);
      on_commit.clear();
      return out;
    } catch (const std::exception& e) {
      on_commit.clear();
      spdlog::error("users: {} failed: {}", what, brief(e));
      return storage_error(std::string{what} + ": " + brief(e));
    }
  }

  /// Fills the index from the tables; false (logged) on a database error.
  bool load() {
    auto done = db<bool>("load", [&](soci::session& sql) -> caf::expected<bool> {
      auto users = list_users(sql, 0, std::numeric_limits<int>::max());
      auto keys = active_api_tokens(sql);
      auto sessions = live_sessions(sql, now());
      after_commit([users, keys, sessions](auto& idx) { idx.load(users, keys, sessions); });
      spdlog::info("users: {} user(s), {} API key(s), {} session(s) loaded", users.size(),
                   keys.size(), sessions.size());
      return true;
    });
    loaded = static_cast<bool>(done);
    return loaded;
  }

  caf::expected<domain::user> user_by_id(soci::session& sql, std::int64_t id) {
    auto u = fetch_user(sql, id);
    if (!u) return fail(errc::not_found, "no such user");
    return std::move(*u);
  }

  // -- user changes (run after any hashing) ---------------------------------------

  caf::expected<domain::user> create(const principal& who, const domain::user_edit& e,
                                     const std::string& password_hash) {
    return db<domain::user>("create user", [&](soci::session& sql) -> caf::expected<domain::user> {
      if (fetch_user_by_name(sql, e.name)) return fail(errc::conflict, "name is already taken");
      auto u = domain::apply_user_edit(domain::user{}, e);
      u.password_hash = password_hash;
      u.created_at = u.updated_at = now();
      u = insert_user(sql, conn->kind(), u);
      record_adjustment(sql, u.id, u.quota);
      after_commit([u](auto& idx) { idx.put_user(u); });
      spdlog::info("users: {} (id {}) created user {} (id {}, role {})", who.name, who.user_id,
                   u.name, u.id, u.role);
      return redacted(u);
    });
  }

  // `password_hash` is applied when the edit has a password.
  caf::expected<domain::user> update(const principal& who, const domain::user_edit& e,
                                     const std::string& password_hash) {
    return db<domain::user>("update user", [&](soci::session& sql) -> caf::expected<domain::user> {
      auto target = user_by_id(sql, e.id);
      if (!target) return target;
      // Checked again: the user may have changed while the password hashed.
      if (auto v = domain::check_user_edit(caller_of(who), &*target, e); !v) return refuse(v);
      if (e.has_name && e.name != target->name && fetch_user_by_name(sql, e.name))
        return fail(errc::conflict, "name is already taken");
      auto u = domain::apply_user_edit(*target, e);
      if (e.has_password) u.password_hash = password_hash;
      u.updated_at = now();
      update_user(sql, u);
      if (e.has_quota && e.quota != target->quota) {
        auto delta = set_user_quota(sql, conn->kind(), u.id, e.quota);
        spdlog::info("users: {} (id {}) set the balance of user {} to {} ({:+})", who.name,
                     who.user_id, u.id, e.quota, delta);
      }
      // A disabled user or a new password ends every backend login.
      if (e.has_password || u.status != domain::user_enabled) {
        std::vector<std::string> ended;
        for (const auto& live : live_user_sessions(sql, u.id, now())) ended.push_back(live.id);
        revoke_sessions(sql, ended);
        after_commit([id = u.id](auto& idx) { idx.drop_user_sessions(id); });
      }
      after_commit([u](auto& idx) { idx.put_user(u); });
      spdlog::info("users: {} (id {}) updated user {} (id {}, role {}, status {})", who.name,
                   who.user_id, u.name, u.id, u.role, u.status);
      return redacted(u);
    });
  }

  caf::expected<actors::login_grant> open_session(const domain::user& u) {
    return db<actors::login_grant>(
        "login", [&](soci::session& sql) -> caf::expected<actors::login_grant> {
          const auto t = now();
          actors::login_grant g;
          g.user = redacted(u);
          g.session_id = actors::new_session_id();
          g.session_hash = actors::sha256_hex(g.session_id);
          g.issued_at = t;
          g.expires_at = t + cfg.session_max_ms;
          domain::user_session s{g.session_hash, u.id, t, t, g.expires_at, false};
          insert_session(sql, s);
          // Bounded: the oldest logins of this user beyond the cap end.
          auto live = live_user_sessions(sql, u.id, t);
          std::vector<std::string> excess;
          for (std::size_t i = cfg.max_sessions_per_user; i < live.size(); ++i)
            excess.push_back(live[i].id);
          revoke_sessions(sql, excess);
          after_commit([excess, s](auto& idx) {
            for (const auto& id : excess) idx.drop_session(id);
            idx.put_session(s);
          });
          return g;
        });
  }

  // -- root set-up -------------------------------------------------------------------

  // The root keys: migrated from kv, from config, or generated.
  caf::expected<actors::root_report> setup_root_keys(const actors::root_setup& setup) {
    return db<actors::root_report>(
        "root set-up", [&](soci::session& sql) -> caf::expected<actors::root_report> {
          actors::root_report report;
          auto root = fetch_user(sql, domain::root_user_id);
          if (!root || root->role != domain::role_root)
            return fail(errc::internal, "the root user (id 1) is missing");
          const auto t = now();
          auto add_key = [&](std::string name, std::string hash, std::string mask) {
            domain::api_token k;
            k.user_id = domain::root_user_id;
            k.name = std::move(name);
            k.key_hash = std::move(hash);
            k.key_mask = std::move(mask);
            k.created_at = t;
            after_commit(
                [row = insert_api_token(sql, conn->kind(), k)](auto& idx) { idx.put_key(row); });
          };
          // Older builds overwrote this hash with the configured key at each
          // start, so with a key configured the configured one wins.
          if (auto legacy = kv_get(sql, legacy_root_key_setting); !legacy.empty()) {
            if (setup.config_key_hash.empty() && !fetch_api_token_by_hash(sql, legacy)) {
              add_key(migrated_key_name, legacy, "********");
              report.migrated_legacy_key = true;
            }
            kv_put(sql, {{legacy_root_key_setting, ""}});
          }
          auto keys = list_api_tokens(sql, domain::root_user_id, max_keys_per_user);
          if (!setup.config_key_hash.empty()) {
            // A changed config key replaces the previous config key.
            for (auto& k : keys)
              if (k.name == config_key_name && k.key_hash != setup.config_key_hash &&
                  k.status == domain::token_active) {
                set_api_token_status(sql, k.id, domain::token_revoked);
                k.status = domain::token_revoked;
                after_commit([k](auto& idx) { idx.put_key(k); });
              }
            if (auto existing = fetch_api_token_by_hash(sql, setup.config_key_hash)) {
              if (existing->user_id != domain::root_user_id)
                return fail(errc::conflict, "security.root_api_key belongs to another user");
              if (existing->status != domain::token_active) {
                set_api_token_status(sql, existing->id, domain::token_active);
                existing->status = domain::token_active;
              }
              after_commit([k = *existing](auto& idx) { idx.put_key(k); });
            } else {
              add_key(config_key_name, setup.config_key_hash, setup.config_key_mask);
            }
            return report;
          }
          keys = list_api_tokens(sql, domain::root_user_id, max_keys_per_user);
          const bool has_active = std::any_of(keys.begin(), keys.end(), [](const auto& k) {
            return k.status == domain::token_active;
          });
          if (!has_active && setup.generate_missing) {
            report.generated_key = actors::new_api_key();
            add_key(generated_key_name, actors::hash_api_key(report.generated_key),
                    domain::mask_secret(report.generated_key));
          }
          return report;
        });
  }

  caf::expected<bool> set_root_password(const std::string& hash) {
    return db<bool>("root password", [&](soci::session& sql) -> caf::expected<bool> {
      auto root = user_by_id(sql, domain::root_user_id);
      if (!root) return root.error();
      root->password_hash = hash;
      root->updated_at = now();
      update_user(sql, *root);
      std::vector<std::string> ended;
      for (const auto& live : live_user_sessions(sql, root->id, now())) ended.push_back(live.id);
      revoke_sessions(sql, ended);
      after_commit([u = *root](auto& idx) {
        idx.put_user(u);
        idx.drop_user_sessions(u.id);
      });
      return true;
    });
  }
};

using self_ptr = registry_actor::stateful_pointer<registry_state>;

// Hashes `password` on a hasher, then delivers cont(hash) (or the error) to rp.
template <class T, class Cont>
void with_hash(self_ptr self, promise<T> rp, const std::string& password, Cont cont) {
  auto& st = self->state;
  self->request(st.hasher(), st.cfg.hash_timeout, actors::hash_atom_v, password)
      .then([rp, cont](std::string& hash) mutable { deliver(rp, cont(hash)); },
            [rp](caf::error& err) mutable {
              spdlog::error("users: password hashing failed: {}", to_string(err));
              rp.deliver(fail(errc::internal, "password hashing failed"));
            });
}

void login(self_ptr self, promise<actors::login_grant> rp, const actors::login_request& req) {
  auto& st = self->state;
  const auto key = req.ip + '\n' + req.name;
  if (st.limiter.blocked(key, st.now())) {
    rp.deliver(fail(errc::rate_limited, "too many failed logins; try again in a minute"));
    return;
  }
  auto found = st.db<std::optional<domain::user>>(
      "login", [&](soci::session& sql) -> caf::expected<std::optional<domain::user>> {
        return fetch_user_by_name(sql, req.name);
      });
  if (!found) {
    rp.deliver(found.error());
    return;
  }
  auto user = std::move(*found);
  const bool can_login = user && !user->password_hash.empty();
  // Unknown names cost one verification too, so timing tells nothing.
  const auto& hash = can_login ? user->password_hash : st.dummy_hash;
  self->request(st.hasher(), st.cfg.hash_timeout, actors::verify_atom_v, hash, req.password)
      .then(
          [self, rp, key, user, can_login](bool ok) mutable {
            auto& st = self->state;
            if (!ok || !can_login) {
              st.limiter.failure(key, st.now());
              rp.deliver(fail(errc::unauthorized, "wrong name or password"));
              return;
            }
            st.limiter.success(key);
            if (user->status != domain::user_enabled) {
              rp.deliver(fail(errc::forbidden, "user disabled"));
              return;
            }
            deliver(rp, st.open_session(*user));
          },
          [rp](caf::error& err) mutable {
            spdlog::error("users: password verification failed: {}", to_string(err));
            rp.deliver(fail(errc::internal, "password verification failed"));
          });
}

// Keys first (one transaction), then the password (hashing off-thread).
void setup_root(self_ptr self, promise<actors::root_report> rp, const actors::root_setup& setup) {
  auto& st = self->state;
  auto report = st.setup_root_keys(setup);
  if (!report) {
    rp.deliver(report.error());
    return;
  }
  auto root = st.db<domain::user>(
      "root set-up", [&](soci::session& sql) { return st.user_by_id(sql, domain::root_user_id); });
  if (!root) {
    rp.deliver(root.error());
    return;
  }
  auto store = [self, rp, rep = *report](const std::string& password, bool generated) mutable {
    with_hash<actors::root_report>(
        self, rp, password, [self, rep, password, generated](const std::string& hash) mutable {
          auto ok = self->state.set_root_password(hash);
          if (!ok) return caf::expected<actors::root_report>{ok.error()};
          if (generated) rep.generated_password = password;
          return caf::expected<actors::root_report>{rep};
        });
  };
  if (!setup.password.empty()) {
    if (root->password_hash.empty()) return store(setup.password, false);
    // Configured: rehash only when it changed (a verify costs one hash).
    self->request(st.hasher(), st.cfg.hash_timeout, actors::verify_atom_v, root->password_hash,
                  setup.password)
        .then(
            [rp, store, rep = *report, password = setup.password](bool same) mutable {
              if (same)
                rp.deliver(rep);
              else
                store(password, false);
            },
            [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
    return;
  }
  if (root->password_hash.empty() && setup.generate_missing)
    return store(actors::new_password(), true);
  rp.deliver(*report);
}

registry_actor::behavior_type user_registry(self_ptr self, user_registry_settings cfg,
                                            std::shared_ptr<actors::credential_index> index,
                                            std::vector<actors::password_hasher_actor> hashers) {
  auto& st = self->state;
  st.cfg = cfg;
  st.index = std::move(index);
  st.hashers = std::move(hashers);
  st.limiter = domain::login_limiter{cfg.login_max_failures, cfg.login_window_ms};
  st.conn = std::make_unique<connection>(cfg.dsn, nullptr);
  st.load();
  // A random password nobody knows: unknown names are verified against it.
  self->request(st.hasher(), cfg.hash_timeout, actors::hash_atom_v, actors::new_password())
      .then([self](std::string& h) { self->state.dummy_hash = std::move(h); },
            [](caf::error& err) {
              spdlog::warn("users: no dummy password hash: {}", to_string(err));
            });
  self->delayed_send(self, cfg.prune_every, actors::tick_atom_v);
  auto prune = [self]() -> std::int32_t {
    auto& st = self->state;
    if (!st.loaded && !st.load()) return 0;
    const auto t = st.now();
    auto dead = st.index->prune_sessions(t);
    auto done = st.db<bool>("prune sessions", [&](soci::session& sql) -> caf::expected<bool> {
      revoke_sessions(sql, dead);
      // Rows lag the index by up to one touch period.
      delete_dead_sessions(sql, t, t - st.cfg.session_idle_ms - 2 * st.cfg.touch_every_ms);
      return true;
    });
    return done ? static_cast<std::int32_t>(dead.size()) : 0;
  };
  return {
      [self](actors::insert_atom, const principal& who,
             const domain::user_edit& e) -> caf::result<domain::user> {
        if (auto v = domain::check_user_edit(caller_of(who), nullptr, e); !v) return refuse(v);
        auto& st = self->state;
        if (!e.has_password || e.password.empty()) return to_result(st.create(who, e, ""));
        auto rp = self->make_response_promise<domain::user>();
        with_hash<domain::user>(self, rp, e.password, [self, who, e](const std::string& hash) {
          return self->state.create(who, e, hash);
        });
        return rp;
      },
      [self](actors::update_atom, const principal& who,
             const domain::user_edit& e) -> caf::result<domain::user> {
        auto& st = self->state;
        auto target = st.db<domain::user>(
            "update user", [&](soci::session& sql) { return st.user_by_id(sql, e.id); });
        if (!target) return target.error();
        if (auto v = domain::check_user_edit(caller_of(who), &*target, e); !v) return refuse(v);
        if (!e.has_password || e.password.empty()) return to_result(st.update(who, e, ""));
        auto rp = self->make_response_promise<domain::user>();
        with_hash<domain::user>(self, rp, e.password, [self, who, e](const std::string& hash) {
          return self->state.update(who, e, hash);
        });
        return rp;
      },
      [self](actors::fetch_atom, const principal& who,
             std::int64_t id) -> caf::result<domain::user> {
        auto& st = self->state;
        return to_result(st.db<domain::user>(
            "fetch user", [&](soci::session& sql) -> caf::expected<domain::user> {
              auto u = st.user_by_id(sql, id);
              if (!u) return u;
              if (auto v = domain::check_user_view(caller_of(who), *u); !v) return refuse(v);
              return redacted(*u);
            }));
      },
      [self](actors::list_atom, const principal& who, std::int64_t offset,
             std::int32_t limit) -> caf::result<actors::user_page> {
        if (who.role < domain::role_admin) return fail(errc::forbidden, "only admins manage users");
        auto& st = self->state;
        return to_result(st.db<actors::user_page>(
            "list users", [&](soci::session& sql) -> caf::expected<actors::user_page> {
              actors::user_page page;
              for (auto& u : list_users(sql, offset, limit)) page.items.push_back(redacted(u));
              page.total = count_users(sql);
              return page;
            }));
      },
      [self](actors::token_atom, const principal& who,
             const actors::token_request& req) -> caf::result<actors::token_grant> {
        auto& st = self->state;
        if (auto why = domain::check_token_name(req.name); !why.empty())
          return fail(errc::validation, why);
        if (req.expires_at < 0) return fail(errc::validation, "expires_at must be 0 or a time");
        if (req.remaining_quota < -1)
          return fail(errc::validation, "remaining_quota must be -1 (unlimited) or more");
        return to_result(st.db<actors::token_grant>(
            "create key", [&](soci::session& sql) -> caf::expected<actors::token_grant> {
              auto owner = st.user_by_id(sql, req.user_id);
              if (!owner) return owner.error();
              if (auto v = domain::check_user_secrets(caller_of(who), *owner); !v) return refuse(v);
              if (list_api_tokens(sql, owner->id, max_keys_per_user).size() >=
                  static_cast<std::size_t>(max_keys_per_user))
                return fail(errc::validation, "a user has at most 1000 API keys");
              actors::token_grant g;
              g.key = actors::new_api_key();
              domain::api_token t;
              t.user_id = owner->id;
              t.name = req.name;
              t.key_hash = actors::hash_api_key(g.key);
              t.key_mask = domain::mask_secret(g.key);
              t.expires_at = req.expires_at;
              t.remaining_quota = req.remaining_quota;
              t.created_at = st.now();
              t = insert_api_token(sql, st.conn->kind(), t);
              st.after_commit([t](auto& idx) { idx.put_key(t); });
              spdlog::info("users: {} (id {}) created API key {} ({}) for user {}", who.name,
                           who.user_id, t.id, t.key_mask, owner->id);
              g.token = redacted(t);
              return g;
            }));
      },
      [self](actors::tokens_atom, const principal& who,
             std::int64_t user_id) -> caf::result<std::vector<domain::api_token>> {
        auto& st = self->state;
        return to_result(st.db<std::vector<domain::api_token>>(
            "list keys", [&](soci::session& sql) -> caf::expected<std::vector<domain::api_token>> {
              auto owner = st.user_by_id(sql, user_id);
              if (!owner) return owner.error();
              if (auto v = domain::check_user_secrets(caller_of(who), *owner); !v) return refuse(v);
              auto keys = list_api_tokens(sql, user_id, max_keys_per_user);
              for (auto& k : keys) k = redacted(k);
              return keys;
            }));
      },
      [self](actors::revoke_atom, const principal& who,
             std::int64_t key_id) -> caf::result<domain::api_token> {
        auto& st = self->state;
        return to_result(st.db<domain::api_token>(
            "revoke key", [&](soci::session& sql) -> caf::expected<domain::api_token> {
              auto key = fetch_api_token(sql, key_id);
              if (!key) return fail(errc::not_found, "no such API key");
              auto owner = st.user_by_id(sql, key->user_id);
              if (!owner) return owner.error();
              if (auto v = domain::check_user_secrets(caller_of(who), *owner); !v) return refuse(v);
              set_api_token_status(sql, key->id, domain::token_revoked);
              key->status = domain::token_revoked;
              st.after_commit([k = *key](auto& idx) { idx.put_key(k); });
              spdlog::info("users: {} (id {}) revoked API key {} of user {}", who.name, who.user_id,
                           key->id, owner->id);
              return redacted(*key);
            }));
      },
      [self](actors::access_atom, const principal& who,
             std::int64_t user_id) -> caf::result<std::string> {
        auto& st = self->state;
        return to_result(st.db<std::string>(
            "access token", [&](soci::session& sql) -> caf::expected<std::string> {
              auto owner = st.user_by_id(sql, user_id);
              if (!owner) return owner.error();
              if (auto v = domain::check_user_secrets(caller_of(who), *owner); !v) return refuse(v);
              auto token = actors::new_access_token();
              owner->access_token_hash = actors::sha256_hex(token);
              owner->updated_at = st.now();
              update_user(sql, *owner);
              st.after_commit([u = *owner](auto& idx) { idx.put_user(u); });
              spdlog::info("users: {} (id {}) issued a dashboard access token for user {}",
                           who.name, who.user_id, owner->id);
              return token;
            }));
      },
      [self](actors::login_atom,
             const actors::login_request& req) -> caf::result<actors::login_grant> {
        auto rp = self->make_response_promise<actors::login_grant>();
        login(self, rp, req);
        return rp;
      },
      [self](actors::logout_atom, const std::string& session_hash) -> caf::result<bool> {
        auto& st = self->state;
        return to_result(st.db<bool>("logout", [&](soci::session& sql) -> caf::expected<bool> {
          revoke_sessions(sql, {session_hash});
          st.after_commit([session_hash](auto& idx) { idx.drop_session(session_hash); });
          return true;
        }));
      },
      [self](actors::touch_atom, const std::string& session_hash, std::int64_t at) {
        self->state.db<bool>("touch session", [&](soci::session& sql) -> caf::expected<bool> {
          touch_session(sql, session_hash, at);
          return true;
        });
      },
      [self](actors::root_atom,
             const actors::root_setup& setup) -> caf::result<actors::root_report> {
        auto rp = self->make_response_promise<actors::root_report>();
        setup_root(self, rp, setup);
        return rp;
      },
      [prune](actors::prune_atom) -> caf::result<std::int32_t> { return prune(); },
      [self, prune](actors::tick_atom) {
        prune();
        self->delayed_send(self, self->state.cfg.prune_every, actors::tick_atom_v);
      },
  };
}

}  // namespace

actors::user_registry_actor spawn_user_registry(
    caf::actor_system& sys, user_registry_settings settings,
    std::shared_ptr<actors::credential_index> index,
    std::vector<actors::password_hasher_actor> hashers) {
  return sys.spawn<caf::detached>(user_registry, std::move(settings), std::move(index),
                                  std::move(hashers));
}

}  // namespace mjgate::persistence
