// The paged task query (query_task_page) on every backend: filters, sort in
// both directions with the id tie-break, paging edges, owner scoping, LIKE
// escaping and the dashboard lists' filters. Same expectations on SQLite and
// PostgreSQL.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <climits>

#include "backend_fixture.hpp"
#include "persistence/task_repository.hpp"

namespace mjgate::persistence::test {
namespace {

using domain::task_action;
using domain::task_page_query;
using domain::task_sort_field;
using domain::task_status;
using ids = std::vector<std::string>;

class task_page : public backend_fixture {
 protected:
  void insert(std::vector<domain::task> batch) {
    soci::transaction tr(sql);
    insert_tasks(sql, target.kind, batch);
    tr.commit();
  }

  // Twelve tasks: odd n belong to user 1, even n to user 2. submit_time
  // runs against id order; finish_time repeats (ties); statuses and actions
  // cycle so every filter selects a known subset.
  void insert_twelve() {
    std::vector<domain::task> batch;
    for (int n = 1; n <= 12; ++n) {
      domain::task t;
      t.id = task_id(n);
      t.user_id = n % 2 == 1 ? 1 : 2;
      t.submit_time = 1700000000000 - n;
      t.finish_time = 1700000100000 + (n % 3);
      t.status = n % 3 == 0   ? task_status::success
                 : n % 3 == 1 ? task_status::failure
                              : task_status::in_progress;
      t.action = n <= 6 ? task_action::imagine : task_action::upscale;
      t.prompt = "prompt " + std::to_string(n) + (n % 4 == 0 ? " cat" : " dog");
      t.prompt_en = n == 5 ? "sunset" : "";
      t.description = "/imagine " + std::to_string(n);
      t.fail_reason = t.status == task_status::failure ? "timeout after 5 min" : "";
      t.account_id = n % 2 == 0 ? "acc-even" : "acc-odd";
      t.state = n == 7 ? "seven" : "";
      batch.push_back(t);
    }
    insert(std::move(batch));
  }

  static ids ids_of(const domain::task_page& p) {
    ids out;
    for (const auto& t : p.content) out.push_back(t.id);
    return out;
  }

  static ids nums(std::initializer_list<int> ns) {
    ids out;
    for (int n : ns) out.push_back(task_id(n));
    return out;
  }

