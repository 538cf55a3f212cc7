// Relay rules (domain/channel.hpp, domain/relay.hpp): channel choice, poll
// batching, backoff, the Suno upstream codec and status mapping, timeouts,
// when a channel answering code 3 is disabled (domain/channel_strikes.hpp).
#include <gtest/gtest.h>

#include <map>

#include "domain/channel.hpp"
#include "domain/channel_strikes.hpp"
#include "domain/relay.hpp"

using namespace mjgate::domain;
using namespace std::chrono_literals;

namespace {

channel suno_channel(std::int64_t id, int priority, int weight = 1,
                     std::vector<std::string> models = {}) {
  channel c;
  c.id = id;
  c.type = channel_type::suno;
  c.base_url = "http://127.0.0.1:1";
  c.key = "k";
  c.models = std::move(models);
  c.priority = priority;
  c.weight = weight;
  return c;
}

}  // namespace

TEST(ChannelChoice, HighestPriorityEnabledServingNotExcluded) {
  std::vector<channel> cs{suno_channel(1, 0), suno_channel(2, 10),
                          suno_channel(3, 10, 1, {"LYRICS"})};
  EXPECT_EQ(choose_channel(cs, channel_type::suno, "MUSIC", "chirp-v3-0", {}, 7), 1u);
  EXPECT_EQ(choose_channel(cs, channel_type::suno, "MUSIC", "", {2}, 7), 0u);
  cs[1].enabled = false;
  EXPECT_EQ(choose_channel(cs, channel_type::suno, "MUSIC", "", {}, 7), 0u);
  EXPECT_FALSE(choose_channel(cs, channel_type::suno, "MUSIC", "", {1}, 7));
  EXPECT_FALSE(choose_channel(cs, channel_type::midjourney_proxy, "IMAGINE", "", {}, 7));
  // lyrics: channel 3 (priority 10) serves it; models match case-insensitively
  EXPECT_EQ(choose_channel(cs, channel_type::suno, "lyrics", "", {}, 7), 2u);
}

TEST(ChannelChoice, ModelsMatchActionOrModelName) {
  auto c = suno_channel(1, 0, 1, {"chirp-v3-5"});
  EXPECT_TRUE(serves(c, "MUSIC", "CHIRP-V3-5"));
  EXPECT_FALSE(serves(c, "MUSIC", "chirp-v3-0"));
  EXPECT_TRUE(serves(suno_channel(2, 0), "anything", ""));
}

TEST(ChannelChoice, WeightedWithinPriority) {
  std::vector<channel> cs{suno_channel(1, 5, 1), suno_channel(2, 5, 3)};
  std::map<std::size_t, int> picks;
  for (std::uint64_t r = 0; r < 400; ++r)
    ++picks[*choose_channel(cs, channel_type::suno, "MUSIC", "", {}, r)];
  EXPECT_EQ(picks[0], 100);
  EXPECT_EQ(picks[1], 300);
}

TEST(ChannelType, Names) {
  EXPECT_EQ(parse_channel_type("Suno"), channel_type::suno);
  EXPECT_EQ(parse_channel_type("midjourney-proxy"), channel_type::midjourney_proxy);
  EXPECT_FALSE(parse_channel_type("udio"));
  EXPECT_EQ(to_string(channel_type::midjourney_proxy), "midjourney-proxy");
}

TEST(PollRules, BatchesAreBoundedAndOrdered) {
  std::vector<std::string> ids;
  for (int i = 0; i < 450; ++i) ids.push_back(std::to_string(i));
  auto b = poll_batches(ids, 200);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].size(), 200u);
  EXPECT_EQ(b[2].size(), 50u);
  EXPECT_EQ(b[2].back(), "449");
  EXPECT_TRUE(poll_batches({}, 200).empty());
  EXPECT_EQ(poll_batches({"a", "b"}, 0).size(), 2u);
}

