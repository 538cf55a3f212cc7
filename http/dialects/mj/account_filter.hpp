// The `accountFilter` object every mj submit may carry (api-contracts.md
// §3.4): which accounts may run the task. Parsed here, applied by the router.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "actors/messages.hpp"
#include "domain/speed.hpp"
#include "http/reply.hpp"

namespace mjgate::http::mj {

/// Longest `instanceId` / `remark` accepted, in bytes.
inline constexpr std::size_t max_filter_text_chars = 128;

using domain::parse_speed_mode;
using domain::speed_mode;
using domain::to_string;

/// Constraints on the account that may run a task. Empty / nullopt = any.
struct account_filter {
  std::string instance_id;                    ///< `instanceId`, or its alias `channelId`
  std::vector<speed_mode> modes;              ///< allowed modes, duplicates removed, request order
  std::optional<bool> remix;                  ///< account Remix must be on/off
  std::optional<bool> niji_remix;             ///< account Niji Remix must be on/off
  std::optional<bool> remix_auto_considered;  ///< `remixAutoConsidered`
  std::string remark;                         ///< substring of the account remark
  friend bool operator==(const account_filter&, const account_filter&) = default;
};

/// Parses the value of `accountFilter`: null → the empty filter; not an
/// object, wrong field types, an unknown mode or an over-long text → the
/// HTTP 200 code-4 envelope. Unknown keys are ignored.
std::variant<account_filter, reply> parse_account_filter(const nlohmann::json& value);

/// Puts a filter into a submit: instanceId, remark, remix, and the first mode
/// as the requested speed (the route lets a URL prefix override it).
void apply_account_filter(const account_filter& f, actors::submit_command& cmd);

}  // namespace mjgate::http::mj
