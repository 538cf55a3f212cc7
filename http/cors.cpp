#include "http/cors.hpp"

#include <algorithm>

namespace mjgate::http {

namespace {

constexpr std::string_view any_origin = "*";
constexpr std::string_view exposed =
    "x-auth-token, X-Total-Count, Retry-After, X-New-Api-Other-Ratios";
constexpr std::string_view methods = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
constexpr std::string_view default_request_headers =
    "Content-Type, Authorization, mj-api-secret, x-auth-token, New-Api-User, Idempotency-Key";

bool lists(const std::vector<std::string>& allowed, std::string_view origin) {
  return std::find(allowed.begin(), allowed.end(), origin) != allowed.end();
}

// Header names are tokens (RFC 9110 §5.6.2) separated by commas and spaces:
// anything else is not echoed back.
bool header_list_ok(std::string_view v) {
  return std::all_of(v.begin(), v.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == ',' || c == ' ';
  });
}

}  // namespace

header_pairs cors_headers(const std::vector<std::string>& allowed, std::string_view origin) {
  if (allowed.empty() || origin.empty()) return {};
  header_pairs h;
  if (lists(allowed, origin)) {
    h.emplace_back("Access-Control-Allow-Origin", std::string{origin});
    h.emplace_back("Access-Control-Allow-Credentials", "true");
    h.emplace_back("Vary", "Origin");
  } else if (lists(allowed, any_origin)) {
    h.emplace_back("Access-Control-Allow-Origin", std::string{any_origin});
  } else {
    return {};
  }
  h.emplace_back("Access-Control-Expose-Headers", std::string{exposed});
  return h;
}

std::optional<reply> preflight_reply(const std::vector<std::string>& allowed,
                                     std::string_view origin, std::string_view request_method,
                                     std::string_view request_headers) {
  if (allowed.empty() || origin.empty() || request_method.empty()) return std::nullopt;
  auto h = cors_headers(allowed, origin);
  if (h.empty()) return json_reply(403, {{"code", 403}, {"message", "CORS: origin not allowed"}});
  h.emplace_back("Access-Control-Allow-Methods", std::string{methods});
  h.emplace_back("Access-Control-Allow-Headers",
                 !request_headers.empty() && header_list_ok(request_headers)
                     ? std::string{request_headers}
                     : std::string{default_request_headers});
  h.emplace_back("Access-Control-Max-Age", "600");
  return reply{204, "", std::move(h)};
}

}  // namespace mjgate::http
