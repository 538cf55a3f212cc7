// The router's account administration (api-contracts.md §3.9): admins only,
// tokens sealed before they are stored and only their mask shown, duplicate
// channels refused, config accounts read-only, unknown ids, store errors.
// Real router, fake store; the accounts stay disabled, so no account actor
// (and no Discord connection) is involved.
#include <gtest/gtest.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <mutex>

#include "actors/task_board.hpp"
#include "actors/task_router.hpp"

namespace mjgate::actors {
namespace {

using namespace std::chrono_literals;
using tasks = std::vector<domain::task>;

struct store_log {
  std::mutex mtx;
  std::vector<domain::account> upserts;
  std::vector<std::string> removes;
};

store_actor::behavior_type fake_store(store_actor::pointer, std::shared_ptr<store_log> log) {
  auto no = [] { return caf::make_error(domain::errc::internal); };
  return {
      [=](insert_atom, domain::task&) -> caf::result<std::int64_t> { return no(); },
      [=](update_atom, domain::task&) -> caf::result<bool> { return no(); },
      [=](fetch_atom, std::string&) -> caf::result<tasks> { return tasks{}; },
      [=](resolve_atom, std::string&) -> caf::result<tasks> { return tasks{}; },
      [=](list_atom, domain::task_query&) -> caf::result<tasks> { return tasks{}; },
      [=](page_atom, domain::task_page_query&) -> caf::result<domain::task_page> {
        return domain::task_page{};
      },
      [=](unfinished_atom) -> caf::result<tasks> { return tasks{}; },
      [=](upsert_atom, domain::account& a) -> caf::result<bool> {
        if (a.remark == "store fails") return caf::make_error(domain::errc::storage_failure);
        std::lock_guard guard{log->mtx};
        log->upserts.push_back(a);
        return true;
      },
      [=](accounts_atom) -> caf::result<std::vector<domain::account>> {
        return std::vector<domain::account>{};
      },
      [=](kv_get_atom, std::string&) -> caf::result<std::string> { return std::string{}; },
      [=](kv_put_atom, std::string&, std::string&) -> caf::result<bool> { return no(); },
      [=](remove_atom, std::string& id) -> caf::result<bool> {
        std::lock_guard guard{log->mtx};
        log->removes.push_back(id);
        return true;
      },
      [=](flush_atom) -> caf::result<bool> { return true; },
      [=](upsert_atom, domain::channel&) -> caf::result<domain::channel> { return no(); },
      [=](channels_atom) -> caf::result<std::vector<domain::channel>> {
        return std::vector<domain::channel>{};
      },
      [=](remove_atom, std::int64_t) -> caf::result<bool> { return no(); },
  };
}

caf::actor_system_config& configure(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::mjgate>();
  cfg.set("scheduler.max-threads", 2);
  return cfg;
}

const principal admin{1, true};
const principal user{5, false};

/// A reversible stand-in for the cipher: "sealed:" + the token reversed.
token_codec test_codec() {
  token_codec c;
  c.seal = [](const std::string& t) {
    if (t.empty() || t.rfind("sealed:", 0) == 0) return t;
    return "sealed:" + std::string{t.rbegin(), t.rend()};
  };
  c.open = [](const std::string& s) -> std::optional<std::string> {
    if (s.rfind("sealed:", 0) != 0) return s;
    auto body = s.substr(7);
    return std::string{body.rbegin(), body.rend()};
  };
  return c;
}

struct env {
  env() : sys{configure(cfg)} {
    store = sys.spawn(fake_store, log);
    router_deps deps;
    deps.writer = store;
    deps.readers = {store};
    deps.board = std::make_shared<task_board>(100);
    deps.env.tokens = test_codec();
    domain::account config_account;
    config_account.id = "cfg";
    config_account.channel_id = "1201";
    config_account.guild_id = "1100";
    config_account.user_token = "sealed:1-nekot-mis";
    config_account.user_token_masked = "sim-********en-1";
    config_account.enable = false;
    config_account.source = "config";
    deps.accounts = {config_account};
    router = spawn_task_router(sys, std::move(deps));
  }
  ~env() {
    caf::anon_send_exit(router, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(store, caf::exit_reason::user_shutdown);
  }

  template <class T, class... Ts>
  std::variant<T, caf::error> ask(Ts&&... xs) {
    caf::scoped_actor self{sys};
    std::variant<T, caf::error> out;
    self->request(router, 10s, std::forward<Ts>(xs)...)
        .receive([&](T& v) { out = std::move(v); }, [&](caf::error& err) { out = std::move(err); });
    return out;
  }

  std::vector<account_status> statuses() {
    auto r = ask<std::vector<account_status>>(status_atom_v, admin);
    EXPECT_TRUE(std::holds_alternative<std::vector<account_status>>(r));
    return std::holds_alternative<caf::error>(r) ? std::vector<account_status>{}
                                                 : std::get<std::vector<account_status>>(r);
  }

  std::vector<domain::account> upserts() {
    std::lock_guard guard{log->mtx};
    return log->upserts;
  }

  caf::actor_system_config cfg;
  caf::actor_system sys;
  std::shared_ptr<store_log> log = std::make_shared<store_log>();
  store_actor store;
  task_router_actor router;
};

template <class T>
domain::errc error_of(const std::variant<T, caf::error>& r) {
  if (!std::holds_alternative<caf::error>(r)) return domain::errc::none;
  return static_cast<domain::errc>(std::get<caf::error>(r).code());
}

domain::account_patch create_patch(std::string channel, std::string token) {
  domain::account_patch p;
  p.values.guild_id = "1100";
  p.values.channel_id = std::move(channel);
  p.values.user_token = std::move(token);
  p.values.enable = false;  // no actor: nothing connects in this test
  for (auto k : {domain::account_key::guild_id, domain::account_key::channel_id,
                 domain::account_key::user_token, domain::account_key::enable})
    p.mark(k);
  return p;
}

TEST(task_router_accounts, only_admins_may_change_accounts) {
  env e;
  EXPECT_EQ(error_of(e.ask<std::string>(create_atom_v, user, create_patch("1216", "t"))),
            domain::errc::forbidden);
  EXPECT_EQ(error_of(e.ask<bool>(update_atom_v, user, std::string{"cfg"}, domain::account_patch{},
                                 false)),
            domain::errc::forbidden);
  EXPECT_EQ(error_of(e.ask<bool>(remove_atom_v, user, std::string{"cfg"})),
            domain::errc::forbidden);
  EXPECT_TRUE(e.upserts().empty());
}

TEST(task_router_accounts, create_stores_the_sealed_token_and_shows_only_its_mask) {
  env e;
  auto id = e.ask<std::string>(create_atom_v, admin, create_patch("1216", "sim-token-16"));
  ASSERT_TRUE(std::holds_alternative<std::string>(id));
  EXPECT_EQ(std::get<std::string>(id), "1216");
  auto stored = e.upserts();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].user_token, "sealed:61-nekot-mis");
  EXPECT_EQ(stored[0].user_token_masked, "sim-********n-16");
  EXPECT_EQ(stored[0].source, "api");
  auto all = e.statuses();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].acct.id, "1216");
  EXPECT_EQ(all[1].acct.user_token, "sim-********n-16");
  EXPECT_EQ(all[1].load.health.state, domain::account_state::disabled);
  for (const auto& s : all) EXPECT_EQ(s.acct.user_token.find("sealed:"), std::string::npos);
}

