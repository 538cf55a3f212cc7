// The bodies of POST /mj/account/create and PUT /mj/account/{id}/update(-reconnect)
// (api-contracts.md §3.9.2): AccountCreate and AccountUpdate, type- and
// range-checked into a domain::account_patch. Pure; no silent clamping.
#pragma once

#include <string_view>
#include <variant>

#include "domain/account_edit.hpp"
#include "http/reply.hpp"

namespace mjgate::http::mj {

/// AccountCreate: `guildId`, `channelId` (Discord ids: 1–32 digits) and
/// `userToken` are required; every editable key of §3.9.1 and an optional
/// `id` (letters, digits, `.`, `_`, `-`; ≤ 64; default channelId) may follow.
/// Non-JSON → HTTP 400 code 4; a missing, mistyped or out-of-range value →
/// HTTP 200 code 4 naming the key (coreSize 1–12, queueSize 1–1000,
/// relaxCoreSize 1–12, relaxQueueSize 1–1000, timeoutMinutes 1–120,
/// queueTimeoutMinutes/modalTimeoutMinutes 1–10080 (null = the global
/// default), weight 0–10000, dayDrawLimit −1 or more, allowModes ⊆
/// FAST/RELAX/TURBO).
std::variant<domain::account_patch, reply> parse_account_create(std::string_view body);

/// AccountUpdate: any subset of the editable keys, checked as above; absent
/// or null keys are not sent (except the timeouts, where null resets to the
/// global default). A `userToken` that is empty or contains `****` (a masked
/// token echoed back) means "unchanged". `guildId`/`channelId` are passed on
/// for the router to compare with the account's own. `id` is ignored.
std::variant<domain::account_patch, reply> parse_account_update(std::string_view body);

}  // namespace mjgate::http::mj
