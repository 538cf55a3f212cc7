// Prompt checks and rewrites done before a task reaches Discord: the banned
// word pre-check and the anti-collision --seed (discord-midjourney-protocol.md §6.4).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/text.hpp"

namespace mjgate::domain {

/// The first banned word found in `prompt` as a whole word (ASCII
/// case-insensitive; "grass" does not match "ass"); nullopt when clean.
std::optional<std::string> find_banned_word(std::string_view prompt,
                                            const std::vector<std::string>& words);

/// True when the prompt already carries "--seed <n>" (or "--sameseed").
bool has_seed_parameter(std::string_view prompt);

/// The value of "--seed N" in the prompt, "" if none.
std::string seed_parameter(std::string_view prompt);

/// `prompt` + " --seed <seed>".
std::string with_seed(std::string_view prompt, std::uint32_t seed);

}  // namespace mjgate::domain
