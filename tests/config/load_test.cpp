#include <cstdlib>

#include <gtest/gtest.h>

#include "config/load.hpp"
#include "tests/config/temp_file.hpp"

namespace mjgate::config {
namespace {

using testing::temp_file;
using env_map = std::map<std::string, std::string>;

/// load() expected to fail: returns what() so tests can look for each line.
std::string load_error(const command_line& cmd, const env_map& env = {}) {
  try {
    load(cmd, env);
  } catch (const config_error& e) {
    return e.what();
  }
  ADD_FAILURE() << "load() accepted the configuration";
  return {};
}

command_line with_file(const temp_file& file) {
  command_line cmd;
  cmd.config_file = file.path();
  return cmd;
}

bool has_line(const std::string& text, const std::string& line) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    if (text.substr(start, end == std::string::npos ? std::string::npos : end - start) == line)
      return true;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return false;
}

TEST(load, no_file_no_env_gives_the_defaults) {
  const auto cfg = load(command_line{}, {});
  const config defaults;
  EXPECT_EQ(cfg.server.host, defaults.server.host);
  EXPECT_EQ(cfg.server.port, 8080);
  EXPECT_EQ(cfg.storage.dsn, "sqlite:mjgate.db");
  EXPECT_TRUE(cfg.security.auth_enabled);
  EXPECT_TRUE(cfg.accounts.empty());
}

TEST(load, reads_every_kind_of_value_from_the_file) {
  temp_file file{R"(
data_dir = "/var/lib/mjgate"
[server]
host = "10.0.0.5"
port = 9001
io_threads = 4
handle_timeout = "1m"
ask_timeout = "45s"
max_body_submit = 1000
[storage]
dsn = "postgresql://mj@db/mjgate"
batch_window = "5ms"
[mj]
banned_words = ["foo", "bar"]
inject_seed = false
[discord]
client_build_number = -1
[task]
run_timeout = "1h30m"
)"};
  const auto cfg = load(with_file(file), {});
  EXPECT_EQ(cfg.data_dir, "/var/lib/mjgate");
  EXPECT_EQ(cfg.server.host, "10.0.0.5");
  EXPECT_EQ(cfg.server.port, 9001);
  EXPECT_EQ(cfg.server.io_threads, 4u);
  EXPECT_EQ(cfg.server.handle_timeout, std::chrono::minutes{1});
  EXPECT_EQ(cfg.server.ask_timeout, std::chrono::seconds{45});
  EXPECT_EQ(cfg.server.max_body_submit, 1000u);
  EXPECT_EQ(cfg.storage.dsn, "postgresql://mj@db/mjgate");
  EXPECT_EQ(cfg.storage.batch_window, std::chrono::milliseconds{5});
  EXPECT_EQ(cfg.mj.banned_words, (std::vector<std::string>{"foo", "bar"}));
  EXPECT_FALSE(cfg.mj.inject_seed);
  EXPECT_EQ(cfg.discord.client_build_number, -1);
  EXPECT_EQ(cfg.task.run_timeout, std::chrono::minutes{90});
}

TEST(load, precedence_is_file_then_env_then_flags) {
  temp_file file{R"(
[server]
port = 9001
host = "10.0.0.1"
[storage]
dsn = "sqlite:file.db"
[log]
level = "debug"
)"};
  auto cmd = with_file(file);
  const env_map env{{"MJGATE_SERVER__PORT", "9002"}, {"MJGATE_STORAGE__DSN", "sqlite:env.db"}};
  cmd.overrides = {{"server.port", "9003"}};
  const auto cfg = load(cmd, env);
  EXPECT_EQ(cfg.server.port, 9003);             // flag beats env and file
  EXPECT_EQ(cfg.storage.dsn, "sqlite:env.db");  // env beats file
  EXPECT_EQ(cfg.log.level, "debug");            // file beats default
  EXPECT_EQ(cfg.server.host, "10.0.0.1");
}

TEST(load, env_values_are_typed) {
  const env_map env{
      {"MJGATE_MJ__BANNED_WORDS", "a, b,,c "},
      {"MJGATE_NOTIFY__ALLOW_PRIVATE", "yes"},
      {"MJGATE_DISCORD__COMPRESS", "0"},
      {"MJGATE_TASK__QUEUE_TIMEOUT", "90s"},
      {"MJGATE_DATA_DIR", "/tmp/x"},
      {"MJGATE_TEST_PG_DSN", "host=127.0.0.1"},  // test harness variable: ignored
      {"PATH", "/usr/bin"},                      // not ours: ignored
  };
  const auto cfg = load(command_line{}, env);
  EXPECT_EQ(cfg.mj.banned_words, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(cfg.notify.allow_private);
  EXPECT_FALSE(cfg.discord.compress);
  EXPECT_EQ(cfg.task.queue_timeout, std::chrono::seconds{90});
  EXPECT_EQ(cfg.data_dir, "/tmp/x");
}

TEST(load, env_errors_name_the_variable_and_the_key) {
  const env_map env{
      {"MJGATE_SERVER__PORT", "abc"},
      {"MJGATE_SERVER__PROT", "1"},
      {"MJGATE_NOTIFY__ALLOW_PRIVATE", "maybe"},
      {"MJGATE_TASK__RUN_TIMEOUT", "5"},
      {"MJGATE_ACCOUNTS__CHANNEL_ID", "1"},
  };
  const auto text = load_error(command_line{}, env);
  EXPECT_TRUE(has_line(text, "server.port: \"abc\" is not an integer (from MJGATE_SERVER__PORT)"))
      << text;
  EXPECT_TRUE(has_line(text,
                       "MJGATE_SERVER__PROT: unknown setting server.prot (did you mean "
                       "\"server.port\"?)"))
      << text;
  EXPECT_TRUE(has_line(text,
                       "notify.allow_private: \"maybe\" is not a boolean (use true/false, "
                       "1/0 or yes/no) (from MJGATE_NOTIFY__ALLOW_PRIVATE)"))
      << text;
  EXPECT_TRUE(has_line(text,
                       "task.run_timeout: \"5\" has no unit (use e.g. \"500ms\", \"15s\", "
                       "\"60m\") (from MJGATE_TASK__RUN_TIMEOUT)"))
      << text;
  EXPECT_TRUE(has_line(text,
                       "MJGATE_ACCOUNTS__CHANNEL_ID: accounts cannot be set from the "
                       "environment; use [[accounts]] tables in the config file"))
      << text;
}

TEST(load, flag_errors_say_they_come_from_the_command_line) {
  command_line cmd;
  cmd.overrides = {{"server.port", "70000"}, {"nope.key", "1"}};
  const auto text = load_error(cmd);
  EXPECT_TRUE(
      has_line(text, "server.port: 70000 is out of range (0..65535) (from the command line)"))
      << text;
  EXPECT_TRUE(has_line(text, "nope.key: unknown setting (from the command line)")) << text;
}

TEST(load, unknown_keys_and_tables_are_errors) {
  temp_file file{R"(
dat_dir = "x"
[server]
prot = 80
[servr]
port = 80
[[accounts]]
channel_id = "1"
user_token = "t"
colour = "red"
)"};
  const auto text = load_error(with_file(file));
  EXPECT_TRUE(has_line(text, "dat_dir: unknown key (did you mean \"data_dir\"?)")) << text;
  EXPECT_TRUE(has_line(text, "server.prot: unknown key (did you mean \"port\"?)")) << text;
  EXPECT_TRUE(has_line(text, "servr: unknown key (did you mean \"server\"?)")) << text;
  EXPECT_TRUE(has_line(text, "accounts[0].colour: unknown key")) << text;
}

TEST(load, wrong_types_are_errors) {
  temp_file file{R"(
data_dir = 5
log = "debug"
accounts = 3
[server]
port = "8080"
io_threads = -1
[task]
run_timeout = 300
[mj]
banned_words = ["a", 1]
inject_seed = "yes"
)"};
  const auto text = load_error(with_file(file));
  for (const auto* line : {
           "data_dir: expected a string, got integer",
           "log: expected a table, got string",
           "accounts: expected an array of tables ([[accounts]]), got integer",
           "server.port: expected an integer, got string",
           "server.io_threads: -1 is out of range (0..4294967295)",
           "task.run_timeout: expected a duration string such as \"15s\", got integer",
           "mj.banned_words: element 1: expected a string, got integer",
           "mj.inject_seed: expected a boolean, got string",
       })
    EXPECT_TRUE(has_line(text, line)) << "missing: " << line << "\nin:\n" << text;
}

TEST(load, file_duration_without_unit_is_reported_with_the_key) {
  temp_file file{"[task]\nrun_timeout = \"5\"\n"};
  EXPECT_EQ(load_error(with_file(file)),
            "task.run_timeout: \"5\" has no unit (use e.g. \"500ms\", \"15s\", \"60m\")");
}

TEST(load, reports_every_problem_at_once) {
  temp_file file{R"(
[server]
io_threads = 0
[storage]
dsn = "mysql://x"
[log]
level = "loud"
)"};
  const auto text = load_error(with_file(file));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;  // three lines
}

TEST(load, missing_file_and_syntax_errors_are_reported) {
  command_line cmd;
  cmd.config_file = "/nonexistent/mjgate.toml";
  EXPECT_NE(load_error(cmd).find("/nonexistent/mjgate.toml: cannot open config file"),
            std::string::npos);
  temp_file broken{"[server\nport = 1\n"};
  const auto text = load_error(with_file(broken));
  EXPECT_EQ(text.rfind(broken.path() + ":1:", 0), 0u) << text;
}

TEST(load, reads_the_accounts_array) {
  temp_file file{R"(
[[accounts]]
channel_id = "111"
user_token = "token-1"
guild_id = "g1"
core_size = 5
queue_size = 20
timeout_minutes = 30
weight = 0
enable = false
remix_auto_submit = true
mj_bot_channel_id = "m1"
niji_bot_channel_id = "n1"
remark = "first"
name = "one"
user_agent = "ua"

[[accounts]]
id = "second"
channel_id = "222"
user_token = "token-2"
)"};
  const auto cfg = load(with_file(file), {});
  ASSERT_EQ(cfg.accounts.size(), 2u);
  const auto& a = cfg.accounts[0];
  EXPECT_EQ(a.id, "111");  // defaults to channel_id
  EXPECT_EQ(a.channel_id, "111");
  EXPECT_EQ(a.user_token, "token-1");
  EXPECT_EQ(a.guild_id, "g1");
  EXPECT_EQ(a.core_size, 5);
  EXPECT_EQ(a.queue_size, 20);
  EXPECT_EQ(a.timeout_minutes, 30);
  EXPECT_EQ(a.weight, 0);
  EXPECT_FALSE(a.enable);
  EXPECT_TRUE(a.remix_auto_submit);
  EXPECT_EQ(a.mj_bot_channel_id, "m1");
  EXPECT_EQ(a.niji_bot_channel_id, "n1");
  EXPECT_EQ(a.remark, "first");
  EXPECT_EQ(a.name, "one");
  EXPECT_EQ(a.user_agent, "ua");
  EXPECT_EQ(a.source, "config");
  EXPECT_EQ(cfg.accounts[1].id, "second");
  EXPECT_EQ(cfg.accounts[1].core_size, 3);  // domain default
}

TEST(load, account_source_cannot_be_set_in_the_file) {
  temp_file file{"[[accounts]]\nchannel_id = \"1\"\nuser_token = \"t\"\nsource = \"api\"\n"};
  EXPECT_EQ(load_error(with_file(file)), "accounts[0].source: unknown key");
}

TEST(load, duplicate_accounts_are_errors) {
  temp_file file{R"(
[[accounts]]
channel_id = "1"
user_token = "a"
[[accounts]]
channel_id = "1"
user_token = "b"
[[accounts]]
id = "1"
channel_id = "2"
user_token = "c"
)"};
  const auto text = load_error(with_file(file));
  EXPECT_TRUE(has_line(text, "accounts[1].id: \"1\" is used by an earlier account")) << text;
  EXPECT_TRUE(has_line(text, "accounts[1].channel_id: \"1\" is used by an earlier account"))
      << text;
  EXPECT_TRUE(has_line(text, "accounts[2].id: \"1\" is used by an earlier account")) << text;
}

// -- demo ---------------------------------------------------------------------

TEST(load, demo_turns_auth_off_and_binds_loopback) {
  command_line cmd;
  cmd.demo = true;
  const auto cfg = load(cmd, {});
  EXPECT_TRUE(cfg.demo.enabled);
  EXPECT_FALSE(cfg.security.auth_enabled);
  EXPECT_EQ(cfg.server.host, "127.0.0.1");
  EXPECT_EQ(cfg.storage.dsn, "sqlite:mjgate.db");
}

TEST(load, demo_enabled_in_the_file_applies_the_same_rules) {
  temp_file file{"[demo]\nenabled = true\n"};
  const auto cfg = load(with_file(file), {});
  EXPECT_FALSE(cfg.security.auth_enabled);
  EXPECT_EQ(cfg.server.host, "127.0.0.1");
}

TEST(load, demo_refuses_a_non_loopback_host) {
  command_line cmd;
  cmd.demo = true;
  cmd.overrides = {{"server.host", "0.0.0.0"}};
  EXPECT_EQ(load_error(cmd),
            "server.host: \"0.0.0.0\" is not a loopback address; --demo runs without "
            "authentication and binds to loopback only (use 127.0.0.1)");
  cmd.overrides = {{"server.host", "127.0.0.2"}};
  EXPECT_EQ(load(cmd, {}).server.host, "127.0.0.2");
  cmd.overrides = {{"server.host", "localhost"}};
  EXPECT_EQ(load(cmd, {}).server.host, "localhost");
}

TEST(load, demo_accounts_need_no_token) {
  temp_file file{"[[accounts]]\nname = \"x\"\n"};
  auto cmd = with_file(file);
  EXPECT_EQ(load_error(cmd), "accounts[0].channel_id: required\naccounts[0].user_token: required");
  cmd.demo = true;
  EXPECT_EQ(load(cmd, {}).accounts.size(), 1u);
}

TEST(load, root_password_and_secrets_come_from_the_environment) {
  const auto cfg = load(command_line{}, {{"MJGATE_SECURITY__ROOT_PASSWORD", "from the env"},
                                         {"MJGATE_SECURITY__JWT_SECRET", "jwt"},
                                         {"MJGATE_MJ__API_SECRET", "legacy"}});
  EXPECT_EQ(cfg.security.root_password, "from the env");
  EXPECT_EQ(cfg.security.jwt_secret, "jwt");
  EXPECT_EQ(cfg.mj.api_secret, "legacy");
}

TEST(load, setting_keys_cover_every_section) {
  const auto keys = setting_keys();
  EXPECT_EQ(keys.front(), "data_dir");
  EXPECT_NE(std::find(keys.begin(), keys.end(), "storage.dsn"), keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(), "log.level"), keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(), "dashboard.default_page_size"), keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(), "backend.queue_timeout"), keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(), "backend.max_pending"), keys.end());
  EXPECT_EQ(keys.size(), 88u);  // + scheduler.aging, dashboard.default_page_size,
                                // security.root_password, security.jwt_secret, mj.api_secret,
                                // security.secret_key, node_api.anonymous_user, notify_progress,
                                // progress_style, backend.queue_timeout, server.cors_origins,
                                // billing.{enabled,prices,group_ratios},
                                // auth.{rate_limit,max_in_flight}, poll.* (9),
                                // relay.submit_retries, backend.max_pending, poll.mj_timeout,
                                // routing.{mode,groups,actions},
                                // relay.{disable_after,disable_span}
  EXPECT_EQ(account_keys().size(), 21u);  // + timeouts, allow_modes, day_draw_limit
  EXPECT_EQ(channel_keys().size(), 12u);  // + speed_prefix, callback, proxy
}

