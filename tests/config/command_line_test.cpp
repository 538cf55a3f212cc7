#include <gtest/gtest.h>

#include "config/load.hpp"

namespace mjgate::config {
namespace {

using overrides = std::vector<std::pair<std::string, std::string>>;

command_line parse(std::vector<const char*> args) {
  args.insert(args.begin(), "mjgate");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

TEST(command_line, no_arguments_means_serve) {
  const auto cmd = parse({});
  EXPECT_FALSE(cmd.show_help);
  EXPECT_EQ(cmd.command, "serve");
  EXPECT_EQ(cmd.config_file, "");
  EXPECT_FALSE(cmd.demo);
  EXPECT_TRUE(cmd.overrides.empty());
}

TEST(command_line, serve_flags_become_overrides) {
  for (const bool explicit_serve : {false, true}) {
    std::vector<const char*> args{"--config", "m.toml",     "--demo", "--host",      "127.0.0.1",
                                  "--port",   "9000",       "--dsn",  "sqlite:x.db", "--log-level",
                                  "debug",    "--data-dir", "/d"};
    if (explicit_serve) args.insert(args.begin(), "serve");
    const auto cmd = parse(args);
    ASSERT_FALSE(cmd.show_help) << cmd.help_text;
    EXPECT_EQ(cmd.command, "serve");
    EXPECT_EQ(cmd.config_file, "m.toml");
    EXPECT_TRUE(cmd.demo);
    EXPECT_EQ(cmd.overrides, (overrides{{"data_dir", "/d"},
                                        {"server.host", "127.0.0.1"},
                                        {"server.port", "9000"},
                                        {"storage.dsn", "sqlite:x.db"},
                                        {"log.level", "debug"}}));
  }
}

TEST(command_line, set_takes_any_key) {
  const auto cmd = parse({"--set", "task.run_timeout=10m", "--set", "mj.banned_words=a,b"});
  ASSERT_FALSE(cmd.show_help) << cmd.help_text;
  EXPECT_EQ(cmd.overrides, (overrides{{"task.run_timeout", "10m"}, {"mj.banned_words", "a,b"}}));
  const auto bad = parse({"--set", "novalue"});
  EXPECT_TRUE(bad.show_help);
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.help_text.find("expected section.key=value"), std::string::npos);
}

TEST(command_line, migrate) {
  const auto cmd = parse({"migrate", "--config", "m.toml", "--dsn", "postgresql://x"});
  ASSERT_FALSE(cmd.show_help) << cmd.help_text;
  EXPECT_EQ(cmd.command, "migrate");
  EXPECT_EQ(cmd.config_file, "m.toml");
  EXPECT_EQ(cmd.overrides, (overrides{{"storage.dsn", "postgresql://x"}}));
}

TEST(command_line, migrate_refuses_serve_flags) {
  const auto after = parse({"migrate", "--demo"});
  EXPECT_TRUE(after.show_help);
  EXPECT_NE(after.exit_code, 0);
  const auto before = parse({"--demo", "migrate"});
  EXPECT_TRUE(before.show_help);
  EXPECT_NE(before.exit_code, 0);
  EXPECT_NE(before.help_text.find("apply to serve only"), std::string::npos);
}

TEST(command_line, help_and_version) {
  const auto help = parse({"--help"});
  EXPECT_TRUE(help.show_help);
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.help_text.find("--config"), std::string::npos);
  EXPECT_NE(help.help_text.find("migrate"), std::string::npos);
  const auto sub_help = parse({"migrate", "--help"});
  EXPECT_TRUE(sub_help.show_help);
  EXPECT_EQ(sub_help.exit_code, 0);
  EXPECT_NE(sub_help.help_text.find("--dsn"), std::string::npos);
  EXPECT_EQ(sub_help.help_text.find("--demo"), std::string::npos);
  const auto version = parse({"--version"});
  EXPECT_TRUE(version.show_help);
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.help_text.find("mjgate "), std::string::npos);
}

TEST(command_line, errors_exit_non_zero) {
  for (const auto& args : std::vector<std::vector<const char*>>{
           {"--bogus"}, {"frobnicate"}, {"--port"}, {"serve", "migrate"}}) {
    const auto cmd = parse(args);
    EXPECT_TRUE(cmd.show_help) << args[0];
    EXPECT_NE(cmd.exit_code, 0) << args[0];
    EXPECT_FALSE(cmd.help_text.empty()) << args[0];
  }
}

}  // namespace
}  // namespace mjgate::config
