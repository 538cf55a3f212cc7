// Cross-origin requests (api-contracts.md §1.1): which origins may call
// mjgate from a browser, the headers every answer to them carries, and the
// OPTIONS preflight answer. Off when no origin is configured. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/reply.hpp"

namespace mjgate::http {

using header_pairs = std::vector<std::pair<std::string, std::string>>;

/// `allowed`: exact origins ("https://app.example.com") or "*" for any.
/// An exact match is echoed with credentials allowed (the backend cookie);
/// "*" answers `*` without credentials, so no site gets a user's cookie.
/// Empty when CORS is off, the request has no Origin, or it is not allowed.
header_pairs cors_headers(const std::vector<std::string>& allowed, std::string_view origin);

/// The answer to a preflight (OPTIONS with Origin and
/// Access-Control-Request-Method): 204 with the allowed methods and headers
/// (max age 600 s), or 403 when the origin is not allowed. nullopt when CORS
/// is off or the request is not a preflight (route it as usual).
std::optional<reply> preflight_reply(const std::vector<std::string>& allowed,
                                     std::string_view origin, std::string_view request_method,
                                     std::string_view request_headers);

}  // namespace mjgate::http
