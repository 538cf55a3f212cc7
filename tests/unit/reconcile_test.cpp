// Reconciliation from channel history (discord-midjourney-protocol.md §6.3).
#include "domain/reconcile.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace mjgate::domain;

namespace {

constexpr std::int64_t t0 = 1'718'000'000'000;
constexpr std::int64_t minute = 60'000;

pending_job job(std::string id, std::int64_t started_at, std::string prompt = "a red fox") {
  pending_job j;
  j.task_id = std::move(id);
  j.started_at = started_at;
  j.prompt_full = std::move(prompt);
  return j;
}

history_message msg(std::string id, std::int64_t at, bool final, std::string prompt = "") {
  history_message m;
  m.id = std::move(id);
  m.timestamp_ms = at;
  m.final = final;
  m.prompt = std::move(prompt);
  m.mentions_user = true;
  m.image_url = final ? "https://cdn/x.png" : "https://cdn/x_grid_0.webp";
  return m;
}

reconcile_params at(std::int64_t now, bool complete = true) {
  return {now, 5 * minute, complete};
}

}  // namespace

TEST(reconcile, history_window_is_oldest_dispatch_minus_5s) {
  EXPECT_EQ(history_window({}), std::nullopt);
  EXPECT_EQ(history_window({job("a", t0 + 100), job("b", t0), job("c", t0 + 50)}), t0 - 5000);
}

TEST(reconcile, each_cascade_step_finishes_its_task) {
  std::vector<pending_job> tasks;
  auto by_interaction = job("by_interaction", t0);
  by_interaction.interaction_id = "I1";
  auto by_trigger = job("by_trigger", t0);
  by_trigger.interaction_id = "I2";
  auto by_pick = job("by_pick", t0);
  by_pick.action = task_action::upscale;
  by_pick.parent_message_id = "grid";
  by_pick.pick_index = 3;
  auto by_message = job("by_message", t0);
  by_message.message_ids = {"M4"};
  auto by_hash = job("by_hash", t0);
  by_hash.job_hash = "h5";
  auto by_seed = job("by_seed", t0, "a blue fox --seed 99");
  tasks = {by_interaction, by_trigger, by_pick, by_message, by_hash, by_seed};

  std::vector<history_message> page;
  page.push_back(msg("F1", t0 + 1, true));
  page.back().interaction_id = "I1";
  page.push_back(msg("F2", t0 + 2, true));
  page.back().triggering_interaction_id = "I2";
  page.push_back(msg("F3", t0 + 3, true));
  page.back().referenced_message_id = "grid";
  page.back().image_index = 3;
  page.push_back(msg("M4", t0 + 4, true));  // an UPDATE that became final in history
  page.push_back(msg("F5", t0 + 5, true));
  page.back().job_hash = "h5";
  page.push_back(msg("F6", t0 + 6, true, "a blue fox --seed 99 --v 7.0"));

  auto v = reconcile(tasks, page, at(t0 + minute));
  ASSERT_EQ(v.size(), tasks.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    EXPECT_EQ(v[i].task_id, tasks[i].task_id);
    EXPECT_EQ(v[i].outcome, reconcile_outcome::finished) << tasks[i].task_id;
    ASSERT_TRUE(v[i].message_index.has_value()) << tasks[i].task_id;
    EXPECT_EQ(*v[i].message_index, i) << tasks[i].task_id;
  }
}

