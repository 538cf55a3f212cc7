// The SSRF policy for outbound URLs that clients choose (notifyHook):
// http/https only, and no loopback, private or link-local hosts unless allowed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mjgate::domain {

/// nullopt when `url` may be called; otherwise a readable reason. Host names
/// are checked literally (IP literals and "localhost"); DNS answers are not.
std::optional<std::string> check_webhook_url(std::string_view url, bool allow_private);

}  // namespace mjgate::domain
