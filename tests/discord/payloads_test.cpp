// Exact-output tests for the payload builders (protocol §1.2, §2.1, §3, §4.2).
#include "discord/payloads.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/discord/test_data.hpp"

using namespace mjgate::discord;
using mjgate::discord::test::read_data;

namespace {

constexpr std::string_view chrome_ua =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36";
constexpr std::string_view hash = "0c7f8a2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b";

interaction_context guild_ctx() {
  interaction_context ctx;
  ctx.guild_id = "1100000000000000001";
  ctx.channel_id = "1100000000000000002";
  ctx.session_id = "f1a313a09ce079ce252459dc70231f30";
  return ctx;
}

}  // namespace

TEST(payloads, imagine_minimal_form_matches_the_recorded_sample) {
  auto cmd = fallback_command("MID_JOURNEY", "imagine");
  EXPECT_EQ(build_imagine(guild_ctx(), cmd, "a red \"cat\" --seed 42", "1234567890123456789"),
            read_data("imagine_minimal.json"));
}

TEST(payloads, click_in_a_guild_matches_the_recorded_sample) {
  auto custom_id = "MJ::JOB::upsample::1::" + std::string{hash};
  EXPECT_EQ(build_component_click(guild_ctx(), "1200000000000000003", 0, custom_id,
                                  "1234567890123456790"),
            read_data("click_guild.json"));
}

TEST(payloads, click_in_a_dm_omits_guild_and_copies_ephemeral_flags) {
  interaction_context ctx;
  ctx.application_id = std::string{niji_application_id};
  ctx.channel_id = "1300000000000000004";
  ctx.session_id = "f1a313a09ce079ce252459dc70231f30";
  EXPECT_EQ(build_component_click(ctx, "1200000000000000005", 64, "MJ::Settings::RemixMode",
                                  "1234567890123456791"),
            read_data("click_dm_ephemeral.json"));
}

TEST(payloads, identify_derives_properties_from_the_user_agent) {
  EXPECT_EQ(identify_payload("tok.en", chrome_ua, 345000), read_data("identify.json"));
}

TEST(payloads, resume_and_heartbeat) {
  EXPECT_EQ(resume_payload("tok.en", "0123456789abcdef0123456789abcdef", 1337),
            read_data("resume.json"));
  EXPECT_EQ(heartbeat_payload(-1), R"({"op":1,"d":null})");
  EXPECT_EQ(heartbeat_payload(42), R"({"op":1,"d":42})");
}

TEST(payloads, fallback_commands_are_keyed_by_bot_and_name) {
  auto mj = fallback_command("MID_JOURNEY", "relax");
  EXPECT_EQ(mj.id, "972289487818334213");
  EXPECT_EQ(mj.version, "1237876415735660573");
  auto niji = fallback_command("NIJI_JOURNEY", "relax");
  EXPECT_EQ(niji.id, "1023054140634579024");
  EXPECT_EQ(niji.version, "1248805223925940262");
  auto niji_imagine = fallback_command("NIJI_JOURNEY", "imagine");
  EXPECT_EQ(niji_imagine.id, "1023054140580057099");
  EXPECT_EQ(niji_imagine.name, "imagine");
  EXPECT_TRUE(fallback_command("MID_JOURNEY", "nope").id.empty());
}

TEST(payloads, snowflake_layout_and_nonce) {
  // Discord's documented example: 175928847299117063 = 2016-04-30T11:18:25.796Z,
  // worker 1, process 0, increment 7.
  EXPECT_EQ(make_snowflake(1462015105796, 1, 0, 7), 175928847299117063u);
  auto nonce = make_nonce(1462015105796, 1, 7);
  EXPECT_EQ(nonce, "175928847299117063");
  EXPECT_LE(nonce.size(), 25u);
  // Fields are masked to their widths; seq wraps within 12 bits.
  EXPECT_EQ(make_snowflake(1420070400000, 0, 0, 4096 + 5), 5u);
  EXPECT_NE(make_nonce(1700000000000, 3, 1), make_nonce(1700000000000, 3, 2));
}

