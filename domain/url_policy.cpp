#include "domain/url_policy.hpp"

#include "domain/text.hpp"

#include <array>
#include <cctype>
#include <cstdio>

namespace mjgate::domain {

namespace {

std::optional<std::array<unsigned, 4>> parse_ipv4(const std::string& host) {
  std::array<unsigned, 4> o{};
  char tail = 0;
  if (std::sscanf(host.c_str(), "%u.%u.%u.%u%c", &o[0], &o[1], &o[2], &o[3], &tail) != 4)
    return std::nullopt;
  for (auto v : o)
    if (v > 255) return std::nullopt;
  return o;
}

bool private_host(const std::string& host) {
  if (host == "localhost" || host.ends_with(".localhost")) return true;
  if (auto ip = parse_ipv4(host)) {
    auto [a, b, c, d] = *ip;
    (void)c;
    (void)d;
    return a == 0 || a == 10 || a == 127 || (a == 169 && b == 254) ||
           (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168) ||
           (a == 100 && b >= 64 && b <= 127);
  }
  if (host.starts_with("[")) {  // IPv6 literal
    auto h = host.substr(1, host.size() - 2);
    return h == "::1" || h == "::" || h.starts_with("fc") || h.starts_with("fd") ||
           h.starts_with("fe8") || h.starts_with("fe9") || h.starts_with("fea") ||
           h.starts_with("feb") || h.starts_with("::ffff:");
  }
  return false;
}

}  // namespace

std::optional<std::string> check_webhook_url(std::string_view url, bool allow_private) {
  auto u = to_lower(url);
  std::size_t start;
  if (u.starts_with("http://"))
    start = 7;
  else if (u.starts_with("https://"))
    start = 8;
  else
    return "notifyHook must be an http or https URL";
  auto end = u.find_first_of("/?#", start);
  auto authority = u.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  std::string host = authority;
  if (authority.starts_with("[")) {
    host = authority.substr(0, authority.find(']') + 1);
  } else if (auto colon = authority.find(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
  }
  if (host.empty() || host == "[]") return "notifyHook has no host";
  if (!allow_private && private_host(host))
    return "notifyHook points at a private or loopback address";
  return std::nullopt;
}

std::string origin_problem(std::string_view origin) {
  if (origin == "*") return {};
  auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0)
    return "must be \"*\" or scheme://host[:port]";
  auto scheme = origin.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return "scheme must be http or https";
  auto host = origin.substr(scheme_end + 3);
  if (host.empty()) return "has no host";
  if (host.find_first_of("/?#* ") != std::string_view::npos)
    return "must not have a path, query, wildcard or space (an origin is scheme://host[:port])";
  return {};
}

}  // namespace mjgate::domain
