// customId grammar (protocol §5.3): the whole table parsed, classified and
// rebuilt; /submit/change buttons and /submit/simple-change text.
#include "discord/custom_id.hpp"

#include <set>

#include <gtest/gtest.h>

#include "tests/discord/test_data.hpp"

using namespace mjgate::discord;
using mjgate::domain::task_action;

namespace {

const std::string h{mjgate::discord::test::sample_hash};

struct row {
  std::string custom_id;
  button_kind kind;
  int index;
  std::string hash;
  std::string extra;
  bool solo;
  std::optional<task_action> action;
  bool slot;
  bool modal;
  bool remix;
};

// One row per line of the §5.3 table (and every HD kind / pan direction / animate form).
std::vector<row> table() {
  using k = button_kind;
  using a = task_action;
  return {
      {"MJ::JOB::upsample::3::" + h, k::upsample, 3, h, "", false, a::upscale, false, false, false},
      {"MJ::JOB::video_virtual_upscale::2::" + h, k::video_virtual_upscale, 2, h, "", false,
       a::upscale, false, false, false},
      {"MJ::JOB::variation::4::" + h, k::variation, 4, h, "", false, a::variation, true, false,
       true},
      {"MJ::JOB::reroll::0::" + h + "::SOLO", k::reroll, 0, h, "", true, a::reroll, true, false,
       true},
      {"MJ::JOB::high_variation::1::" + h + "::SOLO", k::high_variation, 1, h, "", true,
       a::variation, true, false, true},
      {"MJ::JOB::low_variation::1::" + h + "::SOLO", k::low_variation, 1, h, "", true, a::variation,
       true, false, true},
      {"MJ::Inpaint::1::" + h + "::SOLO", k::inpaint, 1, h, "", true, a::variation, true, true,
       false},
      {"MJ::Outpaint::50::1::" + h + "::SOLO", k::outpaint_50, 1, h, "", true, a::zoom, true, false,
       false},
      {"MJ::Outpaint::75::1::" + h + "::SOLO", k::outpaint_75, 1, h, "", true, a::zoom, true, false,
       false},
      {"MJ::CustomZoom::" + h, k::custom_zoom, 0, h, "", false, a::zoom, true, true, false},
      {"MJ::JOB::pan_left::1::" + h + "::SOLO", k::pan_left, 1, h, "", true, a::pan, true, false,
       true},
      {"MJ::JOB::pan_right::1::" + h + "::SOLO", k::pan_right, 1, h, "", true, a::pan, true, false,
       true},
      {"MJ::JOB::pan_up::1::" + h + "::SOLO", k::pan_up, 1, h, "", true, a::pan, true, false, true},
      {"MJ::JOB::pan_down::1::" + h + "::SOLO", k::pan_down, 1, h, "", true, a::pan, true, false,
       true},
      {"MJ::JOB::upsample_v5_2x::1::" + h + "::SOLO", k::upsample_hd, 1, h, "v5_2x", true,
       a::upscale_hd, true, false, false},
      {"MJ::JOB::upsample_v5_4x::1::" + h + "::SOLO", k::upsample_hd, 1, h, "v5_4x", true,
       a::upscale_hd, true, false, false},
      {"MJ::JOB::upsample_v6_2x_subtle::1::" + h + "::SOLO", k::upsample_hd, 1, h, "v6_2x_subtle",
       true, a::upscale_hd, true, false, false},
      {"MJ::JOB::upsample_v6_2x_creative::1::" + h + "::SOLO", k::upsample_hd, 1, h,
       "v6_2x_creative", true, a::upscale_hd, true, false, false},
      {"MJ::JOB::upsample_v6r1_2x_subtle::1::" + h + "::SOLO", k::upsample_hd, 1, h,
       "v6r1_2x_subtle", true, a::upscale_hd, true, false, false},
      {"MJ::JOB::upsample_v6r1_2x_creative::1::" + h + "::SOLO", k::upsample_hd, 1, h,
       "v6r1_2x_creative", true, a::upscale_hd, true, false, false},
      {"MJ::JOB::upsample_v7_2x_subtle::1::" + h + "::SOLO", k::upsample_hd, 1, h, "v7_2x_subtle",
       true, a::upscale_hd, true, false, false},
      {"MJ::JOB::upsample_v7_2x_creative::1::" + h + "::SOLO", k::upsample_hd, 1, h,
       "v7_2x_creative", true, a::upscale_hd, true, false, false},
      {"MJ::JOB::animate_high::1::" + h, k::animate_high, 1, h, "", false, a::video, true, false,
       true},
      {"MJ::JOB::animate_low::1::" + h + "::SOLO", k::animate_low, 1, h, "", true, a::video, true,
       false, true},
      {"MJ::JOB::animate_high_extend::1::" + h + "::SOLO", k::animate_high_extend, 1, h, "", true,
       a::video, true, false, true},
      {"MJ::JOB::animate_low_extend::1::" + h, k::animate_low_extend, 1, h, "", false, a::video,
       true, false, true},
      {"MJ::Picread::Retry", k::picread_retry, 0, "", "", false, a::describe, true, false, false},
      {"MJ::Job::PicReader::1", k::picreader, 1, "", "", false, a::imagine, true, true, false},
      {"MJ::Job::PicReader::4", k::picreader, 4, "", "", false, a::imagine, true, true, false},
      {"MJ::Job::PicReader::all", k::picreader_all, 0, "", "", false, a::imagine, true, false,
       false},
      {"MJ::Job::PromptAnalyzer::1250000000000000310::3", k::prompt_analyzer, 3, "",
       "1250000000000000310", false, a::imagine, true, true, false},
      {"MJ::BOOKMARK::" + h, k::bookmark, 0, h, "", false, std::nullopt, false, false, false},
      {"MJ::Settings::RemixMode", k::settings, 0, "", "RemixMode", false, std::nullopt, false,
       false, false},
      {"MJ::Settings::HighVariabilityMode::1", k::settings, 0, "", "HighVariabilityMode::1", false,
       std::nullopt, false, false, false},
      {"MJ::Prompts::Appeal::f00dfeed-0000-4000-8000-000000000001", k::appeal, 0, "",
       "f00dfeed-0000-4000-8000-000000000001", false, std::nullopt, false, false, false},
  };
}

}  // namespace

