#include "domain/account_edit.hpp"

#include <algorithm>

namespace mjgate::domain {

namespace {

// Copies every sent key except the identity ones (id, guild, channel).
void copy_sent(account& to, const account_patch& p) {
  const auto& v = p.values;
  using enum account_key;
  if (p.has(name)) to.name = v.name;
  if (p.has(user_token)) to.user_token = v.user_token;
  if (p.has(user_agent)) to.user_agent = v.user_agent;
  if (p.has(enable)) to.enable = v.enable;
  if (p.has(core_size)) to.core_size = v.core_size;
  if (p.has(queue_size)) to.queue_size = v.queue_size;
  if (p.has(relax_core_size)) to.relax_core_size = v.relax_core_size;
  if (p.has(relax_queue_size)) to.relax_queue_size = v.relax_queue_size;
  if (p.has(timeout_minutes)) to.timeout_minutes = v.timeout_minutes;
  if (p.has(queue_timeout_minutes)) to.queue_timeout_minutes = v.queue_timeout_minutes;
  if (p.has(modal_timeout_minutes)) to.modal_timeout_minutes = v.modal_timeout_minutes;
  if (p.has(mj_bot_channel_id)) to.mj_bot_channel_id = v.mj_bot_channel_id;
  if (p.has(niji_bot_channel_id)) to.niji_bot_channel_id = v.niji_bot_channel_id;
  if (p.has(remix_auto_submit)) to.remix_auto_submit = v.remix_auto_submit;
  if (p.has(remark)) to.remark = v.remark;
  if (p.has(weight)) to.weight = v.weight;
  if (p.has(allow_modes)) to.allow_modes = v.allow_modes;
  if (p.has(day_draw_limit)) to.day_draw_limit = v.day_draw_limit;
}

}  // namespace

account make_account(const account_patch& p, std::int64_t now_ms) {
  account a;
  copy_sent(a, p);
  a.guild_id = p.values.guild_id;
  a.channel_id = p.values.channel_id;
  a.id = p.has(account_key::id) && !p.values.id.empty() ? p.values.id : a.channel_id;
  a.source = "api";
  a.created_at = now_ms;
  a.updated_at = now_ms;
  return a;
}

std::optional<std::string> check_update(const account& current, const account_patch& p) {
  if (current.source == "config")
    return "账号" + current.id + "来自配置文件，只读：请修改配置文件后重启";
  if (p.has(account_key::guild_id) && p.values.guild_id != current.guild_id)
    return "guildId不可修改";
  if (p.has(account_key::channel_id) && p.values.channel_id != current.channel_id)
    return "channelId不可修改";
  return std::nullopt;
}

account apply_update(account current, const account_patch& p, std::int64_t now_ms) {
  copy_sent(current, p);
  current.updated_at = now_ms;
  return current;
}

bool changes_connection(const account& before, const account& after) {
  return before.user_token != after.user_token || before.user_agent != after.user_agent;
}

bool allows_mode(const account& a, const std::string& mode) {
  return mode.empty() || a.allow_modes.empty() ||
         std::find(a.allow_modes.begin(), a.allow_modes.end(), mode) != a.allow_modes.end();
}

}  // namespace mjgate::domain
