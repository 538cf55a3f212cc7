#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include "config/load.hpp"
#include "tests/config/temp_file.hpp"

namespace mjgate::config {
namespace {

const std::string example_path = std::string{MJGATE_SOURCE_DIR} + "/config/mjgate.example.toml";

std::string example_text() {
  std::ifstream in{example_path};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(example_file, loads_without_error_and_equals_the_defaults) {
  command_line cmd;
  cmd.config_file = example_path;
  const auto cfg = load(cmd, {});
  const config d;
  EXPECT_EQ(cfg.data_dir, d.data_dir);
  EXPECT_EQ(cfg.server.host, d.server.host);
  EXPECT_EQ(cfg.server.port, d.server.port);
  EXPECT_EQ(cfg.server.io_threads, d.server.io_threads);
  EXPECT_EQ(cfg.server.public_base_url, d.server.public_base_url);
  EXPECT_EQ(cfg.server.handle_timeout, d.server.handle_timeout);
  EXPECT_EQ(cfg.server.ask_timeout, d.server.ask_timeout);
  EXPECT_EQ(cfg.server.max_body_submit, d.server.max_body_submit);
  EXPECT_EQ(cfg.server.max_body_default, d.server.max_body_default);
  EXPECT_EQ(cfg.server.max_connections, d.server.max_connections);
  EXPECT_EQ(cfg.storage.dsn, d.storage.dsn);
  EXPECT_EQ(cfg.storage.batch_window, d.storage.batch_window);
  EXPECT_EQ(cfg.storage.batch_max, d.storage.batch_max);
  EXPECT_EQ(cfg.storage.readers, d.storage.readers);
  EXPECT_EQ(cfg.security.root_api_key, d.security.root_api_key);
  EXPECT_EQ(cfg.security.auth_enabled, d.security.auth_enabled);
  EXPECT_EQ(cfg.security.root_password, d.security.root_password);
  EXPECT_EQ(cfg.security.jwt_secret, d.security.jwt_secret);
  EXPECT_EQ(cfg.mj.api_secret, d.mj.api_secret);
  EXPECT_EQ(cfg.security.secret_key, d.security.secret_key);
  EXPECT_EQ(cfg.task.queue_timeout, d.task.queue_timeout);
  EXPECT_EQ(cfg.task.run_timeout, d.task.run_timeout);
  EXPECT_EQ(cfg.task.modal_timeout, d.task.modal_timeout);
  EXPECT_EQ(cfg.task.max_ids, d.task.max_ids);
  EXPECT_EQ(cfg.task.max_in_flight, d.task.max_in_flight);
  EXPECT_EQ(cfg.task.cache_finished, d.task.cache_finished);
  EXPECT_EQ(cfg.discord.api_base, d.discord.api_base);
  EXPECT_EQ(cfg.discord.gateway_url, d.discord.gateway_url);
  EXPECT_EQ(cfg.discord.cdn_base, d.discord.cdn_base);
  EXPECT_EQ(cfg.discord.upload_base, d.discord.upload_base);
  EXPECT_EQ(cfg.discord.discordsays_base, d.discord.discordsays_base);
  EXPECT_EQ(cfg.discord.compress, d.discord.compress);
  EXPECT_EQ(cfg.discord.client_build_number, d.discord.client_build_number);
  EXPECT_EQ(cfg.discord.user_agent, d.discord.user_agent);
  EXPECT_EQ(cfg.discord.connect_timeout, d.discord.connect_timeout);
  EXPECT_EQ(cfg.discord.request_timeout, d.discord.request_timeout);
  EXPECT_EQ(cfg.discord.ca_file, d.discord.ca_file);
  EXPECT_EQ(cfg.mj.inject_seed, d.mj.inject_seed);
  EXPECT_EQ(cfg.mj.banned_words, d.mj.banned_words);
  EXPECT_EQ(cfg.mj.max_prompt, d.mj.max_prompt);
  EXPECT_EQ(cfg.notify.allow_private, d.notify.allow_private);
  EXPECT_EQ(cfg.notify.connect_timeout, d.notify.connect_timeout);
  EXPECT_EQ(cfg.notify.timeout, d.notify.timeout);
  EXPECT_EQ(cfg.notify.max_attempts, d.notify.max_attempts);
  EXPECT_EQ(cfg.notify.backoff_base, d.notify.backoff_base);
  EXPECT_EQ(cfg.notify.backoff_max, d.notify.backoff_max);
  EXPECT_EQ(cfg.notify.per_host, d.notify.per_host);
  EXPECT_EQ(cfg.notify.global_hook, d.notify.global_hook);
  EXPECT_EQ(cfg.scheduler.max_threads, d.scheduler.max_threads);
  EXPECT_EQ(cfg.scheduler.max_throughput, d.scheduler.max_throughput);
  EXPECT_EQ(cfg.scheduler.aging, d.scheduler.aging);
  EXPECT_EQ(cfg.demo.enabled, d.demo.enabled);
  EXPECT_EQ(cfg.demo.accounts, d.demo.accounts);
  EXPECT_EQ(cfg.demo.speed, d.demo.speed);
  EXPECT_EQ(cfg.demo.sim_port, d.demo.sim_port);
  EXPECT_EQ(cfg.image.rehost, d.image.rehost);
  EXPECT_EQ(cfg.image.dir, d.image.dir);
  EXPECT_EQ(cfg.image.max_bytes, d.image.max_bytes);
  EXPECT_EQ(cfg.dashboard.default_page_size, d.dashboard.default_page_size);
  EXPECT_EQ(cfg.node_api.anonymous_user, d.node_api.anonymous_user);
  EXPECT_EQ(cfg.node_api.notify_progress, d.node_api.notify_progress);
  EXPECT_EQ(cfg.node_api.progress_style, d.node_api.progress_style);
  EXPECT_EQ(cfg.backend.queue_timeout, d.backend.queue_timeout);
  EXPECT_EQ(cfg.backend.max_pending, d.backend.max_pending);
  EXPECT_EQ(cfg.log.level, d.log.level);
  EXPECT_TRUE(cfg.accounts.empty());
}

TEST(example_file, documents_every_key) {
  const auto root = toml::parse_file(example_path);
  std::set<std::string> present;
  for (auto&& [section, node] : root) {
    if (const auto* table = node.as_table()) {
      for (auto&& [key, value] : *table)
        present.insert(std::string{section.str()} + "." + std::string{key.str()});
    } else {
      present.insert(std::string{section.str()});
    }
  }
  const auto keys = setting_keys();
  EXPECT_EQ(present, std::set<std::string>(keys.begin(), keys.end()));
}

// The [[accounts]] block is commented out; uncommented, it must carry every
// account key and, once given a channel and a token, load.
TEST(example_file, commented_account_block_is_complete_and_loads) {
  std::istringstream lines{example_text()};
  std::string line;
  std::string block;
  bool inside = false;
  while (std::getline(lines, line)) {
    if (line == "# [[accounts]]") inside = true;
    if (!inside || line.rfind("# ", 0) != 0) continue;
    auto text = line.substr(2);
    if (text.rfind("channel_id = ", 0) == 0) text = "channel_id = \"123\"";
    if (text.rfind("user_token = ", 0) == 0) text = "user_token = \"secret\"";
    block += text + "\n";
  }
  const auto table = toml::parse(block);
  const auto* accounts = table["accounts"].as_array();
  ASSERT_NE(accounts, nullptr) << block;
  std::set<std::string> present;
  for (auto&& [key, value] : *(*accounts)[0].as_table()) present.insert(std::string{key.str()});
  const auto keys = account_keys();
  EXPECT_EQ(present, std::set<std::string>(keys.begin(), keys.end()));

  testing::temp_file file{block};
  command_line cmd;
  cmd.config_file = file.path();
  const auto cfg = load(cmd, {});
  ASSERT_EQ(cfg.accounts.size(), 1u);
  domain::account expected;
  expected.id = "123";
  expected.channel_id = "123";
  expected.user_token = "secret";
  EXPECT_EQ(cfg.accounts[0], expected);
}

}  // namespace
}  // namespace mjgate::config
