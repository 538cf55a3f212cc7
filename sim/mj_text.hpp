// Text rules of the simulated Midjourney bot: how it echoes a prompt, names its files and
// spots scenario tokens and banned words. Pure functions (§5.2, §9.4, §9.5).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mjgate::sim {

/// MJ's echo P' of a submitted prompt: whitespace collapsed and trimmed, "—" turned into "--",
/// and " --v 7.0" appended when the prompt names no "--v".
std::string rewrite_prompt(std::string_view prompt);

/// True when `word` occurs in `text` as a whole word (ASCII case-insensitive).
bool contains_word(std::string_view text, std::string_view word);

/// True when the prompt carries the scenario token "#sim:<name>" as a whole token.
bool has_scenario(std::string_view prompt, std::string_view name);

/// File-name slug of a prompt: lower-case words without parameters, links or scenario tokens,
/// joined by '_', at most 40 characters; "image" when nothing is left.
std::string prompt_slug(std::string_view prompt);

/// The value token after "--<name>" in a prompt; nullopt when the parameter is absent
/// ("" when it is the last token).
std::optional<std::string> param_value(std::string_view prompt, std::string_view name);

/// The job mode a prompt's last --fast / --relax / --turbo flag asks for ("fast",
/// "relaxed", "turbo"); nullopt without one (the user's /settings mode applies).
std::optional<std::string> prompt_mode(std::string_view prompt);

/// The prompt's parameter check (§9.4 item 10): "" when valid, else the description of the
/// "Invalid parameter" embed (bad --ar, --v, --seed, --zoom, or an unknown --flag).
std::string parameter_error(std::string_view prompt);

/// The job's seed: the prompt's own --seed when valid, else a value in 0..4294967295 derived
/// from the job hash (deterministic).
std::uint64_t job_seed(std::string_view prompt, std::string_view hash);

/// The prompt part of a bot message's content: from after the first "**" to the last "** - "
/// on the first line; "" when the content has no such shape.
std::string prompt_of_content(std::string_view content);

}  // namespace mjgate::sim
