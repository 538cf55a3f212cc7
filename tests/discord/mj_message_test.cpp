// Reading Midjourney's replies (protocol §5.1, §5.2, §7.1) on recorded messages.
#include "discord/mj_message.hpp"

#include <gtest/gtest.h>

#include "discord/event_parser.hpp"
#include "discord/payloads.hpp"
#include "tests/discord/test_data.hpp"

using namespace mjgate::discord;
using mjgate::discord::test::event_from;
using mjgate::discord::test::read_data;

namespace {

constexpr std::string_view hash = mjgate::discord::test::sample_hash;

gateway_event bot_message(std::string content) {
  gateway_event ev;
  ev.kind = event_kind::message_create;
  ev.author_id = std::string{mj_application_id};
  ev.author_is_bot = true;
  ev.content = std::move(content);
  return ev;
}

}  // namespace

TEST(mj_message, author_check_uses_ids_not_names) {
  auto ev = event_from("msg_waiting.json");
  EXPECT_TRUE(is_midjourney_author(ev));
  ev.author_is_bot = false;
  EXPECT_FALSE(is_midjourney_author(ev));
  ev.author_is_bot = true;
  ev.author_id = "1";
  EXPECT_FALSE(is_midjourney_author(ev));
  ev.author_id = std::string{niji_application_id};
  EXPECT_TRUE(is_midjourney_author(ev));
}

TEST(mj_message, waiting) {
  auto r = read_mj_message(event_from("msg_waiting.json"));
  EXPECT_EQ(r.phase, mj_phase::waiting);
  EXPECT_EQ(r.prompt, "a red cat --seed 42 --v 7.0");
  EXPECT_EQ(r.mention_id, "1000000000000000099");
  EXPECT_EQ(r.job_hash, "");
}

TEST(mj_message, progress_with_preview_hash) {
  auto r = read_mj_message(event_from("msg_progress.json"));
  EXPECT_EQ(r.phase, mj_phase::progress);
  EXPECT_EQ(r.progress, 46);
  EXPECT_EQ(r.mode, "FAST");
  EXPECT_EQ(r.job_hash, hash);
  EXPECT_NE(r.image_url.find("_grid_0.webp"), std::string::npos);
}

TEST(mj_message, final_with_buttons) {
  auto r = read_mj_message(event_from("msg_final.json"));
  EXPECT_EQ(r.phase, mj_phase::done);
  EXPECT_EQ(r.mode, "RELAX");
  EXPECT_EQ(r.prompt, "a red cat --seed 42 --v 7.0");
  EXPECT_EQ(r.job_hash, hash);
  EXPECT_NE(r.image_url.find(".png"), std::string::npos);
}

TEST(mj_message, final_requires_create_and_image) {
  auto ev = event_from("msg_final.json");
  ev.kind = event_kind::message_update;
  EXPECT_NE(read_mj_message(ev).phase, mj_phase::done);
  ev = event_from("msg_final.json");
  ev.attachments.clear();
  EXPECT_NE(read_mj_message(ev).phase, mj_phase::done);
}

TEST(mj_message, upscale_pick_reads_the_image_index) {
  auto r = read_mj_message(event_from("msg_upscale.json"));
  EXPECT_EQ(r.phase, mj_phase::done);
  EXPECT_EQ(r.image_index, 3);
  EXPECT_EQ(r.mention_id, "1000000000000000099");
}

TEST(mj_message, prompt_runs_to_the_last_separator) {
  auto r = read_mj_message(
      bot_message("**a **bold** - idea - <https://s.mj.run/abc>** - Variations (Strong) by "
                  "<@42> (12%) (turbo)"));
  EXPECT_EQ(r.phase, mj_phase::progress);
  EXPECT_EQ(r.prompt, "a **bold** - idea - <https://s.mj.run/abc>");
  EXPECT_EQ(r.progress, 12);
  EXPECT_EQ(r.mode, "TURBO");
  EXPECT_EQ(r.mention_id, "42");
}

TEST(mj_message, tails_of_other_job_kinds_are_final_with_an_image) {
  for (std::string tail :
       {"Upscaled (Subtle) by <@42> (fast)", "Variations (Subtle) by <@42> (fast)",
        "Remix (Strong) by <@42> (relaxed)", "Pan (Left) by <@42> (fast)",
        "Zoom Out by <@42> (fast)", "Upscaled by <@42> (fast, stealth)"}) {
    auto ev = bot_message("**p** - " + tail);
    ev.attachments.push_back(
        {"1", "x.png", "https://cdn/x_" + std::string{hash} + ".png", "", 0, 0});
    auto r = read_mj_message(ev);
    EXPECT_EQ(r.phase, mj_phase::done) << tail;
    EXPECT_EQ(r.mention_id, "42") << tail;
    EXPECT_EQ(r.job_hash, hash) << tail;
  }
}

