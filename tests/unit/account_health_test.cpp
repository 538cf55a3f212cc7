// The account health state machine (discord-midjourney-protocol.md §7.3).
#include "domain/account_health.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace mjgate::domain;

namespace {

using enum health_event_kind;

health_event ev(health_event_kind k, std::int64_t at = 0, std::int64_t retry_at = 0, int status = 0,
                std::string detail = {}) {
  return {k, at, retry_at, status, std::move(detail)};
}

account_health run(const std::vector<health_event>& events) {
  account_health h;
  for (const auto& e : events) h = apply(h, e);
  return h;
}

}  // namespace

TEST(account_health, wire_names) {
  using enum account_state;
  for (auto s : {connecting, ready, backoff, locked, disabled})
    EXPECT_EQ(parse_account_state(to_string(s)), s);
  EXPECT_EQ(to_string(ready), "READY");
  EXPECT_EQ(parse_account_state("ready"), std::nullopt);
  EXPECT_EQ(to_string(disabled_code::auth), "AUTH");
  EXPECT_EQ(to_string(disabled_code::banned), "BANNED");
  EXPECT_EQ(to_string(disabled_code::subscription), "SUBSCRIPTION");
  EXPECT_EQ(to_string(disabled_code::operator_request), "OPERATOR");
  EXPECT_EQ(to_string(lock_reason::captcha), "CAPTCHA");
}

TEST(account_health, transition_table) {
  using S = account_state;
  struct row {
    const char* name;
    std::vector<health_event> events;
    S state;
    disabled_code code;
    std::int64_t retry_at;
  };
  const std::vector<row> rows = {
      {"initial", {}, S::connecting, disabled_code::none, 0},
      {"ready", {ev(link_ready)}, S::ready, disabled_code::none, 0},
      {"lost → backoff",
       {ev(link_ready), ev(link_lost, 10, 5000)},
       S::backoff,
       disabled_code::none,
       5000},
      {"lost → reconnecting",
       {ev(link_ready), ev(link_lost, 10, 5000), ev(link_connecting)},
       S::connecting,
       disabled_code::none,
       0},
      {"resumed",
       {ev(link_ready), ev(link_lost, 10, 5000), ev(link_ready, 6000)},
       S::ready,
       disabled_code::none,
       0},
      {"4004", {ev(link_auth_failed)}, S::disabled, disabled_code::auth, 0},
      {"REST 401",
       {ev(link_ready), ev(rest_result, 0, 0, 401)},
       S::disabled,
       disabled_code::auth,
       0},
      {"REST 403",
       {ev(link_ready), ev(rest_result, 0, 0, 403)},
       S::disabled,
       disabled_code::auth,
       0},
      {"REST 204 keeps READY",
       {ev(link_ready), ev(rest_result, 0, 0, 204)},
       S::ready,
       disabled_code::none,
       0},
      {"REST 500 keeps READY",
       {ev(link_ready), ev(rest_result, 0, 0, 500)},
       S::ready,
       disabled_code::none,
       0},
      {"429 → backoff",
       {ev(link_ready), ev(rest_result, 100, 2100, 429)},
       S::backoff,
       disabled_code::none,
       2100},
      {"429 ends at retry time",
       {ev(link_ready), ev(rest_result, 100, 2100, 429), ev(tick, 2100)},
       S::ready,
       disabled_code::none,
       0},
      {"429 not yet over",
       {ev(link_ready), ev(rest_result, 100, 2100, 429), ev(tick, 2099)},
       S::backoff,
       disabled_code::none,
       2100},
      {"429 outlives a resume",
       {ev(link_ready), ev(rest_result, 100, 2100, 429), ev(link_ready, 500)},
       S::backoff,
       disabled_code::none,
       2100},
      {"captcha locks",
       {ev(link_ready), ev(captcha, 0, 0, 0, "/captcha/x")},
       S::locked,
       disabled_code::none,
       0},
      {"locked survives reconnects",
       {ev(link_ready), ev(captcha), ev(link_lost, 1, 99), ev(link_ready)},
       S::locked,
       disabled_code::none,
       0},
      {"unlock → ready",
       {ev(link_ready), ev(captcha), ev(unlocked)},
       S::ready,
       disabled_code::none,
       0},
      {"unlock while link down → connecting",
       {ev(link_ready), ev(captcha), ev(link_lost, 1, 99), ev(unlocked)},
       S::connecting,
       disabled_code::none,
       0},
      {"review locks", {ev(link_ready), ev(review)}, S::locked, disabled_code::none, 0},
      {"banned", {ev(link_ready), ev(banned)}, S::disabled, disabled_code::banned, 0},
      {"subscription",
       {ev(link_ready), ev(subscription)},
       S::disabled,
       disabled_code::subscription,
       0},
      {"locked then banned",
       {ev(link_ready), ev(captcha), ev(banned)},
       S::disabled,
       disabled_code::banned,
       0},
      {"disabled ignores captcha and link",
       {ev(link_ready), ev(subscription), ev(captcha), ev(link_ready), ev(unlocked), ev(tick, 1)},
       S::disabled,
       disabled_code::subscription,
       0},
      {"operator disable",
       {ev(link_ready), ev(operator_disable)},
       S::disabled,
       disabled_code::operator_request,
       0},
      {"operator enable → connecting",
       {ev(link_ready), ev(banned), ev(operator_enable)},
       S::connecting,
       disabled_code::none,
       0},
      {"enable then ready",
       {ev(link_auth_failed), ev(operator_enable), ev(link_ready)},
       S::ready,
       disabled_code::none,
       0},
      {"enable on a READY account changes nothing",
       {ev(link_ready), ev(operator_enable)},
       S::ready,
       disabled_code::none,
       0},
  };
  for (const auto& r : rows) {
    auto h = run(r.events);
    EXPECT_EQ(h.state, r.state) << r.name;
    EXPECT_EQ(h.disabled, r.code) << r.name;
    EXPECT_EQ(h.retry_at, r.retry_at) << r.name;
  }
}

