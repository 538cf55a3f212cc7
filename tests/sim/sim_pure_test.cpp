// Pure parts of the simulator: prompt echo, parameter checks, word matching, slug, customId
// grammar and tails, modal ids, reply builders, ids, image and zlib bytes.
#include <gtest/gtest.h>
#include <zlib.h>

#include <set>
#include <string>

#include "sim/bot_messages.hpp"
#include "sim/custom_ids.hpp"
#include "sim/id_source.hpp"
#include "sim/image_bytes.hpp"
#include "sim/mj_text.hpp"
#include "sim/simulator.hpp"
#include "sim/zlib_deflater.hpp"
#include "tests/sim/shape_checks.hpp"

using namespace mjgate::sim;

TEST(MjText, RewriteCollapsesWhitespaceAndAppendsVersion) {
  EXPECT_EQ(rewrite_prompt("  a   red\tcat \xE2\x80\x94"
                           "ar 3:2 "),
            "a red cat --ar 3:2 --v 7.0");
  EXPECT_EQ(rewrite_prompt("a cat --v 6.1"), "a cat --v 6.1");
  EXPECT_EQ(rewrite_prompt("a cat \xE2\x80\x94v 6"), "a cat --v 6");
}

TEST(MjText, ContainsWordRespectsBoundariesAndCase) {
  EXPECT_TRUE(contains_word("A GORY scene", "gory"));
  EXPECT_FALSE(contains_word("allegory", "gory"));
  EXPECT_TRUE(contains_word("gory.", "Gory"));
  EXPECT_FALSE(contains_word("gory_x", "gory"));
}

TEST(MjText, ScenarioAndSlug) {
  EXPECT_TRUE(has_scenario("cat #sim:stall --ar 1:1", "stall"));
  EXPECT_FALSE(has_scenario("cat #sim:stalled", "stall"));
  EXPECT_EQ(prompt_slug("A Red, cat! --ar 3:2 #sim:fail https://x.y/z.png"), "a_red_cat");
  EXPECT_EQ(prompt_slug("--v 7"), "image");
}

TEST(SimAccount, DeterministicShape) {
  auto a = make_sim_account(3);
  EXPECT_EQ(a.token, "sim-token-3");
  EXPECT_EQ(a.user_id, "1300000000000000003");
  EXPECT_EQ(a.channel_id, "1200000000000000003");
  EXPECT_EQ(a.guild_id, "1100000000000000001");
  EXPECT_EQ(a.username, "simuser3");
  EXPECT_EQ(parse_speed("bench"), speed::bench);
  EXPECT_FALSE(parse_speed("fast").has_value());
}

TEST(IdSource, UuidsAreV4AndSeeded) {
  id_source a{7}, b{7}, c{8};
  auto u = a.next_uuid();
  EXPECT_TRUE(mjgate::sim::testing::is_uuid_v4(u)) << u;
  EXPECT_EQ(u, b.next_uuid());
  EXPECT_NE(u, c.next_uuid());
}

TEST(IdSource, SnowflakesFollowTheFormulaAndIncrease) {
  id_source ids{1};
  const std::uint64_t ms = 1700000000000ULL;
  auto first = ids.next_snowflake(ms);
  EXPECT_EQ(first >> 22, ms - 1420070400000ULL);
  auto second = ids.next_snowflake(ms - 5);  // the clock stepped back
  EXPECT_GT(second, first);
}

TEST(ImageBytes, PngHasSignatureAndTrueSize) {
  auto png = make_grid_png("0b5d3d0e-6c55-4c7c-9d0e-2f1a7c1b2e3f", 64);
  ASSERT_GT(png.size(), 33u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned char>(png[at]) << 24) |
           (static_cast<unsigned char>(png[at + 1]) << 16) |
           (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
  };
  EXPECT_EQ(be32(16), 64u);
  EXPECT_EQ(be32(20), 64u);
  EXPECT_EQ(png, make_grid_png("0b5d3d0e-6c55-4c7c-9d0e-2f1a7c1b2e3f", 64));
  EXPECT_NE(png, make_grid_png("1b5d3d0e-6c55-4c7c-9d0e-2f1a7c1b2e3f", 64));
}

