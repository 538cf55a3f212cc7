// The optional HTTP proxy of an upstream channel (issue 6): parsing,
// validation and masking of "http://[user:pass@]host:port". Pure; the HTTP
// client and the channel rules share it.
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace mjgate::domain {

/// A parsed proxy URL. Only plain-http proxies are supported (https targets
/// are tunnelled through them with CONNECT).
struct proxy_url {
  std::string host;      ///< without brackets for IPv6 literals
  std::string port;      ///< explicit, 1..65535
  std::string user;      ///< percent-decoded; "" = no credentials
  std::string password;  ///< percent-decoded; never logged
  bool has_credentials = false;
  /// "host:port" ("[v6]:port") as written in a CONNECT request line.
  std::string authority() const;
  /// "Basic <base64(user:password)>" for Proxy-Authorization; "" without credentials.
  std::string authorization() const;
  friend bool operator==(const proxy_url&, const proxy_url&) = default;
};

/// Longest proxy URL accepted.
inline constexpr std::size_t max_proxy_url = 512;

/// Parses `http://[user[:password]@]host:port[/]`; a readable reason (never
/// containing the password) when `text` is not such a URL.
std::variant<proxy_url, std::string> parse_proxy_url(std::string_view text);

/// `text` with its password replaced by "********" (what answers and logs
/// show); "" stays "". Works on texts that do not parse, too: whatever lies
/// between the user's ':' and the last '@' is replaced.
std::string mask_proxy_url(std::string_view text);

}  // namespace mjgate::domain