TEST(account_health, fast_exhausted_is_a_flag_not_a_state) {
  auto h = run({ev(link_ready), ev(fast_exhausted)});
  EXPECT_EQ(h.state, account_state::ready);
  EXPECT_TRUE(h.fast_exhausted);
  EXPECT_TRUE(can_take_work(h));
  h = apply(h, ev(fast_restored));
  EXPECT_FALSE(h.fast_exhausted);
}

TEST(account_health, work_and_choice_views) {
  struct row {
    std::vector<health_event> events;
    bool take_work;
    bool serve_later;
    link_health link;
  };
  const std::vector<row> rows = {
      {{}, false, true, link_health::connecting},
      {{ev(link_ready)}, true, true, link_health::ready},
      {{ev(link_ready), ev(rest_result, 0, 10, 429)}, false, true, link_health::connecting},
      {{ev(link_ready), ev(captcha)}, false, true, link_health::connecting},
      {{ev(link_ready), ev(banned)}, false, false, link_health::disabled},
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto h = run(rows[i].events);
    EXPECT_EQ(can_take_work(h), rows[i].take_work) << i;
    EXPECT_EQ(can_serve_later(h), rows[i].serve_later) << i;
    EXPECT_EQ(to_link_health(h.state), rows[i].link) << i;
  }
}

TEST(account_health, reason_text) {
  EXPECT_EQ(reason_text(run({ev(link_ready)})), "");
  EXPECT_EQ(reason_text(run({ev(banned, 0, 0, 0, "Blocked")})), "BANNED: Blocked");
  EXPECT_EQ(reason_text(run({ev(link_auth_failed)})), "AUTH: gateway close 4004");
  EXPECT_EQ(reason_text(run({ev(link_ready), ev(rest_result, 0, 0, 401)})), "AUTH: REST 401");
  EXPECT_EQ(reason_text(run({ev(captcha, 0, 0, 0, "/captcha/embedded/x")})),
            "CAPTCHA: /captcha/embedded/x");
  EXPECT_EQ(reason_text(run({ev(review)})), "REVIEW");
  EXPECT_EQ(reason_text(run({ev(captcha, 0, 0, 0, "c"), ev(unlocked)})), "");
}