TEST(reconcile, outcome_table_running_failed_finished) {
  struct row {
    const char* name;
    std::int64_t started_at;
    bool progress_seen;
    bool final_seen;
    bool complete;
    reconcile_outcome outcome;
  };
  const std::int64_t now = t0 + 10 * minute;
  const row rows[] = {
      {"young, nothing", now - minute, false, false, true, reconcile_outcome::running},
      {"young, progress", now - minute, true, false, true, reconcile_outcome::running},
      {"old, nothing", now - 6 * minute, false, false, true, reconcile_outcome::failed},
      {"old, progress only", now - 6 * minute, true, false, true, reconcile_outcome::failed},
      {"old, partial history", now - 6 * minute, false, false, false, reconcile_outcome::running},
      {"old, final", now - 6 * minute, true, true, true, reconcile_outcome::finished},
      {"exactly max age", now - 5 * minute, false, false, true, reconcile_outcome::failed},
  };
  for (const auto& r : rows) {
    auto j = job("t", r.started_at);
    j.interaction_id = "I";
    std::vector<history_message> page;
    if (r.progress_seen) {
      page.push_back(msg("P", r.started_at + 1000, false));
      page.back().interaction_id = "I";
      page.back().job_hash = "hh";
    }
    if (r.final_seen) {
      page.push_back(msg("F", r.started_at + 2000, true));
      page.back().job_hash = "hh";  // found through the hash the progress taught
    }
    auto v = reconcile({j}, page, at(now, r.complete));
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].outcome, r.outcome) << r.name;
    EXPECT_EQ(v[0].reason.empty(), r.outcome != reconcile_outcome::failed) << r.name;
    if (r.progress_seen) {
      EXPECT_EQ(v[0].job_hash, "hh") << r.name;
      EXPECT_EQ(v[0].progress_index, 0u) << r.name;
    }
  }
}

TEST(reconcile, twenty_same_prompts_are_told_apart_by_the_injected_seed) {
  std::vector<pending_job> tasks;
  for (int i = 0; i < 20; ++i) {
    auto j =
        job("t" + std::to_string(i), t0 + i * 1000, "a red fox --seed " + std::to_string(1000 + i));
    tasks.push_back(j);
  }
  // Finals arrive in reverse order, with MJ's echo rewriting; plus two strangers.
  std::vector<history_message> page;
  for (int i = 19; i >= 0; --i)
    page.push_back(msg("F" + std::to_string(i), t0 + minute - i, true,
                       "A red  fox --seed " + std::to_string(1000 + i) + " --v 7.0"));
  page.push_back(msg("other-seed", t0 + minute, true, "a red fox --seed 5"));
  page.push_back(msg("no-mention", t0 + minute, true, "a red fox --seed 1003"));
  page.back().mentions_user = false;

  auto v = reconcile(tasks, page, at(t0 + 2 * minute));
  ASSERT_EQ(v.size(), 20u);
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(v[i].outcome, reconcile_outcome::finished) << i;
    EXPECT_EQ(page[*v[i].message_index].id, "F" + std::to_string(i)) << i;
  }
}

TEST(reconcile, a_final_message_finishes_one_task_only) {
  // Same seed and prompt on two tasks (caller-supplied seed): the oldest wins,
  // the other keeps waiting.
  auto a = job("a", t0 + 10, "cat --seed 1");
  auto b = job("b", t0, "cat --seed 1");
  std::vector<history_message> page{msg("F", t0 + minute, true, "cat --seed 1")};
  auto v = reconcile({a, b}, page, at(t0 + 2 * minute));
  EXPECT_EQ(v[0].outcome, reconcile_outcome::running);
  EXPECT_EQ(v[1].outcome, reconcile_outcome::finished);
}

TEST(reconcile, seed_match_needs_the_same_action_and_a_seed) {
  auto imagine = job("i", t0, "cat --seed 1");
  auto no_seed = job("n", t0, "dog");
  std::vector<history_message> page{msg("F1", t0 + 1, true, "cat --seed 1"),
                                    msg("F2", t0 + 2, true, "dog")};
  page[0].action = task_action::variation;
  auto v = reconcile({imagine, no_seed}, page, at(t0 + minute));
  EXPECT_EQ(v[0].outcome, reconcile_outcome::running);
  EXPECT_EQ(v[1].outcome, reconcile_outcome::running);
  page[0].action = task_action::imagine;
  v = reconcile({imagine}, page, at(t0 + minute));
  EXPECT_EQ(v[0].outcome, reconcile_outcome::finished);
}

TEST(reconcile, explicit_seed_field_overrides_the_prompt) {
  auto j = job("t", t0, "cat");
  j.seed = "77";  // injected seed stored apart from the prompt
  std::vector<history_message> page{msg("F", t0 + 1, true, "cat --seed 77")};
  EXPECT_EQ(reconcile({j}, page, at(t0 + minute))[0].outcome, reconcile_outcome::finished);
}
