#include "http/dialects/mj/account_json.hpp"

#include "domain/account_health.hpp"

namespace mjgate::http::mj {

namespace {

nlohmann::ordered_json null_if_empty(const std::string& s) {
  return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
}

nlohmann::ordered_json null_if_zero(std::int64_t v) {
  return v <= 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(v);
}

}  // namespace

nlohmann::ordered_json render_account(const actors::account_status& s) {
  const auto& a = s.acct;
  const auto& l = s.load;
  nlohmann::ordered_json j;
  j["id"] = a.id;
  j["name"] = a.name.empty() ? l.username : a.name;
  j["guildId"] = a.guild_id;
  j["channelId"] = a.channel_id;
  j["userToken"] = a.user_token;  // masked by the router
  j["mjBotChannelId"] = null_if_empty(a.mj_bot_channel_id);
  j["nijiBotChannelId"] = null_if_empty(a.niji_bot_channel_id);
  j["userAgent"] = null_if_empty(a.user_agent);
  j["enable"] = a.enable;
  j["remixAutoSubmit"] = a.remix_auto_submit;
  j["coreSize"] = a.core_size;
  j["queueSize"] = a.queue_size;
  j["relaxCoreSize"] = a.relax_core_size;
  j["relaxQueueSize"] = a.relax_queue_size;
  j["timeoutMinutes"] = null_if_zero(a.timeout_minutes);
  j["queueTimeoutMinutes"] = null_if_zero(a.queue_timeout_minutes);
  j["modalTimeoutMinutes"] = null_if_zero(a.modal_timeout_minutes);
  j["weight"] = a.weight;
  j["remark"] = a.remark;
  j["allowModes"] = a.allow_modes;
  j["dayDrawLimit"] = a.day_draw_limit;
  j["source"] = a.source;  // "config" accounts are read-only here
  j["dateCreated"] = null_if_zero(a.created_at);
  j["state"] = std::string{domain::to_string(l.health.state)};
  j["disabledCode"] = null_if_empty(std::string{domain::to_string(l.health.disabled)});
  j["retryAt"] = null_if_zero(l.health.retry_at);
  j["fastExhausted"] = l.health.fast_exhausted;
  j["running"] = l.running;
  j["queued"] = l.queued;
  j["relaxRunning"] = l.relax_running;
  j["relaxQueued"] = l.relax_queued;
  j["version"] = null_if_empty(l.version);
  j["mode"] = null_if_empty(l.mode);
  j["remix"] = l.remix;
  j["fastTimeRemaining"] = null_if_empty(l.fast_time_remaining);
  j["subscribePlan"] = null_if_empty(l.subscription);
  j["infoUpdated"] = null_if_zero(l.info_updated);
  nlohmann::ordered_json props = nlohmann::ordered_json::object();
  props["disabledReason"] = null_if_empty(domain::reason_text(l.health));
  j["properties"] = std::move(props);
  return j;
}

std::string render_account_array(const std::vector<actors::account_status>& all,
                                 std::size_t limit) {
  auto out = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < all.size() && i < limit; ++i) out.push_back(render_account(all[i]));
  return out.dump();
}

}  // namespace mjgate::http::mj