TEST(custom_id, whole_table_parses_classifies_and_round_trips) {
  for (const auto& r : table()) {
    SCOPED_TRACE(r.custom_id);
    auto b = parse_custom_id(r.custom_id);
    EXPECT_EQ(b.kind, r.kind) << to_string(b.kind);
    EXPECT_EQ(b.index, r.index);
    EXPECT_EQ(b.hash, r.hash);
    EXPECT_EQ(b.extra, r.extra);
    EXPECT_EQ(b.solo, r.solo);
    EXPECT_EQ(task_action_of(b.kind), r.action);
    EXPECT_EQ(needs_slot(b.kind), r.slot);
    EXPECT_EQ(always_modal(b.kind), r.modal);
    EXPECT_EQ(remix_modal_possible(b.kind), r.remix);
    EXPECT_EQ(build_custom_id(b), r.custom_id);
  }
}

TEST(custom_id, modal_policy_follows_the_modal_columns) {
  using mjgate::domain::modal_policy;
  for (const auto& r : table()) {
    SCOPED_TRACE(r.custom_id);
    auto kind = parse_custom_id(r.custom_id).kind;
    auto expected = kind == button_kind::prompt_analyzer ? modal_policy::unless_auto_submit
                    : kind == button_kind::picreader_all ? modal_policy::keep_prefill
                    : r.modal                            ? modal_policy::always
                    : r.remix                            ? modal_policy::remix
                                                         : modal_policy::never;
    EXPECT_EQ(modal_policy_of(kind), expected);
  }
  EXPECT_EQ(modal_policy_of(button_kind::prompt_analyzer), modal_policy::unless_auto_submit);
  EXPECT_EQ(modal_policy_of(button_kind::custom_zoom), modal_policy::always);
  EXPECT_EQ(modal_policy_of(button_kind::variation), modal_policy::remix);
  EXPECT_EQ(modal_policy_of(button_kind::upsample), modal_policy::never);
}