TEST(ImageBytes, WebpIsRiffWithVp8l) {
  const auto& w = tiny_webp();
  ASSERT_GE(w.size(), 21u);
  EXPECT_EQ(w.substr(0, 4), "RIFF");
  EXPECT_EQ(w.substr(8, 4), "WEBP");
  EXPECT_EQ(w.substr(12, 4), "VP8L");
  std::uint32_t riff = static_cast<unsigned char>(w[4]) | static_cast<unsigned char>(w[5]) << 8;
  EXPECT_EQ(riff + 8, w.size());
  EXPECT_EQ(static_cast<unsigned char>(w[20]), 0x2f);
}

TEST(ZlibDeflater, OneStreamSyncFlushedPerPayload) {
  zlib_deflater d;
  z_stream zs{};
  ASSERT_EQ(inflateInit(&zs), Z_OK);
  for (int i = 0; i < 50; ++i) {
    std::string payload = R"({"op":0,"s":)" + std::to_string(i) + "}";
    auto bytes = d.compress(payload);
    if (i == 0) {
      EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0x78);
    }
    ASSERT_GE(bytes.size(), 4u);
    EXPECT_EQ(bytes.substr(bytes.size() - 4), std::string("\x00\x00\xff\xff", 4));
    std::string out(1024, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(bytes.data());
    zs.avail_in = static_cast<uInt>(bytes.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    ASSERT_EQ(inflate(&zs, Z_SYNC_FLUSH), Z_OK);
    out.resize(out.size() - zs.avail_out);
    EXPECT_EQ(out, payload);
  }
  inflateEnd(&zs);
}

TEST(MjText, ParameterChecks) {
  EXPECT_EQ(parameter_error("a cat --ar 3:2 --v 7.0 --seed 42 --zoom 1.5"), "");
  EXPECT_NE(parameter_error("a cat --ar 0:2"), "");
  EXPECT_NE(parameter_error("a cat --ar wide"), "");
  EXPECT_NE(parameter_error("a cat --v 4"), "");
  EXPECT_NE(parameter_error("a cat --seed 4294967296"), "");
  EXPECT_NE(parameter_error("a cat --zoom 2.5"), "");
  EXPECT_NE(parameter_error("a cat --bogus"), "");
  EXPECT_EQ(param_value("a --zoom 2 b", "zoom"), "2");
  EXPECT_EQ(param_value("a --zoom", "zoom"), "");
  EXPECT_FALSE(param_value("a b", "zoom").has_value());
  EXPECT_EQ(prompt_mode("a cat --relax --seed 4"), "relaxed");
  EXPECT_EQ(prompt_mode("a cat --relax --fast"), "fast");  // the last flag wins
  EXPECT_EQ(prompt_mode("a cat --turbo"), "turbo");
  EXPECT_FALSE(prompt_mode("a relaxing cat --relaxed").has_value());
}

TEST(MjText, SeedIsExplicitOrDerivedFromTheHash) {
  EXPECT_EQ(job_seed("cat --seed 77", "h"), 77u);
  auto derived = job_seed("cat", "0b1c2d3e-0000-4000-8000-000000000001");
  EXPECT_EQ(derived, job_seed("dog", "0b1c2d3e-0000-4000-8000-000000000001"));
  EXPECT_NE(derived, job_seed("cat", "0b1c2d3e-0000-4000-8000-000000000002"));
  EXPECT_LE(derived, 4294967295u);
}

TEST(MjText, PromptOfContent) {
  EXPECT_EQ(prompt_of_content("**a **bold** cat --v 7.0** - <@1> (fast)\nmore"),
            "a **bold** cat --v 7.0");
  EXPECT_EQ(prompt_of_content("Failed to process your command"), "");
}

constexpr const char* hash = "0b1c2d3e-aaaa-4bbb-8ccc-0123456789ab";

TEST(CustomIds, ParsesEveryFamilyOfTheTable) {
  auto id = [](std::string s) {
    auto at = s.find("{H}");
    if (at != std::string::npos) s.replace(at, 3, hash);
    return s;
  };
  struct row {
    std::string custom_id, action;
    click_result result;
    bool remix, modal;
  };
  const row rows[] = {
      {"MJ::JOB::upsample::3::{H}", "upsample", click_result::single, false, false},
      {"MJ::JOB::video_virtual_upscale::1::{H}", "video_upsample", click_result::single, false,
       false},
      {"MJ::JOB::variation::4::{H}", "variation", click_result::grid, true, false},
      {"MJ::JOB::reroll::0::{H}::SOLO", "reroll", click_result::grid, true, false},
      {"MJ::JOB::high_variation::1::{H}::SOLO", "high_variation", click_result::grid, true, false},
      {"MJ::JOB::low_variation::1::{H}::SOLO", "low_variation", click_result::grid, true, false},
      {"MJ::Inpaint::1::{H}::SOLO", "inpaint", click_result::grid, false, false},
      {"MJ::Outpaint::75::1::{H}::SOLO", "outpaint", click_result::grid, false, false},
      {"MJ::CustomZoom::{H}", "custom_zoom", click_result::grid, false, true},
      {"MJ::JOB::pan_right::1::{H}::SOLO", "pan", click_result::grid, true, false},
      {"MJ::JOB::upsample_v6r1_2x_creative::1::{H}::SOLO", "upscale_hd", click_result::hd, false,
       false},
      {"MJ::JOB::animate_low_extend::1::{H}", "animate", click_result::video, true, false},
      {"MJ::Picread::Retry", "picread_retry", click_result::other, false, false},
      {"MJ::Job::PicReader::4", "picreader", click_result::other, false, true},
      {"MJ::Job::PicReader::all", "picreader_all", click_result::other, false, false},
      {"MJ::Job::PromptAnalyzer::{H}::2", "prompt_analyzer", click_result::other, false, true},
      {"MJ::BOOKMARK::{H}", "bookmark", click_result::other, false, false},
      {"MJ::Settings::RemixMode", "settings", click_result::other, false, false},
      {"MJ::Prompts::Appeal::tok", "appeal", click_result::other, false, false},
  };
  for (const auto& r : rows) {
    auto a = parse_custom_id(id(r.custom_id));
    ASSERT_TRUE(a.has_value()) << r.custom_id;
    EXPECT_EQ(a->action, r.action) << r.custom_id;
    EXPECT_EQ(a->result, r.result) << r.custom_id;
    EXPECT_EQ(a->remix_modal, r.remix) << r.custom_id;
    EXPECT_EQ(a->always_modal, r.modal) << r.custom_id;
  }
  for (const char* bad : {"MJ::JOB::upsample::5::0b1c2d3e-aaaa-4bbb-8ccc-0123456789ab",
                          "MJ::JOB::upsample::1::nohash",
                          "MJ::JOB::pan_sideways::1::0b1c2d3e-aaaa-4bbb-8ccc-0123456789ab::SOLO",
                          "MJ::JOB::upsample_v9_8x::1::0b1c2d3e-aaaa-4bbb-8ccc-0123456789ab::SOLO",
                          "MJ::Other::x", "XX::JOB::reroll", ""})
    EXPECT_FALSE(parse_custom_id(bad).has_value()) << bad;
}

TEST(CustomIds, TailsFollowTheGrammar) {
  auto tail = [](std::string custom_id, bool remix = false) {
    return final_tail_prefix(*parse_custom_id(custom_id + hash + "::SOLO"), remix);
  };
  EXPECT_EQ(
      final_tail_prefix(*parse_custom_id(std::string{"MJ::JOB::upsample::2::"} + hash), false),
      "Image #2 ");
  EXPECT_EQ(tail("MJ::JOB::high_variation::1::"), "Variations (Strong) by ");
  EXPECT_EQ(tail("MJ::JOB::low_variation::1::", true), "Remix (Subtle) by ");
  EXPECT_EQ(tail("MJ::JOB::pan_down::1::"), "Pan Down by ");
  EXPECT_EQ(tail("MJ::Outpaint::50::1::"), "Zoom Out by ");
  EXPECT_EQ(tail("MJ::Inpaint::1::"), "Variations (Region) by ");
  EXPECT_EQ(tail("MJ::JOB::upsample_v7_2x_subtle::1::"), "Upscaled (Subtle) by ");
  EXPECT_EQ(tail("MJ::JOB::upsample_v5_4x::1::"), "Upscaled (4x) by ");
  EXPECT_EQ(tail("MJ::JOB::reroll::0::"), "");
  EXPECT_EQ(
      progress_tail_prefix(
          *parse_custom_id(std::string{"MJ::JOB::upsample_v5_2x::1::"} + hash + "::SOLO"), false),
      "Upscaling by ");
}

TEST(CustomIds, ModalIdsOfSection5_4) {
  auto modal = [](std::string custom_id) { return modal_for(*parse_custom_id(custom_id), "111"); };
  auto h = std::string{hash};
  EXPECT_EQ(modal("MJ::JOB::variation::3::" + h).custom_id, "MJ::RemixModal::" + h + "::3::1");
  EXPECT_EQ(modal("MJ::JOB::low_variation::1::" + h + "::SOLO").custom_id,
            "MJ::RemixModal::" + h + "::1::0");
  EXPECT_EQ(modal("MJ::JOB::reroll::0::" + h + "::SOLO").custom_id, "MJ::ImagineModal::111");
  EXPECT_EQ(modal("MJ::JOB::pan_left::1::" + h + "::SOLO").custom_id,
            "MJ::PanModal::left::" + h + "::1");
  EXPECT_EQ(modal("MJ::JOB::pan_left::1::" + h + "::SOLO").field_id, "MJ::PanModal::prompt");
  EXPECT_EQ(modal("MJ::CustomZoom::" + h).field_id, "MJ::OutpaintCustomZoomModal::prompt");
  EXPECT_EQ(modal("MJ::Job::PicReader::2").custom_id, "MJ::Picreader::Modal::2");
  EXPECT_EQ(modal("MJ::JOB::animate_high_extend::1::" + h + "::SOLO").custom_id,
            "MJ::AnimateModal::" + h + "::1::high::1");
  EXPECT_EQ(modal("MJ::JOB::upsample::1::" + h).custom_id, "");
}

TEST(BotMessages, FastTimeAndReplies) {
  EXPECT_EQ(fast_time_text(14.32, 15.0), "14.32/15.0 hours (95.47%)");
  EXPECT_EQ(fast_time_text(-1, 15.0), "0.00/15.0 hours (0.00%)");
  EXPECT_EQ(describe_lines(hash), describe_lines(hash));
  EXPECT_EQ(describe_lines(hash).size(), 4u);
  for (int i = 0; i < 500; ++i) {  // four different prompts, whatever the image
    auto lines = describe_lines("hash-" + std::to_string(i));
    EXPECT_EQ(std::set<std::string>(lines.begin(), lines.end()).size(), 4u) << i;
  }
  EXPECT_EQ(shorten_prompts("a b c d e, f --v 7").size(), 5u);
  EXPECT_EQ(shorten_prompts("a b c d e, f --v 7").front(), "a b c d e f");

  job_context job;
  job.channel_id = "10";
  job.guild_id = "20";
  job.user_id = "30";
  job.username = "me";
  job.interaction_id = "40";
  job.prompt_echo = "a cat --v 7.0";
  job.hash = hash;
  job.public_base = "http://h";
  job.interaction_type = 3;
  job.parent_message_id = "50";
  job.final_prefix = "Pan Left by ";
  auto single = single_image_message(job, "60", "70", "me_a_cat_x.png", 64, 100);
  EXPECT_EQ(single["content"], "**a cat --v 7.0** - Pan Left by <@30> (fast)");
  EXPECT_EQ(single["message_reference"]["message_id"], "50");
  EXPECT_EQ(single["interaction_metadata"]["interacted_message_id"], "50");
  EXPECT_EQ(single["components"].size(), 5u);
  job.final_prefix = "Image #3 ";
  EXPECT_EQ(single_image_message(job, "60", "70", "f.png", 64, 100)["content"],
            "**a cat --v 7.0** - Image #3 <@30>");

  user_profile p;
  p.remix = true;
  auto settings = settings_message(job, "80", "90", p);
  EXPECT_EQ(settings["flags"], 64);
  EXPECT_EQ(settings["components"][0]["components"][0]["custom_id"],
            "MJ::Settings::VersionSelector");
  EXPECT_EQ(settings["components"][1]["components"][0]["label"], "Remix mode");
  EXPECT_EQ(settings["components"][1]["components"][0]["style"], 3);

  auto dm = job;
  dm.guild_id.clear();
  auto seed = seed_message(dm, "99", 1234);
  EXPECT_EQ(seed["content"],
            std::string{"**a cat --v 7.0**\n**Job ID**: "} + hash + "\n**seed** 1234");
  EXPECT_FALSE(seed.contains("guild_id"));

  auto niji = job;
  niji.bot_id = std::string{niji_bot_id};
  EXPECT_EQ(final_message(niji, "1", "2", "f.png", 64, 10)["author"]["id"], niji_bot_id);
  EXPECT_EQ(command_search_body(default_commands())["application_commands"].size(), 18u);
}
