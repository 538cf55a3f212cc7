// The SSRF policy for outbound URLs that clients choose (notifyHook):
// http/https only, and no loopback, private or link-local hosts unless allowed;
// and the shape of a CORS origin entry.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mjgate::domain {

/// nullopt when `url` may be called; otherwise a readable reason. Host names
/// are checked literally (IP literals and "localhost"); DNS answers are not.
std::optional<std::string> check_webhook_url(std::string_view url, bool allow_private);

/// A CORS origin entry (server.cors_origins): "" when it is "*" or
/// scheme://host[:port] with scheme http or https, else why not.
std::string origin_problem(std::string_view origin);

}  // namespace mjgate::domain
