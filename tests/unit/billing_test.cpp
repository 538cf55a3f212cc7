// Quota arithmetic (api-contracts.md §5.3) and the per-user rate limit (§1.7).
#include "domain/billing.hpp"

#include <gtest/gtest.h>

using namespace mjgate::domain;

TEST(billing, default_prices_cover_every_midjourney_action) {
  auto t = default_prices();
  EXPECT_EQ(price_of(t, task_action::imagine, "default"), 50000);
  EXPECT_EQ(price_of(t, task_action::upscale, "default"), 25000);
  EXPECT_EQ(price_of(t, task_action::video, "default"), 250000);
  EXPECT_EQ(price_of(t, task_action::upload, "default"), 0);
  for (auto a : {task_action::imagine, task_action::upscale, task_action::variation,
                 task_action::reroll, task_action::describe, task_action::blend,
                 task_action::shorten, task_action::pan, task_action::zoom, task_action::upscale_hd,
                 task_action::video, task_action::edit, task_action::upload})
    EXPECT_TRUE(t.units.contains(price_key(a))) << price_key(a);
  EXPECT_EQ(price_key(task_action::upscale_hd), "mj_upscale_hd");
}

TEST(billing, the_task_center_has_its_own_price_keys) {
  auto t = default_prices();
  EXPECT_EQ(price_key(task_action::music), "suno_music");
  EXPECT_EQ(price_key(task_action::lyrics), "suno_lyrics");
  EXPECT_EQ(price_of(t, task_action::music, "default"), 50000);
  EXPECT_EQ(price_of(t, task_action::lyrics, "default"), 5000);
  auto parsed = parse_prices(t, {"suno_music=700", "suno_lyrics=0"}, {"vip=2"});
  ASSERT_TRUE(std::holds_alternative<price_table>(parsed));
  auto p = std::get<price_table>(parsed);
  EXPECT_EQ(price_of(p, task_action::music, "vip"), 1400);
  EXPECT_EQ(price_of(p, task_action::lyrics, "default"), 0);
}

TEST(billing, config_entries_override_prices_and_groups_scale_them) {
  auto parsed = parse_prices(default_prices(), {"mj_imagine=1000", " mj_upscale = 0 "},
                             {"vip=0.5", "reseller=1.25"});
  ASSERT_TRUE(std::holds_alternative<price_table>(parsed));
  auto t = std::get<price_table>(parsed);
  EXPECT_EQ(price_of(t, task_action::imagine, "default"), 1000);
  EXPECT_EQ(price_of(t, task_action::imagine, "vip"), 500);
  EXPECT_EQ(price_of(t, task_action::imagine, "reseller"), 1250);
  EXPECT_EQ(price_of(t, task_action::upscale, "vip"), 0);
  EXPECT_EQ(price_of(t, task_action::imagine, "unknown-group"), 1000);
}

TEST(billing, bad_entries_name_themselves) {
  auto err = [](std::vector<std::string> p, std::vector<std::string> r) {
    auto parsed = parse_prices(default_prices(), p, r);
    return std::holds_alternative<std::string>(parsed) ? std::get<std::string>(parsed) : "";
  };
  EXPECT_EQ(err({"mj_imagin=5"}, {}), "billing.prices: unknown price key \"mj_imagin\"");
  EXPECT_NE(err({"mj_imagine=-5"}, {}).find("≥ 0"), std::string::npos);
  EXPECT_NE(err({"mj_imagine=1.5"}, {}).find("whole number"), std::string::npos);
  EXPECT_NE(err({"mj_imagine"}, {}).find("key=units"), std::string::npos);
  EXPECT_NE(err({}, {"vip=cheap"}).find("ratio"), std::string::npos);
  EXPECT_NE(err({}, {"vip=-1"}).find("ratio"), std::string::npos);
  EXPECT_NE(err({}, {"=1"}).find("group=ratio"), std::string::npos);
}

TEST(billing, success_settles_failure_refunds_cancel_refunds_only_before_dispatch) {
  EXPECT_EQ(billing_on_end(task_status::success, true), billing_outcome::settle);
  EXPECT_EQ(billing_on_end(task_status::failure, true), billing_outcome::refund);
  EXPECT_EQ(billing_on_end(task_status::failure, false), billing_outcome::refund);
  EXPECT_EQ(billing_on_end(task_status::cancel, false), billing_outcome::refund);
  EXPECT_EQ(billing_on_end(task_status::cancel, true), billing_outcome::settle);
}

TEST(billing, rate_bucket_allows_a_burst_then_one_per_period) {
  rate_bucket b{60, 0};  // 60 per minute: one per second after the burst
  for (int i = 0; i < 60; ++i) EXPECT_EQ(b.take(0), std::nullopt) << i;
  EXPECT_EQ(b.take(0), 1);
  EXPECT_EQ(b.take(500), 1);
  EXPECT_EQ(b.take(1000), std::nullopt);
  EXPECT_EQ(b.take(1000), 1);
  b.give_back();
  EXPECT_EQ(b.take(1000), std::nullopt);
  EXPECT_FALSE(b.idle(1000));
  EXPECT_TRUE(b.idle(61000));
  rate_bucket slow{2, 0};
  EXPECT_EQ(slow.take(0), std::nullopt);
  EXPECT_EQ(slow.take(0), std::nullopt);
  EXPECT_EQ(slow.take(0), 30);  // one token per 30 s
}

TEST(billing, a_held_task_settles_or_refunds_exactly_when_it_ends) {
  task t;
  t.billing_state = "HELD";
  t.quota = 50000;
  end_hold(t, false);  // not terminal: nothing happens
  EXPECT_EQ(t.billing_state, "HELD");
  t.status = task_status::failure;
  end_hold(t, true);
  EXPECT_EQ(t.billing_state, "REFUNDED");
  EXPECT_EQ(t.quota, 0);
  end_hold(t, true);  // only a HELD task moves
  EXPECT_EQ(t.billing_state, "REFUNDED");

  task ok;
  ok.billing_state = "HELD";
  ok.quota = 7;
  ok.status = task_status::success;
  end_hold(ok, true);
  EXPECT_EQ(ok.billing_state, "SETTLED");
  EXPECT_EQ(ok.quota, 7);

  task free;
  free.status = task_status::failure;
  end_hold(free, false);
  EXPECT_EQ(free.billing_state, "NONE");
}
