// Error and health classification of protocol §7.1/§7.2 on every signal row.
#include "discord/mj_signal.hpp"

#include <gtest/gtest.h>

#include "discord/mj_message.hpp"
#include "tests/discord/test_data.hpp"

using namespace mjgate::discord;
using mjgate::discord::test::event_from;

namespace {

gateway_event with_embed(std::string title, std::string description, std::int64_t colour) {
  gateway_event ev;
  ev.embeds.push_back({std::move(title), std::move(description), "", colour, ""});
  return ev;
}

}  // namespace

TEST(mj_signal, every_title_row_of_the_table) {
  struct row {
    std::string title;
    std::int64_t colour;
    mj_signal signal;
    task_reaction task;
    account_reaction account;
  };
  const std::vector<row> rows{
      {"Job queued", 16239475, mj_signal::job_queued, task_reaction::stay_submitted,
       account_reaction::lower_concurrency},
      {"Queue full", 16711680, mj_signal::queue_full, task_reaction::requeue,
       account_reaction::none},
      {"Banned prompt detected", 16711680, mj_signal::banned_prompt, task_reaction::fail,
       account_reaction::none},
      {"Invalid prompt", 0, mj_signal::invalid_parameter, task_reaction::fail,
       account_reaction::none},
      {"Invalid parameter!", 0, mj_signal::invalid_parameter, task_reaction::fail,
       account_reaction::none},
      {"Invalid link", 0, mj_signal::invalid_parameter, task_reaction::fail,
       account_reaction::none},
      {"Request cancelled due to output filters", 0, mj_signal::invalid_parameter,
       task_reaction::fail, account_reaction::none},
      {"Internal error", 0, mj_signal::invalid_parameter, task_reaction::fail,
       account_reaction::none},
      {"Access denied", 0, mj_signal::invalid_parameter, task_reaction::fail,
       account_reaction::none},
      {"Something odd", 16711680, mj_signal::invalid_parameter, task_reaction::fail,
       account_reaction::none},
      {"Action needed to continue", 16239475, mj_signal::action_needed, task_reaction::fail,
       account_reaction::none},
      {"Credits exhausted", 16711680, mj_signal::fast_exhausted, task_reaction::requeue,
       account_reaction::fast_exhausted},
      {"Blocked", 16711680, mj_signal::blocked, task_reaction::fail,
       account_reaction::disabled_banned},
      {"Plan Cancelled", 0, mj_signal::subscription, task_reaction::fail,
       account_reaction::disabled_subscription},
      {"Subscription required", 0, mj_signal::subscription, task_reaction::fail,
       account_reaction::disabled_subscription},
      {"Subscription paused", 0, mj_signal::subscription, task_reaction::fail,
       account_reaction::disabled_subscription},
      {"Pending mod message", 0, mj_signal::pending_mod, task_reaction::requeue,
       account_reaction::locked},
      {"Tos not accepted", 0, mj_signal::tos, task_reaction::resubmit,
       account_reaction::accept_tos},
      {"ToS not accepted", 0, mj_signal::tos, task_reaction::resubmit,
       account_reaction::accept_tos},
      {"Please verify you're human", 0, mj_signal::captcha, task_reaction::fail,
       account_reaction::locked},
      {"\xF0\x9F\x9A\xAB  BANNED PROMPT DETECTED!! ", 0, mj_signal::banned_prompt,
       task_reaction::fail, account_reaction::none},
      {"Your info - alice", 65280, mj_signal::none, task_reaction::none, account_reaction::none},
      {"", 0, mj_signal::none, task_reaction::none, account_reaction::none},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.title);
    auto s = classify_mj_signal(with_embed(r.title, "why", r.colour));
    EXPECT_EQ(s.signal, r.signal);
    EXPECT_EQ(task_reaction_of(s.signal), r.task);
    EXPECT_EQ(account_reaction_of(s.signal), r.account);
    bool reason = r.signal != mj_signal::none && r.signal != mj_signal::job_queued;
    EXPECT_EQ(s.fail_reason, reason ? "[" + r.title + "] why" : "");
  }
}

TEST(mj_signal, failed_content_and_plain_messages) {
  gateway_event ev;
  ev.content = "Failed to process your command :confused:";
  auto s = classify_mj_signal(ev);
  EXPECT_EQ(s.signal, mj_signal::failed);
  EXPECT_EQ(s.fail_reason, "Failed to process your command :confused:");
  EXPECT_EQ(task_reaction_of(s.signal), task_reaction::fail);
  ev.content = "**a cat** - <@1> (fast)";
  EXPECT_EQ(classify_mj_signal(ev).signal, mj_signal::none);
}

TEST(mj_signal, recorded_action_needed_keeps_the_appeal_button) {
  auto s = classify_mj_signal(event_from("msg_action_needed.json"));
  EXPECT_EQ(s.signal, mj_signal::action_needed);
  EXPECT_EQ(s.button_custom_id, "MJ::Prompts::Appeal::f00dfeed-0000-4000-8000-000000000001");
  EXPECT_EQ(s.fail_reason,
            "[Action needed to continue] Your prompt may violate our community guidelines. You "
            "can appeal if you think this is a mistake.");
  auto r = read_mj_message(event_from("msg_action_needed.json"));
  EXPECT_EQ(r.phase, mj_phase::error);
  EXPECT_EQ(r.error, s.fail_reason);
}

TEST(mj_signal, recorded_tos_prompt_finds_the_accept_button_by_label) {
  auto s = classify_mj_signal(event_from("msg_tos.json"));
  EXPECT_EQ(s.signal, mj_signal::tos);
  EXPECT_EQ(s.button_custom_id, "MJ::Tos::Accept::4c1d");
  EXPECT_EQ(s.title, "ToS not accepted");
}

TEST(mj_signal, recorded_banned_and_queued) {
  auto banned = classify_mj_signal(event_from("msg_banned.json"));
  EXPECT_EQ(banned.signal, mj_signal::banned_prompt);
  EXPECT_EQ(banned.button_custom_id, "");
  auto queued = read_mj_message(event_from("msg_job_queued.json"));
  EXPECT_EQ(queued.phase, mj_phase::queued);
  EXPECT_EQ(queued.signal.signal, mj_signal::job_queued);
}

TEST(mj_signal, iframe_modals_tell_captcha_from_vary_region) {
  auto captcha = classify_iframe_modal(event_from("iframe_modal_captcha.json"));
  EXPECT_EQ(captcha.signal, mj_signal::captcha);
  EXPECT_EQ(captcha.fail_reason, "[Action required to continue] captcha");
  EXPECT_EQ(account_reaction_of(captcha.signal), account_reaction::locked);
  EXPECT_EQ(classify_iframe_modal(event_from("iframe_modal_inpaint.json")).signal, mj_signal::none);
}

TEST(mj_signal, normalized_title_strips_emoji_and_punctuation) {
  EXPECT_EQ(normalized_title("\xE2\x9A\xA0\xEF\xB8\x8F Job Queued... "), "job queued");
  EXPECT_EQ(normalized_title("!!!"), "");
}
