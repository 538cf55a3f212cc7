// Text rules of the simulated Midjourney bot: how it echoes a prompt, names its files and
// spots scenario tokens and banned words. Pure functions (§5.2, §9.4, §9.5).
#pragma once

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

}  // namespace mjgate::sim
