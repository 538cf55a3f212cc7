// The one error enum of mjgate. Actors return it inside caf::error (registered
// in actors/type_ids.hpp); http/errors.cpp maps it to each dialect's wire code.
#pragma once

#include <cstdint>
#include <string_view>

namespace mjgate::domain {

enum class errc : std::uint8_t {
  none = 0,
  validation,          ///< malformed or invalid request (mj code 4)
  task_not_found,      ///< unknown or not visible task (HTTP 404, mj code 4)
  parent_invalid,      ///< follow-up parent missing / not SUCCESS (mj code 4)
  no_account,          ///< no account could ever serve this (mj code 3)
  queue_full,          ///< transient saturation (mj code 23)
  banned_prompt,       ///< banned-word check (mj code 24)
  storage_failure,     ///< database error; nothing acknowledged (mj code 9)
  internal,            ///< unexpected failure (mj code 9)
  unauthorized,        ///< HTTP 401
  forbidden,           ///< HTTP 403
  timeout,             ///< an internal ask timed out (HTTP 504)
  not_found,           ///< no such user or API key (management API: HTTP 404)
  conflict,            ///< duplicate, e.g. a user name taken (HTTP 409)
  rate_limited,        ///< too many attempts, e.g. failed logins (HTTP 429)
  account_not_found,   ///< unknown account id on the admin routes (HTTP 404, mj code 4)
  insufficient_quota,  ///< billing: the balance does not cover the price (mj code 4 "额度不足")
  upstream_failed,     ///< every upstream channel failed the submit (task center: HTTP 502)
  too_many_pending,    ///< backend.max_pending waiting tasks (backend: 10202, HTTP 429)
};

std::string_view to_string(errc e);

}  // namespace mjgate::domain
