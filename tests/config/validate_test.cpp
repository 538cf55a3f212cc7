#include <algorithm>

#include <gtest/gtest.h>

#include "config/load.hpp"

namespace mjgate::config {
namespace {

using namespace std::chrono_literals;

domain::account valid_account(std::string channel) {
  domain::account a;
  a.id = channel;
  a.channel_id = channel;
  a.user_token = "token";
  return a;
}

/// validate() must report exactly `expected` for a config changed by `edit`.
template <class Edit>
void expect_problems(Edit edit, std::vector<std::string> expected) {
  config cfg;
  edit(cfg);
  EXPECT_EQ(validate(cfg), expected);
}

TEST(validate, defaults_are_valid) {
  EXPECT_TRUE(validate(config{}).empty());
}

TEST(validate, server_rules) {
  expect_problems([](config& c) { c.server.io_threads = 0; },
                  {"server.io_threads: 0 is out of range (1..64)"});
  expect_problems([](config& c) { c.server.io_threads = 65; },
                  {"server.io_threads: 65 is out of range (1..64)"});
  expect_problems([](config& c) { c.server.port = 0; }, {});  // OS-chosen port
  expect_problems([](config& c) { c.server.host = ""; }, {"server.host: must not be empty"});
  expect_problems([](config& c) { c.server.ask_timeout = 30s; },
                  {"server.ask_timeout: 30s must be shorter than server.handle_timeout (30s)"});
  expect_problems([](config& c) { c.server.handle_timeout = 0ms; },
                  {"server.handle_timeout: must be longer than 0 (got 0ms)",
                   "server.ask_timeout: 10s must be shorter than server.handle_timeout (0ms)"});
  expect_problems([](config& c) { c.server.public_base_url = "example.com"; },
                  {"server.public_base_url: \"example.com\" must start with http:// or https://"});
  expect_problems([](config& c) { c.server.max_body_submit = 0; },
                  {"server.max_body_submit: must be at least 1"});
  expect_problems([](config& c) { c.server.max_body_default = 0; },
                  {"server.max_body_default: must be at least 1"});
  expect_problems([](config& c) { c.server.max_connections = 0; },
                  {"server.max_connections: must be at least 1"});
  expect_problems(
      [](config& c) {
        c.server.cors_origins = {"*", "https://app.example.com:8443"};
      },
      {});
  expect_problems([](config& c) { c.server.cors_origins = {"https://app.example.com/"}; },
                  {"server.cors_origins: \"https://app.example.com/\" must not have a path, query, "
                   "wildcard or space (an origin is scheme://host[:port])"});
}

TEST(validate, dashboard_rules) {
  expect_problems([](config& c) { c.dashboard.default_page_size = 1; }, {});
  expect_problems([](config& c) { c.dashboard.default_page_size = 100; }, {});
  expect_problems([](config& c) { c.dashboard.default_page_size = 0; },
                  {"dashboard.default_page_size: 0 is out of range (1..100)"});
  expect_problems([](config& c) { c.dashboard.default_page_size = 101; },
                  {"dashboard.default_page_size: 101 is out of range (1..100)"});
}

TEST(validate, image_rules) {
  expect_problems([](config& c) { c.image.max_bytes = 1024; }, {});
  expect_problems([](config& c) { c.image.max_bytes = 64u << 20; }, {});
  expect_problems([](config& c) { c.image.max_bytes = 1023; },
                  {"image.max_bytes: 1023 is out of range (1024..67108864)"});
  expect_problems([](config& c) { c.image.max_bytes = (64u << 20) + 1; },
                  {"image.max_bytes: 67108865 is out of range (1024..67108864)"});
  expect_problems([](config& c) { c.image.rehost = false; }, {});
}

TEST(validate, node_api_rules) {
  expect_problems([](config& c) { c.node_api.anonymous_user = 7; }, {});
  expect_problems([](config& c) { c.node_api.anonymous_user = -1; },
                  {"node_api.anonymous_user: -1 must be 0 (off) or a user id"});
  expect_problems([](config& c) { c.node_api.progress_style = "legacy"; }, {});
  expect_problems([](config& c) { c.node_api.progress_style = "fancy"; },
                  {"node_api.progress_style: \"fancy\" is not one of percent, legacy"});
}

TEST(validate, storage_rules) {
  for (const auto* dsn : {"sqlite:x.db", "sqlite::memory:", "postgresql://u@h/db",
                          "postgres://u@h/db", "postgresql:host=127.0.0.1 dbname=x"})
    expect_problems([&](config& c) { c.storage.dsn = dsn; }, {});
  for (const auto* dsn : {"mysql://x", "x.db", "", "sqlite:"})
    expect_problems([&](config& c) { c.storage.dsn = dsn; },
                    {"storage.dsn: \"" + std::string{dsn} +
                     "\" must start with sqlite:, postgresql:, postgresql:// or postgres:// "
                     "(e.g. \"sqlite:mjgate.db\")"});
  expect_problems([](config& c) { c.storage.batch_max = 0; },
                  {"storage.batch_max: 0 is out of range (1..10000)"});
  expect_problems([](config& c) { c.storage.batch_max = 10001; },
                  {"storage.batch_max: 10001 is out of range (1..10000)"});
  expect_problems([](config& c) { c.storage.batch_window = 0ms; },
                  {"storage.batch_window: must be longer than 0 (got 0ms)"});
  expect_problems([](config& c) { c.storage.readers = 0; },
                  {"storage.readers: 0 is out of range (1..64)"});
}

TEST(validate, auth_can_be_off_only_in_demo) {
  expect_problems([](config& c) { c.security.auth_enabled = false; },
                  {"security.auth_enabled: false is allowed only with --demo (demo.enabled)"});
  expect_problems(
      [](config& c) {
        c.security.auth_enabled = false;
        c.demo.enabled = true;
        c.server.host = "127.0.0.1";
      },
      {});
}

TEST(validate, root_password_needs_eight_characters_and_is_never_echoed) {
  expect_problems([](config& c) { c.security.root_password = "short12"; },
                  {"security.root_password: password must have at least 8 characters"});
  expect_problems([](config& c) { c.security.root_password = "long enough"; }, {});
}

TEST(validate, secret_key_shapes_and_the_value_is_never_echoed) {
  const std::string hex(64, 'a');
  for (const std::string& ok :
       {hex, std::string{"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopA="},
        std::string{"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn-_A"}, std::string{}})
    expect_problems([&](config& c) { c.security.secret_key = ok; }, {});
  for (const std::string& bad : {std::string(63, 'a'), std::string(64, 'g'),
                                 std::string{"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopB="},
                                 std::string{"short-secret-value"}}) {
    config cfg;
    cfg.security.secret_key = bad;
    auto problems = validate(cfg);
    ASSERT_EQ(problems.size(), 1u) << bad;
    EXPECT_EQ(problems[0].rfind("security.secret_key: must be 32 bytes", 0), 0u);
    EXPECT_EQ(problems[0].find(bad), std::string::npos);
  }
}

TEST(validate, every_duration_must_be_positive) {
  expect_problems(
      [](config& c) {
        c.task.queue_timeout = 0ms;
        c.task.run_timeout = -1s;
        c.task.modal_timeout = 0ms;
        c.discord.connect_timeout = 0ms;
        c.discord.request_timeout = 0ms;
        c.notify.connect_timeout = 0ms;
        c.notify.timeout = 0ms;
      },
      {"task.queue_timeout: must be longer than 0 (got 0ms)",
       "task.run_timeout: must be longer than 0 (got -1s)",
       "task.modal_timeout: must be longer than 0 (got 0ms)",
       "discord.connect_timeout: must be longer than 0 (got 0ms)",
       "discord.request_timeout: must be longer than 0 (got 0ms)",
       "notify.connect_timeout: must be longer than 0 (got 0ms)",
       "notify.timeout: must be longer than 0 (got 0ms)"});
}

TEST(validate, task_discord_and_mj_rules) {
  expect_problems(
      [](config& c) {
        c.task.max_ids = 0;
        c.task.max_in_flight = 0;
        c.mj.max_prompt = 0;
      },
      {"task.max_ids: must be at least 1", "task.max_in_flight: must be at least 1",
       "mj.max_prompt: must be at least 1"});
  expect_problems([](config& c) { c.discord.gateway_url = "https://gateway.discord.gg"; },
                  {"discord.gateway_url: \"https://gateway.discord.gg\" must start with wss:// "
                   "or ws://"});
  expect_problems([](config& c) { c.discord.api_base = "discord.com"; },
                  {"discord.api_base: \"discord.com\" must start with https:// or http://"});
}

TEST(validate, notify_rules) {
  expect_problems([](config& c) { c.notify.max_attempts = 0; },
                  {"notify.max_attempts: 0 is out of range (1..100)"});
  expect_problems([](config& c) { c.notify.max_attempts = 101; },
                  {"notify.max_attempts: 101 is out of range (1..100)"});
  expect_problems([](config& c) { c.notify.backoff_base = 10min; },
                  {"notify.backoff_base: 10m must not exceed notify.backoff_max (5m)"});
  expect_problems(
      [](config& c) {
        c.notify.backoff_base = 0ms;
        c.notify.backoff_max = 0ms;
      },
      {"notify.backoff_base: must be longer than 0 (got 0ms)",
       "notify.backoff_max: must be longer than 0 (got 0ms)"});
  expect_problems([](config& c) { c.notify.per_host = 0; },
                  {"notify.per_host: must be at least 1"});
  expect_problems([](config& c) { c.notify.global_hook = "ftp://x"; },
                  {"notify.global_hook: \"ftp://x\" must start with http:// or https://"});
}

TEST(validate, scheduler_demo_log_and_data_dir_rules) {
  expect_problems([](config& c) { c.scheduler.max_threads = 0; },
                  {"scheduler.max_threads: 0 is out of range (1..256)"});
  expect_problems([](config& c) { c.scheduler.max_throughput = 0; },
                  {"scheduler.max_throughput: 0 is out of range (1..1000000)"});
  expect_problems([](config& c) { c.demo.speed = "fast"; },
                  {"demo.speed: \"fast\" is not one of bench, test, demo"});
  expect_problems([](config& c) { c.demo.accounts = 0; },
                  {"demo.accounts: 0 is out of range (1..100)"});
  expect_problems([](config& c) { c.log.level = "verbose"; },
                  {"log.level: \"verbose\" is not one of trace, debug, info, warn, error"});
  for (const auto* level : {"trace", "debug", "info", "warn", "error"})
    expect_problems([&](config& c) { c.log.level = level; }, {});
  expect_problems([](config& c) { c.data_dir = ""; }, {"data_dir: must not be empty"});
  expect_problems(
      [](config& c) {
        c.demo.enabled = true;
        c.security.auth_enabled = false;
      },
      {"server.host: \"0.0.0.0\" is not a loopback address; --demo runs without authentication "
       "and binds to loopback only (use 127.0.0.1)"});
}

TEST(validate, account_rules) {
  expect_problems([](config& c) { c.accounts = {valid_account("1"), valid_account("2")}; }, {});
  expect_problems(
      [](config& c) {
        auto a = valid_account("1");
        a.channel_id = "";
        a.user_token = "";
        c.accounts = {a};
      },
      {"accounts[0].channel_id: required", "accounts[0].user_token: required"});
  expect_problems(
      [](config& c) {
        auto a = valid_account("1");
        a.core_size = 13;
        a.queue_size = 0;
        a.timeout_minutes = 121;
        a.weight = -1;
        c.accounts = {valid_account("0"), a};
      },
      {"accounts[1].core_size: 13 is out of range (1..12)",
       "accounts[1].queue_size: 0 is out of range (1..1000)",
       "accounts[1].timeout_minutes: 121 must be 0 (use task.run_timeout) or 1..120",
       "accounts[1].weight: -1 must be 0 or more"});
  expect_problems(
      [](config& c) {
        auto a = valid_account("1");
        a.core_size = 0;
        a.queue_size = 1001;
        a.timeout_minutes = -1;
        c.accounts = {a};
      },
      {"accounts[0].core_size: 0 is out of range (1..12)",
       "accounts[0].queue_size: 1001 is out of range (1..1000)",
       "accounts[0].timeout_minutes: -1 must be 0 (use task.run_timeout) or 1..120"});
  expect_problems(
      [](config& c) {
        auto a = valid_account("1");
        a.core_size = 12;
        a.queue_size = 1000;
        a.timeout_minutes = 120;
        a.weight = 0;
        c.accounts = {a};
      },
      {});
  expect_problems(
      [](config& c) {
        auto b = valid_account("1");
        b.id = "other";
        c.accounts = {valid_account("1"), b};
      },
      {"accounts[1].channel_id: \"1\" is used by an earlier account"});
  expect_problems(
      [](config& c) {
        auto a = valid_account("1");
        a.allow_modes = {"RELAX", "slow"};
        a.day_draw_limit = -2;
        a.queue_timeout_minutes = -1;
        c.accounts = {a};
      },
      {"accounts[0].queue_timeout_minutes: -1 is out of range (0..10080)",
       "accounts[0].day_draw_limit: -2 must be -1 (unlimited) or more",
       "accounts[0].allow_modes: \"slow\" is not one of FAST, RELAX, TURBO"});
}

}  // namespace
}  // namespace mjgate::config