TEST(mj_message, text_without_the_grammar_is_unknown) {
  EXPECT_EQ(read_mj_message(bot_message("hello there")).phase, mj_phase::unknown);
  EXPECT_EQ(read_mj_message(bot_message("**bold** - just chatting")).phase, mj_phase::unknown);
}

TEST(mj_message, banned_prompt_embed_is_an_error) {
  auto r = read_mj_message(event_from("msg_banned.json"));
  EXPECT_EQ(r.phase, mj_phase::error);
  EXPECT_EQ(r.title, "Banned prompt detected");
  EXPECT_EQ(r.error,
            "[Banned prompt detected] Sorry! Our AI moderator thinks this prompt is probably "
            "against our community standards.");
}

TEST(mj_message, invalid_title_decides_even_without_red) {
  auto r = read_mj_message(event_from("msg_invalid_param.json"));
  EXPECT_EQ(r.phase, mj_phase::error);
  EXPECT_EQ(r.error, "[Invalid parameter!] Invalid value for --ar");
}

TEST(mj_message, error_words_in_titles_and_red_colour) {
  auto ev = bot_message("");
  ev.embeds.push_back({"Access Denied", "no", "", 0, ""});
  EXPECT_EQ(read_mj_message(ev).phase, mj_phase::error);
  ev.embeds[0] = {"Something happened", "x", "", 16711680, ""};
  EXPECT_EQ(read_mj_message(ev).phase, mj_phase::error);
  ev.embeds[0] = {"Your info", "x", "", 65280, ""};
  auto info = read_mj_message(ev);
  EXPECT_EQ(info.phase, mj_phase::unknown);
  EXPECT_EQ(info.title, "Your info");
}

TEST(mj_message, failed_content_is_an_error) {
  auto r = read_mj_message(event_from("msg_failed.json"));
  EXPECT_EQ(r.phase, mj_phase::error);
  EXPECT_EQ(r.error, "Failed to process your command :confused:");
}

TEST(mj_message, job_queued_notice) {
  auto r = read_mj_message(event_from("msg_job_queued.json"));
  EXPECT_EQ(r.phase, mj_phase::queued);
}

TEST(mj_message, job_hash_sources_in_order) {
  gateway_event ev = bot_message("");
  const std::string a = "aaaaaaaa-1111-2222-3333-444444444444";
  const std::string b = "bbbbbbbb-1111-2222-3333-444444444444";
  const std::string c = "cccccccc-1111-2222-3333-444444444444";
  const std::string d = "dddddddd-1111-2222-3333-444444444444";
  // 4: content link only.
  ev.content =
      "**p** - <@1> (fast)\n[(Open on website for full quality)](<https://midjourney.com/jobs/" +
      d + ">)";
  EXPECT_EQ(extract_job_hash(ev), d);
  // 3: attachment path beats content; the query string is ignored.
  ev.attachments.push_back(
      {"1", "f.png", "https://cdn.midjourney.com/" + c + "/0_0.png?hm=" + a, "", 0, 0});
  EXPECT_EQ(extract_job_hash(ev), c);
  // 2: custom ids beat attachments.
  ev.buttons.push_back({"MJ::JOB::upsample::1::" + b, "", "U1", 2, 2});
  EXPECT_EQ(extract_job_hash(ev), b);
  // 1: the web link button beats everything.
  ev.link_urls.push_back("https://www.midjourney.com/jobs/" + a + "?index=0");
  EXPECT_EQ(extract_job_hash(ev), a);
}

TEST(mj_message, last_uuid_in_text) {
  EXPECT_EQ(last_uuid_in("MJ::JOB::reroll::0::" + std::string{hash} + "::SOLO"), hash);
  EXPECT_EQ(
      last_uuid_in("aaaaaaaa-1111-2222-3333-444444444444_bbbbbbbb-1111-2222-3333-444444444444"),
      "bbbbbbbb-1111-2222-3333-444444444444");
  EXPECT_EQ(last_uuid_in("no uuid here"), "");
  EXPECT_EQ(last_uuid_in("AAAAAAAA-1111-2222-3333-444444444444"), "");
}