TEST(load, secret_key_from_the_environment) {
  const std::string key(64, 'b');
  auto cfg = load(command_line{}, {{"MJGATE_SECURITY__SECRET_KEY", key}});
  EXPECT_EQ(cfg.security.secret_key, key);
}

TEST(load, node_api_section_from_file_environment_and_flags) {
  command_line cmd;
  cmd.overrides = {{"node_api.progress_style", "legacy"}};
  const env_map env{{"MJGATE_NODE_API__ANONYMOUS_USER", "42"},
                    {"MJGATE_NODE_API__NOTIFY_PROGRESS", "true"}};
  const auto cfg = load(cmd, env);
  EXPECT_EQ(cfg.node_api.anonymous_user, 42);
  EXPECT_TRUE(cfg.node_api.notify_progress);
  EXPECT_EQ(cfg.node_api.progress_style, "legacy");
  const config defaults;
  EXPECT_EQ(defaults.node_api.anonymous_user, 0) << "anonymous access is off by default";
  EXPECT_FALSE(defaults.node_api.notify_progress);
  EXPECT_EQ(defaults.node_api.progress_style, "percent");
}

TEST(process_environment, keeps_only_mjgate_names) {
  ASSERT_EQ(::setenv("MJGATE_CONFIG_TEST__PROBE", "a=b", 1), 0);
  ASSERT_EQ(::setenv("NOT_MJGATE_PROBE", "x", 1), 0);
  const auto env = process_environment();
  ::unsetenv("MJGATE_CONFIG_TEST__PROBE");
  ::unsetenv("NOT_MJGATE_PROBE");
  ASSERT_EQ(env.count("MJGATE_CONFIG_TEST__PROBE"), 1u);
  EXPECT_EQ(env.at("MJGATE_CONFIG_TEST__PROBE"), "a=b");
  for (const auto& [name, value] : env) EXPECT_EQ(name.rfind("MJGATE_", 0), 0u) << name;
}

}  // namespace
}  // namespace mjgate::config