TEST(PollRules, BackoffDoublesToFiveMinutes) {
  EXPECT_EQ(poll_backoff(1), 15s);
  EXPECT_EQ(poll_backoff(2), 30s);
  EXPECT_EQ(poll_backoff(3), 60s);
  EXPECT_EQ(poll_backoff(5), 240s);
  EXPECT_EQ(poll_backoff(6), 300s);
  EXPECT_EQ(poll_backoff(60), 300s);
  EXPECT_EQ(poll_backoff(2, 1s, 3s), 2s);
}

TEST(PollRules, TimeoutAndLost) {
  relay_limits l;
  l.task_timeout = 24h;
  l.lost_after = 4;
  l.lost_min_age = 10min;
  const std::int64_t t0 = 1'000'000'000;
  EXPECT_EQ(judge_relay_task(l, t0, 0, t0 + 1000), relay_verdict::keep);
  EXPECT_EQ(judge_relay_task(l, t0, 4, t0 + 60'000), relay_verdict::keep);  // too young
  EXPECT_EQ(judge_relay_task(l, t0, 3, t0 + 11 * 60'000), relay_verdict::keep);
  EXPECT_EQ(judge_relay_task(l, t0, 4, t0 + 11 * 60'000), relay_verdict::lost);
  EXPECT_EQ(judge_relay_task(l, t0, 0, t0 + 24 * 3'600'000), relay_verdict::timed_out);
  EXPECT_EQ(judge_relay_task(l, t0, 9, t0 + 25 * 3'600'000), relay_verdict::timed_out);
}

TEST(PollRules, RetryableSubmitStatuses) {
  EXPECT_TRUE(retryable_submit_status(0));
  EXPECT_TRUE(retryable_submit_status(429));
  EXPECT_TRUE(retryable_submit_status(502));
  EXPECT_FALSE(retryable_submit_status(400));
  EXPECT_FALSE(retryable_submit_status(401));
  EXPECT_FALSE(retryable_submit_status(200));
  EXPECT_EQ(upstream_failure_text(0), "network error");
  EXPECT_EQ(upstream_failure_text(503), "HTTP 503");
}

TEST(SunoCodec, StatusMapping) {
  EXPECT_EQ(suno_status("SUBMITTED"), task_status::submitted);
  EXPECT_EQ(suno_status("queued"), task_status::queued);
  EXPECT_EQ(suno_status("IN_PROGRESS"), task_status::in_progress);
  EXPECT_EQ(suno_status("SUCCESS"), task_status::success);
  EXPECT_EQ(suno_status("FAILURE"), task_status::failure);
  EXPECT_EQ(suno_status("NOT_START"), task_status::not_start);
  EXPECT_EQ(suno_status("REVIEWING"), task_status::unknown);
  EXPECT_EQ(suno_status(""), task_status::unknown);
}

TEST(SunoCodec, SubmitAnswer) {
  EXPECT_EQ(parse_suno_submit(R"({"code":"success","data":"abc"})"), "abc");
  EXPECT_FALSE(parse_suno_submit(R"({"code":"success","data":""})"));
  EXPECT_FALSE(parse_suno_submit(R"({"code":"error","data":"abc"})"));
  EXPECT_FALSE(parse_suno_submit("<html>"));
}

TEST(SunoCodec, FetchAnswer) {
  auto items = parse_suno_fetch(
      R"({"code":"success","data":[{"task_id":"a","action":"MUSIC","status":"SUCCESS",
          "fail_reason":"","submit_time":10,"start_time":11,"finish_time":12,
          "data":[{"id":"c1","audio_url":"u"}]},{"status":"SUCCESS"},
          {"task_id":"b","status":"QUEUED","data":null}]})");
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].data, R"([{"audio_url":"u","id":"c1"}])");
  EXPECT_EQ((*items)[0].finish_time, 12);
  EXPECT_EQ((*items)[1].data, "");
  EXPECT_FALSE(parse_suno_fetch(R"({"code":"success","data":{}})"));
  EXPECT_EQ(suno_fetch_body({"a", "b"}), R"({"ids":["a","b"]})");
}

TEST(SunoCodec, PatchOfAnItem) {
  suno_item item;
  item.status = "FAILURE";
  auto p = suno_patch(item, 5);
  EXPECT_EQ(p.status, task_status::failure);
  EXPECT_FALSE(p.fail_reason.empty());
  EXPECT_EQ(p.at_ms, 5);
  item.status = "QUEUED";
  item.data = "[1]";
  p = suno_patch(item, 6);
  EXPECT_EQ(p.status, task_status::queued);
  EXPECT_TRUE(p.fail_reason.empty());
  EXPECT_EQ(p.upstream_data, "[1]");
}

TEST(SunoCodec, TaskMachineFollowsTheUpstream) {
  task t;
  t.platform = "suno";
  task_patch p;
  p.at_ms = 100;
  p.status = task_status::submitted;
  EXPECT_TRUE(apply_patch(t, p));
  p.status = task_status::queued;
  EXPECT_TRUE(apply_patch(t, p));
  p.status = task_status::unknown;
  EXPECT_TRUE(apply_patch(t, p));
  p.status = task_status::in_progress;
  p.upstream_data = R"([{"id":"x"}])";
  EXPECT_TRUE(apply_patch(t, p));
  EXPECT_EQ(t.upstream_data, p.upstream_data);
  EXPECT_FALSE(apply_patch(t, p));  // nothing changed
  p.status = task_status::queued;   // never backwards from IN_PROGRESS
  EXPECT_FALSE(apply_patch(t, p));
  p.status = task_status::success;
  p.at_ms = 200;
  EXPECT_TRUE(apply_patch(t, p));
  EXPECT_EQ(t.finish_time, 200);
  EXPECT_EQ(t.progress, 100);
  EXPECT_EQ(to_string(task_status::queued), "QUEUED");
  EXPECT_EQ(parse_task_status("UNKNOWN"), task_status::unknown);
}

TEST(channel_strikes, disable_only_after_a_long_run_of_code_3) {
  using mjgate::domain::channel_answer;
  mjgate::domain::channel_strikes s;
  const std::int64_t min = 60'000;
  // Five code 3 within a minute: a burst, not a verdict.
  for (int i = 0; i < 5; ++i)
    EXPECT_FALSE(note_channel_answer(s, channel_answer::cannot_serve, 1000 + i, 5, 10 * min));
  EXPECT_EQ(s.count, 5);
  // Network errors neither count nor end the run; the run reaches ten minutes.
  EXPECT_FALSE(note_channel_answer(s, channel_answer::no_verdict, 5 * min, 5, 10 * min));
  EXPECT_TRUE(note_channel_answer(s, channel_answer::cannot_serve, 1000 + 10 * min, 5, 10 * min));
}

TEST(channel_strikes, a_served_answer_ends_the_run_and_zero_never_disables) {
  using mjgate::domain::channel_answer;
  mjgate::domain::channel_strikes s;
  for (int i = 0; i < 4; ++i) note_channel_answer(s, channel_answer::cannot_serve, i, 5, 0);
  note_channel_answer(s, channel_answer::served, 10, 5, 0);
  EXPECT_EQ(s.count, 0);
  for (int i = 0; i < 4; ++i)
    EXPECT_FALSE(note_channel_answer(s, channel_answer::cannot_serve, 20 + i, 5, 0));
  EXPECT_TRUE(note_channel_answer(s, channel_answer::cannot_serve, 30, 5, 0));
  mjgate::domain::channel_strikes never;
  for (int i = 0; i < 50; ++i)
    EXPECT_FALSE(note_channel_answer(never, channel_answer::cannot_serve, i * 60'000, 0, 0));
}