TEST(task_router_accounts, duplicates_and_store_failures_are_refused) {
  env e;
  auto dup = e.ask<std::string>(create_atom_v, admin, create_patch("1201", "x"));
  ASSERT_EQ(error_of(dup), domain::errc::validation);
  EXPECT_EQ(std::get<caf::error>(dup).context().get_as<std::string>(0), "渠道已存在");
  auto p = create_patch("1299", "x");
  p.values.id = "cfg";
  p.mark(domain::account_key::id);
  EXPECT_EQ(error_of(e.ask<std::string>(create_atom_v, admin, p)), domain::errc::validation);
  auto failing = create_patch("1298", "x");
  failing.values.remark = "store fails";
  failing.mark(domain::account_key::remark);
  EXPECT_EQ(error_of(e.ask<std::string>(create_atom_v, admin, failing)),
            domain::errc::storage_failure);
  EXPECT_EQ(e.statuses().size(), 1u);  // nothing half-created
  // The failed create released its channel.
  failing.values.remark = "";
  EXPECT_EQ(error_of(e.ask<std::string>(create_atom_v, admin, failing)), domain::errc::none);
}

TEST(task_router_accounts, update_rules) {
  env e;
  ASSERT_EQ(
      error_of(e.ask<std::string>(create_atom_v, admin, create_patch("1216", "tok-aaaa-0016"))),
      domain::errc::none);
  domain::account_patch remark;
  remark.values.remark = "批次二";
  remark.mark(domain::account_key::remark);
  EXPECT_EQ(error_of(e.ask<bool>(update_atom_v, admin, std::string{"nope"}, remark, false)),
            domain::errc::account_not_found);
  EXPECT_EQ(error_of(e.ask<bool>(update_atom_v, admin, std::string{"cfg"}, remark, true)),
            domain::errc::validation);
  auto moved = remark;
  moved.values.channel_id = "1299";
  moved.mark(domain::account_key::channel_id);
  EXPECT_EQ(error_of(e.ask<bool>(update_atom_v, admin, std::string{"1216"}, moved, false)),
            domain::errc::validation);
  EXPECT_EQ(error_of(e.ask<bool>(update_atom_v, admin, std::string{"1216"}, remark, false)),
            domain::errc::none);
  auto after = e.upserts().back();
  EXPECT_EQ(after.remark, "批次二");
  EXPECT_EQ(after.user_token, "sealed:6100-aaaa-kot");  // kept, not sealed twice
  EXPECT_EQ(e.statuses()[1].acct.remark, "批次二");
  domain::account_patch token;
  token.values.user_token = "tok-bbbb-0016";
  token.mark(domain::account_key::user_token);
  EXPECT_EQ(error_of(e.ask<bool>(update_atom_v, admin, std::string{"1216"}, token, true)),
            domain::errc::none);
  EXPECT_EQ(e.upserts().back().user_token, "sealed:6100-bbbb-kot");
  EXPECT_EQ(e.statuses()[1].acct.user_token, "tok-********0016");
}

TEST(task_router_accounts, delete_removes_api_accounts_only) {
  env e;
  ASSERT_EQ(error_of(e.ask<std::string>(create_atom_v, admin, create_patch("1216", "t"))),
            domain::errc::none);
  EXPECT_EQ(error_of(e.ask<bool>(remove_atom_v, admin, std::string{"cfg"})),
            domain::errc::validation);
  EXPECT_EQ(error_of(e.ask<bool>(remove_atom_v, admin, std::string{"nope"})),
            domain::errc::account_not_found);
  EXPECT_EQ(error_of(e.ask<bool>(remove_atom_v, admin, std::string{"1216"})), domain::errc::none);
  {
    std::lock_guard guard{e.log->mtx};
    EXPECT_EQ(e.log->removes, std::vector<std::string>{"1216"});
  }
  auto all = e.statuses();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].acct.id, "cfg");
  // The channel is free again.
  EXPECT_EQ(error_of(e.ask<std::string>(create_atom_v, admin, create_patch("1216", "t"))),
            domain::errc::none);
}

}  // namespace
}  // namespace mjgate::actors
