// Speed selection (discord-midjourney-protocol.md §8.2, api-contracts.md §3.1):
// which speed a job runs at, from the request and the account's state. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mjgate::domain {

/// The speed a Midjourney job runs at (task `mode`).
enum class speed_mode : std::uint8_t { fast, relax, turbo };

/// Wire names "FAST", "RELAX", "TURBO" (task `mode`, `allowModes`).
std::string_view to_string(speed_mode s);
/// Case-insensitive "FAST" / "RELAX" / "RELAXED" / "TURBO"; nullopt otherwise.
std::optional<speed_mode> parse_speed_mode(std::string_view s);

/// The last `--fast`, `--relax` or `--turbo` flag of a prompt (MJ honours the
/// last one); nullopt when it has none.
std::optional<speed_mode> prompt_speed_flag(std::string_view prompt);

/// `prompt` without any speed flag, then ` --<speed>` appended when `speed`
/// differs from the account's current `account_mode` (MJ runs the account mode
/// unless a flag says otherwise). Whitespace between other tokens is kept.
std::string with_speed_flag(std::string_view prompt, speed_mode speed, speed_mode account_mode);

/// What the caller asked for, already parsed by the HTTP layer.
struct speed_request {
  std::optional<speed_mode> url_prefix;   ///< /mj-fast, /mj-relax, /mj-turbo
  std::vector<speed_mode> filter_modes;   ///< accountFilter.modes (the first one counts)
  std::optional<speed_mode> prompt_flag;  ///< prompt_speed_flag(prompt)
};

/// The explicitly requested speed: URL prefix > accountFilter.modes > prompt
/// flag; nullopt when the caller asked for none (the account default applies).
std::optional<speed_mode> requested_speed(const speed_request& r);

/// The speed-related state of one account.
struct account_speed {
  std::vector<speed_mode> allow_modes;     ///< allowModes; empty = all
  std::optional<speed_mode> default_mode;  ///< the /settings mode, when synced
  bool fast_exhausted = false;             ///< "Credits exhausted" seen (§7.1)
  bool turbo_available = true;             ///< false when the plan has no turbo
  /// Estimated fast jobs left (from /info); nullopt when unknown (no limit applied).
  std::optional<double> fast_jobs_left;
  double fast_reserve_jobs = 6;  ///< FAST needs more than this many jobs left
};

/// True when `s` is in allow_modes (or allow_modes is empty).
bool speed_allowed(const account_speed& a, speed_mode s);
/// True when `s` is allowed and can run now: FAST and TURBO need fast hours
/// (not exhausted, above the reserve; TURBO burns them twice as fast, so it
/// needs twice the reserve), TURBO needs the plan to offer it.
bool speed_usable(const account_speed& a, speed_mode s);

/// Why no speed could be chosen on an account.
enum class speed_refusal : std::uint8_t {
  none,
  not_allowed,  ///< the account never runs that speed: not a candidate (code 3 if no account)
  unavailable,  ///< allowed but not now (fast hours, turbo): code 23
};

/// The chosen speed, or why there is none.
struct speed_choice {
  std::optional<speed_mode> speed;  ///< set when chosen
  speed_refusal refusal = speed_refusal::none;
};

/// Chooses the speed for one account. An explicit `requested` speed is strict
/// (no fallback). Without one, the account's default mode is tried first, then
/// FAST, TURBO, RELAX; the first usable wins.
speed_choice choose_speed(std::optional<speed_mode> requested, const account_speed& a);

}  // namespace mjgate::domain