  // Every match on one page, sorted by id ascending, with its total.
  std::pair<ids, std::int64_t> all(task_page_query q) {
    q.page_size = domain::max_task_page_size;
    q.page_number = 0;
    q.sort_field = task_sort_field::id;
    q.descending = false;
    auto p = query_task_page(sql, q);
    return {ids_of(p), p.total};
  }
};

TEST_P(task_page, every_filter_selects_its_subset_and_filters_combine) {
  insert_twelve();
  task_page_query q;
  EXPECT_EQ(all(q), std::pair(nums({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}), std::int64_t{12}));
  q.statuses = {task_status::success};
  EXPECT_EQ(all(q), std::pair(nums({3, 6, 9, 12}), std::int64_t{4}));
  q.statuses = {task_status::success, task_status::failure};
  EXPECT_EQ(all(q).second, 8);
  q = {};
  q.actions = {task_action::upscale};
  EXPECT_EQ(all(q), std::pair(nums({7, 8, 9, 10, 11, 12}), std::int64_t{6}));
  q.statuses = {task_status::success};  // AND
  EXPECT_EQ(all(q), std::pair(nums({9, 12}), std::int64_t{2}));
  q = {};
  q.id = task_id(5);
  EXPECT_EQ(all(q).first, nums({5}));
  q.id = "nope";
  EXPECT_EQ(all(q), std::pair(ids{}, std::int64_t{0}));
  q = {};
  q.ids = {task_id(4), task_id(2), "unknown", task_id(9)};
  EXPECT_EQ(all(q), std::pair(nums({2, 4, 9}), std::int64_t{3}));
  q = {};
  q.instance_id = "acc-even";
  EXPECT_EQ(all(q).second, 6);
  q.instance_id = "acc";  // exact, not a substring
  EXPECT_EQ(all(q).second, 0);
  q = {};
  q.state = "seven";
  EXPECT_EQ(all(q).first, nums({7}));
  q = {};
  q.prompt = "cat";
  EXPECT_EQ(all(q).first, nums({4, 8, 12}));
  q.prompt = "prompt 1";  // a substring anywhere: 1, 10, 11, 12
  EXPECT_EQ(all(q).first, nums({1, 10, 11, 12}));
  q.prompt = "Cat";  // case-sensitive on both backends
  EXPECT_EQ(all(q).second, 0);
  q = {};
  q.prompt_en = "unse";
  EXPECT_EQ(all(q).first, nums({5}));
  q = {};
  q.description = "/imagine 1";
  q.fail_reason = "timeout";
  EXPECT_EQ(all(q).first, nums({1, 10}));
}

TEST_P(task_page, sorts_by_each_whitelisted_field_in_both_directions_with_id_ties) {
  insert_twelve();
  task_page_query q;
  q.page_size = 5;
  auto first = [&](task_sort_field f, bool desc) {
    q.sort_field = f;
    q.descending = desc;
    return ids_of(query_task_page(sql, q));
  };
  EXPECT_EQ(first(task_sort_field::id, true), nums({12, 11, 10, 9, 8}));
  EXPECT_EQ(first(task_sort_field::id, false), nums({1, 2, 3, 4, 5}));
  // submit_time runs against id order.
  EXPECT_EQ(first(task_sort_field::submit_time, true), nums({1, 2, 3, 4, 5}));
  EXPECT_EQ(first(task_sort_field::submit_time, false), nums({12, 11, 10, 9, 8}));
  // finish_time: +0 for 3,6,9,12; +1 for 1,4,7,10; +2 for 2,5,8,11; ties by id.
  EXPECT_EQ(first(task_sort_field::finish_time, false), nums({3, 6, 9, 12, 1}));
  EXPECT_EQ(first(task_sort_field::finish_time, true), nums({11, 8, 5, 2, 10}));
  // status text: FAILURE < IN_PROGRESS < SUCCESS.
  EXPECT_EQ(first(task_sort_field::status, false), nums({1, 4, 7, 10, 2}));
  EXPECT_EQ(first(task_sort_field::status, true), nums({12, 9, 6, 3, 11}));
  // action text: IMAGINE (1..6) < UPSCALE (7..12).
  EXPECT_EQ(first(task_sort_field::action, false), nums({1, 2, 3, 4, 5}));
  EXPECT_EQ(first(task_sort_field::action, true), nums({12, 11, 10, 9, 8}));
}

TEST_P(task_page, pages_tile_the_matches_and_past_the_end_is_empty_with_the_total) {
  insert_twelve();
  task_page_query q;
  q.sort_field = task_sort_field::finish_time;  // many ties: pages must still tile
  q.descending = false;
  q.page_size = 5;
  ids seen;
  for (int page = 0; page < 3; ++page) {
    q.page_number = page;
    auto p = query_task_page(sql, q);
    EXPECT_EQ(p.total, 12);
    EXPECT_EQ(p.content.size(), page < 2 ? 5u : 2u) << page;
    for (auto& id : ids_of(p)) seen.push_back(id);
  }
  EXPECT_EQ(seen, nums({3, 6, 9, 12, 1, 4, 7, 10, 2, 5, 8, 11}));
  for (int page : {3, 100, INT_MAX}) {  // INT_MAX × size must not overflow
    q.page_number = page;
    auto p = query_task_page(sql, q);
    EXPECT_TRUE(p.content.empty()) << page;
    EXPECT_EQ(p.total, 12) << page;
  }
  q.page_number = 0;
  q.page_size = 0;  // clamped up to 1
  EXPECT_EQ(query_task_page(sql, q).content.size(), 1u);
  q.page_size = 12;
  q.page_number = 1;  // exactly at the end
  auto at_end = query_task_page(sql, q);
  EXPECT_TRUE(at_end.content.empty());
  EXPECT_EQ(at_end.total, 12);
  q.statuses = {task_status::cancel};  // nothing matches
  q.page_number = 0;
  auto none = query_task_page(sql, q);
  EXPECT_TRUE(none.content.empty());
  EXPECT_EQ(none.total, 0);
}

TEST_P(task_page, page_size_is_clamped_to_the_maximum) {
  std::vector<domain::task> batch;
  for (int n = 1; n <= domain::max_task_page_size + 5; ++n) {
    domain::task t;
    t.id = task_id(n);
    batch.push_back(t);
  }
  insert(std::move(batch));
  task_page_query q;
  q.page_size = 100000;
  auto p = query_task_page(sql, q);
  EXPECT_EQ(p.content.size(), static_cast<std::size_t>(domain::max_task_page_size));
  EXPECT_EQ(p.total, domain::max_task_page_size + 5);
  q.page_number = 1;
  EXPECT_EQ(query_task_page(sql, q).content.size(), 5u);
}

TEST_P(task_page, a_user_sees_only_their_own_tasks) {
  insert_twelve();
  task_page_query q;
  q.user_id = 1;
  EXPECT_EQ(all(q), std::pair(nums({1, 3, 5, 7, 9, 11}), std::int64_t{6}));
  q.id = task_id(2);  // someone else's: neither listed nor counted
  EXPECT_EQ(all(q), std::pair(ids{}, std::int64_t{0}));
  q.id.clear();
  q.ids = {task_id(2), task_id(3)};
  EXPECT_EQ(all(q).first, nums({3}));
  q = {};
  q.user_id = 2;
  q.statuses = {task_status::success};
  EXPECT_EQ(all(q), std::pair(nums({6, 12}), std::int64_t{2}));
  q.user_id = 99;
  EXPECT_EQ(all(q), std::pair(ids{}, std::int64_t{0}));
}

TEST_P(task_page, owner_names_come_with_the_page_only_when_asked) {
  insert_twelve();
  sql << "insert into users (name, role, status, grp, created_at, updated_at) "
         "values ('bob', 1, 1, 'default', 0, 0)";
  task_page_query q;
  q.page_size = 4;
  EXPECT_TRUE(query_task_page(sql, q).user_names.empty());
  q.with_user_names = true;
  EXPECT_EQ(query_task_page(sql, q).user_names,
            (std::map<std::int64_t, std::string>{{1, "root"}, {2, "bob"}}));
  q.user_id = 1;  // one owner on the page: one name
  EXPECT_EQ(query_task_page(sql, q).user_names, (std::map<std::int64_t, std::string>{{1, "root"}}));
  q.user_id = 99;  // no rows: no names
  EXPECT_TRUE(query_task_page(sql, q).user_names.empty());
}

TEST_P(task_page, substring_filters_match_wildcards_and_quotes_literally) {
  const std::vector<std::string> prompts = {"50% off",     "50X off",   "a_b",        "axb",
                                            "back\\slash", "backslash", "it's \"q\"", "its q"};
  std::vector<domain::task> batch;
  for (std::size_t i = 0; i < prompts.size(); ++i) {
    domain::task t;
    t.id = task_id(static_cast<int>(i) + 1);
    t.prompt = prompts[i];
    batch.push_back(t);
  }
  insert(std::move(batch));
  auto match = [&](const std::string& needle) {
    task_page_query q;
    q.prompt = needle;
    return all(q).first;
  };
  EXPECT_EQ(match("0% o"), nums({1}));
  EXPECT_EQ(match("%"), nums({1}));
  EXPECT_EQ(match("a_b"), nums({3}));
  EXPECT_EQ(match("_"), nums({3}));
  EXPECT_EQ(match("k\\s"), nums({5}));
  EXPECT_EQ(match("\\"), nums({5}));
  EXPECT_EQ(match("'s \"q"), nums({7}));
  EXPECT_EQ(match("' or '1'='1"), ids{});
  EXPECT_EQ(match("'; drop table tasks; --"), ids{});
  EXPECT_EQ(all({}).second, 8);  // still there
}

// The dashboard lists' filters (api-contracts.md §4.3) on the same query:
// platform equal / not equal, channel, submit_time range, the task center's
// task_id (upstream id or "task_" + uuid hex), seq order, deleted rows hidden.
class dashboard_page : public task_page {
 protected:
  // Inserted in this order (so seq 1..8), with ids running the other way so
  // that seq order and id order disagree.
  void insert_eight() {
    std::vector<domain::task> batch;
    for (int n = 1; n <= 8; ++n) {
      domain::task t;
      t.id = task_id(100 - n);
      t.uuid = "0000000" + std::to_string(n) + "-8d3b-4c1a-9e7f-0123456789ab";
      t.user_id = n <= 4 ? 1 : 2;
      t.platform = n % 2 == 1 ? "mj" : "suno";
      t.action = t.platform == "mj" ? task_action::imagine
                                    : (n == 4 ? task_action::lyrics : task_action::music);
      t.channel_id = n == 3 ? 5 : 0;
      t.submit_time = 1700000000000 + n * 1000;
      t.upstream_task_id = n == 6 ? "suno-upstream-6" : "";
      t.deleted = n == 8;
      batch.push_back(t);
    }
    insert(std::move(batch));
  }

