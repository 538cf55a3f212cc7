// The paged task query (query_task_page) on every backend: filters, sort in
// both directions with the id tie-break, paging edges, owner scoping and
// LIKE escaping. Same expectations on SQLite and PostgreSQL.
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
