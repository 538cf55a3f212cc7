#include "domain/speed.hpp"

#include <array>
#include <cctype>

#include "domain/text.hpp"

namespace mjgate::domain {

namespace {

constexpr std::array<std::pair<speed_mode, std::string_view>, 3> flags{{
    {speed_mode::fast, "--fast"},
    {speed_mode::relax, "--relax"},
    {speed_mode::turbo, "--turbo"},
}};

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

std::optional<speed_mode> flag_of(std::string_view token) {
  for (const auto& [mode, flag] : flags)
    if (token == flag) return mode;
  return std::nullopt;
}

// Calls `f(token, begin, end)` for every whitespace-separated token.
template <class F>
void for_each_token(std::string_view s, F&& f) {
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    std::size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) f(s.substr(start, i - start), start, i);
  }
}

}  // namespace

std::string_view to_string(speed_mode s) {
  switch (s) {
    case speed_mode::fast:
      return "FAST";
    case speed_mode::relax:
      return "RELAX";
    case speed_mode::turbo:
      return "TURBO";
  }
  return "FAST";
}

std::optional<speed_mode> parse_speed_mode(std::string_view s) {
  auto lower = to_lower(trim(s));
  if (lower == "fast") return speed_mode::fast;
  if (lower == "relax" || lower == "relaxed") return speed_mode::relax;
  if (lower == "turbo") return speed_mode::turbo;
  return std::nullopt;
}

std::optional<speed_mode> prompt_speed_flag(std::string_view prompt) {
  std::optional<speed_mode> last;
  for_each_token(prompt, [&](std::string_view token, std::size_t, std::size_t) {
    if (auto m = flag_of(token)) last = m;
  });
  return last;
}

std::string with_speed_flag(std::string_view prompt, speed_mode speed, speed_mode account_mode) {
  std::string out;
  std::size_t copied = 0;
  for_each_token(prompt, [&](std::string_view token, std::size_t begin, std::size_t end) {
    if (!flag_of(token)) return;
    // Drop the flag and the whitespace before it.
    std::size_t cut = begin;
    while (cut > copied && is_space(prompt[cut - 1])) --cut;
    out.append(prompt.substr(copied, cut - copied));
    copied = end;
  });
  out.append(prompt.substr(copied));
  if (speed != account_mode) {
    std::string flag;
    for (const auto& [mode, text] : flags)
      if (mode == speed) flag = text;
    out = std::string{trim(out)};
    out += out.empty() ? flag : " " + flag;
  }
  return out;
}

std::optional<speed_mode> requested_speed(const speed_request& r) {
  if (r.url_prefix) return r.url_prefix;
  if (!r.filter_modes.empty()) return r.filter_modes.front();
  return r.prompt_flag;
}

bool speed_allowed(const account_speed& a, speed_mode s) {
  if (a.allow_modes.empty()) return true;
  for (auto m : a.allow_modes)
    if (m == s) return true;
  return false;
}

bool speed_usable(const account_speed& a, speed_mode s) {
  if (!speed_allowed(a, s)) return false;
  if (s == speed_mode::relax) return true;
  if (a.fast_exhausted) return false;
  if (s == speed_mode::turbo && !a.turbo_available) return false;
  double needed = s == speed_mode::turbo ? 2 * a.fast_reserve_jobs : a.fast_reserve_jobs;
  return !a.fast_jobs_left || *a.fast_jobs_left > needed;
}

speed_choice choose_speed(std::optional<speed_mode> requested, const account_speed& a) {
  if (requested) {
    if (!speed_allowed(a, *requested)) return {std::nullopt, speed_refusal::not_allowed};
    if (!speed_usable(a, *requested)) return {std::nullopt, speed_refusal::unavailable};
    return {requested, speed_refusal::none};
  }
  std::array<std::optional<speed_mode>, 4> order{a.default_mode, speed_mode::fast,
                                                 speed_mode::turbo, speed_mode::relax};
  bool any_allowed = false;
  for (auto m : order) {
    if (!m) continue;
    any_allowed |= speed_allowed(a, *m);
    if (speed_usable(a, *m)) return {m, speed_refusal::none};
  }
  return {std::nullopt, any_allowed ? speed_refusal::unavailable : speed_refusal::not_allowed};
}

}  // namespace mjgate::domain
