// The new-api dashboard lists' query parameters (api-contracts.md §4.3):
// paging rules, each filter on the routes that take it, time units.
#include <gtest/gtest.h>

#include <climits>

#include <nlohmann/json.hpp>

#include "http/dialects/newapi/list_params.hpp"

namespace {

using mjgate::domain::task_action;
using mjgate::domain::task_page_query;
using mjgate::domain::task_sort_field;
using mjgate::domain::task_status;
using mjgate::http::reply;
namespace newapi = mjgate::http::newapi;
using newapi::list_request;
using newapi::list_route;
using newapi::query_params;

list_request parsed(list_route route, const query_params& params) {
  auto r = newapi::parse_list_params(route, params);
  EXPECT_TRUE(std::holds_alternative<list_request>(r)) << std::get<reply>(r).body;
  return std::holds_alternative<list_request>(r) ? std::get<list_request>(r) : list_request{};
}

task_page_query query(list_route route, const query_params& params) {
  return parsed(route, params).query;
}

std::pair<int, int> paging(const query_params& params) {
  auto r = parsed(list_route::mj_self, params);
  EXPECT_EQ(r.query.page_number, r.page - 1);
  EXPECT_EQ(r.query.page_size, r.page_size);
  return {r.page, r.page_size};
}

TEST(newapi_list_params, defaults_are_page_one_of_twenty_newest_first) {
  auto r = parsed(list_route::mj_self, {});
  EXPECT_EQ(r.page, 1);
  EXPECT_EQ(r.page_size, 20);
  EXPECT_FALSE(r.matches_nothing);
  task_page_query expected;
  expected.page_number = 0;
  expected.page_size = 20;
  expected.sort_field = task_sort_field::seq;
  expected.descending = true;
  expected.platform = "mj";
  EXPECT_EQ(r.query, expected);
  EXPECT_EQ(parsed(list_route::mj_self, {}).query.user_id, 0);  // the caller sets it
  auto configured = newapi::parse_list_params(list_route::mj_self, {}, 10);
  EXPECT_EQ(std::get<list_request>(configured).page_size, 10);
}

TEST(newapi_list_params, p_below_one_or_not_a_number_is_page_one) {
  EXPECT_EQ(paging({{"p", "3"}}).first, 3);
  for (const char* p : {"0", "-1", "-99999999999999999999", "abc", "", "1.5", " 2"})
    EXPECT_EQ(paging({{"p", p}}).first, 1) << p;
  EXPECT_EQ(paging({{"p", "99999999999999999999"}}).first, INT_MAX);  // saturates, no overflow
}

TEST(newapi_list_params, page_size_falls_back_to_ps_then_size_and_is_clamped) {
  EXPECT_EQ(paging({{"page_size", "7"}}).second, 7);
  EXPECT_EQ(paging({{"ps", "8"}}).second, 8);
  EXPECT_EQ(paging({{"size", "9"}}).second, 9);
  EXPECT_EQ(paging({{"page_size", "7"}, {"ps", "8"}, {"size", "9"}}).second, 7);
  EXPECT_EQ(paging({{"ps", "8"}, {"size", "9"}}).second, 8);
  EXPECT_EQ(paging({{"page_size", ""}, {"size", "9"}}).second, 9);
  EXPECT_EQ(paging({{"page_size", "0"}}).second, 20);  // 0 → default
  EXPECT_EQ(paging({{"page_size", "0"}, {"ps", "5"}}).second, 5);
  EXPECT_EQ(paging({{"page_size", "101"}}).second, 100);
  EXPECT_EQ(paging({{"size", "100000000000000000000000"}}).second, 100);
  EXPECT_EQ(paging({{"page_size", "100"}}).second, 100);
  EXPECT_EQ(paging({{"page_size", "1"}}).second, 1);
}

TEST(newapi_list_params, negative_or_non_numeric_page_size_is_rejected_with_the_exact_message) {
  for (query_params params : std::vector<query_params>{{{"page_size", "-1"}},
                                                       {{"page_size", "abc"}},
                                                       {{"ps", "-5"}},
                                                       {{"size", "ten"}},
                                                       {{"page_size", "2x"}},
                                                       {{"page_size", "0"}, {"ps", "-1"}}}) {
    for (auto route :
         {list_route::mj_self, list_route::mj_all, list_route::task_self, list_route::task_all}) {
      auto r = newapi::parse_list_params(route, params);
      ASSERT_TRUE(std::holds_alternative<reply>(r)) << params.begin()->second;
      EXPECT_EQ(std::get<reply>(r).status, 200);
      EXPECT_EQ(std::get<reply>(r).body,
                R"({"success":false,"message":"page_size must be between 1 and 100"})");
    }
  }
}

TEST(newapi_list_params, mj_routes_filter_mj_tasks_by_id_and_admin_by_channel) {
  auto self = query(list_route::mj_self, {{"mj_id", "1718000000000100"}, {"channel_id", "3"}});
  EXPECT_EQ(self.id, "1718000000000100");
  EXPECT_EQ(self.platform, "mj");
  EXPECT_EQ(self.channel_id, mjgate::domain::any_channel);  // ignored on /self
  auto all = query(list_route::mj_all, {{"mj_id", "17"}, {"channel_id", "3"}});
  EXPECT_EQ(all.id, "17");
  EXPECT_EQ(all.channel_id, 3);
  EXPECT_EQ(query(list_route::mj_all, {{"channel_id", "0"}}).channel_id, 0);  // the local pool
  for (const char* bad : {"", "-1", "x", "1e3"})
    EXPECT_EQ(query(list_route::mj_all, {{"channel_id", bad}}).channel_id,
              mjgate::domain::any_channel)
        << bad;
  // Task-center filters mean nothing here.
  auto ignored = query(list_route::mj_all, {{"platform", "suno"},
                                            {"task_id", "t"},
                                            {"status", "SUCCESS"},
                                            {"action", "MUSIC"},
                                            {"user_id", "5"}});
  EXPECT_EQ(ignored.platform, "mj");
  EXPECT_TRUE(ignored.task_center_id.empty());
  EXPECT_TRUE(ignored.statuses.empty());
  EXPECT_TRUE(ignored.actions.empty());
  EXPECT_EQ(ignored.user_id, 0);
}

TEST(newapi_list_params, mj_times_are_seconds_below_ten_to_the_twelve_else_milliseconds) {
  auto s = query(list_route::mj_self,
                 {{"start_timestamp", "1640908800"}, {"end_timestamp", "1640995200"}});
  EXPECT_EQ(s.submit_from, 1640908800000);
  EXPECT_EQ(s.submit_to, 1640995200999);  // the whole last second
  auto ms = query(list_route::mj_all,
                  {{"start_timestamp", "1640908800123"}, {"end_timestamp", "1640995200456"}});
  EXPECT_EQ(ms.submit_from, 1640908800123);
  EXPECT_EQ(ms.submit_to, 1640995200456);
  auto edge = query(list_route::mj_self,
                    {{"start_timestamp", "999999999999"}, {"end_timestamp", "1000000000000"}});
  EXPECT_EQ(edge.submit_from, 999999999999000);
  EXPECT_EQ(edge.submit_to, 1000000000000);
  for (const char* bad : {"0", "-5", "abc", "", "2022-01-01"}) {
    auto q = query(list_route::mj_self, {{"start_timestamp", bad}, {"end_timestamp", bad}});
    EXPECT_EQ(q.submit_from, 0) << bad;
    EXPECT_EQ(q.submit_to, 0) << bad;
  }
}

TEST(newapi_list_params, task_routes_take_seconds_only) {
  auto q = query(list_route::task_self,
                 {{"start_timestamp", "1640908800"}, {"end_timestamp", "1640995200"}});
  EXPECT_EQ(q.submit_from, 1640908800000);
  EXPECT_EQ(q.submit_to, 1640995200999);
  auto big = query(list_route::task_all, {{"start_timestamp", "1640908800123"},
                                          {"end_timestamp", "99999999999999999999"}});
  EXPECT_EQ(big.submit_from, 1640908800123000);  // seconds, however large
  EXPECT_EQ(big.submit_to, INT64_MAX);           // saturates, no overflow
}

TEST(newapi_list_params, task_routes_list_non_mj_tasks_with_their_filters) {
  auto q = query(list_route::task_self, {{"platform", "suno"},
                                         {"task_id", "task_abc"},
                                         {"status", "SUCCESS"},
                                         {"action", "MUSIC"},
                                         {"channel_id", "4"},
                                         {"user_id", "9"},
                                         {"mj_id", "17"}});
  EXPECT_EQ(q.excluded_platform, "mj");
  EXPECT_EQ(q.platform, "suno");
  EXPECT_EQ(q.task_center_id, "task_abc");
  EXPECT_EQ(q.statuses, std::vector{task_status::success});
  EXPECT_EQ(q.actions, std::vector{task_action::music});
  EXPECT_EQ(q.channel_id, mjgate::domain::any_channel);  // not on /self
  EXPECT_EQ(q.user_id, 0);                               // not on /self
  EXPECT_TRUE(q.id.empty());                             // mj_id is for /api/mj
  auto all = query(list_route::task_all, {{"channel_id", "4"}, {"user_id", "9"}});
  EXPECT_EQ(all.channel_id, 4);
  EXPECT_EQ(all.user_id, 9);
  EXPECT_TRUE(all.platform.empty());
  for (const char* bad : {"0", "-2", "nine"})
    EXPECT_EQ(query(list_route::task_all, {{"user_id", bad}}).user_id, 0) << bad;
}

TEST(newapi_list_params, action_is_case_insensitive_and_song_means_music) {
  for (const char* a : {"music", "Music", "MUSIC", "song", "SONG"})
    EXPECT_EQ(query(list_route::task_self, {{"action", a}}).actions,
              std::vector{task_action::music})
        << a;
  EXPECT_EQ(query(list_route::task_all, {{"action", "lyrics"}}).actions,
            std::vector{task_action::lyrics});
  auto unknown = parsed(list_route::task_self, {{"action", "dance"}});
  EXPECT_TRUE(unknown.matches_nothing);
  EXPECT_FALSE(parsed(list_route::task_self, {{"action", ""}}).matches_nothing);
}

TEST(newapi_list_params, status_takes_the_views_values) {
  auto statuses = [](const char* s) {
    return query(list_route::task_self, {{"status", s}}).statuses;
  };
  EXPECT_EQ(statuses("NOT_START"), (std::vector{task_status::not_start, task_status::modal}));
  EXPECT_EQ(statuses("SUBMITTED"), std::vector{task_status::submitted});
  EXPECT_EQ(statuses("IN_PROGRESS"), std::vector{task_status::in_progress});
  EXPECT_EQ(statuses("SUCCESS"), std::vector{task_status::success});
  // The view shows a cancelled task as FAILURE, so FAILURE finds it.
  EXPECT_EQ(statuses("FAILURE"), (std::vector{task_status::failure, task_status::cancel}));
  for (const char* none : {"QUEUED", "UNKNOWN", "CANCEL", "success", "DONE"})
    EXPECT_TRUE(parsed(list_route::task_all, {{"status", none}}).matches_nothing) << none;
}

}  // namespace
