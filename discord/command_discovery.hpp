// Application-command discovery (discord-midjourney-protocol.md §2.4, §2.5):
// reads the command search answer into (bot, name) → {id, version} and tells
// a stale-version 400 apart from other form errors. Pure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "discord/payloads.hpp"

namespace mjgate::discord {

/// Discovered commands of the MJ and Niji applications, by command name.
struct discovered_commands {
  std::map<std::string, command_ref, std::less<>> mj;
  std::map<std::string, command_ref, std::less<>> niji;
  /// The command of `bot_type` ("MID_JOURNEY" / "NIJI_JOURNEY") named `name`.
  std::optional<command_ref> find(std::string_view bot_type, std::string_view name) const;
};

/// Parses a GET …/application-commands/search (or application-command-index)
/// body; commands of other applications and of type ≠ 1 are skipped. nullopt
/// when the body is not JSON with an `application_commands` array.
std::optional<discovered_commands> parse_command_search(std::string_view body);

/// The command ref to use: discovered, else the §3 fallback.
command_ref resolve_command(const discovered_commands& found, std::string_view bot_type,
                            std::string_view name);

/// True for a 400 50035 body whose `_errors` (at any depth) carry
/// INTERACTION_APPLICATION_COMMAND_INVALID_VERSION: rediscover and retry once.
bool is_invalid_version_error(std::string_view body);

}  // namespace mjgate::discord