namespace mjgate::config {
namespace {

TEST(load, reads_channels_and_poll_settings) {
  testing::temp_file file{R"(
[poll]
interval = "1s"
lost_min_age = "3s"
[relay]
submit_retries = 1
[[channels]]
id = 7
type = "suno"
base_url = "http://127.0.0.1:9/"
key = "k7"
models = ["MUSIC"]
priority = 5
proxy = "http://u:pw@127.0.0.1:3128"
[[channels]]
id = 8
base_url = "http://127.0.0.1:9"
key = "k8"
)"};
  command_line cmd;
  cmd.config_file = file.path();
  const auto cfg = load(cmd, {});
  ASSERT_EQ(cfg.channels.size(), 2u);
  EXPECT_EQ(cfg.poll.interval, std::chrono::seconds{1});
  EXPECT_EQ(cfg.poll.lost_min_age, std::chrono::seconds{3});
  EXPECT_EQ(cfg.relay.submit_retries, 1);
  auto chans = relay_channels(cfg);
  EXPECT_EQ(chans[0].base_url, "http://127.0.0.1:9");
  EXPECT_EQ(chans[0].models, std::vector<std::string>{"MUSIC"});
  EXPECT_EQ(chans[0].priority, 5);
  EXPECT_EQ(chans[0].proxy, "http://u:pw@127.0.0.1:3128");
  EXPECT_EQ(chans[0].proxy_masked, "http://u:********@127.0.0.1:3128");
  EXPECT_EQ(chans[1].proxy, "");
  EXPECT_EQ(chans[1].name, "channel 8");
  EXPECT_EQ(chans[1].type, domain::channel_type::suno);
}

TEST(load, rejects_bad_channels_and_fast_polls) {
  testing::temp_file file{R"(
[poll]
interval = "500ms"
[[channels]]
id = 0
type = "udio"
base_url = "ftp://x"
colour = 1
[[channels]]
id = 3
base_url = "http://a"
key = "k"
[[channels]]
id = 3
base_url = "http://a"
key = "k"
proxy = "socks5://u:hunter2@127.0.0.1:1080"
)"};
  command_line cmd;
  cmd.config_file = file.path();
  try {
    (void)load(cmd, {});
    FAIL() << "expected a config_error";
  } catch (const config_error& e) {
    const std::string text = e.what();
    for (const auto* line : {"poll.interval: must be at least 1s", "channels[0].id: required",
                             "channels[0].type: \"udio\" is not one of", "channels[0].base_url:",
                             "channels[0].key: required", "channels[0].colour: unknown key",
                             "channels[2].id: 3 is used by an earlier channel",
                             "channels[2].proxy: only http:// proxies are supported"})
      EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
    EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
  }
  EXPECT_THROW((void)load(command_line{}, {{"MJGATE_CHANNELS__KEY", "x"}}), config_error);
}

TEST(load, reads_mj_channels_routing_and_mj_timeout) {
  testing::temp_file file{R"(
[poll]
mj_timeout = "90s"
[routing]
mode = "channels"
groups = ["vip=accounts"]
actions = ["describe=accounts_then_channels"]
[[channels]]
id = 4
type = "midjourney-proxy"
base_url = "http://127.0.0.1:9"
key = "k4"
speed_prefix = true
callback = true
)"};
  command_line cmd;
  cmd.config_file = file.path();
  const auto cfg = load(cmd, {});
  EXPECT_EQ(cfg.poll.mj_timeout, std::chrono::seconds{90});
  EXPECT_EQ(cfg.routing.mode, "channels");
  EXPECT_EQ(cfg.routing.groups, std::vector<std::string>{"vip=accounts"});
  auto chans = relay_channels(cfg);
  ASSERT_EQ(chans.size(), 1u);
  EXPECT_EQ(chans[0].type, domain::channel_type::midjourney_proxy);
  EXPECT_TRUE(chans[0].speed_prefix);
  EXPECT_TRUE(chans[0].callback);
}

TEST(load, rejects_bad_routing_and_suno_callbacks) {
  testing::temp_file file{R"(
[routing]
mode = "upstream"
groups = ["vip"]
[[channels]]
id = 1
type = "suno"
base_url = "http://a"
key = "k"
callback = true
)"};
  command_line cmd;
  cmd.config_file = file.path();
  try {
    (void)load(cmd, {});
    FAIL() << "expected a config_error";
  } catch (const config_error& e) {
    const std::string text = e.what();
    for (const auto* line : {"routing.mode: \"upstream\"",
                             "channels[0]: speed_prefix and callback apply to midjourney-proxy"})
      EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
  EXPECT_THROW((void)load(command_line{}, {{"MJGATE_ROUTING__MODE", "bogus"}}), config_error);
}

}  // namespace
}  // namespace mjgate::config
