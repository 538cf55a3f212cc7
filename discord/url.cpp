#include "discord/url.hpp"

#include <cctype>

namespace mjgate::discord {

std::string url_parts::host_header() const {
  auto h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return default_port ? h : h + ":" + port;
}

std::optional<url_parts> parse_url(std::string_view url) {
  auto sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  url_parts u;
  for (char c : url.substr(0, sep))
    u.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (u.scheme == "http" || u.scheme == "ws")
    u.port = "80";
  else if (u.scheme == "https" || u.scheme == "wss")
    u.port = "443", u.tls = true;
  else
    return std::nullopt;
  auto rest = url.substr(sep + 3);
  auto path_start = rest.find_first_of("/?#");
  auto authority = rest.substr(0, path_start);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host = authority, port;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      port = authority.substr(close + 2);
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return std::nullopt;
  for (char c : port)
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  u.host = std::string{host};
  if (!port.empty() && port != u.port) {
    u.port = std::string{port};
    u.default_port = false;
  }
  if (path_start == std::string_view::npos) {
    u.target = "/";
  } else {
    auto target = rest.substr(path_start);
    if (auto hash = target.find('#'); hash != std::string_view::npos)
      target = target.substr(0, hash);
    u.target = target.starts_with('/') ? std::string{target} : "/" + std::string{target};
  }
  return u;
}

std::string gateway_connect_url(std::string_view base, std::string_view query, bool compress) {
  std::string url{base};
  if (url.empty() || url.back() != '/') url += '/';
  url += '?';
  url += query;
  if (compress && query.find("compress=") == std::string_view::npos)
    url += query.empty() ? "compress=zlib-stream" : "&compress=zlib-stream";
  return url;
}

std::string rewrite_url(std::string_view url, std::string_view production_prefix,
                        std::string_view override_prefix) {
  if (override_prefix.empty() || production_prefix.empty() ||
      override_prefix == production_prefix || !url.starts_with(production_prefix))
    return std::string{url};
  return std::string{override_prefix} + std::string{url.substr(production_prefix.size())};
}

}  // namespace mjgate::discord
