// The repository contract: every backend stores and queries tasks, accounts
// and settings identically.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>

#include "backend_fixture.hpp"
#include "persistence/account_repository.hpp"
#include "persistence/kv_repository.hpp"
#include "persistence/task_repository.hpp"

namespace mjgate::persistence::test {
namespace {

using domain::task_status;

class repository : public backend_fixture {
 protected:
  void insert(std::vector<domain::task>& batch) {
    soci::transaction tr(sql);
    insert_tasks(sql, target.kind, batch);
    tr.commit();
  }
  void upsert(const std::vector<domain::task>& batch) {
    soci::transaction tr(sql);
    upsert_tasks(sql, target.kind, batch);
    tr.commit();
  }
  static std::vector<std::string> ids_of(const std::vector<domain::task>& ts) {
    std::vector<std::string> out;
    for (const auto& t : ts) out.push_back(t.id);
    return out;
  }
};

TEST_P(repository, migrations_are_idempotent_and_recorded) {
  EXPECT_EQ(version, latest_schema_version());
  EXPECT_EQ(migrate(sql, target.kind), latest_schema_version());
  EXPECT_EQ(migrate(sql, target.kind), latest_schema_version());
  int rows = 0;
  int max_version = 0;
  sql << "select count(*), max(version) from schema_version", soci::into(rows),
      soci::into(max_version);
  EXPECT_EQ(rows, static_cast<int>(migration_count()));
  EXPECT_EQ(max_version, latest_schema_version());
  long long applied_at = 0;
  sql << "select applied_at from schema_version where version = 1", soci::into(applied_at);
  EXPECT_GT(applied_at, 1600000000000LL);
}

TEST_P(repository, insert_fetch_round_trips_every_field) {
  std::vector<domain::task> batch{full_task(task_id(1)), full_task(task_id(2), 8),
                                  full_task(task_id(3))};
  batch[1].status = task_status::success;
  batch[1].buttons.clear();
  batch[2].prompt = "";
  insert(batch);
  EXPECT_GT(batch[0].seq, 0);
  EXPECT_GT(batch[1].seq, batch[0].seq);
  EXPECT_GT(batch[2].seq, batch[1].seq);
  for (const auto& t : batch) {
    auto got = fetch_task(sql, t.id);
    ASSERT_TRUE(got.has_value()) << t.id;
    EXPECT_EQ(*got, t);
  }
  EXPECT_FALSE(fetch_task(sql, "9999999999999999").has_value());
}

TEST_P(repository, a_prepared_fetcher_is_reused_and_sees_later_writes) {
  std::vector<domain::task> batch{full_task(task_id(1)), full_task(task_id(2))};
  insert(batch);
  task_fetcher fetcher{sql};
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(fetcher.fetch(task_id(1)), batch[0]);
    EXPECT_FALSE(fetcher.fetch("9999999999999999").has_value());
    EXPECT_EQ(fetcher.fetch(task_id(2)), batch[1]);
  }
  auto later = batch[0];
  later.revision += 1;
  later.status = task_status::failure;
  later.fail_reason = "changed after the statement was prepared";
  upsert({later});
  EXPECT_EQ(fetcher.fetch(task_id(1)), later);
}

TEST_P(repository, fetch_by_uuid_finds_the_row_of_that_uuid_only) {
  std::vector<domain::task> batch{full_task(task_id(1)), full_task(task_id(2))};
  insert(batch);
  task_fetcher fetcher{sql};
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(fetcher.fetch_by_uuid(batch[1].uuid), batch[1]);
    EXPECT_EQ(fetch_task_by_uuid(sql, batch[0].uuid), batch[0]);
    EXPECT_FALSE(fetcher.fetch_by_uuid("00000000-0000-4000-8000-000000000000").has_value());
    EXPECT_FALSE(fetcher.fetch_by_uuid(batch[0].id).has_value()) << "an id is not a uuid";
    EXPECT_FALSE(fetcher.fetch(batch[0].uuid).has_value()) << "a uuid is not an id";
  }
}

// A prepared fetch must not pin its session's snapshot: rows another session
// commits afterwards are seen by every later read on this session (on SQLite
// a statement left on its row keeps its read transaction open).
TEST_P(repository, a_fetch_leaves_no_stale_snapshot_behind) {
  std::vector<domain::task> first{full_task(task_id(1))};
  insert(first);
  task_fetcher fetcher{sql};
  ASSERT_TRUE(fetcher.fetch(task_id(1)).has_value());
  ASSERT_TRUE(fetcher.fetch_by_uuid(first[0].uuid).has_value());
  soci::session other;
  open_session(other, target);
  std::vector<domain::task> later{full_task(task_id(2))};
  {
    soci::transaction tr(other);
    insert_tasks(other, target.kind, later);
    tr.commit();
  }
  domain::task_query q;
  q.limit = 10;
  EXPECT_EQ(ids_of(list_tasks(sql, q)), (std::vector<std::string>{task_id(2), task_id(1)}));
  EXPECT_TRUE(fetcher.fetch_by_uuid(later[0].uuid).has_value());
}