  // Every match, newest seq first, as the dashboard pages them.
  std::pair<ids, std::int64_t> newest_first(task_page_query q) {
    q.sort_field = task_sort_field::seq;
    q.descending = true;
    q.page_size = domain::max_task_page_size;
    auto p = query_task_page(sql, q);
    return {ids_of(p), p.total};
  }

  static ids nth(std::initializer_list<int> ns) {
    ids out;
    for (int n : ns) out.push_back(task_id(100 - n));
    return out;
  }
};

TEST_P(dashboard_page, orders_by_seq_and_never_shows_deleted_rows) {
  insert_eight();
  task_page_query q;
  EXPECT_EQ(newest_first(q), std::pair(nth({7, 6, 5, 4, 3, 2, 1}), std::int64_t{7}));
  q.sort_field = task_sort_field::seq;
  q.descending = false;
  q.page_size = 3;
  q.page_number = 1;
  EXPECT_EQ(ids_of(query_task_page(sql, q)), nth({4, 5, 6}));
  q = {};
  q.id = task_id(100 - 8);  // deleted: neither listed nor counted, even by id
  EXPECT_EQ(newest_first(q), std::pair(ids{}, std::int64_t{0}));
}

TEST_P(dashboard_page, platform_equal_and_not_equal_with_the_owner) {
  insert_eight();
  task_page_query q;
  q.platform = "mj";
  EXPECT_EQ(newest_first(q), std::pair(nth({7, 5, 3, 1}), std::int64_t{4}));
  q.user_id = 1;  // /api/mj/self
  EXPECT_EQ(newest_first(q), std::pair(nth({3, 1}), std::int64_t{2}));
  q = {};
  q.excluded_platform = "mj";  // /api/task
  EXPECT_EQ(newest_first(q), std::pair(nth({6, 4, 2}), std::int64_t{3}));
  q.platform = "suno";
  EXPECT_EQ(newest_first(q).second, 3);
  q.platform = "mj";  // both: nothing
  EXPECT_EQ(newest_first(q), std::pair(ids{}, std::int64_t{0}));
  q = {};
  q.excluded_platform = "mj";
  q.user_id = 2;
  EXPECT_EQ(newest_first(q), std::pair(nth({6}), std::int64_t{1}));
  q.actions = {task_action::music};
  EXPECT_EQ(newest_first(q).first, nth({6}));
  q.user_id = 0;
  q.actions = {task_action::lyrics};
  EXPECT_EQ(newest_first(q).first, nth({4}));
}

TEST_P(dashboard_page, channel_and_inclusive_submit_time_bounds) {
  insert_eight();
  task_page_query q;
  q.channel_id = 5;
  EXPECT_EQ(newest_first(q).first, nth({3}));
  q.channel_id = 0;  // the local pool is a filter value, not "any"
  EXPECT_EQ(newest_first(q).second, 6);
  q = {};
  q.submit_from = 1700000000000 + 2000;  // inclusive on both ends
  q.submit_to = 1700000000000 + 5000;
  EXPECT_EQ(newest_first(q), std::pair(nth({5, 4, 3, 2}), std::int64_t{4}));
  q.submit_to = 0;  // open end
  EXPECT_EQ(newest_first(q).second, 6);
  q.submit_from = 0;
  q.submit_to = 1700000000000 + 1999;
  EXPECT_EQ(newest_first(q).first, nth({1}));
}

TEST_P(dashboard_page, task_center_id_matches_the_upstream_id_or_the_own_uuid_form) {
  insert_eight();
  task_page_query q;
  q.task_center_id = "suno-upstream-6";
  EXPECT_EQ(newest_first(q).first, nth({6}));
  q.task_center_id = "task_000000028d3b4c1a9e7f0123456789ab";  // uuid of n = 2
  EXPECT_EQ(newest_first(q).first, nth({2}));
  q.task_center_id =
      "task_000000068d3b4c1a9e7f0123456789ab";  // relayed: its own form still finds it
  EXPECT_EQ(newest_first(q).first, nth({6}));
  q.task_center_id = "00000002-8d3b-4c1a-9e7f-0123456789ab";  // the bare uuid is no task_id
  EXPECT_EQ(newest_first(q), std::pair(ids{}, std::int64_t{0}));
  q.task_center_id = "task_000000088d3b4c1a9e7f0123456789ab";  // deleted
  EXPECT_EQ(newest_first(q).second, 0);
}

TEST_P(dashboard_page, task_center_ids_match_any_of_them_in_one_query) {
  insert_eight();
  task_page_query q;
  q.task_center_ids = {"suno-upstream-6", "task_000000048d3b4c1a9e7f0123456789ab", "nope",
                       "task_000000088d3b4c1a9e7f0123456789ab"};  // the last one is deleted
  EXPECT_EQ(newest_first(q), std::pair(nth({6, 4}), std::int64_t{2}));
  q.user_id = 2;  // owner scoping: task 4 belongs to user 1
  EXPECT_EQ(newest_first(q).first, nth({6}));
  q = {};
  q.task_center_ids = {"nope", "neither"};  // no uuid form at all
  EXPECT_EQ(newest_first(q).second, 0);
}

INSTANTIATE_TEST_SUITE_P(sqlite, dashboard_page, ::testing::Values("sqlite"));
INSTANTIATE_TEST_SUITE_P(postgres, dashboard_page, ::testing::Values("postgres"));

// node-api list: a cursor (id or uuid) pages without changing the total, an
// explicit offset skips rows, and size_cap lifts the page bound up to 500.
TEST_P(task_page, before_cursor_offset_and_size_cap) {
  insert_twelve();
  auto newest = [&](task_page_query q) {
    q.sort_field = task_sort_field::id;
    q.descending = true;
    return query_task_page(sql, q);
  };
  task_page_query q;
  q.page_size = 3;
  q.before = task_id(9);
  auto p = newest(q);
  EXPECT_EQ(ids_of(p), nums({8, 7, 6}));
  EXPECT_EQ(p.total, 12) << "the cursor is not a filter of the total";

  domain::task uuid_row;
  uuid_row.id = task_id(20);
  uuid_row.uuid = "0b6f3c1e-2a4d-4e8f-9a1b-2c3d4e5f6a7b";
  uuid_row.user_id = 1;
  insert({uuid_row});
  q.before = uuid_row.uuid;
  EXPECT_EQ(ids_of(newest(q)), nums({12, 11, 10}));
  q.before = "00000000-0000-4000-8000-000000000000";
  EXPECT_EQ(ids_of(newest(q)), ids{}) << "an unknown cursor matches nothing";
  q.before = task_id(9);  // user 1's task: not a cursor for user 2
  q.user_id = 2;
  EXPECT_EQ(ids_of(newest(q)), ids{});
  q.before = task_id(10);
  EXPECT_EQ(ids_of(newest(q)), nums({8, 6, 4}));
  EXPECT_EQ(newest(q).total, 6);

  task_page_query o;
  o.page_size = 4;
  o.offset = 3;
  o.page_number = 7;                                  // ignored when offset is set
  EXPECT_EQ(ids_of(newest(o)), nums({10, 9, 8, 7}));  // after 20, 12, 11
  o.before = task_id(12);
  EXPECT_EQ(ids_of(newest(o)), nums({8, 7, 6, 5}));
  o.offset = 13;
  EXPECT_EQ(ids_of(newest(o)), ids{});

  task_page_query big;
  big.page_size = 1000;
  EXPECT_EQ(domain::page_size_of(big), domain::max_task_page_size);
  big.size_cap = 500;
  EXPECT_EQ(domain::page_size_of(big), 500);
  big.size_cap = 100000;
  EXPECT_EQ(domain::page_size_of(big), domain::max_task_page_cap);
  big.page_size = 0;
  EXPECT_EQ(domain::page_size_of(big), 1);
}

TEST(task_page_pure, like_substring_escapes_the_wildcards_and_the_escape) {
  EXPECT_EQ(like_substring(""), "%%");
  EXPECT_EQ(like_substring("cat"), "%cat%");
  EXPECT_EQ(like_substring("50%_\\x"), "%50\\%\\_\\\\x%");
  EXPECT_EQ(like_substring("猫'\""), "%猫'\"%");
}

// The backend dialect's additions: lookup by seq, offset/limit paging newest
// seq first, and a count without rows (limit=0).
TEST_P(task_page, seqs_offset_and_count_only) {
  insert_twelve();
  auto all_rows = all({});
  ASSERT_EQ(all_rows.second, 12);
  std::vector<std::int64_t> seq_of;  // seq of task n at [n - 1]
  {
    task_page_query q;
    q.page_size = domain::max_task_page_size;
    q.sort_field = task_sort_field::id;
    q.descending = false;
    for (const auto& t : query_task_page(sql, q).content) seq_of.push_back(t.seq);
  }
  ASSERT_EQ(seq_of.size(), 12u);
  task_page_query q;
  q.seqs = {seq_of[4], seq_of[1], 987654321};
  EXPECT_EQ(all(q), std::pair(nums({2, 5}), std::int64_t{2}));
  q.user_id = 2;  // task 5 is user 1's
  EXPECT_EQ(all(q), std::pair(nums({2}), std::int64_t{1}));

  q = {};
  q.sort_field = task_sort_field::seq;
  q.descending = true;
  q.offset = 3;
  q.page_size = 4;
  q.page_number = 7;  // ignored: offset wins
  auto p = query_task_page(sql, q);
  EXPECT_EQ(ids_of(p), nums({9, 8, 7, 6}));
  EXPECT_EQ(p.total, 12);
  q.offset = 11;
  EXPECT_EQ(ids_of(query_task_page(sql, q)), nums({1}));
  q.offset = 12;
  p = query_task_page(sql, q);
  EXPECT_TRUE(p.content.empty());
  EXPECT_EQ(p.total, 12);

  q.offset = 0;
  q.count_only = true;
  q.user_id = 1;
  p = query_task_page(sql, q);
  EXPECT_TRUE(p.content.empty());
  EXPECT_EQ(p.total, 6);
}

INSTANTIATE_TEST_SUITE_P(sqlite, task_page, ::testing::Values("sqlite"));
INSTANTIATE_TEST_SUITE_P(postgres, task_page, ::testing::Values("postgres"));

}  // namespace
}  // namespace mjgate::persistence::test
