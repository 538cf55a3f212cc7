// The store actors on a real actor system: durable before acknowledged, group
// commit, flush, read-your-writes, error isolation and the reader.
#include <gtest/gtest.h>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include <chrono>

#include "backend_fixture.hpp"
#include "persistence/store.hpp"
#include "persistence/task_repository.hpp"

namespace mjgate::persistence::test {
namespace {

using namespace std::chrono_literals;
using actors::flush_atom_v;
using actors::insert_atom_v;
using actors::update_atom_v;

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

bool is_storage_failure(const caf::error& err) {
  return err.category() == caf::atom("mjgate") &&
         err.code() == static_cast<std::uint8_t>(domain::errc::storage_failure);
}

class store : public backend_fixture {
 protected:
  void SetUp() override {
    backend_fixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    sys_ = std::make_unique<caf::actor_system>(system_config());
  }

  void TearDown() override {
    for (auto& a : spawned_) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    spawned_.clear();
    sys_.reset();  // waits for the detached actors
    backend_fixture::TearDown();
  }

  actors::store_actor writer(std::chrono::milliseconds window, std::size_t batch_max) {
    config::storage_config cfg;
    cfg.dsn = dsn_text;
    cfg.batch_window = window;
    cfg.batch_max = batch_max;
    auto w = spawn_store_writer(*sys_, cfg, stats);
    spawned_.push_back(w);
    return w;
  }

  actors::store_actor writer_with_dsn(const std::string& dsn) {
    config::storage_config cfg;
    cfg.dsn = dsn;
    cfg.batch_window = std::chrono::minutes(10);
    auto w = spawn_store_writer(*sys_, cfg, stats);
    spawned_.push_back(w);
    return w;
  }

  actors::store_actor reader() {
    config::storage_config cfg;
    cfg.dsn = dsn_text;
    auto r = spawn_store_reader(*sys_, cfg);
    spawned_.push_back(r);
    return r;
  }

  caf::actor_system& sys() { return *sys_; }

  std::shared_ptr<store_stats> stats = std::make_shared<store_stats>();

 private:
  std::unique_ptr<caf::actor_system> sys_;
  std::vector<actors::store_actor> spawned_;
};

TEST_P(store, concurrent_inserts_are_answered_only_once_visible) {
  auto w = writer(2ms, 500);
  caf::scoped_actor self{sys()};
  constexpr int n = 500;
  using handle_t = decltype(self->request(w, ask, insert_atom_v, domain::task{}));
  std::vector<handle_t> pending;
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    auto t = full_task(task_id(i));
    ids.push_back(t.id);
    pending.push_back(self->request(w, ask, insert_atom_v, std::move(t)));
  }
  std::set<std::int64_t> seqs;
  for (int i = 0; i < n; ++i) {
    pending[i].receive(
        [&](std::int64_t seq) {
          // The test's own session must already see the committed row.
          auto row = fetch_task(sql, ids[i]);
          ASSERT_TRUE(row.has_value()) << ids[i];
          EXPECT_EQ(row->seq, seq);
          seqs.insert(seq);
        },
        [&](caf::error& err) { ADD_FAILURE() << sys().render(err); });
  }
  EXPECT_EQ(seqs.size(), static_cast<std::size_t>(n));
  EXPECT_EQ(stats->writes.load(), static_cast<std::uint64_t>(n));
  EXPECT_LT(stats->commits.load(), static_cast<std::uint64_t>(n)) << "no group commit at all";
}

TEST_P(store, group_commit_batches_up_to_batch_max) {
  // The window never fires within the test: only batch_max closes batches.
  auto w = writer(std::chrono::minutes(10), 50);
  caf::scoped_actor self{sys()};
  using handle_t = decltype(self->request(w, ask, insert_atom_v, domain::task{}));
  std::vector<handle_t> pending;
  for (int i = 0; i < 200; ++i)
    pending.push_back(self->request(w, ask, insert_atom_v, full_task(task_id(i))));
  for (auto& h : pending)
    h.receive([](std::int64_t seq) { EXPECT_GT(seq, 0); },
              [&](caf::error& err) { ADD_FAILURE() << sys().render(err); });
  EXPECT_EQ(stats->commits.load(), 4u);
  EXPECT_EQ(stats->writes.load(), 200u);
}

TEST_P(store, window_commits_a_partial_batch) {
  auto w = writer(20ms, 1000);
  caf::scoped_actor self{sys()};
  auto t = full_task(task_id(1));
  bool answered = false;
  self->request(w, ask, insert_atom_v, t)
      .receive([&](std::int64_t) { answered = true; },
               [&](caf::error& err) { ADD_FAILURE() << sys().render(err); });
  EXPECT_TRUE(answered);
  EXPECT_EQ(stats->commits.load(), 1u);
  EXPECT_TRUE(fetch_task(sql, t.id).has_value());
}

TEST_P(store, flush_commits_everything_received_before_it) {
  auto w = writer(std::chrono::minutes(10), 1000);
  caf::scoped_actor self{sys()};
  auto t = full_task(task_id(1));
  auto h1 = self->request(w, ask, insert_atom_v, t);
  t.revision = 9;
  t.status = domain::task_status::success;
  auto h2 = self->request(w, ask, update_atom_v, t);
  auto h3 = self->request(w, ask, actors::kv_put_atom_v, std::string{"k"}, std::string{"v"});
  EXPECT_EQ(stats->commits.load(), 0u);
  self->request(w, ask, flush_atom_v)
      .receive([](bool ok) { EXPECT_TRUE(ok); },
               [&](caf::error& err) { ADD_FAILURE() << sys().render(err); });
  EXPECT_EQ(stats->commits.load(), 1u);
  auto row = fetch_task(sql, t.id);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->revision, 9);
  EXPECT_EQ(row->status, domain::task_status::success);
  h1.receive([](std::int64_t seq) { EXPECT_GT(seq, 0); },
             [&](caf::error& err) { ADD_FAILURE() << sys().render(err); });
  h2.receive([](bool ok) { EXPECT_TRUE(ok); },
             [&](caf::error& err) { ADD_FAILURE() << sys().render(err); });
  h3.receive([](bool ok) { EXPECT_TRUE(ok); },
             [&](caf::error& err) { ADD_FAILURE() << sys().render(err); });
}

