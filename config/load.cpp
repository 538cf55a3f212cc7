#include "config/load.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "config/fields.hpp"
#include "domain/proxy_url.hpp"
#include "domain/text.hpp"

namespace mjgate::config {

namespace {

using detail::account_fields;
using detail::config_fields;
using detail::find_field;
using problem_list = std::vector<std::string>;

// -- suggestions for typos --------------------------------------------------

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    auto diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const auto above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

/// " (did you mean \"x\"?)" when one candidate is close, else "".
std::string suggestion(std::string_view wrong, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 3;  // at most two edits away
  for (const auto& c : candidates) {
    const auto d = edit_distance(wrong, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best.empty() ? std::string{} : " (did you mean \"" + best + "\"?)";
}

std::vector<std::string> section_names() {
  std::vector<std::string> out;
  for (const auto& f : config_fields())
    if (!f.section.empty() && std::find(out.begin(), out.end(), f.section) == out.end())
      out.emplace_back(f.section);
  return out;
}

std::vector<std::string> keys_of(std::string_view section) {
  std::vector<std::string> out;
  for (const auto& f : config_fields())
    if (f.section == section) out.emplace_back(f.key);
  return out;
}

bool is_section(std::string_view name) {
  const auto names = section_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

// -- the file ---------------------------------------------------------------

void read_account(const toml::table& table, const std::string& prefix, domain::account& out,
                  problem_list& problems) {
  for (auto&& [key, value] : table) {
    const auto name = std::string{key.str()};
    const auto& fields = account_fields();
    const auto it =
        std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.key == name; });
    if (it == fields.end()) {
      problems.push_back(prefix + "." + name + ": unknown key" + suggestion(name, account_keys()));
      continue;
    }
    if (auto error = detail::assign_from_toml(it->bind(out), value))
      problems.push_back(prefix + "." + name + ": " + *error);
  }
  out.source = "config";
  if (out.id.empty()) out.id = out.channel_id;
}

void read_accounts(const toml::node& node, config& cfg, problem_list& problems) {
  const auto* array = node.as_array();
  if (array == nullptr) {
    problems.push_back("accounts: expected an array of tables ([[accounts]]), got " +
                       std::string{detail::type_name(node)});
    return;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto prefix = "accounts[" + std::to_string(i) + "]";
    const auto* table = (*array)[i].as_table();
    if (table == nullptr) {
      problems.push_back(prefix + ": expected a table, got " +
                         std::string{detail::type_name((*array)[i])});
      continue;
    }
    domain::account account;
    read_account(*table, prefix, account, problems);
    cfg.accounts.push_back(std::move(account));
  }
}

void read_channels(const toml::node& node, config& cfg, problem_list& problems) {
  const auto* array = node.as_array();
  if (array == nullptr) {
    problems.push_back("channels: expected an array of tables ([[channels]]), got " +
                       std::string{detail::type_name(node)});
    return;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto prefix = "channels[" + std::to_string(i) + "]";
    const auto* table = (*array)[i].as_table();
    if (table == nullptr) {
      problems.push_back(prefix + ": expected a table, got " +
                         std::string{detail::type_name((*array)[i])});
      continue;
    }
    channel_entry entry;
    for (auto&& [key, value] : *table) {
      const auto name = std::string{key.str()};
      const auto& fields = detail::channel_fields();
      const auto it =
          std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.key == name; });
      if (it == fields.end()) {
        problems.push_back(prefix + "." + name + ": unknown key" +
                           suggestion(name, channel_keys()));
        continue;
      }
      if (auto error = detail::assign_from_toml(it->bind(entry), value))
        problems.push_back(prefix + "." + name + ": " + *error);
    }
    cfg.channels.push_back(std::move(entry));
  }
}

void read_root(const toml::table& root, config& cfg, problem_list& problems, bool& host_given) {
  for (auto&& [key, value] : root) {
    const auto name = std::string{key.str()};
    if (name == "accounts") {
      read_accounts(value, cfg, problems);
      continue;
    }
    if (name == "channels") {
      read_channels(value, cfg, problems);
      continue;
    }
    if (const auto* f = find_field("", name)) {
      if (auto error = detail::assign_from_toml(f->bind(cfg), value))
        problems.push_back(name + ": " + *error);
      continue;
    }
    if (!is_section(name)) {
      auto candidates = section_names();
      candidates.emplace_back("accounts");
      candidates.emplace_back("channels");
      candidates.emplace_back("data_dir");
      problems.push_back(name + ": unknown key" + suggestion(name, candidates));
      continue;
    }
    const auto* table = value.as_table();
    if (table == nullptr) {
      problems.push_back(name + ": expected a table, got " + std::string{detail::type_name(value)});
      continue;
    }
    for (auto&& [inner_key, inner_value] : *table) {
      const auto inner = std::string{inner_key.str()};
      const auto* f = find_field(name, inner);
      if (f == nullptr) {
        problems.push_back(name + "." + inner + ": unknown key" + suggestion(inner, keys_of(name)));
        continue;
      }
      if (auto error = detail::assign_from_toml(f->bind(cfg), inner_value)) {
        problems.push_back(f->name() + ": " + *error);
        continue;
      }
      if (f->name() == "server.host") host_given = true;
    }
  }
}

void read_file(const std::string& path, config& cfg, problem_list& problems, bool& host_given) {
  std::ifstream in{path, std::ios::binary};
  if (!in) throw config_error(path + ": cannot open config file (" + std::strerror(errno) + ")");
  std::ostringstream text;
  text << in.rdbuf();
  toml::table root;
  try {
    root = toml::parse(text.str(), path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw config_error(path + ":" + std::to_string(where.line) + ":" +
                       std::to_string(where.column) + ": " + std::string{e.description()});
  }
  read_root(root, cfg, problems, host_given);
}

// -- overrides --------------------------------------------------------------

/// Applies one "section.key" = text override. `label` names the source entry
/// (the variable for the environment), `origin` is " (from …)" and `place`
/// is "from the environment" / "from the command line".
void apply_override(std::string_view section, std::string_view key, std::string_view text,
                    const std::string& label, const std::string& origin, std::string_view place,
                    config& cfg, problem_list& problems, bool& host_given) {
  if (section == "accounts" || (section.empty() && key == "accounts")) {
    problems.push_back(label + ": accounts cannot be set " + std::string{place} +
                       "; use [[accounts]] tables in the config file");
    return;
  }
  if (section == "channels" || (section.empty() && key == "channels")) {
    problems.push_back(label + ": channels cannot be set " + std::string{place} +
                       "; use [[channels]] tables in the config file");
    return;
  }
  const auto* f = find_field(section, key);
  if (f == nullptr) {
    std::vector<std::string> candidates;
    for (const auto& each : config_fields()) candidates.push_back(each.name());
    const auto wanted =
        section.empty() ? std::string{key} : std::string{section} + "." + std::string{key};
    const auto what = label == wanted ? origin : " " + wanted;
    problems.push_back(label + ": unknown setting" + what + suggestion(wanted, candidates));
    return;
  }
  if (auto error = detail::assign_from_text(f->bind(cfg), text)) {
    problems.push_back(f->name() + ": " + *error + origin);
    return;
  }
  if (f->name() == "server.host") host_given = true;
}

void apply_environment(const std::map<std::string, std::string>& env, config& cfg,
                       problem_list& problems, bool& host_given) {
  constexpr std::string_view prefix = "MJGATE_";
  for (const auto& [name, value] : env) {
    if (name.rfind(prefix, 0) != 0 || name.rfind("MJGATE_TEST_", 0) == 0) continue;
    const auto rest = domain::to_lower(std::string_view{name}.substr(prefix.size()));
    const auto split = rest.find("__");
    const auto section = split == std::string::npos ? std::string{} : rest.substr(0, split);
    const auto key = split == std::string::npos ? rest : rest.substr(split + 2);
    apply_override(section, key, value, name, " (from " + name + ")", "from the environment", cfg,
                   problems, host_given);
  }
}

}  // namespace

config load(const command_line& cmd, const std::map<std::string, std::string>& env) {
  config cfg;
  problem_list problems;
  bool host_given = false;
  if (!cmd.config_file.empty()) read_file(cmd.config_file, cfg, problems, host_given);
  apply_environment(env, cfg, problems, host_given);
  for (const auto& [name, value] : cmd.overrides) {
    const auto dot = name.find('.');
    const auto section = dot == std::string::npos ? std::string{} : name.substr(0, dot);
    const auto key = dot == std::string::npos ? name : name.substr(dot + 1);
    apply_override(section, key, value, name, " (from the command line)", "from the command line",
                   cfg, problems, host_given);
  }
  if (cmd.demo) cfg.demo.enabled = true;
  if (cfg.demo.enabled) {
    cfg.security.auth_enabled = false;
    if (!host_given)
      cfg.server.host = "127.0.0.1";  // a host that was given is checked by validate()
  }
  for (auto& each : validate(cfg))
    if (std::find(problems.begin(), problems.end(), each) == problems.end())
      problems.push_back(std::move(each));
  if (!problems.empty()) {
    std::string text;
    for (const auto& p : problems) text += (text.empty() ? "" : "\n") + p;
    throw config_error(text);
  }
  return cfg;
}

std::vector<std::string> setting_keys() {
  std::vector<std::string> out;
  for (const auto& f : config_fields()) out.push_back(f.name());
  return out;
}

std::vector<std::string> channel_keys() {
  std::vector<std::string> out;
  for (const auto& f : detail::channel_fields()) out.emplace_back(f.key);
  return out;
}

std::vector<domain::channel> relay_channels(const config& cfg) {
  std::vector<domain::channel> out;
  for (const auto& e : cfg.channels) {
    domain::channel c;
    c.id = e.id;
    c.type = domain::parse_channel_type(e.type).value_or(domain::channel_type::suno);
    c.name = e.name.empty() ? "channel " + std::to_string(e.id) : e.name;
    c.base_url = e.base_url;
    while (!c.base_url.empty() && c.base_url.back() == '/') c.base_url.pop_back();
    c.key = e.key;
    c.models = e.models;
    c.priority = e.priority;
    c.weight = e.weight;
    c.enabled = e.enabled;
    c.speed_prefix = e.speed_prefix;
    c.callback = e.callback;
    c.proxy = e.proxy;
    c.proxy_masked = domain::mask_proxy_url(e.proxy);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> account_keys() {
  std::vector<std::string> out;
  for (const auto& f : account_fields()) out.emplace_back(f.key);
  return out;
}

}  // namespace mjgate::config
