// The mj dialect's Account JSON (api-contracts.md §3.9.1) of one account
// status: settings, load and health. The token is always masked.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "actors/messages.hpp"

namespace mjgate::http::mj {

/// One Account JSON object (the status's token must already be masked).
nlohmann::ordered_json render_account(const actors::account_status& s);

/// A bare array of Account JSON, at most `limit` accounts.
std::string render_account_array(const std::vector<actors::account_status>& all, std::size_t limit);

}  // namespace mjgate::http::mj
