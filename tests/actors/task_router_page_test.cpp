// The router's page query: a non-admin is always scoped to their own tasks
// whatever the query says, an admin's query passes as asked, the page size is
// clamped, and a store error reaches the caller. Real router, fake store.
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

struct seen_queries {
  std::mutex mtx;
  std::vector<domain::task_page_query> pages;
};

// A store that answers every page with one task per query, "fail" prompts
// with a storage error, and nothing else of interest.
store_actor::behavior_type fake_store(store_actor::pointer, std::shared_ptr<seen_queries> seen) {
  auto no = [] { return caf::make_error(domain::errc::internal); };
  return {
      [=](insert_atom, domain::task&) -> caf::result<std::int64_t> { return no(); },
      [=](update_atom, domain::task&) -> caf::result<bool> { return no(); },
      [=](fetch_atom, std::string&) -> caf::result<tasks> { return tasks{}; },
      [=](resolve_atom, std::string&) -> caf::result<tasks> { return tasks{}; },
      [=](list_atom, domain::task_query&) -> caf::result<tasks> { return tasks{}; },
      [=](page_atom, domain::task_page_query& q) -> caf::result<domain::task_page> {
        {
          std::lock_guard guard{seen->mtx};
          seen->pages.push_back(q);
        }
        if (q.prompt == "fail") return caf::make_error(domain::errc::storage_failure);
        domain::task t;
        t.id = "1718000000000100";
        t.user_id = q.user_id;
        return domain::task_page{{t}, 42, {}};
      },
      [=](unfinished_atom) -> caf::result<tasks> { return tasks{}; },
      [=](upsert_atom, domain::account&) -> caf::result<bool> { return no(); },
      [=](accounts_atom) -> caf::result<std::vector<domain::account>> {
        return std::vector<domain::account>{};
      },
      [=](kv_get_atom, std::string&) -> caf::result<std::string> { return std::string{}; },
      [=](kv_put_atom, std::string&, std::string&) -> caf::result<bool> { return no(); },
      [=](remove_atom, std::string&) -> caf::result<bool> { return no(); },
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

struct env {
  env() : sys{configure(cfg)} {
    store = sys.spawn(fake_store, seen);
    router_deps deps;
    deps.writer = store;
    deps.readers = {store};
    deps.board = std::make_shared<task_board>(100);
    router = spawn_task_router(sys, std::move(deps));
  }
  ~env() {
    caf::anon_send_exit(router, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(store, caf::exit_reason::user_shutdown);
  }

  // The page the router answers, or the error.
  std::variant<domain::task_page, caf::error> page(principal who, domain::task_page_query q) {
    caf::scoped_actor self{sys};
    std::variant<domain::task_page, caf::error> out;
    self->request(router, 10s, page_atom_v, who, std::move(q))
        .receive([&](domain::task_page& p) { out = std::move(p); },
                 [&](caf::error& err) { out = std::move(err); });
    return out;
  }

  std::vector<domain::task_page_query> pages() {
    std::lock_guard guard{seen->mtx};
    return seen->pages;
  }

  caf::actor_system_config cfg;
  caf::actor_system sys;
  std::shared_ptr<seen_queries> seen = std::make_shared<seen_queries>();
  store_actor store;
  task_router_actor router;
};

TEST(task_router_page, a_user_is_scoped_to_their_own_tasks_and_an_admin_is_not) {
  env e;
  domain::task_page_query q;
  q.user_id = 0;  // "everyone": a non-admin must not get it
  q.prompt = "cat";
  auto mine = e.page({5, false}, q);
  ASSERT_TRUE(std::holds_alternative<domain::task_page>(mine));
  EXPECT_EQ(std::get<domain::task_page>(mine).total, 42);
  EXPECT_EQ(std::get<domain::task_page>(mine).content.at(0).user_id, 5);
  q.user_id = 9;  // someone else's: still forced to the caller
  e.page({5, false}, q);
  q.user_id = 0;
  e.page({1, true}, q);
  q.user_id = 9;  // an admin may narrow to one user
  e.page({1, true}, q);
  auto seen = e.pages();
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].user_id, 5);
  EXPECT_EQ(seen[0].prompt, "cat");  // the rest of the query passes unchanged
  EXPECT_EQ(seen[1].user_id, 5);
  EXPECT_EQ(seen[2].user_id, 0);
  EXPECT_EQ(seen[3].user_id, 9);
}

TEST(task_router_page, page_size_is_clamped_and_store_errors_reach_the_caller) {
  env e;
  domain::task_page_query q;
  q.page_size = 5000;
  e.page({1, true}, q);
  q.page_size = 0;
  e.page({1, true}, q);
  q.prompt = "fail";
  auto failed = e.page({1, true}, q);
  ASSERT_TRUE(std::holds_alternative<caf::error>(failed));
  EXPECT_EQ(std::get<caf::error>(failed).code(),
            static_cast<std::uint8_t>(domain::errc::storage_failure));
  auto seen = e.pages();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].page_size, domain::max_task_page_size);
  EXPECT_EQ(seen[1].page_size, 1);
}

}  // namespace
}  // namespace mjgate::actors
