#include "discord/mj_signal.hpp"

#include <array>
#include <cctype>
#include <utility>

#include "domain/text.hpp"

namespace mjgate::discord {

namespace {

constexpr std::int64_t error_colour = 16711680;
constexpr std::string_view appeal_prefix = "MJ::Prompts::Appeal::";

struct title_row {
  std::string_view title;  // normalized
  mj_signal signal;
};

// Exact titles of §7.1 (the one table of MJ's wording for signals).
constexpr std::array<title_row, 16> titles{{
    {"job queued", mj_signal::job_queued},
    {"queue full", mj_signal::queue_full},
    {"banned prompt detected", mj_signal::banned_prompt},
    {"invalid prompt", mj_signal::invalid_parameter},
    {"invalid parameter", mj_signal::invalid_parameter},
    {"invalid link", mj_signal::invalid_parameter},
    {"request cancelled due to output filters", mj_signal::invalid_parameter},
    {"action needed to continue", mj_signal::action_needed},
    {"action required to continue", mj_signal::captcha},
    {"credits exhausted", mj_signal::fast_exhausted},
    {"blocked", mj_signal::blocked},
    {"plan cancelled", mj_signal::subscription},
    {"subscription required", mj_signal::subscription},
    {"subscription paused", mj_signal::subscription},
    {"pending mod message", mj_signal::pending_mod},
    {"tos not accepted", mj_signal::tos},
}};

bool contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

mj_signal signal_of_title(const std::string& t, std::int64_t colour) {
  for (const auto& row : titles)
    if (row.title == t) return row.signal;
  // 2023 wording of the human check.
  if (contains(t, "verify") && contains(t, "human")) return mj_signal::captcha;
  if (contains(t, "invalid") || contains(t, "error") || contains(t, "denied") ||
      colour == error_colour)
    return mj_signal::invalid_parameter;
  return mj_signal::none;
}

std::string button_for(const gateway_event& ev, mj_signal signal) {
  for (const auto& b : ev.buttons) {
    if (signal == mj_signal::action_needed && b.custom_id.starts_with(appeal_prefix))
      return b.custom_id;
    if (signal == mj_signal::tos && domain::to_lower(domain::trim(b.label)) == "accept tos")
      return b.custom_id;
  }
  return {};
}

}  // namespace

std::string normalized_title(std::string_view title) {
  auto keep = [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x80 && std::isalnum(u);
  };
  std::size_t b = 0, e = title.size();
  while (b < e && !keep(title[b])) ++b;
  while (e > b && !keep(title[e - 1])) --e;
  return domain::to_lower(title.substr(b, e - b));
}

mj_signal_reading classify_mj_signal(const gateway_event& ev) {
  mj_signal_reading r;
  if (!ev.embeds.empty()) {
    const auto& e = ev.embeds.front();
    r.signal = signal_of_title(normalized_title(e.title), e.color);
    if (r.signal != mj_signal::none) {
      r.title = e.title;
      if (r.signal != mj_signal::job_queued) r.fail_reason = "[" + e.title + "] " + e.description;
      r.button_custom_id = button_for(ev, r.signal);
      return r;
    }
  }
  if (ev.content.starts_with("Failed")) {
    r.signal = mj_signal::failed;
    r.fail_reason = ev.content;
  }
  return r;
}

mj_signal_reading classify_iframe_modal(const gateway_event& ev) {
  mj_signal_reading r;
  if (normalized_title(ev.title) != "action required to continue") return r;
  r.signal = mj_signal::captcha;
  r.title = ev.title;
  r.fail_reason = "[" + ev.title + "] captcha";
  return r;
}

task_reaction task_reaction_of(mj_signal signal) {
  switch (signal) {
    case mj_signal::none:
      return task_reaction::none;
    case mj_signal::job_queued:
      return task_reaction::stay_submitted;
    case mj_signal::queue_full:
    case mj_signal::fast_exhausted:
    case mj_signal::pending_mod:
      return task_reaction::requeue;
    case mj_signal::tos:
      return task_reaction::resubmit;
    case mj_signal::banned_prompt:
    case mj_signal::invalid_parameter:
    case mj_signal::action_needed:
    case mj_signal::blocked:
    case mj_signal::subscription:
    case mj_signal::captcha:
    case mj_signal::failed:
      return task_reaction::fail;
  }
  return task_reaction::fail;
}

account_reaction account_reaction_of(mj_signal signal) {
  switch (signal) {
    case mj_signal::job_queued:
      return account_reaction::lower_concurrency;
    case mj_signal::fast_exhausted:
      return account_reaction::fast_exhausted;
    case mj_signal::pending_mod:
    case mj_signal::captcha:
      return account_reaction::locked;
    case mj_signal::blocked:
      return account_reaction::disabled_banned;
    case mj_signal::subscription:
      return account_reaction::disabled_subscription;
    case mj_signal::tos:
      return account_reaction::accept_tos;
    default:
      return account_reaction::none;
  }
}

}  // namespace mjgate::discord
