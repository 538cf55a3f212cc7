#include "discord/message_history.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "discord/event_parser.hpp"
#include "discord/replies.hpp"

namespace mjgate::discord {

namespace {

constexpr std::int64_t discord_epoch_ms = 1420070400000;

std::optional<std::uint64_t> snowflake_value(std::string_view id) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), v);
  if (ec != std::errc{} || end != id.data() + id.size() || id.empty()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::vector<gateway_event>> parse_message_history(std::string_view body) {
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) return std::nullopt;
  std::vector<gateway_event> out;
  out.reserve(doc.size());
  for (const auto& m : doc) {
    if (!m.is_object()) continue;
    // History carries no seq; MESSAGE_CREATE reads every field a message has.
    if (auto ev = parse_dispatch("MESSAGE_CREATE", m, 0); ev && !ev->id.empty())
      out.push_back(std::move(*ev));
  }
  return out;
}

std::int64_t snowflake_time_ms(std::string_view id) {
  auto v = snowflake_value(id);
  return v ? static_cast<std::int64_t>(*v >> 22) + discord_epoch_ms : 0;
}

std::string later_snowflake(const std::string& a, const std::string& b) {
  return snowflake_value(b).value_or(0) > snowflake_value(a).value_or(0) ? b : a;
}

domain::history_message to_history_message(const gateway_event& ev, const mj_reading& reading,
                                           std::string_view user_id) {
  domain::history_message m;
  m.id = ev.id;
  m.timestamp_ms = snowflake_time_ms(ev.id);
  // IMAGINE also stands for reroll and blend (identical tails): no family then.
  if (reading.origin && reading.origin->action != domain::task_action::imagine)
    m.action = reading.origin->action;
  m.prompt = reading.prompt;
  m.job_hash = reading.job_hash;
  m.final = reading.phase == mj_phase::done || read_describe_reply(ev).has_value() ||
            read_shorten_reply(ev).has_value();
  m.image_url = reading.image_url;
  m.referenced_message_id = ev.referenced_message_id;
  m.image_index = reading.image_index;
  m.interaction_id = ev.interaction_metadata_id;
  m.triggering_interaction_id = ev.triggering_interaction_id;
  m.mentions_user =
      !user_id.empty() && (reading.mention_id == user_id || ev.interaction_user_id == user_id);
  return m;
}

}  // namespace mjgate::discord
