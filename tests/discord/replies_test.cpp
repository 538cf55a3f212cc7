// Replies other than grids (protocol §5.5) on recorded messages: describe,
// shorten, info, settings, seed DM.
#include "discord/replies.hpp"

#include <gtest/gtest.h>

#include "tests/discord/test_data.hpp"

using namespace mjgate::discord;
using mjgate::discord::test::event_from;

TEST(replies, numbered_items_accept_both_keycap_forms) {
  // "1\uFE0F\u20E3" and the bare "2\u20E3"; a heading ends an item; wrapped lines continue it.
  auto items = numbered_items(
      "intro\n1\xEF\xB8\x8F\xE2\x83\xA3 first\ncontinued\n\n2\xE2\x83\xA3  second \n## Next\nx");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0], "first continued");
  EXPECT_EQ(items[1], "second");
  EXPECT_TRUE(numbered_items("1. not a keycap\n- nor this").empty());
}

TEST(replies, describe_reads_four_prompts_and_the_image) {
  auto ev = event_from("msg_describe.json");
  auto r = read_describe_reply(ev);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->prompts.size(), 4u);
  EXPECT_EQ(r->prompts[0], "a red cat sitting on a windowsill, soft morning light --ar 1:1");
  EXPECT_EQ(r->prompts[3], "cute cat, watercolor illustration --ar 1:1");
  EXPECT_EQ(r->image_url, "https://cdn.discordapp.com/ephemeral-attachments/1/2/cat.png?ex=1");
  EXPECT_EQ(r->description, ev.embeds[0].description);
  ev.embeds[0].image_url.clear();
  ev.attachments.push_back({"1", "a.png", "https://cdn/a.png", "", 1, 1});
  EXPECT_EQ(read_describe_reply(ev)->image_url, "https://cdn/a.png");
  ev.embeds[0].description = "no list";
  EXPECT_FALSE(read_describe_reply(ev));
  EXPECT_FALSE(read_describe_reply(event_from("msg_final.json")));
}

TEST(replies, describe_line_is_the_prompt_a_picreader_pick_imagines) {
  auto text = event_from("msg_describe.json").embeds[0].description;
  EXPECT_EQ(describe_line(text, 1),
            "a red cat sitting on a windowsill, soft morning light --ar 1:1");
  EXPECT_EQ(describe_line(text, 4), "cute cat, watercolor illustration --ar 1:1");
  EXPECT_EQ(describe_line(text, 0), "");
  EXPECT_EQ(describe_line(text, 5), "");
  EXPECT_EQ(describe_line("a plain prompt", 1), "");
}

TEST(replies, shorten_reads_the_shortened_prompts_only) {
  auto r = read_shorten_reply(event_from("msg_shorten.json"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->prompts.size(), 5u);
  EXPECT_EQ(r->prompts[0], "red cat");
  EXPECT_EQ(r->prompts[4], "a red cat about prompt");
  EXPECT_EQ(r->important_tokens, "red, **cat**, ~~very~~, ~~long~~");
  EXPECT_FALSE(read_shorten_reply(event_from("msg_describe.json")));
}

TEST(replies, info_keeps_every_field_and_parses_hours_and_mode) {
  auto r = read_info_reply(event_from("msg_info.json"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->fields.size(), 9u);
  EXPECT_EQ(r->subscription, "Standard (Active monthly, renews next on <t:1735689600>)");
  EXPECT_EQ(r->job_mode, "FAST");
  EXPECT_EQ(r->visibility_mode, "Public");
  ASSERT_TRUE(r->fast_hours_remaining);
  EXPECT_DOUBLE_EQ(*r->fast_hours_remaining, 14.32);
  ASSERT_TRUE(r->fast_hours_total);
  EXPECT_DOUBLE_EQ(*r->fast_hours_total, 15.0);
  EXPECT_EQ(r->value("Queued Jobs (fast)"), "0");
  EXPECT_EQ(r->value("Running Jobs"), "None");
  EXPECT_EQ(r->value("Nope"), "");
  EXPECT_FALSE(read_info_reply(event_from("msg_banned.json")));
}

TEST(replies, info_tolerates_missing_and_odd_values) {
  gateway_event ev;
  ev.embeds.push_back(
      {"Your info", "**Job Mode**: Relaxed\n**Fast Time Remaining**: n/a\nplain", "", 0, ""});
  auto r = read_info_reply(ev);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->job_mode, "RELAX");
  EXPECT_FALSE(r->fast_hours_remaining);
  EXPECT_FALSE(r->fast_hours_total);
  EXPECT_EQ(r->fields.size(), 2u);
  ev.embeds[0].description = "**Job Mode**: Turbo\n**Fast Time Remaining**: 0/30.0 hours (0%)";
  r = read_info_reply(ev);
  EXPECT_EQ(r->job_mode, "TURBO");
  EXPECT_DOUBLE_EQ(*r->fast_hours_remaining, 0.0);
  EXPECT_DOUBLE_EQ(*r->fast_hours_total, 30.0);
}

TEST(replies, settings_reads_versions_and_toggles_by_label) {
  auto r = read_settings_reply(event_from("msg_settings.json"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->message_id, "1250000000000000330");
  EXPECT_EQ(r->flags, 64);
  EXPECT_EQ(r->version_selector_id, "MJ::Settings::VersionSelector");
  ASSERT_EQ(r->versions.size(), 3u);
  EXPECT_EQ(r->versions[1], (select_option{"Midjourney Model V6.1", "6.1", false}));
  EXPECT_EQ(r->current_version, "7");
  EXPECT_EQ(r->toggle("Remix mode"), true);
  EXPECT_EQ(r->toggle("remix MODE"), true);
  EXPECT_EQ(r->toggle("Fast mode"), true);
  EXPECT_EQ(r->toggle("Relax mode"), false);
  EXPECT_EQ(r->toggle("Turbo mode"), false);
  EXPECT_EQ(r->toggle("Stealth mode"), false);
  EXPECT_EQ(r->toggle("Public mode"), true);
  EXPECT_EQ(r->toggle("High Variation Mode"), true);
  EXPECT_FALSE(r->toggle("Missing mode"));
  EXPECT_FALSE(read_settings_reply(event_from("msg_final.json")));
}

TEST(replies, seed_dm_gives_hash_and_seed) {
  auto ev = event_from("msg_seed_dm.json");
  auto r = read_seed_reply(ev.content);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->job_hash, mjgate::discord::test::sample_hash);
  EXPECT_EQ(r->seed, 42u);
  auto big = read_seed_reply(
      "**p**\n**Job ID**: 0c7f8a2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b\n**seed** 4294967295");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->seed, 4294967295u);
  EXPECT_FALSE(read_seed_reply("**p**\n**Job ID**: not-a-hash\n**seed** 1"));
  EXPECT_FALSE(read_seed_reply("**p**\n**Job ID**: 0c7f8a2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b"));
  EXPECT_FALSE(
      read_seed_reply("**p**\n**Job ID**: 0c7f8a2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b\n**seed** x"));
}
