// Gateway payload parsing on recorded dispatches (protocol §4.5, §5.2).
#include "discord/event_parser.hpp"

#include <gtest/gtest.h>

#include "tests/discord/test_data.hpp"

using namespace mjgate::discord;
using mjgate::discord::test::event_from;
using mjgate::discord::test::read_data;

namespace {

constexpr std::string_view hash = mjgate::discord::test::sample_hash;

}  // namespace

TEST(event_parser, frame_fields) {
  auto f = parse_frame(R"({"op":10,"d":{"heartbeat_interval":41250},"s":null,"t":null})");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->op, 10);
  EXPECT_EQ(f->seq, -1);
  EXPECT_EQ(f->type, "");
  EXPECT_EQ(f->data["heartbeat_interval"], 41250);
  EXPECT_FALSE(parse_frame("{not json"));
  EXPECT_FALSE(parse_frame(R"({"d":1})"));
}

TEST(event_parser, unconsumed_dispatches_skip_their_data) {
  auto f = parse_frame(read_data("presence_update.json"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->op, 0);
  EXPECT_EQ(f->seq, 40);
  EXPECT_EQ(f->type, "PRESENCE_UPDATE");
  EXPECT_TRUE(f->data.is_null());
  EXPECT_FALSE(parse_dispatch(f->type, f->data, f->seq));
  // Also with spaces, as some servers format JSON.
  auto g = parse_frame(R"({"t" : "TYPING_START", "s": 3, "op": 0, "d": {"user_id": "1"}})");
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->data.is_null());
  EXPECT_FALSE(parse_dispatch("TYPING_START", nlohmann::json{{"user_id", "1"}}, 3));
}

TEST(event_parser, ready) {
  auto f = parse_frame(read_data("ready.json"));
  ASSERT_TRUE(f);
  EXPECT_FALSE(parse_dispatch(f->type, f->data, f->seq));
  auto r = parse_ready(f->data);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->session_id, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(r->user_id, "1000000000000000099");
  EXPECT_EQ(r->username, "alice");
  EXPECT_EQ(r->resume_gateway_url, "wss://gateway-us-east1-b.discord.gg");
  EXPECT_FALSE(parse_ready(nlohmann::json::object()));
}

TEST(event_parser, interaction_success) {
  auto ev = event_from("interaction_success.json");
  EXPECT_EQ(ev.kind, event_kind::interaction_success);
  EXPECT_EQ(ev.seq, 11);
  EXPECT_EQ(ev.id, "1250000000000000001");
  EXPECT_EQ(ev.nonce, "1234567890123456789");
}

TEST(event_parser, waiting_message_reads_metadata_and_nonce) {
  auto ev = event_from("msg_waiting.json");
  EXPECT_EQ(ev.kind, event_kind::message_create);
  EXPECT_EQ(ev.seq, 12);
  EXPECT_EQ(ev.id, "1250000000000000010");
  EXPECT_EQ(ev.nonce, "1234567890123456789");
  EXPECT_EQ(ev.channel_id, "1100000000000000002");
  EXPECT_EQ(ev.author_id, "936929561302675456");
  EXPECT_TRUE(ev.author_is_bot);
  EXPECT_EQ(ev.type, 20);
  EXPECT_EQ(ev.interaction_metadata_id, "1250000000000000001");
  EXPECT_EQ(ev.interaction_name, "imagine");
  EXPECT_EQ(ev.interaction_user_id, "1000000000000000099");
  EXPECT_FALSE(ev.partial);
}

TEST(event_parser, deprecated_interaction_is_the_fallback) {
  auto ev = event_from("msg_progress.json");
  EXPECT_EQ(ev.kind, event_kind::message_update);
  EXPECT_EQ(ev.interaction_metadata_id, "1250000000000000001");
  EXPECT_EQ(ev.interaction_name, "imagine");
  EXPECT_EQ(ev.interaction_user_id, "1000000000000000099");
  ASSERT_EQ(ev.attachments.size(), 1u);
  EXPECT_EQ(ev.attachments[0].width, 512);
  EXPECT_NE(ev.attachments[0].url.find("_grid_0.webp"), std::string::npos);
}

TEST(event_parser, final_message_flattens_components) {
  auto ev = event_from("msg_final.json");
  ASSERT_EQ(ev.buttons.size(), 4u);
  EXPECT_EQ(ev.buttons[0].custom_id, "MJ::JOB::upsample::1::" + std::string{hash});
  EXPECT_EQ(ev.buttons[0].label, "U1");
  EXPECT_EQ(ev.buttons[0].style, 2);
  EXPECT_EQ(ev.buttons[0].type, 2);
  EXPECT_EQ(ev.buttons[2].emoji, "🔄");
  EXPECT_EQ(ev.buttons[2].label, "");
  EXPECT_EQ(ev.buttons[3].label, "V1");
  ASSERT_EQ(ev.link_urls.size(), 1u);
  EXPECT_EQ(ev.link_urls[0], "https://www.midjourney.com/jobs/" + std::string{hash} + "?index=0");
  ASSERT_EQ(ev.attachments.size(), 1u);
  EXPECT_EQ(ev.attachments[0].filename, "alice_a_red_cat_" + std::string{hash} + ".png");
  EXPECT_TRUE(ev.nonce.empty());
}

