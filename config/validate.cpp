#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string_view>

#include "config/duration.hpp"
#include "config/load.hpp"
#include "domain/billing.hpp"
#include "domain/mj_relay.hpp"
#include "domain/proxy_url.hpp"
#include "domain/url_policy.hpp"
#include "domain/user.hpp"

namespace mjgate::config {

namespace {

using problem_list = std::vector<std::string>;

std::string quoted(std::string_view text) {
  return "\"" + std::string{text} + "\"";
}

template <class Int>
void check_range(problem_list& problems, std::string_view key, Int value, long long min,
                 long long max) {
  const auto v = static_cast<long long>(value);
  if (v < min || v > max)
    problems.push_back(std::string{key} + ": " + std::to_string(v) + " is out of range (" +
                       std::to_string(min) + ".." + std::to_string(max) + ")");
}

void check_positive(problem_list& problems, std::string_view key, duration value) {
  if (value <= duration::zero())
    problems.push_back(std::string{key} + ": must be longer than 0 (got " + format_duration(value) +
                       ")");
}

template <std::size_t N>
void check_one_of(problem_list& problems, std::string_view key, const std::string& value,
                  const std::array<std::string_view, N>& allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + std::string{a};
  problems.push_back(std::string{key} + ": " + quoted(value) + " is not one of " + list);
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

void check_server(const config& cfg, problem_list& problems) {
  const auto& s = cfg.server;
  if (s.host.empty()) problems.push_back("server.host: must not be empty");
  check_range(problems, "server.io_threads", s.io_threads, 1, 64);
  if (!s.public_base_url.empty() && !starts_with(s.public_base_url, "http://") &&
      !starts_with(s.public_base_url, "https://"))
    problems.push_back("server.public_base_url: " + quoted(s.public_base_url) +
                       " must start with http:// or https://");
  check_positive(problems, "server.handle_timeout", s.handle_timeout);
  check_positive(problems, "server.ask_timeout", s.ask_timeout);
  if (s.ask_timeout >= s.handle_timeout)
    problems.push_back("server.ask_timeout: " + format_duration(s.ask_timeout) +
                       " must be shorter than server.handle_timeout (" +
                       format_duration(s.handle_timeout) + ")");
  if (s.max_body_submit == 0) problems.push_back("server.max_body_submit: must be at least 1");
  if (s.max_body_default == 0) problems.push_back("server.max_body_default: must be at least 1");
  if (s.max_connections == 0) problems.push_back("server.max_connections: must be at least 1");
  for (const auto& origin : s.cors_origins)
    if (auto why = domain::origin_problem(origin); !why.empty())
      problems.push_back("server.cors_origins: \"" + origin + "\" " + why);
}

void check_storage(const config& cfg, problem_list& problems) {
  const auto& s = cfg.storage;
  constexpr std::array<std::string_view, 4> prefixes{"sqlite:", "postgresql://", "postgres://",
                                                     "postgresql:"};
  const bool known = std::any_of(prefixes.begin(), prefixes.end(), [&](auto p) {
    return starts_with(s.dsn, p) && s.dsn.size() > p.size();
  });
  if (!known)
    problems.push_back("storage.dsn: " + quoted(s.dsn) +
                       " must start with sqlite:, postgresql:, postgresql:// or postgres:// "
                       "(e.g. \"sqlite:mjgate.db\")");
  check_positive(problems, "storage.batch_window", s.batch_window);
  check_range(problems, "storage.batch_max", s.batch_max, 1, 10000);
  check_range(problems, "storage.readers", s.readers, 1, 64);
}

// The shape of a 32-byte key: 64 hex digits, or base64 (standard or URL-safe,
// padding optional) of 32 bytes. persistence/token_cipher decodes it.
bool is_key_text(std::string_view k) {
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  if (k.size() == 64) return std::all_of(k.begin(), k.end(), hex);
  if (k.size() == 44) {
    if (k.back() != '=') return false;
    k.remove_suffix(1);
  }
  if (k.size() != 43) return false;
  auto b64 = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/' || c == '-' ||
           c == '_';
  };
  // 43 characters carry 258 bits: the last one holds 2 bits and 4 zero bits.
  static constexpr std::string_view last_ok = "AEIMQUYcgkosw048";
  return std::all_of(k.begin(), k.end(), b64) && last_ok.find(k.back()) != std::string_view::npos;
}

void check_security(const config& cfg, problem_list& problems) {
  if (!cfg.security.auth_enabled && !cfg.demo.enabled)
    problems.push_back("security.auth_enabled: false is allowed only with --demo (demo.enabled)");
  // Never echo the value: it is a secret.
  if (auto why = domain::check_password(cfg.security.root_password); !why.empty())
    problems.push_back("security.root_password: " + why);
  // The value is never echoed: it is a secret.
  if (!cfg.security.secret_key.empty() && !is_key_text(cfg.security.secret_key))
    problems.push_back(
        "security.secret_key: must be 32 bytes written as 64 hex digits or base64 "
        "(e.g. the output of `openssl rand -base64 32`); the value is not shown");
}

void check_task(const config& cfg, problem_list& problems) {
  const auto& t = cfg.task;
  check_positive(problems, "task.queue_timeout", t.queue_timeout);
  check_positive(problems, "task.run_timeout", t.run_timeout);
  check_positive(problems, "task.modal_timeout", t.modal_timeout);
  check_positive(problems, "backend.queue_timeout", cfg.backend.queue_timeout);
  if (t.max_ids == 0) problems.push_back("task.max_ids: must be at least 1");
  if (t.max_in_flight == 0) problems.push_back("task.max_in_flight: must be at least 1");
  if (t.cache_finished > 10000000)
    problems.push_back("task.cache_finished: must be at most 10000000");
}

void check_discord(const config& cfg, problem_list& problems) {
  const auto& d = cfg.discord;
  const auto check_url = [&](std::string_view key, const std::string& url,
                             std::initializer_list<std::string_view> schemes) {
    for (auto scheme : schemes)
      if (starts_with(url, scheme) && url.size() > scheme.size()) return;
    std::string list;
    for (auto scheme : schemes) list += (list.empty() ? "" : " or ") + std::string{scheme};
    problems.push_back(std::string{key} + ": " + quoted(url) + " must start with " + list);
  };
  check_url("discord.api_base", d.api_base, {"https://", "http://"});
  check_url("discord.gateway_url", d.gateway_url, {"wss://", "ws://"});
  check_url("discord.cdn_base", d.cdn_base, {"https://", "http://"});
  check_url("discord.upload_base", d.upload_base, {"https://", "http://"});
  check_url("discord.discordsays_base", d.discordsays_base, {"https://", "http://"});
  check_positive(problems, "discord.connect_timeout", d.connect_timeout);
  check_positive(problems, "discord.request_timeout", d.request_timeout);
  check_positive(problems, "discord.stall_after", d.stall_after);
}

void check_mj(const config& cfg, problem_list& problems) {
  if (cfg.mj.max_prompt == 0) problems.push_back("mj.max_prompt: must be at least 1");
}

void check_notify(const config& cfg, problem_list& problems) {
  const auto& n = cfg.notify;
  check_positive(problems, "notify.connect_timeout", n.connect_timeout);
  check_positive(problems, "notify.timeout", n.timeout);
  check_range(problems, "notify.max_attempts", n.max_attempts, 1, 100);
  check_positive(problems, "notify.backoff_base", n.backoff_base);
  check_positive(problems, "notify.backoff_max", n.backoff_max);
  if (n.backoff_base > n.backoff_max)
    problems.push_back("notify.backoff_base: " + format_duration(n.backoff_base) +
                       " must not exceed notify.backoff_max (" + format_duration(n.backoff_max) +
                       ")");
  if (n.per_host == 0) problems.push_back("notify.per_host: must be at least 1");
  if (!n.global_hook.empty() && !starts_with(n.global_hook, "http://") &&
      !starts_with(n.global_hook, "https://"))
    problems.push_back("notify.global_hook: " + quoted(n.global_hook) +
                       " must start with http:// or https://");
}

void check_scheduler(const config& cfg, problem_list& problems) {
  check_range(problems, "scheduler.max_threads", cfg.scheduler.max_threads, 1, 256);
  check_range(problems, "scheduler.max_throughput", cfg.scheduler.max_throughput, 1, 1000000);
}

void check_billing(const config& cfg, problem_list& problems) {
  auto parsed =
      domain::parse_prices(domain::default_prices(), cfg.billing.prices, cfg.billing.group_ratios);
  if (auto* error = std::get_if<std::string>(&parsed)) problems.push_back(*error);
  check_range(problems, "auth.rate_limit", cfg.auth.rate_limit, 0, 1000000);
}

void check_demo(const config& cfg, problem_list& problems) {
  const auto& d = cfg.demo;
  check_range(problems, "demo.accounts", d.accounts, 1, 100);
  check_one_of(problems, "demo.speed", d.speed,
               std::array<std::string_view, 3>{"bench", "test", "demo"});
  if (d.enabled && !is_loopback(cfg.server.host))
    problems.push_back("server.host: " + quoted(cfg.server.host) +
                       " is not a loopback address; --demo runs without authentication and "
                       "binds to loopback only (use 127.0.0.1)");
}

void check_image(const config& cfg, problem_list& problems) {
  // The download client holds at most 64 MiB of one response body.
  check_range(problems, "image.max_bytes", cfg.image.max_bytes, 1024, 64ll << 20);
}

void check_dashboard(const config& cfg, problem_list& problems) {
  check_range(problems, "dashboard.default_page_size", cfg.dashboard.default_page_size, 1, 100);
}

void check_node_api(const config& cfg, problem_list& problems) {
  if (cfg.node_api.anonymous_user < 0)
    problems.push_back("node_api.anonymous_user: " + std::to_string(cfg.node_api.anonymous_user) +
                       " must be 0 (off) or a user id");
  check_one_of(problems, "node_api.progress_style", cfg.node_api.progress_style,
               std::array<std::string_view, 2>{"percent", "legacy"});
}

void check_log(const config& cfg, problem_list& problems) {
  check_one_of(problems, "log.level", cfg.log.level,
               std::array<std::string_view, 5>{"trace", "debug", "info", "warn", "error"});
}

void check_accounts(const config& cfg, problem_list& problems) {
  std::set<std::string> ids;
  std::set<std::string> channels;
  for (std::size_t i = 0; i < cfg.accounts.size(); ++i) {
    const auto& a = cfg.accounts[i];
    const auto prefix = "accounts[" + std::to_string(i) + "]";
    if (!cfg.demo.enabled) {
      if (a.channel_id.empty()) problems.push_back(prefix + ".channel_id: required");
      if (a.user_token.empty()) problems.push_back(prefix + ".user_token: required");
    }
    check_range(problems, prefix + ".core_size", a.core_size, 1, 12);
    check_range(problems, prefix + ".queue_size", a.queue_size, 1, 1000);
    check_range(problems, prefix + ".relax_core_size", a.relax_core_size, 1, 12);
    check_range(problems, prefix + ".relax_queue_size", a.relax_queue_size, 1, 1000);
    if (a.timeout_minutes != 0 && (a.timeout_minutes < 1 || a.timeout_minutes > 120))
      problems.push_back(prefix + ".timeout_minutes: " + std::to_string(a.timeout_minutes) +
                         " must be 0 (use task.run_timeout) or 1..120");
    if (a.weight < 0)
      problems.push_back(prefix + ".weight: " + std::to_string(a.weight) + " must be 0 or more");
    check_range(problems, prefix + ".queue_timeout_minutes", a.queue_timeout_minutes, 0, 10080);
    check_range(problems, prefix + ".modal_timeout_minutes", a.modal_timeout_minutes, 0, 10080);
    if (a.day_draw_limit < -1)
      problems.push_back(prefix + ".day_draw_limit: " + std::to_string(a.day_draw_limit) +
                         " must be -1 (unlimited) or more");
    for (const auto& m : a.allow_modes)
      if (m != "FAST" && m != "RELAX" && m != "TURBO")
        problems.push_back(prefix + ".allow_modes: " + quoted(m) +
                           " is not one of FAST, RELAX, TURBO");
    if (!a.id.empty() && !ids.insert(a.id).second)
      problems.push_back(prefix + ".id: " + quoted(a.id) + " is used by an earlier account");
    if (!a.channel_id.empty() && !channels.insert(a.channel_id).second)
      problems.push_back(prefix + ".channel_id: " + quoted(a.channel_id) +
                         " is used by an earlier account");
  }
}

void check_poll(const config& cfg, problem_list& problems) {
  const auto& p = cfg.poll;
  if (p.interval < std::chrono::seconds{1})
    problems.push_back("poll.interval: must be at least 1s (got " + format_duration(p.interval) +
                       ")");
  check_range(problems, "poll.batch", p.batch, 1, 1000);
  check_range(problems, "poll.parallel", p.parallel, 1, 16);
  check_positive(problems, "poll.request_timeout", p.request_timeout);
  check_positive(problems, "poll.task_timeout", p.task_timeout);
  check_positive(problems, "poll.mj_timeout", p.mj_timeout);
  auto routing = domain::parse_routing(cfg.routing.mode, cfg.routing.groups, cfg.routing.actions);
  if (auto* error = std::get_if<std::string>(&routing)) problems.push_back(*error);
  check_range(problems, "poll.lost_after", p.lost_after, 1, 1000);
  check_positive(problems, "poll.backoff_base", p.backoff_base);
  if (p.backoff_max < p.backoff_base)
    problems.push_back("poll.backoff_max: must not be shorter than poll.backoff_base");
  check_range(problems, "relay.submit_retries", cfg.relay.submit_retries, 0, 10);
  check_range(problems, "relay.disable_after", cfg.relay.disable_after, 0, 1000);
}

void check_channels(const config& cfg, problem_list& problems) {
  std::set<std::int64_t> ids;
  for (std::size_t i = 0; i < cfg.channels.size(); ++i) {
    const auto& c = cfg.channels[i];
    const auto prefix = "channels[" + std::to_string(i) + "]";
    if (c.id <= 0) problems.push_back(prefix + ".id: required, a positive integer");
    if (c.id > 0 && !ids.insert(c.id).second)
      problems.push_back(prefix + ".id: " + std::to_string(c.id) +
                         " is used by an earlier channel");
    if (c.type != "suno" && c.type != "midjourney-proxy")
      problems.push_back(prefix + ".type: " + quoted(c.type) +
                         " is not one of \"suno\", \"midjourney-proxy\"");
    if (c.type == "suno" && (c.speed_prefix || c.callback))
      problems.push_back(prefix +
                         ": speed_prefix and callback apply to midjourney-proxy channels only");
    if (!starts_with(c.base_url, "http://") && !starts_with(c.base_url, "https://"))
      problems.push_back(prefix + ".base_url: " + quoted(c.base_url) +
                         " must start with http:// or https://");
    if (c.key.empty()) problems.push_back(prefix + ".key: required");
    if (!c.proxy.empty()) {
      auto parsed = domain::parse_proxy_url(c.proxy);
      if (auto* why = std::get_if<std::string>(&parsed))
        problems.push_back(prefix + ".proxy: " + *why);  // never the URL: it may hold a password
    }
    check_range(problems, prefix + ".weight", c.weight, 1, 1000000);
  }
}

}  // namespace

std::vector<std::string> validate(const config& cfg) {
  problem_list problems;
  if (cfg.data_dir.empty()) problems.push_back("data_dir: must not be empty");
  check_server(cfg, problems);
  check_storage(cfg, problems);
  check_security(cfg, problems);
  check_task(cfg, problems);
  check_discord(cfg, problems);
  check_mj(cfg, problems);
  check_notify(cfg, problems);
  check_scheduler(cfg, problems);
  check_billing(cfg, problems);
  check_demo(cfg, problems);
  check_image(cfg, problems);
  check_dashboard(cfg, problems);
  check_node_api(cfg, problems);
  check_log(cfg, problems);
  check_accounts(cfg, problems);
  check_poll(cfg, problems);
  check_channels(cfg, problems);
  return problems;
}

}  // namespace mjgate::config
