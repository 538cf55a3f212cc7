// Turns the command line, the environment and the TOML file into one validated
// `config` at start-up (ARCHITECTURE.md §9). Called once by app/main.cpp;
// nothing else reads files or the environment.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "domain/channel.hpp"

namespace mjgate::config {

/// What the command line asked for. Settings given as flags are kept as
/// "section.key" = text pairs and applied by load() after the file and the
/// environment.
struct command_line {
  std::string command = "serve";  ///< "serve" | "migrate"
  std::string config_file;        ///< --config FILE ("" = none: defaults + env + flags)
  bool demo = false;              ///< serve --demo
  /// From flags, in order, as "section.key" = value ("data_dir" at top level).
  std::vector<std::pair<std::string, std::string>> overrides;
  /// true: do not run; print help_text (to stdout if exit_code == 0, else
  /// stderr) and exit with exit_code. Set by --help, --version and parse errors.
  bool show_help = false;
  std::string help_text;
  int exit_code = 0;
};

/// Parses `mjgate [serve] [--config F] [--demo] [--host H] [--port P] [--dsn DSN]
/// [--log-level L] [--data-dir D] [--set section.key=value]...`,
/// `mjgate migrate [--config F] [--dsn DSN] [--log-level L] [--data-dir D]
/// [--set ...]`, `--help`, `--version`. Never throws and never prints.
command_line parse_command_line(int argc, const char* const* argv);

/// Thrown by load(): what() lists every problem, one per line, each starting
/// with the key it concerns.
struct config_error : std::runtime_error {
  using runtime_error::runtime_error;
};

/// Builds the config: defaults → file (if any) → env overrides (`env` = the
/// process environment as name→value; only names starting MJGATE_ are read,
/// MJGATE_TEST_* are left to test harnesses) → command-line overrides → demo
/// rules (--demo or demo.enabled: auth off, host 127.0.0.1 unless one was
/// given) → validate(). Throws config_error listing EVERY problem, e.g.
/// `task.run_timeout: "5" has no unit (use e.g. "500ms", "15s", "60m")`.
config load(const command_line& cmd, const std::map<std::string, std::string>& env);

/// The same checks load() runs last, on a built struct: one message per
/// problem, each starting with its key; empty = valid. Pure.
std::vector<std::string> validate(const config& cfg);

/// The real environment as name→value, only names starting with MJGATE_.
std::map<std::string, std::string> process_environment();

/// Every settable key as "section.key" ("data_dir" at top level), in the
/// order the example file documents them; accounts keys are listed by
/// account_keys(). Used by tests and by --help texts.
std::vector<std::string> setting_keys();

/// The keys of one [[accounts]] table.
std::vector<std::string> account_keys();

/// The keys of one [[channels]] table.
std::vector<std::string> channel_keys();

/// The [[channels]] of a validated config as domain channels (names default
/// to "channel <id>", trailing slashes of base_url removed).
std::vector<domain::channel> relay_channels(const config& cfg);

}  // namespace mjgate::config
