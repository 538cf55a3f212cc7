// The normalised prompt of discord-midjourney-protocol.md §5.2, the key for
// last-resort matching (correlation step 7 and reconciliation): it survives
// Midjourney's rewriting of the echo. Pure.
#pragma once

#include <string>
#include <string_view>

namespace mjgate::domain {

/// The matching key of a prompt.
struct prompt_key {
  std::string text;  ///< normalize(p): see normalize_prompt
  std::string seed;  ///< the --seed value kept aside ("" if none)
  friend bool operator==(const prompt_key&, const prompt_key&) = default;
};

/// §5.2 in five steps: lower-case; each URL or <url> becomes "<link>"; "—"
/// becomes "--"; every "--param [values]" is removed (the --seed value is
/// kept aside); all whitespace is removed.
prompt_key normalize_prompt(std::string_view prompt);

}  // namespace mjgate::domain