TEST_P(repository, duplicate_insert_throws) {
  std::vector<domain::task> batch{full_task(task_id(1))};
  insert(batch);
  std::vector<domain::task> again{full_task(task_id(1))};
  EXPECT_ANY_THROW(insert(again));
  EXPECT_EQ(fetch_task(sql, task_id(1))->seq, batch[0].seq);
}

TEST_P(repository, upsert_coalesces_and_never_goes_back) {
  std::vector<domain::task> batch{full_task(task_id(1))};
  insert(batch);
  auto v6 = batch[0];
  v6.revision = 6;
  v6.progress = 60;
  auto v8 = batch[0];
  v8.revision = 8;
  v8.progress = 80;
  v8.status = task_status::success;
  v8.buttons.push_back({"MJ::new", "⬆️", "Up \"it\"", 2, 3});
  auto v7 = batch[0];
  v7.revision = 7;
  v7.progress = 70;
  auto fresh = full_task(task_id(2));
  upsert({v6, v8, v7, fresh});
  auto got = fetch_task(sql, task_id(1));
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, v8);  // seq kept, highest revision wins
  // A stale full record later on does not roll the task back.
  upsert({v7});
  EXPECT_EQ(fetch_task(sql, task_id(1))->revision, 8);
  auto stored_fresh = fetch_task(sql, task_id(2));
  ASSERT_TRUE(stored_fresh);
  EXPECT_GT(stored_fresh->seq, got->seq);
  fresh.seq = stored_fresh->seq;
  EXPECT_EQ(*stored_fresh, fresh);
}

TEST_P(repository, list_filters_orders_and_clamps) {
  std::vector<domain::task> batch;
  for (int i = 1; i <= 12; ++i) {
    auto t = full_task(task_id(i), i % 2 == 0 ? 2 : 1);
    t.status = i % 3 == 0 ? task_status::success : task_status::submitted;
    batch.push_back(t);
  }
  insert(batch);
  domain::task_query q;
  q.user_id = 1;
  auto mine = list_tasks(sql, q);
  EXPECT_EQ(ids_of(mine), (std::vector<std::string>{task_id(11), task_id(9), task_id(7), task_id(5),
                                                    task_id(3), task_id(1)}));
  q.oldest_first = true;
  q.limit = 2;
  EXPECT_EQ(ids_of(list_tasks(sql, q)), (std::vector<std::string>{task_id(1), task_id(3)}));
  q = {};
  q.statuses = {task_status::success};
  EXPECT_EQ(ids_of(list_tasks(sql, q)),
            (std::vector<std::string>{task_id(12), task_id(9), task_id(6), task_id(3)}));
  q.statuses = {task_status::success, task_status::submitted};
  q.user_id = 2;
  q.before_id = task_id(8);
  EXPECT_EQ(ids_of(list_tasks(sql, q)),
            (std::vector<std::string>{task_id(6), task_id(4), task_id(2)}));
  q = {};
  q.limit = 0;  // clamped up to 1
  EXPECT_EQ(ids_of(list_tasks(sql, q)), (std::vector<std::string>{task_id(12)}));
  q.limit = -5;
  EXPECT_EQ(list_tasks(sql, q).size(), 1u);
}

TEST_P(repository, list_limit_is_clamped_to_the_hard_maximum) {
  std::vector<domain::task> batch;
  for (int i = 1; i <= max_list_limit + 5; ++i) {
    domain::task t;
    t.id = task_id(i);
    t.user_id = 3;
    batch.push_back(t);
  }
  insert(batch);
  domain::task_query q;
  q.limit = 1000000;
  auto page = list_tasks(sql, q);
  ASSERT_EQ(page.size(), static_cast<std::size_t>(max_list_limit));
  EXPECT_EQ(page.front().id, task_id(max_list_limit + 5));
}

TEST_P(repository, list_by_ids_keeps_order_and_skips_unknown_and_duplicates) {
  std::vector<domain::task> batch{full_task(task_id(1), 1), full_task(task_id(2), 1),
                                  full_task(task_id(3), 2)};
  insert(batch);
  domain::task_query q;
  q.ids = {task_id(3), "nope", task_id(1), task_id(3), task_id(2), task_id(1)};
  EXPECT_EQ(ids_of(list_tasks(sql, q)),
            (std::vector<std::string>{task_id(3), task_id(1), task_id(2)}));
  q.user_id = 1;  // user scoping applies to id lookups too
  EXPECT_EQ(ids_of(list_tasks(sql, q)), (std::vector<std::string>{task_id(1), task_id(2)}));
  // More ids than one chunk (500) still come back complete and ordered.
  q = {};
  for (int i = 0; i < 1200; ++i) q.ids.push_back(task_id(1000 + i));
  q.ids.push_back(task_id(2));
  q.ids.push_back(task_id(1));
  EXPECT_EQ(ids_of(list_tasks(sql, q)), (std::vector<std::string>{task_id(2), task_id(1)}));
}