TEST(custom_id, picreader_picks_are_the_offered_picks_in_order) {
  auto b = [](std::string id) { return mjgate::domain::button{std::move(id), "", "", 2, 2}; };
  std::vector<mjgate::domain::button> describe{
      b("MJ::Job::PicReader::all"), b("MJ::Job::PicReader::3"), b("MJ::Job::PicReader::1"),
      b("MJ::Picread::Retry"),      b("MJ::Job::PicReader::2"), b("MJ::Job::PicReader::4"),
      b("MJ::Job::PicReader::2")};
  EXPECT_EQ(picreader_picks(describe),
            (std::vector<std::string>{"MJ::Job::PicReader::1", "MJ::Job::PicReader::2",
                                      "MJ::Job::PicReader::3", "MJ::Job::PicReader::4"}));
  // A result with fewer lines offers fewer picks; a grid offers none.
  EXPECT_EQ(picreader_picks({b("MJ::Job::PicReader::2"), b("MJ::Job::PicReader::all")}),
            std::vector<std::string>{"MJ::Job::PicReader::2"});
  EXPECT_TRUE(picreader_picks({b("MJ::JOB::upsample::1::" + h)}).empty());
}

TEST(custom_id, find_animate_button_by_motion_and_extend) {
  std::vector<mjgate::domain::button> buttons{
      {"MJ::JOB::upsample_v6_2x_subtle::1::0b2f4c6e-1111-4222-8333-944455556666::SOLO", "",
       "Upscale", 2, 2},
      {"MJ::JOB::animate_high::1::0b2f4c6e-1111-4222-8333-944455556666::SOLO", "",
       "Animate (High motion)", 2, 2},
      {"MJ::JOB::animate_low::1::0b2f4c6e-1111-4222-8333-944455556666::SOLO", "",
       "Animate (Low motion)", 2, 2}};
  EXPECT_EQ(find_animate_button(buttons, true, false),
            "MJ::JOB::animate_high::1::0b2f4c6e-1111-4222-8333-944455556666::SOLO");
  EXPECT_EQ(find_animate_button(buttons, false, false),
            "MJ::JOB::animate_low::1::0b2f4c6e-1111-4222-8333-944455556666::SOLO");
  EXPECT_EQ(find_animate_button(buttons, false, true), std::nullopt);
  buttons.push_back({"MJ::JOB::animate_low_extend::1::0b2f4c6e-1111-4222-8333-944455557777::SOLO",
                     "", "Extend", 2, 2});
  EXPECT_EQ(find_animate_button(buttons, false, true),
            "MJ::JOB::animate_low_extend::1::0b2f4c6e-1111-4222-8333-944455557777::SOLO");
  EXPECT_EQ(find_animate_button({}, true, true), std::nullopt);
}

TEST(custom_id, every_kind_has_a_distinct_name) {
  std::set<std::string_view> names;
  for (const auto& r : table()) names.insert(to_string(r.kind));
  EXPECT_EQ(names.size(), 27u - 1u);  // every kind but unknown appears in the table
  EXPECT_EQ(to_string(button_kind::unknown), "unknown");
  EXPECT_EQ(to_string(button_kind::outpaint_75), "outpaint_75");
}

