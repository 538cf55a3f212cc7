// The account's reconciliation bookkeeping: triggers, one read in flight,
// paging, stall checks and verdicts on recorded Midjourney messages.
#include "actors/reconciler.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "discord/message_history.hpp"
#include "discord/payloads.hpp"

using namespace mjgate;
using namespace mjgate::actors;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view channel = "1100000000000000002";
constexpr std::string_view user = "1000000000000000099";

std::string read_data(const std::string& name) {
  std::ifstream in(std::string{MJGATE_DISCORD_TEST_DATA} + "/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<discord::gateway_event> recorded_page() {
  auto page = discord::parse_message_history(read_data("rest_history.json"));
  EXPECT_TRUE(page.has_value());
  return page.value_or(std::vector<discord::gateway_event>{});
}

// The recorded final (…030) belongs to the job with interaction id …001.
domain::pending_job cat_job(std::int64_t started_at) {
  domain::pending_job j;
  j.task_id = "cat";
  j.interaction_id = "1250000000000000001";
  j.prompt_full = "a red cat --seed 42 --v 7.0";
  j.seed = "42";
  j.started_at = started_at;
  return j;
}

domain::pending_job other_job(std::int64_t started_at) {
  domain::pending_job j;
  j.task_id = "dog";
  j.interaction_id = "1250000000000000777";
  j.prompt_full = "a dog --seed 7";
  j.seed = "7";
  j.started_at = started_at;
  return j;
}

discord::gateway_event message(std::int64_t at_ms, unsigned seq) {
  discord::gateway_event ev;
  ev.id = std::to_string(discord::make_snowflake(at_ms, 0, 0, seq));
  ev.channel_id = std::string{channel};
  ev.author_id = "936929561302675456";
  ev.author_is_bot = true;
  ev.content = "**chatter** - <@1> (fast)";
  return ev;
}

const std::int64_t final_at = discord::snowflake_time_ms("1250000000000000030");

}  // namespace

TEST(reconciler, reads_only_when_asked_and_one_read_at_a_time) {
  reconciler r;
  std::vector jobs{cat_job(final_at - 60000)};
  EXPECT_EQ(r.start(jobs), std::nullopt);  // nobody asked
  r.request("new gateway session");
  auto cursor = r.start(jobs);
  ASSERT_TRUE(cursor.has_value());
  EXPECT_EQ(discord::snowflake_time_ms(*cursor), final_at - 65000);  // oldest dispatch − 5 s
  EXPECT_TRUE(r.in_flight());
  r.request("gateway resumed");  // during the read: exactly one more read later
  EXPECT_EQ(r.start(jobs), std::nullopt);
  EXPECT_EQ(r.add_page(recorded_page(), std::string{channel}), std::nullopt);  // short page
  r.finish(jobs, std::string{user}, final_at);
  EXPECT_FALSE(r.in_flight());
  EXPECT_EQ(r.reason(), "gateway resumed");
  EXPECT_TRUE(r.start(jobs).has_value());
  r.abort();
  EXPECT_EQ(r.start(jobs), std::nullopt);
}

TEST(reconciler, no_read_without_jobs) {
  reconciler r;
  r.request("new gateway session");
  EXPECT_EQ(r.start({}), std::nullopt);
  EXPECT_FALSE(r.in_flight());
  EXPECT_FALSE(r.wanted());
}

TEST(reconciler, finds_the_final_in_history_and_leaves_the_young_job_running) {
  reconciler r;
  std::vector jobs{cat_job(final_at - 60000), other_job(final_at - 30000)};
  r.request("restart");
  ASSERT_TRUE(r.start(jobs).has_value());
  EXPECT_EQ(r.add_page(recorded_page(), std::string{channel}), std::nullopt);
  auto result = r.finish(jobs, std::string{user}, final_at + 1000);
  ASSERT_EQ(result.messages.size(), 2u);                    // the user's own message is dropped
  EXPECT_EQ(result.messages[0].id, "1250000000000000010");  // oldest first
  ASSERT_EQ(result.verdicts.size(), 2u);
  const auto& cat = result.verdicts[0];
  EXPECT_EQ(cat.outcome, domain::reconcile_outcome::finished);
  ASSERT_TRUE(cat.message_index.has_value());
  EXPECT_EQ(result.messages[*cat.message_index].id, "1250000000000000030");
  EXPECT_EQ(result.verdicts[1].outcome, domain::reconcile_outcome::running);
  EXPECT_TRUE(result.complete);
}

