// Channel history (GET /channels/{c}/messages) read with the same parser as
// gateway dispatches, and turned into what reconciliation matches on
// (discord-midjourney-protocol.md §6.3). Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "discord/events.hpp"
#include "discord/mj_message.hpp"
#include "domain/reconcile.hpp"

namespace mjgate::discord {

/// The messages of a history answer as MESSAGE_CREATE events, in the order
/// given (Discord: newest first); entries that are not message objects are
/// skipped. nullopt when the body is not a JSON array.
std::optional<std::vector<gateway_event>> parse_message_history(std::string_view body);

/// Creation time of a snowflake id, epoch ms; 0 when `id` is not a number.
std::int64_t snowflake_time_ms(std::string_view id);

/// The larger of two snowflake ids (compared as numbers; "" counts as 0).
std::string later_snowflake(const std::string& a, const std::string& b);

/// What reconciliation needs of one Midjourney message: its keys (job hash,
/// interaction ids, Image #n, referenced message), its echo, whether it is
/// a finished result (an image grid or upscale, a describe or shorten
/// reply) and whether its tail mentions `user_id` (this account's user).
domain::history_message to_history_message(const gateway_event& ev, const mj_reading& reading,
                                           std::string_view user_id);

}  // namespace mjgate::discord