TEST_P(store, updates_to_one_task_coalesce_and_reads_see_pending_writes) {
  auto w = writer(std::chrono::minutes(10), 1000);
  caf::scoped_actor self{sys()};
  auto t = full_task(task_id(1));
  self->send(w, insert_atom_v, t);
  for (int rev : {6, 9, 7, 8}) {
    t.revision = rev;
    t.progress = rev * 10;
    self->send(w, update_atom_v, t);
  }
  // Read-your-writes: the writer commits its pending batch before a read.
  self->request(w, ask, actors::fetch_atom_v, t.id)
      .receive(
          [&](const std::vector<domain::task>& got) {
            ASSERT_EQ(got.size(), 1u);
            EXPECT_EQ(got[0].revision, 9);
            EXPECT_EQ(got[0].progress, 90);
          },
          [&](caf::error& err) { ADD_FAILURE() << sys().render(err); });
  EXPECT_EQ(stats->commits.load(), 1u);
}

TEST_P(store, a_failing_write_gets_storage_failure_and_others_commit) {
  auto w = writer(std::chrono::minutes(10), 3);
  caf::scoped_actor self{sys()};
  auto ha = self->request(w, ask, insert_atom_v, full_task(task_id(1)));
  self->request(w, ask, flush_atom_v).receive([](bool) {}, [](caf::error&) {});
  ha.receive([](std::int64_t) {}, [&](caf::error& err) { ADD_FAILURE() << sys().render(err); });
  // Batch of three (batch_max): B, a duplicate of A, C.
  auto hb = self->request(w, ask, insert_atom_v, full_task(task_id(2)));
  auto hdup = self->request(w, ask, insert_atom_v, full_task(task_id(1)));
  auto hc = self->request(w, ask, insert_atom_v, full_task(task_id(3)));
  hb.receive([](std::int64_t seq) { EXPECT_GT(seq, 0); },
             [&](caf::error& err) { ADD_FAILURE() << sys().render(err); });
  bool failed = false;
  hdup.receive([](std::int64_t) { ADD_FAILURE() << "duplicate id accepted"; },
               [&](caf::error& err) {
                 failed = true;
                 EXPECT_TRUE(is_storage_failure(err)) << sys().render(err);
                 // Bound values (prompts, tokens) never leak into errors.
                 EXPECT_EQ(sys().render(err).find("quoted"), std::string::npos);
               });
  EXPECT_TRUE(failed);
  hc.receive([](std::int64_t seq) { EXPECT_GT(seq, 0); },
             [&](caf::error& err) { ADD_FAILURE() << sys().render(err); });
  EXPECT_EQ(stats->failed_writes.load(), 1u);
  EXPECT_EQ(stats->reconnects.load(), 0u);  // a constraint error is not a lost connection
  // Later writes are fine.
  auto hd = self->request(w, ask, insert_atom_v, full_task(task_id(4)));
  self->request(w, ask, flush_atom_v).receive([](bool) {}, [](caf::error&) {});
  hd.receive([](std::int64_t) {}, [&](caf::error& err) { ADD_FAILURE() << sys().render(err); });
  for (int i : {1, 2, 3, 4}) EXPECT_TRUE(fetch_task(sql, task_id(i)).has_value()) << i;
}

