// Final-tail grammar of protocol §5.1: every action's tail → its task action.
#include "discord/job_tail.hpp"

#include <gtest/gtest.h>

#include "discord/mj_message.hpp"
#include "discord/payloads.hpp"
#include "tests/discord/test_data.hpp"

using namespace mjgate::discord;
using mjgate::discord::test::event_from;
using mjgate::domain::task_action;

TEST(job_tail, split_uses_the_last_separator_of_the_first_line) {
  auto line = split_job_line("**a ** - b** - <@1> (fast)\n**x** - y");
  ASSERT_TRUE(line);
  EXPECT_EQ(line->prompt, "a ** - b");
  EXPECT_EQ(line->tail, "<@1> (fast)");
  EXPECT_FALSE(split_job_line("plain text"));
  EXPECT_FALSE(split_job_line("**no separator**"));
  EXPECT_FALSE(split_job_line("hello\n**p** - <@1>"));
}

TEST(job_tail, every_final_tail_names_its_action) {
  struct row {
    std::string tail;
    task_action action;
    std::string variant;
    int index;
    bool remix;
    bool upscaling;
  };
  const std::vector<row> rows{
      {"<@1> (fast)", task_action::imagine, "", 0, false, false},
      {"<@1> (relaxed)", task_action::imagine, "", 0, false, false},
      {"Image #2 <@1>", task_action::upscale, "", 2, false, false},
      {"Upscaling by <@1> (31%) (fast)", task_action::upscale_hd, "", 0, false, true},
      {"Upscaled (Subtle) by <@1> (fast)", task_action::upscale_hd, "Subtle", 0, false, false},
      {"Upscaled (Creative) by <@1> (fast)", task_action::upscale_hd, "Creative", 0, false, false},
      {"Upscaled (2x) by <@1> (fast)", task_action::upscale_hd, "2x", 0, false, false},
      {"Upscaled (4x) by <@1> (turbo)", task_action::upscale_hd, "4x", 0, false, false},
      {"Upscaled (Beta) by <@1> (fast)", task_action::upscale_hd, "Beta", 0, false, false},
      {"Upscaled by <@1> (fast)", task_action::upscale_hd, "", 0, false, false},
      {"Variations (Strong) by <@1> (fast)", task_action::variation, "Strong", 0, false, false},
      {"Variations (Subtle) by <@1> (46%) (fast)", task_action::variation, "Subtle", 0, false,
       false},
      {"Variations (Region) by <@1> (fast)", task_action::variation, "Region", 0, false, false},
      {"Variations by <@1> (fast)", task_action::variation, "", 0, false, false},
      {"Remix (Strong) by <@1> (fast)", task_action::variation, "Strong", 0, true, false},
      {"Remix by <@1> (fast)", task_action::variation, "", 0, true, false},
      {"Pan Left by <@1> (fast)", task_action::pan, "Left", 0, false, false},
      {"Pan Right by <@1> (fast)", task_action::pan, "Right", 0, false, false},
      {"Pan (Up) by <@1> (fast)", task_action::pan, "Up", 0, false, false},
      {"Pan Down by <@1> (fast)", task_action::pan, "Down", 0, false, false},
      {"Zoom Out by <@1> (fast)", task_action::zoom, "Out", 0, false, false},
      {"  Variations   (Strong)  by   <@1>   (fast) ", task_action::variation, "Strong", 0, false,
       false},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.tail);
    auto o = read_tail_origin("a red cat", r.tail);
    ASSERT_TRUE(o);
    EXPECT_EQ(*o, (tail_origin{r.action, r.variant, r.index, r.remix, r.upscaling}));
  }
}

TEST(job_tail, video_prompts_make_a_video_whatever_the_tail) {
  auto o = read_tail_origin("a red cat --video 1 --motion low", "<@1> (fast)");
  ASSERT_TRUE(o);
  EXPECT_EQ(o->action, task_action::video);
}

TEST(job_tail, unknown_words_and_missing_mentions_are_rejected) {
  for (std::string_view tail : {"", "Hello there", "Variations (Strong) <@1>",
                                "Variations (Strong) by", "Upscaled by someone", "Image #x <@1>",
                                "Image # <@1>", "variations by <@1>", "Pan Left by nobody"}) {
    SCOPED_TRACE(tail);
    EXPECT_FALSE(read_tail_origin("p", tail));
  }
}

TEST(job_tail, mj_reading_carries_the_origin) {
  auto r = read_mj_message(event_from("msg_upscale.json"));
  ASSERT_TRUE(r.origin);
  EXPECT_EQ(r.origin->action, task_action::upscale);
  EXPECT_EQ(r.image_index, 3);
  auto grid = read_mj_message(event_from("msg_final.json"));
  ASSERT_TRUE(grid.origin);
  EXPECT_EQ(grid.origin->action, task_action::imagine);
  gateway_event ev;
  ev.author_id = std::string{mj_application_id};
  ev.author_is_bot = true;
  ev.content = "**a red cat** - Variations (Strong) by <@1> (fast)";
  ev.attachments.push_back({"1", "x.png", "https://cdn/x.png", "", 8, 8});
  auto v = read_mj_message(ev);
  EXPECT_EQ(v.phase, mj_phase::done);
  ASSERT_TRUE(v.origin);
  EXPECT_EQ(v.origin->action, task_action::variation);
  EXPECT_EQ(v.origin->variant, "Strong");
  EXPECT_EQ(v.mode, "FAST");
}

TEST(job_tail, recorded_remix_final_after_a_modal_submit) {
  auto ev = event_from("msg_remix_final.json");
  EXPECT_EQ(ev.interaction_metadata_id, "1250000000000000395");
  EXPECT_EQ(ev.triggering_interaction_id, "1250000000000000391");
  auto r = read_mj_message(ev);
  EXPECT_EQ(r.phase, mj_phase::done);
  EXPECT_EQ(r.prompt, "a blue cat --seed 42 --v 7.0");
  EXPECT_EQ(r.job_hash, mjgate::discord::test::sample_hash);
  ASSERT_TRUE(r.origin);
  EXPECT_EQ(*r.origin, (tail_origin{task_action::variation, "Strong", 0, true, false}));
}
