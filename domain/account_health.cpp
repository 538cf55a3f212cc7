#include "domain/account_health.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

namespace mjgate::domain {

namespace {

constexpr std::array<std::pair<account_state, std::string_view>, 5> state_names{{
    {account_state::connecting, "CONNECTING"},
    {account_state::ready, "READY"},
    {account_state::backoff, "BACKOFF"},
    {account_state::locked, "LOCKED"},
    {account_state::disabled, "DISABLED"},
}};

account_health disable(account_health h, disabled_code code, std::string detail) {
  h.state = account_state::disabled;
  h.disabled = code;
  h.locked = lock_reason::none;
  h.retry_at = 0;
  h.detail = std::move(detail);
  return h;
}

account_health lock(account_health h, lock_reason reason, std::string detail) {
  if (h.state == account_state::disabled) return h;
  h.state = account_state::locked;
  h.locked = reason;
  h.retry_at = 0;
  h.detail = std::move(detail);
  return h;
}

// The state the link alone implies, for an account that is neither LOCKED nor DISABLED.
account_state link_state(const account_health& h) {
  return h.link_up ? account_state::ready : account_state::connecting;
}

bool held(const account_health& h) {
  return h.state == account_state::disabled || h.state == account_state::locked;
}

}  // namespace

std::string_view to_string(account_state s) {
  for (const auto& [state, name] : state_names)
    if (state == s) return name;
  return "CONNECTING";
}

std::optional<account_state> parse_account_state(std::string_view s) {
  for (const auto& [state, name] : state_names)
    if (name == s) return state;
  return std::nullopt;
}

std::string_view to_string(disabled_code c) {
  switch (c) {
    case disabled_code::none:
      return "";
    case disabled_code::auth:
      return "AUTH";
    case disabled_code::banned:
      return "BANNED";
    case disabled_code::subscription:
      return "SUBSCRIPTION";
    case disabled_code::operator_request:
      return "OPERATOR";
  }
  return "";
}

std::string_view to_string(lock_reason r) {
  switch (r) {
    case lock_reason::none:
      return "";
    case lock_reason::captcha:
      return "CAPTCHA";
    case lock_reason::review:
      return "REVIEW";
  }
  return "";
}

account_health apply(account_health h, const health_event& e) {
  using enum health_event_kind;
  switch (e.kind) {
    case link_connecting:
      h.link_up = false;
      if (!held(h)) {
        h.state = account_state::connecting;
        h.retry_at = 0;
      }
      return h;
    case link_ready:
      h.link_up = true;
      // A 429 backoff still running outlives a reconnect.
      if (!held(h) && !(h.state == account_state::backoff && h.retry_at > e.at_ms)) {
        h.state = account_state::ready;
        h.retry_at = 0;
      }
      return h;
    case link_lost:
      h.link_up = false;
      if (!held(h)) {
        h.state = account_state::backoff;
        h.retry_at = e.retry_at;
      }
      return h;
    case link_auth_failed:
      h.link_up = false;
      return disable(std::move(h), disabled_code::auth,
                     e.detail.empty() ? "gateway close 4004" : e.detail);
    case rest_result:
      if (e.http_status == 401 || e.http_status == 403)
        return disable(std::move(h), disabled_code::auth,
                       e.detail.empty() ? "REST " + std::to_string(e.http_status) : e.detail);
      if (e.http_status == 429 && !held(h)) {
        h.state = account_state::backoff;
        h.retry_at = std::max(h.retry_at, e.retry_at);
      }
      return h;
    case captcha:
      return lock(std::move(h), lock_reason::captcha, e.detail);
    case review:
      return lock(std::move(h), lock_reason::review, e.detail);
    case banned:
      return disable(std::move(h), disabled_code::banned, e.detail);
    case subscription:
      return disable(std::move(h), disabled_code::subscription, e.detail);
    case fast_exhausted:
      h.fast_exhausted = true;
      return h;
    case fast_restored:
      h.fast_exhausted = false;
      return h;
    case unlocked:
      if (h.state != account_state::locked) return h;
      h.locked = lock_reason::none;
      h.detail.clear();
      h.state = link_state(h);
      return h;
    case operator_disable:
      return disable(std::move(h), disabled_code::operator_request,
                     e.detail.empty() ? "disabled by an operator" : e.detail);
    case operator_enable:
      if (h.state != account_state::disabled) return h;
      h.disabled = disabled_code::none;
      h.detail.clear();
      // The account actor reconnects after an enable: its link is new.
      h.link_up = false;
      h.state = account_state::connecting;
      return h;
    case tick:
      if (h.state == account_state::backoff && h.link_up && e.at_ms >= h.retry_at) {
        h.state = account_state::ready;
        h.retry_at = 0;
      }
      return h;
  }
  return h;
}

link_health to_link_health(account_state s) {
  switch (s) {
    case account_state::ready:
      return link_health::ready;
    case account_state::disabled:
      return link_health::disabled;
    default:
      return link_health::connecting;
  }
}

std::string reason_text(const account_health& h) {
  std::string_view code;
  if (h.state == account_state::disabled)
    code = to_string(h.disabled);
  else if (h.state == account_state::locked)
    code = to_string(h.locked);
  else
    return {};
  if (h.detail.empty()) return std::string{code};
  if (code.empty()) return h.detail;
  return std::string{code} + ": " + h.detail;
}

}  // namespace mjgate::domain