TEST_P(store, pending_writes_are_flushed_on_shutdown) {
  auto w = writer(std::chrono::minutes(10), 1000);
  {
    caf::scoped_actor self{sys()};
    for (int i = 0; i < 10; ++i) self->send(w, insert_atom_v, full_task(task_id(i)));
    self->send_exit(w, caf::exit_reason::user_shutdown);
    self->wait_for(w);
  }
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(fetch_task(sql, task_id(i)).has_value()) << i;
}

TEST_P(store, reader_serves_queries_and_refuses_writes) {
  auto w = writer(1ms, 100);
  auto r = reader();
  caf::scoped_actor self{sys()};
  auto t = full_task(task_id(1), 5);
  self->request(w, ask, insert_atom_v, t)
      .receive([&](std::int64_t seq) { t.seq = seq; },
               [&](caf::error& err) { ADD_FAILURE() << sys().render(err); });
  domain::account acc;
  acc.id = "42";
  self->request(w, ask, actors::upsert_atom_v, acc)
      .receive([](bool) {}, [&](caf::error& err) { ADD_FAILURE() << sys().render(err); });
  self->request(w, ask, actors::kv_put_atom_v, std::string{"k"}, std::string{"v"})
      .receive([](bool) {}, [&](caf::error& err) { ADD_FAILURE() << sys().render(err); });
  auto fail = [&](caf::error& err) { ADD_FAILURE() << sys().render(err); };
  self->request(r, ask, actors::fetch_atom_v, t.id)
      .receive(
          [&](const std::vector<domain::task>& got) {
            ASSERT_EQ(got.size(), 1u);
            EXPECT_EQ(got[0], t);
          },
          fail);
  self->request(r, ask, actors::fetch_atom_v, std::string{"0000000000000000"})
      .receive([&](const std::vector<domain::task>& got) { EXPECT_TRUE(got.empty()); }, fail);
  for (const auto& store : {r, w})  // node-api `_id`: by uuid, on both
    self->request(store, ask, actors::resolve_atom_v, t.uuid)
        .receive(
            [&](const std::vector<domain::task>& got) {
              ASSERT_EQ(got.size(), 1u);
              EXPECT_EQ(got[0], t);
            },
            fail);
  self->request(r, ask, actors::resolve_atom_v, std::string{"00000000-0000-4000-8000-000000000000"})
      .receive([&](const std::vector<domain::task>& got) { EXPECT_TRUE(got.empty()); }, fail);
  domain::task_query q;
  q.user_id = 5;
  self->request(r, ask, actors::list_atom_v, q)
      .receive([&](const std::vector<domain::task>& got) { EXPECT_EQ(got.size(), 1u); }, fail);
  self->request(r, ask, actors::unfinished_atom_v)
      .receive([&](const std::vector<domain::task>& got) { EXPECT_EQ(got.size(), 1u); }, fail);
  domain::task_page_query pq;
  pq.user_id = 5;
  for (const auto& store : {r, w})  // the writer answers pages too (after its pending writes)
    self->request(store, ask, actors::page_atom_v, pq)
        .receive(
            [&](const domain::task_page& got) {
              EXPECT_EQ(got.total, 1);
              ASSERT_EQ(got.content.size(), 1u);
              EXPECT_EQ(got.content[0], t);
            },
            fail);
  pq.user_id = 6;
  self->request(r, ask, actors::page_atom_v, pq)
      .receive([&](const domain::task_page& got) { EXPECT_EQ(got.total, 0); }, fail);
  self->request(r, ask, actors::accounts_atom_v)
      .receive([&](const std::vector<domain::account>& got) { EXPECT_EQ(got, std::vector{acc}); },
               fail);
  self->request(r, ask, actors::kv_get_atom_v, std::string{"k"})
      .receive([&](const std::string& v) { EXPECT_EQ(v, "v"); }, fail);
  bool refused = false;
  self->request(r, ask, insert_atom_v, full_task(task_id(2)))
      .receive([](std::int64_t) { ADD_FAILURE() << "reader accepted a write"; },
               [&](caf::error&) { refused = true; });
  EXPECT_TRUE(refused);
}

