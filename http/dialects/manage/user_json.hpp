// The management API's bodies (docs/api.md "Users and API keys"): pure
// parsing of user and key requests and rendering of users and keys in the
// {"code","message","data"} envelope. Secrets are never rendered except the
// clear key or access token of the answer that creates it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <caf/fwd.hpp>

#include <nlohmann/json.hpp>

#include "actors/messages.hpp"
#include "domain/errc.hpp"
#include "domain/user.hpp"
#include "http/reply.hpp"

namespace mjgate::http::manage {

/// {"code":0,"message":"","data":data} with HTTP 200.
reply ok_reply(nlohmann::ordered_json data);

/// {"code":status,"message":message,"data":null} with HTTP `status`.
reply error_reply(int status, std::string_view message);

/// The answer for a registry error: validation 400, unauthorized 401,
/// forbidden 403, not_found 404, conflict 409, rate_limited 429, timeout
/// 504, anything else 500 ("internal error"; details stay in the log).
reply failure_reply(domain::errc code, std::string_view message);

/// The answer for an actor's error: its domain::errc and first context text
/// as above, a CAF request timeout as timeout, anything else internal.
reply failure_reply(const caf::error& err);

/// A positive id from the path; nullopt otherwise.
std::optional<std::int64_t> parse_id(std::string_view text);

/// A create body: {name, role?, group?, password?, quota?, status?}.
/// Wrong JSON types → 400 naming the field.
std::variant<domain::user_edit, reply> parse_user_create(std::string_view body);

/// An update body for user `id`: any of name, role, group, password, quota,
/// status (at least one).
std::variant<domain::user_edit, reply> parse_user_update(std::string_view body, std::int64_t id);

/// A key body for user `user_id`: {name?, expires_at? (epoch ms, 0 =
/// never), remaining_quota? (-1 = unlimited)}; an empty body is allowed.
std::variant<actors::token_request, reply> parse_token_request(std::string_view body,
                                                               std::int64_t user_id);

struct page_params {
  std::int64_t offset = 0;
  int limit = 20;
};

/// `offset` (default 0) and `limit` (default 20, clamped to 100); negative
/// or non-numeric → 400.
std::variant<page_params, reply> parse_page(std::optional<std::string_view> offset,
                                            std::optional<std::string_view> limit);

/// {"id","name","role","status","group","quota","has_password",
///  "has_access_token","created_at","updated_at"}.
nlohmann::ordered_json render_user(const domain::user& u);

/// {"total":n,"offset":o,"limit":l,"items":[user…]}.
nlohmann::ordered_json render_user_page(const actors::user_page& page, const page_params& p);

/// {"id","user_id","name","key" (masked),"status","expires_at",
///  "remaining_quota","created_at"}.
nlohmann::ordered_json render_token(const domain::api_token& t);

/// render_token with "key" the clear key (shown once).
nlohmann::ordered_json render_token_grant(const actors::token_grant& g);

}  // namespace mjgate::http::manage