TEST(payloads, user_agent_parsing) {
  auto p = parse_user_agent(
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
      "Version/17.1 Safari/605.1.15");
  EXPECT_EQ(p.os, "Mac OS X");
  EXPECT_EQ(p.os_version, "10.15.7");
  EXPECT_EQ(p.browser, "Safari");
  EXPECT_EQ(p.browser_version, "17.1");
  auto f =
      parse_user_agent("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
  EXPECT_EQ(f.os, "Linux");
  EXPECT_EQ(f.browser, "Firefox");
  EXPECT_EQ(f.browser_version, "128.0");
}

TEST(payloads, super_properties_are_the_identify_properties_in_base64) {
  auto json_text = super_properties_json(chrome_ua, 345000);
  auto identify = nlohmann::json::parse(read_data("identify.json"));
  EXPECT_EQ(nlohmann::json::parse(json_text), identify["d"]["properties"]);
  EXPECT_EQ(super_properties_base64("ab", 1).substr(0, 4), "eyJv");  // base64 of {"o
  auto b64 = super_properties_base64(chrome_ua, 345000);
  EXPECT_EQ(b64.size() % 4, 0u);
  EXPECT_EQ(b64.size(), (json_text.size() + 2) / 3 * 4);
}

// -- commands other than imagine, modals, uploads (§2.1–§2.3, §5.4) ----------

namespace {

uploaded_file upload0() {
  return {"1700000000000001.png", "9b2c4d6e-aaaa-bbbb-cccc-0123456789ab/1700000000000001.png"};
}

}  // namespace

TEST(payloads, describe_by_upload_and_by_link) {
  auto cmd = fallback_command("MID_JOURNEY", "describe");
  EXPECT_EQ(build_describe_upload(guild_ctx(), cmd, upload0(), "1234567890123456800"),
            read_data("describe_upload.json"));
  EXPECT_EQ(
      build_describe_link(guild_ctx(), cmd, "https://example.com/cat.png", "1234567890123456801"),
      read_data("describe_link.json"));
}

TEST(payloads, blend_takes_two_to_five_images_and_dimensions) {
  auto cmd = fallback_command("MID_JOURNEY", "blend");
  std::vector<uploaded_file> files{
      {"b0.png", "u0/b0.png"}, {"b1.png", "u1/b1.png"}, {"b2.png", "u2/b2.png"}};
  EXPECT_EQ(build_blend(guild_ctx(), cmd, files, blend_dimensions::portrait, "1234567890123456802"),
            read_data("blend.json"));
  auto square = nlohmann::json::parse(
      *build_blend(guild_ctx(), cmd, {files[0], files[1]}, blend_dimensions::square, "1"));
  EXPECT_EQ(square["data"]["options"].size(), 3u);
  EXPECT_EQ(square["data"]["options"][2]["value"], "--ar 1:1");
  auto landscape = nlohmann::json::parse(
      *build_blend(guild_ctx(), cmd, files, blend_dimensions::landscape, "1"));
  EXPECT_EQ(landscape["data"]["options"][3]["value"], "--ar 3:2");
  auto none =
      nlohmann::json::parse(*build_blend(guild_ctx(), cmd, files, blend_dimensions::none, "1"));
  EXPECT_EQ(none["data"]["options"].size(), 3u);
  EXPECT_FALSE(build_blend(guild_ctx(), cmd, {files[0]}, blend_dimensions::none, "1"));
  std::vector<uploaded_file> six(6, files[0]);
  EXPECT_FALSE(build_blend(guild_ctx(), cmd, six, blend_dimensions::none, "1"));
  six.pop_back();
  EXPECT_TRUE(build_blend(guild_ctx(), cmd, six, blend_dimensions::none, "1"));
}

TEST(payloads, blend_dimensions_names) {
  EXPECT_EQ(parse_blend_dimensions("PORTRAIT"), blend_dimensions::portrait);
  EXPECT_EQ(parse_blend_dimensions("square"), blend_dimensions::square);
  EXPECT_EQ(parse_blend_dimensions("Landscape"), blend_dimensions::landscape);
  EXPECT_EQ(parse_blend_dimensions(""), blend_dimensions::none);
  EXPECT_FALSE(parse_blend_dimensions("WIDE"));
}

TEST(payloads, shorten_show_and_bare_commands) {
  EXPECT_EQ(build_shorten(guild_ctx(), fallback_command("MID_JOURNEY", "shorten"),
                          "a very very long prompt about a red cat", "1234567890123456803"),
            read_data("shorten.json"));
  interaction_context dm;
  dm.channel_id = "1300000000000000004";
  dm.session_id = "f1a313a09ce079ce252459dc70231f30";
  EXPECT_EQ(build_show(dm, fallback_command("MID_JOURNEY", "show"), hash, "1234567890123456804"),
            read_data("show_dm.json"));
  EXPECT_EQ(build_bare_command(guild_ctx(), fallback_command("MID_JOURNEY", "info"),
                               "1234567890123456805"),
            read_data("info.json"));
  for (std::string_view name : {"settings", "fast", "relax"}) {
    auto j = nlohmann::json::parse(
        build_bare_command(guild_ctx(), fallback_command("NIJI_JOURNEY", name), "1"));
    EXPECT_EQ(j["data"]["name"], name);
    EXPECT_EQ(j["data"]["id"], fallback_command("NIJI_JOURNEY", name).id);
    EXPECT_TRUE(j["data"]["options"].empty());
  }
}

TEST(payloads, modal_submit_copies_the_modal_event) {
  EXPECT_EQ(build_modal_submit(guild_ctx(), "1250000000000000090",
                               "MJ::RemixModal::" + std::string{hash} + "::1::0",
                               "MJ::RemixModal::new_prompt", "a blue cat", "1234567890123456806"),
            read_data("modal_submit.json"));
}

TEST(payloads, select_click_on_an_ephemeral_message) {
  EXPECT_EQ(build_select_click(guild_ctx(), "1250000000000000200", 64,
                               "MJ::Settings::VersionSelector", "6.1", "1234567890123456807"),
            read_data("select_click_ephemeral.json"));
}

TEST(payloads, vary_region_submit_body) {
  EXPECT_EQ(iframe_id_of("MJ::iframe::a1b2c3d4e5"), "a1b2c3d4e5");
  EXPECT_EQ(iframe_id_of("MJ::iframe::"), "");
  EXPECT_EQ(iframe_id_of("MJ::Inpaint::1"), "");
  EXPECT_EQ(build_inpaint_submit("a1b2c3d4e5", "iVBORw0KGgo=", "a hat"),
            read_data("inpaint_submit.json"));
  EXPECT_EQ(build_inpaint_submit("a1b2c3d4e5", "data:image/png;base64,iVBORw0KGgo=", "a hat"),
            read_data("inpaint_submit.json"));
}

TEST(payloads, upload_message_and_dm_bodies) {
  EXPECT_EQ(
      build_attachment_slots({{"1700000000000001.png", 12345}, {"1700000000000001-2.jpg", 678}}),
      read_data("attachment_slots.json"));
  EXPECT_EQ(
      build_message_with_attachments("1100000000000000002", "1234567890123456808", {upload0()}),
      read_data("message_with_attachments.json"));
  EXPECT_EQ(build_dm_channel(mj_application_id), read_data("dm_channel.json"));
}