TEST_P(repository, unfinished_lists_non_terminal_oldest_first) {
  std::vector<domain::task> batch;
  const task_status statuses[] = {
      task_status::success, task_status::not_start, task_status::failure,  task_status::in_progress,
      task_status::cancel,  task_status::modal,     task_status::submitted};
  // Insert out of id order so "oldest" must mean insertion order (seq).
  int n = 20;
  for (auto s : statuses) {
    auto t = full_task(task_id(n--));
    t.status = s;
    batch.push_back(t);
  }
  insert(batch);
  auto open = list_unfinished(sql);
  EXPECT_EQ(ids_of(open),
            (std::vector<std::string>{task_id(19), task_id(17), task_id(15), task_id(14)}));
  for (const auto& t : open) EXPECT_FALSE(domain::is_terminal(t.status));
}

TEST_P(repository, accounts_upsert_and_list) {
  domain::account a;
  a.id = "1001";
  a.name = "first 'one'";
  a.guild_id = "g";
  a.channel_id = "1001";
  a.user_token = "tok.en.value";
  a.user_agent = "UA/1.0";
  a.enable = false;
  a.core_size = 5;
  a.queue_size = 50;
  a.relax_core_size = 2;
  a.relax_queue_size = 40;
  a.timeout_minutes = 7;
  a.mj_bot_channel_id = "m";
  a.niji_bot_channel_id = "n";
  a.remix_auto_submit = true;
  a.remark = "备注";
  a.weight = 3;
  a.source = "api";
  a.created_at = 1;
  a.updated_at = 2;
  a.user_token_masked = "tok.********alue";
  a.queue_timeout_minutes = 9;
  a.modal_timeout_minutes = 11;
  a.allow_modes = {"FAST", "TURBO"};
  a.day_draw_limit = 40;
  auto b = a;
  b.id = "0999";
  b.channel_id = "0999";
  b.enable = true;
  b.remix_auto_submit = false;
  b.allow_modes = {};
  b.day_draw_limit = -1;
  upsert_accounts(sql, {a, b});
  EXPECT_EQ(list_accounts(sql), (std::vector<domain::account>{b, a}));
  a.name = "renamed";
  a.updated_at = 3;
  upsert_accounts(sql, {a});
  EXPECT_EQ(list_accounts(sql), (std::vector<domain::account>{b, a}));
}

TEST_P(repository, an_account_is_known_by_its_channel) {
  domain::account old;
  old.id = "old-name";
  old.channel_id = "1201";
  old.user_token = "enc:v1:AAAA";
  old.user_token_masked = "abcd********wxyz";
  upsert_accounts(sql, {old});
  auto renamed = old;
  renamed.id = "new-name";  // the config file gave the same channel another id
  upsert_accounts(sql, {renamed});
  auto all = list_accounts(sql);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].id, "new-name");
}

TEST_P(repository, rows_without_a_mask_get_one_but_never_from_a_sealed_token) {
  sql << "insert into accounts (id, channel_id, user_token) values "
         "('legacy', '1', 'clear-legacy-token'), ('sealed', '2', 'enc:v1:QUJD')";
  auto all = list_accounts(sql);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "legacy");
  EXPECT_EQ(all[0].user_token_masked, "clea********oken");
  EXPECT_EQ(all[1].user_token_masked, "********");
  EXPECT_TRUE(all[0].allow_modes.empty());
  EXPECT_EQ(all[0].day_draw_limit, -1);
}

TEST_P(repository, delete_account_removes_one_row) {
  domain::account a;
  a.id = "gone";
  a.channel_id = "1";
  auto b = a;
  b.id = "kept";
  b.channel_id = "2";
  upsert_accounts(sql, {a, b});
  EXPECT_TRUE(delete_account(sql, "gone"));
  EXPECT_FALSE(delete_account(sql, "gone"));
  auto all = list_accounts(sql);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].id, "kept");
}

TEST_P(repository, kv_get_put) {
  EXPECT_EQ(kv_get(sql, "root_key_hash"), "");
  kv_put(sql, {{"root_key_hash", "abc"}, {"other", "x"}});
  EXPECT_EQ(kv_get(sql, "root_key_hash"), "abc");
  kv_put(sql, {{"root_key_hash", "déf \"q\""}, {"root_key_hash", "last"}});
  EXPECT_EQ(kv_get(sql, "root_key_hash"), "last");
  EXPECT_EQ(kv_get(sql, "other"), "x");
  kv_put(sql, {{"empty", ""}});
  EXPECT_EQ(kv_get(sql, "empty"), "");
}

TEST_P(repository, sqlite_runs_in_wal_mode) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "SQLite only";
  std::string mode;
  sql << "pragma journal_mode", soci::into(mode);
  EXPECT_EQ(mode, "wal");
  int fk = 0;
  sql << "pragma foreign_keys", soci::into(fk);
  EXPECT_EQ(fk, 1);
}

INSTANTIATE_TEST_SUITE_P(sqlite, repository, ::testing::Values("sqlite"));
INSTANTIATE_TEST_SUITE_P(postgres, repository, ::testing::Values("postgres"));

}  // namespace
}  // namespace mjgate::persistence::test