TEST(event_parser, message_reference_and_interacted_message) {
  auto ev = event_from("msg_upscale.json");
  EXPECT_EQ(ev.referenced_message_id, "1250000000000000030");
  EXPECT_EQ(ev.interacted_message_id, "1250000000000000030");
  EXPECT_EQ(ev.interaction_metadata_id, "1250000000000000070");
}

TEST(event_parser, embeds) {
  auto ev = event_from("msg_banned.json");
  ASSERT_EQ(ev.embeds.size(), 1u);
  EXPECT_EQ(ev.embeds[0].title, "Banned prompt detected");
  EXPECT_EQ(ev.embeds[0].color, 16711680);
  EXPECT_EQ(ev.embeds[0].footer, "/imagine gore");
}

TEST(event_parser, partial_update_and_delete) {
  auto upd = event_from("msg_partial_update.json");
  EXPECT_EQ(upd.kind, event_kind::message_update);
  EXPECT_TRUE(upd.partial);
  auto del = event_from("message_delete.json");
  EXPECT_EQ(del.kind, event_kind::message_delete);
  EXPECT_EQ(del.id, "1250000000000000010");
  EXPECT_EQ(del.channel_id, "1100000000000000002");
}

TEST(event_parser, modal_create) {
  auto ev = event_from("modal_create.json");
  EXPECT_EQ(ev.kind, event_kind::interaction_modal_create);
  EXPECT_EQ(ev.id, "1250000000000000090");
  EXPECT_EQ(ev.custom_id, "MJ::RemixModal::" + std::string{hash} + "::1::0");
  EXPECT_EQ(ev.title, "Remix Prompt");
  ASSERT_EQ(ev.buttons.size(), 1u);
  EXPECT_EQ(ev.buttons[0].custom_id, "MJ::RemixModal::new_prompt");
  EXPECT_EQ(ev.buttons[0].type, 4);
}

TEST(event_parser, numeric_nonces_are_read_as_text) {
  auto ev = parse_dispatch("INTERACTION_CREATE",
                           nlohmann::json::parse(R"({"id":"5","nonce":123456789012345678})"), 3);
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->nonce, "123456789012345678");
}

TEST(event_parser, modal_create_keeps_the_text_field_to_echo) {
  auto ev = event_from("modal_create.json");
  EXPECT_EQ(ev.nonce, "1234567890123456796");
  EXPECT_EQ(ev.field_custom_id, "MJ::RemixModal::new_prompt");
  EXPECT_EQ(ev.field_value, "a red cat");
  EXPECT_EQ(ev.application_id, "936929561302675456");
  auto pic = event_from("modal_picreader.json");
  EXPECT_EQ(pic.custom_id, "MJ::Picreader::Modal::2");
  EXPECT_EQ(pic.field_custom_id, "MJ::Picreader::Modal::PromptField");
  EXPECT_EQ(pic.field_value, "ginger kitten portrait, studio photography --ar 1:1");
}

TEST(event_parser, iframe_modal_create) {
  auto ev = event_from("iframe_modal_captcha.json");
  EXPECT_EQ(ev.kind, event_kind::interaction_iframe_modal_create);
  EXPECT_EQ(ev.id, "1250000000000000370");
  EXPECT_EQ(ev.nonce, "1234567890123456812");
  EXPECT_EQ(ev.custom_id, "MJ::iframe::3a7bd3e2360a3d29eea436fcfb7e44c7");
  EXPECT_EQ(ev.title, "Action required to continue");
  EXPECT_EQ(ev.iframe_path, "/captcha/embedded/index.html");
  EXPECT_EQ(ev.application_id, "936929561302675456");
  auto inpaint = event_from("iframe_modal_inpaint.json");
  EXPECT_EQ(inpaint.iframe_path, "");
  EXPECT_EQ(inpaint.custom_id, "MJ::iframe::U3NlY3JldCBpbnBhaW50");
}

TEST(event_parser, select_menus_keep_their_options) {
  auto ev = event_from("msg_settings.json");
  ASSERT_EQ(ev.selects.size(), 1u);
  EXPECT_EQ(ev.selects[0].custom_id, "MJ::Settings::VersionSelector");
  ASSERT_EQ(ev.selects[0].options.size(), 3u);
  EXPECT_EQ(ev.selects[0].options[0], (select_option{"Midjourney Model V7", "7", true}));
  EXPECT_EQ(ev.selects[0].options[2], (select_option{"Niji Model V6", "niji 6", false}));
  EXPECT_EQ(ev.field_custom_id, "");  // messages have no text inputs
  EXPECT_EQ(ev.buttons.front().custom_id, "MJ::Settings::VersionSelector");
}
