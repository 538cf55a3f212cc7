#include "config/fields.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <type_traits>

#include "config/duration.hpp"
#include "domain/text.hpp"

namespace mjgate::config::detail {

namespace {

std::string quoted(std::string_view text) {
  return "\"" + std::string{text} + "\"";
}

template <class Int>
std::optional<std::string> assign_integer(Int* to, std::int64_t value) {
  using limits = std::numeric_limits<Int>;
  const bool too_small =
      std::is_unsigned_v<Int> ? value < 0 : value < static_cast<std::int64_t>(limits::min());
  const bool too_large =
      value > 0 && static_cast<std::uint64_t>(value) > static_cast<std::uint64_t>(limits::max());
  if (too_small || too_large)
    return std::to_string(value) + " is out of range (" + std::to_string(limits::min()) + ".." +
           std::to_string(limits::max()) + ")";
  *to = static_cast<Int>(value);
  return std::nullopt;
}

std::string expected(std::string_view what, const toml::node& got) {
  return "expected " + std::string{what} + ", got " + std::string{type_name(got)};
}

}  // namespace

std::string field::name() const {
  return section.empty() ? std::string{key} : std::string{section} + "." + std::string{key};
}

// clang-format off
const std::vector<field>& config_fields() {
  static const std::vector<field> fields{
    {"", "data_dir", [](config& c) -> target { return &c.data_dir; }},
    {"server", "host", [](config& c) -> target { return &c.server.host; }},
    {"server", "port", [](config& c) -> target { return &c.server.port; }},
    {"server", "io_threads", [](config& c) -> target { return &c.server.io_threads; }},
    {"server", "public_base_url", [](config& c) -> target { return &c.server.public_base_url; }},
    {"server", "handle_timeout", [](config& c) -> target { return &c.server.handle_timeout; }},
    {"server", "ask_timeout", [](config& c) -> target { return &c.server.ask_timeout; }},
    {"server", "max_body_submit", [](config& c) -> target { return &c.server.max_body_submit; }},
    {"server", "max_body_default", [](config& c) -> target { return &c.server.max_body_default; }},
    {"server", "max_connections", [](config& c) -> target { return &c.server.max_connections; }},
    {"server", "cors_origins", [](config& c) -> target { return &c.server.cors_origins; }},
    {"storage", "dsn", [](config& c) -> target { return &c.storage.dsn; }},
    {"storage", "batch_window", [](config& c) -> target { return &c.storage.batch_window; }},
    {"storage", "batch_max", [](config& c) -> target { return &c.storage.batch_max; }},
    {"storage", "readers", [](config& c) -> target { return &c.storage.readers; }},
    {"security", "root_api_key", [](config& c) -> target { return &c.security.root_api_key; }},
    {"security", "auth_enabled", [](config& c) -> target { return &c.security.auth_enabled; }},
    {"security", "root_password", [](config& c) -> target { return &c.security.root_password; }},
    {"security", "jwt_secret", [](config& c) -> target { return &c.security.jwt_secret; }},
    {"security", "secret_key", [](config& c) -> target { return &c.security.secret_key; }},
    {"task", "queue_timeout", [](config& c) -> target { return &c.task.queue_timeout; }},
    {"task", "run_timeout", [](config& c) -> target { return &c.task.run_timeout; }},
    {"task", "modal_timeout", [](config& c) -> target { return &c.task.modal_timeout; }},
    {"task", "max_ids", [](config& c) -> target { return &c.task.max_ids; }},
    {"task", "max_in_flight", [](config& c) -> target { return &c.task.max_in_flight; }},
    {"task", "cache_finished", [](config& c) -> target { return &c.task.cache_finished; }},
    {"discord", "api_base", [](config& c) -> target { return &c.discord.api_base; }},
    {"discord", "gateway_url", [](config& c) -> target { return &c.discord.gateway_url; }},
    {"discord", "cdn_base", [](config& c) -> target { return &c.discord.cdn_base; }},
    {"discord", "upload_base", [](config& c) -> target { return &c.discord.upload_base; }},
    {"discord", "discordsays_base",
     [](config& c) -> target { return &c.discord.discordsays_base; }},
    {"discord", "compress", [](config& c) -> target { return &c.discord.compress; }},
    {"discord", "client_build_number", [](config& c) -> target { return &c.discord.client_build_number; }},
    {"discord", "user_agent", [](config& c) -> target { return &c.discord.user_agent; }},
    {"discord", "connect_timeout", [](config& c) -> target { return &c.discord.connect_timeout; }},
    {"discord", "request_timeout", [](config& c) -> target { return &c.discord.request_timeout; }},
    {"discord", "stall_after", [](config& c) -> target { return &c.discord.stall_after; }},
    {"discord", "ca_file", [](config& c) -> target { return &c.discord.ca_file; }},
    {"mj", "api_secret", [](config& c) -> target { return &c.mj.api_secret; }},
    {"mj", "inject_seed", [](config& c) -> target { return &c.mj.inject_seed; }},
    {"mj", "banned_words", [](config& c) -> target { return &c.mj.banned_words; }},
    {"billing", "enabled", [](config& c) -> target { return &c.billing.enabled; }},
    {"billing", "prices", [](config& c) -> target { return &c.billing.prices; }},
    {"billing", "group_ratios", [](config& c) -> target { return &c.billing.group_ratios; }},
    {"auth", "rate_limit", [](config& c) -> target { return &c.auth.rate_limit; }},
    {"auth", "max_in_flight", [](config& c) -> target { return &c.auth.max_in_flight; }},
    {"mj", "max_prompt", [](config& c) -> target { return &c.mj.max_prompt; }},
    {"notify", "allow_private", [](config& c) -> target { return &c.notify.allow_private; }},
    {"notify", "connect_timeout", [](config& c) -> target { return &c.notify.connect_timeout; }},
    {"notify", "timeout", [](config& c) -> target { return &c.notify.timeout; }},
    {"notify", "max_attempts", [](config& c) -> target { return &c.notify.max_attempts; }},
    {"notify", "backoff_base", [](config& c) -> target { return &c.notify.backoff_base; }},
    {"notify", "backoff_max", [](config& c) -> target { return &c.notify.backoff_max; }},
    {"notify", "per_host", [](config& c) -> target { return &c.notify.per_host; }},
    {"notify", "global_hook", [](config& c) -> target { return &c.notify.global_hook; }},
    {"scheduler", "max_threads", [](config& c) -> target { return &c.scheduler.max_threads; }},
    {"scheduler", "max_throughput", [](config& c) -> target { return &c.scheduler.max_throughput; }},
    {"scheduler", "aging", [](config& c) -> target { return &c.scheduler.aging; }},
    {"demo", "enabled", [](config& c) -> target { return &c.demo.enabled; }},
    {"demo", "accounts", [](config& c) -> target { return &c.demo.accounts; }},
    {"demo", "speed", [](config& c) -> target { return &c.demo.speed; }},
    {"demo", "sim_port", [](config& c) -> target { return &c.demo.sim_port; }},
    {"image", "rehost", [](config& c) -> target { return &c.image.rehost; }},
    {"image", "dir", [](config& c) -> target { return &c.image.dir; }},
    {"image", "max_bytes", [](config& c) -> target { return &c.image.max_bytes; }},
    {"dashboard", "default_page_size", [](config& c) -> target { return &c.dashboard.default_page_size; }},
    {"node_api", "anonymous_user", [](config& c) -> target { return &c.node_api.anonymous_user; }},
    {"node_api", "notify_progress", [](config& c) -> target { return &c.node_api.notify_progress; }},
    {"node_api", "progress_style", [](config& c) -> target { return &c.node_api.progress_style; }},
    {"backend", "queue_timeout", [](config& c) -> target { return &c.backend.queue_timeout; }},
    {"backend", "max_pending", [](config& c) -> target { return &c.backend.max_pending; }},
    {"poll", "interval", [](config& c) -> target { return &c.poll.interval; }},
    {"poll", "batch", [](config& c) -> target { return &c.poll.batch; }},
    {"poll", "parallel", [](config& c) -> target { return &c.poll.parallel; }},
    {"poll", "request_timeout", [](config& c) -> target { return &c.poll.request_timeout; }},
    {"poll", "task_timeout", [](config& c) -> target { return &c.poll.task_timeout; }},
    {"poll", "lost_after", [](config& c) -> target { return &c.poll.lost_after; }},
    {"poll", "lost_min_age", [](config& c) -> target { return &c.poll.lost_min_age; }},
    {"poll", "backoff_base", [](config& c) -> target { return &c.poll.backoff_base; }},
    {"poll", "backoff_max", [](config& c) -> target { return &c.poll.backoff_max; }},
    {"poll", "mj_timeout", [](config& c) -> target { return &c.poll.mj_timeout; }},
    {"routing", "mode", [](config& c) -> target { return &c.routing.mode; }},
    {"routing", "groups", [](config& c) -> target { return &c.routing.groups; }},
    {"routing", "actions", [](config& c) -> target { return &c.routing.actions; }},
    {"relay", "submit_retries", [](config& c) -> target { return &c.relay.submit_retries; }},
    {"relay", "disable_after", [](config& c) -> target { return &c.relay.disable_after; }},
    {"relay", "disable_span", [](config& c) -> target { return &c.relay.disable_span; }},
    {"log", "level", [](config& c) -> target { return &c.log.level; }},
  };
  return fields;
}

const std::vector<channel_field>& channel_fields() {
  static const std::vector<channel_field> fields{
    {"id", [](channel_entry& c) -> target { return &c.id; }},
    {"type", [](channel_entry& c) -> target { return &c.type; }},
    {"name", [](channel_entry& c) -> target { return &c.name; }},
    {"base_url", [](channel_entry& c) -> target { return &c.base_url; }},
    {"key", [](channel_entry& c) -> target { return &c.key; }},
    {"models", [](channel_entry& c) -> target { return &c.models; }},
    {"priority", [](channel_entry& c) -> target { return &c.priority; }},
    {"weight", [](channel_entry& c) -> target { return &c.weight; }},
    {"enabled", [](channel_entry& c) -> target { return &c.enabled; }},
    {"speed_prefix", [](channel_entry& c) -> target { return &c.speed_prefix; }},
    {"callback", [](channel_entry& c) -> target { return &c.callback; }},
    {"proxy", [](channel_entry& c) -> target { return &c.proxy; }},
  };
  return fields;
}

const std::vector<account_field>& account_fields() {
  using domain::account;
  static const std::vector<account_field> fields{
    {"id", [](account& a) -> target { return &a.id; }},
    {"name", [](account& a) -> target { return &a.name; }},
    {"guild_id", [](account& a) -> target { return &a.guild_id; }},
    {"channel_id", [](account& a) -> target { return &a.channel_id; }},
    {"user_token", [](account& a) -> target { return &a.user_token; }},
    {"user_agent", [](account& a) -> target { return &a.user_agent; }},
    {"enable", [](account& a) -> target { return &a.enable; }},
    {"core_size", [](account& a) -> target { return &a.core_size; }},
    {"queue_size", [](account& a) -> target { return &a.queue_size; }},
    {"relax_core_size", [](account& a) -> target { return &a.relax_core_size; }},
    {"relax_queue_size", [](account& a) -> target { return &a.relax_queue_size; }},
    {"timeout_minutes", [](account& a) -> target { return &a.timeout_minutes; }},
    {"mj_bot_channel_id", [](account& a) -> target { return &a.mj_bot_channel_id; }},
    {"niji_bot_channel_id", [](account& a) -> target { return &a.niji_bot_channel_id; }},
    {"remix_auto_submit", [](account& a) -> target { return &a.remix_auto_submit; }},
    {"remark", [](account& a) -> target { return &a.remark; }},
    {"weight", [](account& a) -> target { return &a.weight; }},
    {"queue_timeout_minutes", [](account& a) -> target { return &a.queue_timeout_minutes; }},
    {"modal_timeout_minutes", [](account& a) -> target { return &a.modal_timeout_minutes; }},
    {"allow_modes", [](account& a) -> target { return &a.allow_modes; }},
    {"day_draw_limit", [](account& a) -> target { return &a.day_draw_limit; }},
  };
  return fields;
}
// clang-format on

const field* find_field(std::string_view section, std::string_view key) {
  for (const auto& f : config_fields())
    if (f.section == section && f.key == key) return &f;
  return nullptr;
}

std::string_view type_name(const toml::node& value) {
  switch (value.type()) {
    case toml::node_type::table:
      return "table";
    case toml::node_type::array:
      return "array";
    case toml::node_type::string:
      return "string";
    case toml::node_type::integer:
      return "integer";
    case toml::node_type::floating_point:
      return "float";
    case toml::node_type::boolean:
      return "boolean";
    case toml::node_type::date:
      return "date";
    case toml::node_type::time:
      return "time";
    case toml::node_type::date_time:
      return "date-time";
    default:
      return "nothing";
  }
}

std::optional<std::string> assign_from_toml(const target& to, const toml::node& value) {
  return std::visit(
      [&](auto* ptr) -> std::optional<std::string> {
        using type = std::remove_pointer_t<decltype(ptr)>;
        if constexpr (std::is_same_v<type, std::string>) {
          const auto* s = value.as_string();
          if (s == nullptr) return expected("a string", value);
          *ptr = s->get();
          return std::nullopt;
        } else if constexpr (std::is_same_v<type, bool>) {
          const auto* b = value.as_boolean();
          if (b == nullptr) return expected("a boolean", value);
          *ptr = b->get();
          return std::nullopt;
        } else if constexpr (std::is_same_v<type, duration>) {
          const auto* s = value.as_string();
          if (s == nullptr) return expected("a duration string such as \"15s\"", value);
          auto parsed = parse_duration(s->get());
          if (auto* error = std::get_if<std::string>(&parsed)) return *error;
          *ptr = std::get<duration>(parsed);
          return std::nullopt;
        } else if constexpr (std::is_same_v<type, std::vector<std::string>>) {
          const auto* a = value.as_array();
          if (a == nullptr) return expected("an array of strings", value);
          std::vector<std::string> out;
          for (std::size_t i = 0; i < a->size(); ++i) {
            const auto* s = (*a)[i].as_string();
            if (s == nullptr)
              return "element " + std::to_string(i) + ": " + expected("a string", (*a)[i]);
            out.push_back(s->get());
          }
          *ptr = std::move(out);
          return std::nullopt;
        } else {
          const auto* i = value.as_integer();
          if (i == nullptr) return expected("an integer", value);
          return assign_integer(ptr, i->get());
        }
      },
      to);
}

std::optional<std::string> assign_from_text(const target& to, std::string_view text) {
  return std::visit(
      [&](auto* ptr) -> std::optional<std::string> {
        using type = std::remove_pointer_t<decltype(ptr)>;
        if constexpr (std::is_same_v<type, std::string>) {
          *ptr = std::string{text};
          return std::nullopt;
        } else if constexpr (std::is_same_v<type, bool>) {
          const auto word = domain::to_lower(domain::trim(text));
          if (word == "true" || word == "1" || word == "yes") {
            *ptr = true;
          } else if (word == "false" || word == "0" || word == "no") {
            *ptr = false;
          } else {
            return quoted(text) + " is not a boolean (use true/false, 1/0 or yes/no)";
          }
          return std::nullopt;
        } else if constexpr (std::is_same_v<type, duration>) {
          auto parsed = parse_duration(domain::trim(text));
          if (auto* error = std::get_if<std::string>(&parsed)) return *error;
          *ptr = std::get<duration>(parsed);
          return std::nullopt;
        } else if constexpr (std::is_same_v<type, std::vector<std::string>>) {
          std::vector<std::string> out;
          std::string_view rest = text;
          while (!rest.empty()) {
            const auto comma = rest.find(',');
            const auto item = domain::trim(rest.substr(0, comma));
            if (!item.empty()) out.emplace_back(item);
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
          }
          *ptr = std::move(out);
          return std::nullopt;
        } else {
          const auto digits = domain::trim(text);
          std::int64_t value = 0;
          const auto* end = digits.data() + digits.size();
          const auto [next, error] = std::from_chars(digits.data(), end, value);
          if (digits.empty() || error == std::errc::invalid_argument || next != end)
            return quoted(text) + " is not an integer";
          if (error == std::errc::result_out_of_range) return quoted(text) + " is out of range";
          return assign_integer(ptr, value);
        }
      },
      to);
}

}  // namespace mjgate::config::detail
