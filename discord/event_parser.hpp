// Turns gateway JSON into the typed events of discord/events.hpp
// (discord-midjourney-protocol.md §4.5, §5.2): the only place that reads
// dispatch payloads, so no JSON crosses into the actor system.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "discord/events.hpp"

namespace mjgate::discord {

/// One decoded gateway payload {op, s, t, d}.
struct gateway_frame {
  int op = -1;
  std::int64_t seq = -1;  ///< "s"; -1 when null or absent
  std::string type;       ///< "t"; "" when null or absent
  nlohmann::json data;    ///< "d"; left null for dispatches nobody consumes
};

/// True for the dispatch types mjgate consumes (READY, RESUMED, INTERACTION_*,
/// MESSAGE_CREATE/UPDATE/DELETE).
bool is_consumed_dispatch(std::string_view t);

/// Parses one gateway payload. The `d` of an unconsumed dispatch is skipped
/// without building a document. nullopt on malformed JSON.
std::optional<gateway_frame> parse_frame(std::string_view text);

/// Typed event for an INTERACTION_* or MESSAGE_* dispatch; nullopt for every
/// other type (checked before `d` is read).
std::optional<gateway_event> parse_dispatch(std::string_view t, const nlohmann::json& d,
                                            std::int64_t seq);

/// READY's session id, user and resume URL; nullopt when session_id is missing.
std::optional<ready_info> parse_ready(const nlohmann::json& d);

}  // namespace mjgate::discord
