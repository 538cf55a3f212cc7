// Splitting absolute URLs for the HTTP and WebSocket clients; pure, so the
// Beast translation units stay small and the parsing is unit-tested.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mjgate::discord {

struct url_parts {
  std::string scheme;  ///< "http", "https", "ws" or "wss" (lower case)
  std::string host;    ///< without brackets for IPv6 literals
  std::string port;    ///< explicit or the scheme's default ("80"/"443")
  std::string target;  ///< path and query, "/" when empty
  bool tls = false;    ///< https or wss
  bool default_port = true;
  /// "host" or "host:port" as sent in the Host header.
  std::string host_header() const;
};

/// Parses http(s):// and ws(s):// URLs; nullopt for anything else.
std::optional<url_parts> parse_url(std::string_view url);

/// `<base>/?<query>`: the gateway URL of protocol §4.1 (no double slash when
/// base already ends with '/'); "&compress=zlib-stream" is appended when asked.
std::string gateway_connect_url(std::string_view base, std::string_view query, bool compress);

/// The rewrite table of protocol §1.1 for one host: when `url` starts with
/// `production_prefix` and `override_prefix` is non-empty and different, that
/// prefix is replaced; otherwise `url` is returned unchanged.
std::string rewrite_url(std::string_view url, std::string_view production_prefix,
                        std::string_view override_prefix);

}  // namespace mjgate::discord
