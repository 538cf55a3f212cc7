#include <optional>
#include <sstream>

#include <CLI/CLI.hpp>

#include "config/load.hpp"

#ifndef MJGATE_VERSION
#define MJGATE_VERSION "unknown"
#endif

namespace mjgate::config {

namespace {

// What one CLI11 (sub)command collected; the top level and the subcommand
// each get their own so a flag given twice cannot be clobbered by CLI11.
struct flags {
  std::string config_file;
  std::string dsn;
  std::string log_level;
  std::string data_dir;
  std::vector<std::string> sets;
  bool demo = false;
  std::string host;
  std::string port;
};

void add_common(CLI::App& app, flags& f) {
  app.add_option("-c,--config", f.config_file, "TOML config file (see config/mjgate.example.toml)");
  app.add_option("--dsn", f.dsn,
                 "storage.dsn: sqlite:<file>, postgresql://… or postgresql:<conninfo>");
  app.add_option("--log-level", f.log_level, "log.level: trace, debug, info, warn or error");
  app.add_option("--data-dir", f.data_dir, "data_dir: directory for local files");
  app.add_option("--set", f.sets, "any setting as section.key=value (repeatable)");
}

void add_serve(CLI::App& app, flags& f) {
  app.add_flag("--demo", f.demo,
               "in-process simulator with demo accounts, authentication off, loopback only");
  app.add_option("--host", f.host, "server.host: address to listen on");
  app.add_option("--port", f.port, "server.port: port to listen on (0 = any free port)");
}

/// Later wins; `sets` accumulate.
void merge(flags& into, const flags& from) {
  const auto take = [](std::string& to, const std::string& value) {
    if (!value.empty()) to = value;
  };
  take(into.config_file, from.config_file);
  take(into.dsn, from.dsn);
  take(into.log_level, from.log_level);
  take(into.data_dir, from.data_dir);
  take(into.host, from.host);
  take(into.port, from.port);
  into.demo = into.demo || from.demo;
  into.sets.insert(into.sets.end(), from.sets.begin(), from.sets.end());
}

command_line usage_error(const std::string& message) {
  command_line out;
  out.show_help = true;
  out.exit_code = 2;
  out.help_text = message + "\nRun with --help for more information.\n";
  return out;
}

}  // namespace

command_line parse_command_line(int argc, const char* const* argv) {
  CLI::App app{"mjgate: Midjourney through Discord accounts, as an HTTP API", "mjgate"};
  app.set_version_flag("--version", std::string{"mjgate "} + MJGATE_VERSION);
  app.require_subcommand(0, 1);
  flags top;
  flags serve_flags;
  flags migrate_flags;
  add_common(app, top);
  add_serve(app, top);
  auto* serve = app.add_subcommand("serve", "run the gateway (the default command)");
  add_common(*serve, serve_flags);
  add_serve(*serve, serve_flags);
  auto* migrate = app.add_subcommand("migrate", "create or upgrade the database schema, then exit");
  add_common(*migrate, migrate_flags);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    std::ostringstream out;
    std::ostringstream err;
    command_line result;
    result.show_help = true;
    result.exit_code = app.exit(e, out, err);
    result.help_text = out.str() + err.str();
    return result;
  }

  command_line result;
  flags all = top;
  if (migrate->parsed()) {
    result.command = "migrate";
    if (top.demo || !top.host.empty() || !top.port.empty())
      return usage_error("--demo, --host and --port apply to serve only");
    merge(all, migrate_flags);
  } else {
    merge(all, serve_flags);
  }
  result.config_file = all.config_file;
  result.demo = all.demo;
  for (const auto& set : all.sets) {
    const auto eq = set.find('=');
    if (eq == std::string::npos || eq == 0)
      return usage_error("--set " + set + ": expected section.key=value");
    result.overrides.emplace_back(set.substr(0, eq), set.substr(eq + 1));
  }
  const auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) result.overrides.emplace_back(key, value);
  };
  add("data_dir", all.data_dir);
  add("server.host", all.host);
  add("server.port", all.port);
  add("storage.dsn", all.dsn);
  add("log.level", all.log_level);
  return result;
}

}  // namespace mjgate::config
