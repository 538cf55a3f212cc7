// The MODAL rule (api-contracts.md §3.4 rules 7–9) and modal prompt checks.
#include "domain/remix.hpp"

#include <gtest/gtest.h>

using namespace mjgate::domain;

TEST(remix, plan_click_table) {
  const remix_settings off{false, false};
  const remix_settings on_manual{true, false};
  const remix_settings on_auto{true, true};
  const remix_settings auto_only{false, true};
  using enum click_plan_kind;
  struct row {
    const char* name;
    modal_policy policy;
    remix_settings account;
    const char* caller_prompt;
    click_plan_kind kind;
    const char* modal_prompt;
  };
  const row rows[] = {
      {"U with remix on", modal_policy::never, on_manual, "", click, ""},
      {"V, remix off", modal_policy::remix, off, "", click, ""},
      {"V, remix on, manual", modal_policy::remix, on_manual, "", wait_for_modal, ""},
      {"V, remix on, auto, parent prompt", modal_policy::remix, on_auto, "", click_then_auto_modal,
       "parent en"},
      {"V, remix on, auto, caller prompt", modal_policy::remix, on_auto, " a dog ",
       click_then_auto_modal, "a dog"},
      {"auto-submit without remix is a plain click", modal_policy::remix, auto_only, "", click, ""},
      {"CustomZoom, remix off", modal_policy::always, off, "", wait_for_modal, ""},
      {"Inpaint, remix auto", modal_policy::always, on_auto, "x", wait_for_modal, ""},
      {"PromptAnalyzer, no auto", modal_policy::unless_auto_submit, on_manual, "", wait_for_modal,
       ""},
      {"PromptAnalyzer, auto keeps prefill", modal_policy::unless_auto_submit, auto_only, "",
       click_then_auto_modal, ""},
      {"PromptAnalyzer, auto with caller prompt", modal_policy::unless_auto_submit, auto_only,
       "fox", click_then_auto_modal, "fox"},
      {"PicReader all keeps each prefill", modal_policy::keep_prefill, off, "",
       click_then_auto_modal, ""},
      {"PicReader all ignores a caller prompt", modal_policy::keep_prefill, on_auto, "fox",
       click_then_auto_modal, ""},
  };
  for (const auto& r : rows) {
    auto p = plan_click(r.policy, r.account, false, r.caller_prompt, "parent en");
    EXPECT_EQ(p.kind, r.kind) << r.name;
    EXPECT_EQ(p.modal_prompt, r.modal_prompt) << r.name;
    EXPECT_EQ(p.error, errc::none) << r.name;
  }
}

TEST(remix, enable_remix_needs_remix_on_the_account) {
  auto p = plan_click(modal_policy::remix, {false, false}, true, "", "");
  EXPECT_EQ(p.error, errc::validation);
  EXPECT_EQ(p.message, "当前账号不支持 remix");
  EXPECT_EQ(plan_click(modal_policy::remix, {true, false}, true, "", "").error, errc::none);
}

TEST(remix, validate_modal_prompt_table) {
  struct row {
    modal_target target;
    const char* prompt;
    bool mask;
    bool ok;
  };
  const row rows[] = {
      {modal_target::other, "", false, true},
      {modal_target::custom_zoom, "cat --ar 16:9 --zoom 1.5", false, true},
      {modal_target::custom_zoom, "cat --zoom 2 --ar 1:1", false, true},
      {modal_target::custom_zoom, "cat --zoom 1 --ar 1:1", false, true},
      {modal_target::custom_zoom, "cat --zoom 2.01 --ar 1:1", false, false},
      {modal_target::custom_zoom, "cat --zoom 0.9 --ar 1:1", false, false},
      {modal_target::custom_zoom, "cat --zoom abc --ar 1:1", false, false},
      {modal_target::custom_zoom, "cat --zoom --ar 1:1", false, false},
      {modal_target::custom_zoom, "cat --zoom 1.5", false, false},
      {modal_target::custom_zoom, "cat --ar --zoom 1.5", false, false},
      {modal_target::custom_zoom, "cat --zoomx 1.5 --ar 1:1", false, false},
      {modal_target::inpaint, "cat", true, true},
      {modal_target::inpaint, "cat", false, false},
  };
  for (const auto& r : rows) {
    auto c = validate_modal_prompt(r.target, r.prompt, r.mask);
    EXPECT_EQ(c.error == errc::none, r.ok) << r.prompt;
    EXPECT_EQ(c.message.empty(), r.ok) << r.prompt;
  }
}