TEST(custom_id, malformed_and_unknown_ids_are_unknown) {
  for (const std::string& bad : std::vector<std::string>{
           "",
           "MJ",
           "MJ::JOB",
           "MJ::JOB::upsample::5::" + h,              // U index out of 1..4
           "MJ::JOB::upsample::0::" + h,              // idem
           "MJ::JOB::variation::1::not-a-hash",       // hash must be a UUID
           "MJ::JOB::upsample::1::" + h + "::EXTRA",  // only SOLO may follow
           "MJ::JOB::upsample::x::" + h,
           "MJ::JOB::upsample_::1::" + h + "::SOLO",  // HD kind missing
           "MJ::JOB::explode::1::" + h,
           "MJ::Outpaint::60::1::" + h + "::SOLO",
           "MJ::CustomZoom::zzz",
           "MJ::Job::PicReader::5",
           "MJ::Job::PicReader::",
           "MJ::Picread::Again",
           "MJ::Job::PromptAnalyzer::x",
           "MJ::Prompts::Appeal",
           "XX::JOB::upsample::1::" + h,
           "MJ::Unknown::thing",
       }) {
    SCOPED_TRACE(bad);
    auto b = parse_custom_id(bad);
    EXPECT_EQ(b, mj_button{});
    EXPECT_FALSE(task_action_of(b.kind));
    EXPECT_FALSE(needs_slot(b.kind));
    EXPECT_EQ(build_custom_id(b), "");
  }
}

TEST(custom_id, change_buttons_for_submit_change) {
  auto u2 = change_button(task_action::upscale, 2, h);
  ASSERT_TRUE(u2);
  EXPECT_EQ(build_custom_id(*u2), "MJ::JOB::upsample::2::" + h);
  auto v4 = change_button(task_action::variation, 4, h);
  ASSERT_TRUE(v4);
  EXPECT_EQ(build_custom_id(*v4), "MJ::JOB::variation::4::" + h);
  auto r = change_button(task_action::reroll, 0, h);
  ASSERT_TRUE(r);
  EXPECT_EQ(build_custom_id(*r), "MJ::JOB::reroll::0::" + h + "::SOLO");
  EXPECT_FALSE(change_button(task_action::upscale, 0, h));
  EXPECT_FALSE(change_button(task_action::variation, 5, h));
  EXPECT_FALSE(change_button(task_action::pan, 1, h));
  EXPECT_FALSE(change_button(task_action::imagine, 1, h));
}

TEST(custom_id, simple_change_accepts_every_op_case_insensitively) {
  struct ok_row {
    std::string text;
    task_action action;
    int index;
  };
  for (const auto& r : std::vector<ok_row>{{"1320098173412546 U2", task_action::upscale, 2},
                                           {"1320098173412546 u1", task_action::upscale, 1},
                                           {"1320098173412546 V4", task_action::variation, 4},
                                           {"1320098173412546 v3", task_action::variation, 3},
                                           {"1320098173412546 R", task_action::reroll, 0},
                                           {"1320098173412546 r", task_action::reroll, 0}}) {
    SCOPED_TRACE(r.text);
    auto parsed = parse_simple_change(r.text);
    ASSERT_TRUE(parsed.value) << parsed.error;
    EXPECT_EQ(parsed.error, "");
    EXPECT_EQ(*parsed.value, (simple_change{"1320098173412546", r.action, r.index}));
  }
}

TEST(custom_id, simple_change_rejects_bad_text_with_a_reason) {
  for (std::string_view bad :
       {"", "1320098173412546", "1320098173412546U2", "1320098173412546  U2", " U2",
        "1320098173412546 ", "1320098173412546 U", "1320098173412546 U0", "1320098173412546 U5",
        "1320098173412546 V12", "1320098173412546 R1", "1320098173412546 X1",
        "1320098173412546 U2 extra", "13200*98 U2"}) {
    SCOPED_TRACE(bad);
    auto parsed = parse_simple_change(bad);
    EXPECT_FALSE(parsed.value);
    EXPECT_FALSE(parsed.error.empty());
  }
}
