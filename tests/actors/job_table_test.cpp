#include "actors/job_table.hpp"

#include <gtest/gtest.h>

using namespace mjgate;
using discord::event_kind;

namespace {

discord::gateway_event event(event_kind kind, std::string id, std::string nonce = {}) {
  discord::gateway_event ev;
  ev.kind = kind;
  ev.id = std::move(id);
  ev.nonce = std::move(nonce);
  return ev;
}

discord::mj_reading reading(std::string hash = {}, std::string prompt = {}) {
  discord::mj_reading r;
  r.job_hash = std::move(hash);
  r.prompt = std::move(prompt);
  return r;
}

}  // namespace

TEST(job_table, cascade_learns_interaction_then_message_then_hash) {
  actors::job_table jobs;
  jobs.add({"t1", "N1", {}, {}, {}, "11", 0});
  jobs.add({"t2", "N2", {}, {}, {}, "22", 0});
  // 1. nonce on INTERACTION_SUCCESS teaches the interaction id
  EXPECT_EQ(jobs.correlate(event(event_kind::interaction_success, "I2", "N2"), reading()), "t2");
  // 3. a final message without nonce, matched by interaction_metadata.id
  auto final_msg = event(event_kind::message_create, "M9");
  final_msg.interaction_metadata_id = "I2";
  EXPECT_EQ(jobs.correlate(final_msg, reading("h-2")), "t2");
  // 5. an UPDATE of a known message
  EXPECT_EQ(jobs.correlate(event(event_kind::message_update, "M9"), reading()), "t2");
  // 6. the job hash learned above
  EXPECT_EQ(jobs.correlate(event(event_kind::message_create, "M10"), reading("h-2")), "t2");
  // 7. the injected seed in MJ's echo
  EXPECT_EQ(jobs.correlate(event(event_kind::message_create, "M11"), reading({}, "cat --seed 11")),
            "t1");
  // nothing known
  EXPECT_EQ(jobs.correlate(event(event_kind::message_create, "M12"), reading("other")),
            std::nullopt);
}

TEST(job_table, identical_prompts_stay_apart) {
  actors::job_table jobs;
  for (int i = 0; i < 20; ++i)
    jobs.add({"t" + std::to_string(i), "N" + std::to_string(i), {}, {}, {}, std::to_string(i), 0});
  for (int i = 19; i >= 0; --i) {
    auto ev = event(event_kind::message_create, "M" + std::to_string(i), "N" + std::to_string(i));
    EXPECT_EQ(jobs.correlate(ev, reading("h" + std::to_string(i), "same prompt")),
              "t" + std::to_string(i));
  }
}

TEST(job_table, removed_jobs_match_nothing) {
  actors::job_table jobs;
  jobs.add({"t1", "N1", {}, {}, {}, "5", 0});
  EXPECT_TRUE(jobs.correlate(event(event_kind::message_create, "M1", "N1"), reading("h1")));
  jobs.remove("t1");
  EXPECT_EQ(jobs.size(), 0u);
  EXPECT_EQ(jobs.correlate(event(event_kind::message_update, "M1"), reading("h1")), std::nullopt);
  EXPECT_EQ(jobs.correlate(event(event_kind::message_create, "M2", "N1"), reading()), std::nullopt);
}

TEST(job_table, modal_submit_keeps_the_job_through_its_second_nonce) {
  actors::job_table jobs;
  jobs.add({"t1", "N1", {}, {}, {}, {}, 0});
  // click → INTERACTION_CREATE → INTERACTION_MODAL_CREATE, both with the click's nonce
  EXPECT_EQ(jobs.correlate(event(event_kind::interaction_create, "I1", "N1"), reading()), "t1");
  EXPECT_EQ(jobs.correlate(event(event_kind::interaction_modal_create, "Im", "N1"), reading()),
            "t1");
  // the type 5 submit gets its own nonce, registered before it is sent
  jobs.add_nonce("t1", "N2");
  jobs.add_nonce("unknown", "N3");  // ignored: no such job
  EXPECT_EQ(jobs.correlate(event(event_kind::interaction_success, "I2", "N2"), reading()), "t1");
  // the job's messages name the submit's interaction …
  auto progress = event(event_kind::message_create, "M1");
  progress.interaction_metadata_id = "I2";
  EXPECT_EQ(jobs.correlate(progress, reading("h1")), "t1");
  // … or only the click that triggered the modal
  auto other = event(event_kind::message_create, "M2");
  other.interaction_metadata_id = "I9";
  other.triggering_interaction_id = "I1";
  EXPECT_EQ(jobs.correlate(other, reading()), "t1");
  EXPECT_EQ(jobs.correlate(event(event_kind::message_create, "M3", "N3"), reading()), std::nullopt);
  jobs.remove("t1");
  EXPECT_EQ(jobs.correlate(event(event_kind::interaction_success, "I2", "N2"), reading()),
            std::nullopt);
}