TEST_P(store, the_writer_deletes_an_account_after_pending_writes) {
  auto w = writer(std::chrono::minutes(10), 1000);  // nothing commits by itself
  auto r = reader();
  caf::scoped_actor self{sys()};
  domain::account acc;
  acc.id = "doomed";
  acc.channel_id = "7";
  self->send(w, actors::upsert_atom_v, acc);  // pending when the delete arrives
  auto fail = [&](caf::error& err) { ADD_FAILURE() << sys().render(err); };
  self->request(w, ask, actors::remove_atom_v, std::string{"doomed"})
      .receive([](bool found) { EXPECT_TRUE(found); }, fail);
  self->request(w, ask, actors::remove_atom_v, std::string{"doomed"})
      .receive([](bool found) { EXPECT_FALSE(found); }, fail);
  self->request(r, ask, actors::accounts_atom_v)
      .receive([](const std::vector<domain::account>& got) { EXPECT_TRUE(got.empty()); }, fail);
  bool refused = false;
  self->request(r, ask, actors::remove_atom_v, std::string{"x"})
      .receive([](bool) { ADD_FAILURE() << "reader accepted a delete"; },
               [&](caf::error&) { refused = true; });
  EXPECT_TRUE(refused);
}

TEST_P(store, unopenable_database_answers_storage_failure) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "SQLite only";
  config::storage_config cfg;
  cfg.dsn = "sqlite:/nonexistent-dir-mjgate/x/store.db";
  auto w = spawn_store_writer(sys(), cfg, stats);
  caf::scoped_actor self{sys()};
  bool failed = false;
  self->request(w, ask, insert_atom_v, full_task(task_id(1)))
      .receive([](std::int64_t) { ADD_FAILURE() << "write acknowledged without a database"; },
               [&](caf::error& err) {
                 failed = true;
                 EXPECT_TRUE(is_storage_failure(err)) << sys().render(err);
               });
  EXPECT_TRUE(failed);
  self->request(w, ask, actors::kv_get_atom_v, std::string{"k"})
      .receive([](const std::string&) { ADD_FAILURE() << "read without a database"; },
               [&](caf::error& err) { EXPECT_TRUE(is_storage_failure(err)); });
  self->send_exit(w, caf::exit_reason::user_shutdown);
  self->wait_for(w);
}

TEST_P(store, writer_reconnects_after_losing_its_connection) {
  if (GetParam() != "postgres") GTEST_SKIP() << "PostgreSQL only";
  auto w = writer_with_dsn(dsn_text + " application_name=mjgate_victim");
  caf::scoped_actor self{sys()};
  auto fail = [&](caf::error& err) { ADD_FAILURE() << sys().render(err); };
  auto h1 = self->request(w, ask, insert_atom_v, full_task(task_id(1)));
  self->request(w, ask, flush_atom_v).receive([](bool) {}, fail);
  h1.receive([](std::int64_t) {}, fail);
  int killed = 0;
  sql << "select count(pg_terminate_backend(pid)) from pg_stat_activity "
         "where application_name = 'mjgate_victim'",
      soci::into(killed);
  ASSERT_EQ(killed, 1);
  auto h2 = self->request(w, ask, insert_atom_v, full_task(task_id(2)));
  self->request(w, ask, flush_atom_v).receive([](bool) {}, fail);
  h2.receive([](std::int64_t seq) { EXPECT_GT(seq, 0); }, fail);
  EXPECT_TRUE(fetch_task(sql, task_id(2)).has_value());
  EXPECT_EQ(stats->reconnects.load(), 1u);
}

INSTANTIATE_TEST_SUITE_P(sqlite, store, ::testing::Values("sqlite"));
INSTANTIATE_TEST_SUITE_P(postgres, store, ::testing::Values("postgres"));

}  // namespace
}  // namespace mjgate::persistence::test
