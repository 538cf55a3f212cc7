// The account health state machine (discord-midjourney-protocol.md §7.3,
// api-contracts.md §3.9.1): CONNECTING, READY, BACKOFF, LOCKED, DISABLED and
// the fastExhausted flag, driven by gateway link changes, REST results and
// Midjourney's account signals. Pure: the account actor feeds it events.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/account_choice.hpp"

namespace mjgate::domain {

/// §7.3 states (`state` in the account JSON).
enum class account_state : std::uint8_t { connecting, ready, backoff, locked, disabled };

/// Why a DISABLED account is disabled (`disabledCode`).
enum class disabled_code : std::uint8_t { none, auth, banned, subscription, operator_request };

/// Why a LOCKED account is locked.
enum class lock_reason : std::uint8_t { none, captcha, review };

/// Wire names "CONNECTING", "READY", "BACKOFF", "LOCKED", "DISABLED".
std::string_view to_string(account_state s);
std::optional<account_state> parse_account_state(std::string_view s);
/// Wire names "AUTH", "BANNED", "SUBSCRIPTION", "OPERATOR"; "" for none.
std::string_view to_string(disabled_code c);
/// "CAPTCHA", "REVIEW"; "" for none.
std::string_view to_string(lock_reason r);

/// One account's health. `detail` is the readable `disabledReason` of a
/// LOCKED or DISABLED account (close code, embed title, captcha path).
struct account_health {
  account_state state = account_state::connecting;
  std::int64_t retry_at = 0;  ///< epoch ms while BACKOFF, else 0
  disabled_code disabled = disabled_code::none;
  lock_reason locked = lock_reason::none;
  std::string detail;
  bool fast_exhausted = false;  ///< a flag, not a state
  bool link_up = false;         ///< the gateway is identified (READY seen, not lost since)
  friend bool operator==(const account_health&, const account_health&) = default;
};

/// What the account actor observed.
enum class health_event_kind : std::uint8_t {
  link_connecting,   ///< opening / identifying / resuming
  link_ready,        ///< READY or RESUMED
  link_lost,         ///< connection closed; reconnect at `retry_at`
  link_auth_failed,  ///< close 4004 (authentication failed)
  rest_result,       ///< a REST answer: `http_status`, `retry_at` for 429
  captcha,           ///< §7.2: LOCKED (CAPTCHA)
  review,            ///< pending mod message, recurring ToS, verification: LOCKED (review)
  banned,            ///< "Blocked": DISABLED (BANNED)
  subscription,      ///< plan cancelled / paused / required: DISABLED (SUBSCRIPTION)
  fast_exhausted,    ///< "Credits exhausted": flag on
  fast_restored,     ///< /info shows fast time again (or the plan renewed): flag off
  unlocked,          ///< an operator or solver cleared the LOCK
  operator_disable,  ///< an admin disabled the account
  operator_enable,   ///< an admin enabled it again: back to CONNECTING
  tick,              ///< time passed: a BACKOFF whose retry time came ends
};

/// One observation fed to apply().
struct health_event {
  health_event_kind kind = health_event_kind::tick;
  std::int64_t at_ms = 0;     ///< when it happened
  std::int64_t retry_at = 0;  ///< link_lost / 429: next attempt (epoch ms)
  int http_status = 0;        ///< rest_result
  std::string detail;         ///< readable reason (embed title, close code, path)
};

/// The health after `e`. DISABLED leaves only by operator_enable; LOCKED only
/// by unlocked (or a disable); both keep tracking the link. A 429 BACKOFF
/// ends at its retry time (on a tick) when the link is up.
account_health apply(account_health h, const health_event& e);

/// READY: new work may be dispatched.
constexpr bool can_take_work(const account_health& h) {
  return h.state == account_state::ready;
}

/// CONNECTING, BACKOFF and LOCKED accounts can serve later (code 23); DISABLED never (code 3).
constexpr bool can_serve_later(const account_health& h) {
  return h.state != account_state::disabled;
}

/// The account-choice view: READY → ready, DISABLED → disabled, else connecting.
link_health to_link_health(account_state s);

/// The `disabledReason` shown by the admin API: "<CODE>: <detail>" or just the
/// code or detail; "" for CONNECTING, READY and BACKOFF.
std::string reason_text(const account_health& h);

}  // namespace mjgate::domain