TEST(reconciler, fails_a_job_older_than_the_run_timeout_without_a_result) {
  reconciler r{reconcile_settings{90s, 5min}};
  std::vector jobs{other_job(final_at - 6 * 60000)};
  r.request("restart");
  ASSERT_TRUE(r.start(jobs).has_value());
  r.add_page(recorded_page(), std::string{channel});
  auto result = r.finish(jobs, std::string{user}, final_at);
  ASSERT_EQ(result.verdicts.size(), 1u);
  EXPECT_EQ(result.verdicts[0].outcome, domain::reconcile_outcome::failed);
  EXPECT_EQ(result.verdicts[0].reason, domain::reconcile_lost_reason);
}

TEST(reconciler, pages_forward_from_the_newest_id_and_stops_at_max_pages) {
  reconcile_settings s;
  s.page_size = 2;
  s.max_pages = 2;
  reconciler r{s};
  std::vector jobs{other_job(final_at - 6 * 60000)};
  r.request("stall");
  ASSERT_TRUE(r.start(jobs).has_value());
  auto first = message(final_at, 1), second = message(final_at, 2);
  auto next = r.add_page({second, first}, std::string{channel});  // newest first
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, second.id);
  auto third = message(final_at + 5, 0), fourth = message(final_at + 6, 0);
  EXPECT_EQ(r.add_page({fourth, third}, std::string{channel}), std::nullopt);  // max pages
  auto result = r.finish(jobs, std::string{user}, final_at);
  EXPECT_EQ(result.messages.size(), 4u);
  EXPECT_FALSE(result.complete);
  // An incomplete history fails nobody: the result may be on a later page.
  EXPECT_EQ(result.verdicts[0].outcome, domain::reconcile_outcome::running);
}

TEST(reconciler, keeps_only_midjourney_messages_of_the_channel) {
  reconciler r;
  std::vector jobs{other_job(final_at)};
  r.request("stall");
  ASSERT_TRUE(r.start(jobs).has_value());
  auto elsewhere = message(final_at, 1);
  elsewhere.channel_id = "1";
  auto human = message(final_at, 2);
  human.author_id = "5";
  human.author_is_bot = false;
  r.add_page({elsewhere, human, message(final_at, 3)}, std::string{channel});
  EXPECT_EQ(r.finish(jobs, std::string{user}, final_at).messages.size(), 1u);
}

TEST(reconciler, a_silent_job_asks_for_one_read_per_stall_window) {
  reconciler r{reconcile_settings{90s, 5min}};
  const std::int64_t t0 = 1'000'000;
  r.touch("a", t0);
  r.touch("b", t0);
  EXPECT_FALSE(r.check_stalls({"a", "b"}, t0 + 89'000));
  r.touch("b", t0 + 50'000);  // b saw an event
  EXPECT_TRUE(r.check_stalls({"a", "b"}, t0 + 90'000));
  EXPECT_TRUE(r.wanted());
  EXPECT_NE(r.reason().find("silent for 90 s"), std::string::npos);
  // a was checked at t0+90 s; b is silent since t0+50 s.
  EXPECT_FALSE(r.check_stalls({"a"}, t0 + 120'000));
  EXPECT_TRUE(r.check_stalls({"b"}, t0 + 140'000));
  r.forget("a");
  EXPECT_FALSE(r.check_stalls({"a"}, t0 + 300'000));  // forgotten: the clock starts again
  EXPECT_TRUE(r.check_stalls({"a"}, t0 + 390'000));
}
