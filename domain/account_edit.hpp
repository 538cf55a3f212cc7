// Creating and editing accounts through the admin API (api-contracts.md
// §3.9.2): which keys a request sent, the account they make, and the rules an
// update must keep. Pure; the mj dialect parses the JSON, the router applies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/account.hpp"

namespace mjgate::domain {

/// The keys an AccountCreate / AccountUpdate may carry.
enum class account_key : std::uint8_t {
  id,  ///< create only (defaults to channel_id)
  name,
  guild_id,    ///< create; an update must repeat the current value or leave it out
  channel_id,  ///< the same
  user_token,  ///< clear; an update sends it only when it changes
  user_agent,
  enable,
  core_size,
  queue_size,
  relax_core_size,
  relax_queue_size,
  timeout_minutes,
  queue_timeout_minutes,
  modal_timeout_minutes,
  mj_bot_channel_id,
  niji_bot_channel_id,
  remix_auto_submit,
  remark,
  weight,
  allow_modes,
  day_draw_limit,
};

/// The values of a create or update request and which of them were sent
/// (absent keys keep their value). Values are already range-checked.
struct account_patch {
  account values;
  std::uint32_t sent = 0;  ///< bit per account_key

  bool has(account_key k) const { return (sent >> static_cast<unsigned>(k)) & 1u; }
  void mark(account_key k) { sent |= 1u << static_cast<unsigned>(k); }
  friend bool operator==(const account_patch&, const account_patch&) = default;
};

/// The account an AccountCreate makes: defaults, then every sent key; id
/// defaults to channel_id; source "api"; created/updated at `now_ms`. The
/// token stays clear here (the router seals it).
account make_account(const account_patch& p, std::int64_t now_ms);

/// Why `p` cannot update `current` (mj code 4 text), or nullopt: a config
/// account is read-only; guildId/channelId may only repeat their value.
std::optional<std::string> check_update(const account& current, const account_patch& p);

/// `current` with every sent key of `p` applied (id, guild and channel never
/// change; the token only when sent) and updated_at = `now_ms`.
account apply_update(account current, const account_patch& p, std::int64_t now_ms);

/// True when an update changes what the gateway connection uses (token or
/// user agent), which only a reconnect applies.
bool changes_connection(const account& before, const account& after);

/// True when `mode` ("FAST", "RELAX", "TURBO"; "" = any) may run on `a`.
bool allows_mode(const account& a, const std::string& mode);

}  // namespace mjgate::domain
