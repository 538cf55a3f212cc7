#include "domain/proxy_url.hpp"

#include <cctype>

#include "domain/mj_relay.hpp"

namespace mjgate::domain {

namespace {

constexpr std::string_view scheme = "http://";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes `in`; false on a broken escape.
bool decode(std::string_view in, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size()) return false;
    int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return true;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

bool host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
}

}  // namespace

std::string proxy_url::authority() const {
  auto h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return h + ":" + port;
}

std::string proxy_url::authorization() const {
  if (!has_credentials) return {};
  return "Basic " + base64_encode(user + ":" + password);
}

std::variant<proxy_url, std::string> parse_proxy_url(std::string_view text) {
  if (text.size() > max_proxy_url)
    return "at most " + std::to_string(max_proxy_url) + " characters";
  if (!starts_with_ci(text, scheme)) {
    if (starts_with_ci(text, "https://") || starts_with_ci(text, "socks"))
      return std::string{"only http:// proxies are supported"};
    return std::string{"must look like http://[user:password@]host:port"};
  }
  auto rest = text.substr(scheme.size());
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find_first_of("/?# \t\r\n") != std::string_view::npos)
    return std::string{"no path, query or spaces (http://[user:password@]host:port)"};
  proxy_url out;
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    auto userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    auto colon = userinfo.find(':');
    auto user = userinfo.substr(0, colon);
    auto pass = colon == std::string_view::npos ? std::string_view{} : userinfo.substr(colon + 1);
    if (user.empty()) return std::string{"the user name before '@' is empty"};
    if (!decode(user, out.user) || !decode(pass, out.password))
      return std::string{"broken %-escape in the credentials"};
    out.has_credentials = true;
  }
  std::string_view host, port;
  if (!rest.empty() && rest.front() == '[') {
    auto close = rest.find(']');
    if (close == std::string_view::npos) return std::string{"unclosed '[' in the host"};
    host = rest.substr(1, close - 1);
    auto after = rest.substr(close + 1);
    if (after.empty() || after.front() != ':')
      return std::string{"a port is required (http://host:port)"};
    port = after.substr(1);
    for (char c : host)
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.')
        return std::string{"invalid IPv6 host"};
  } else {
    auto colon = rest.rfind(':');
    if (colon == std::string_view::npos)
      return std::string{"a port is required (http://host:port)"};
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    for (char c : host)
      if (!host_char(c)) return std::string{"invalid character in the host"};
  }
  if (host.empty()) return std::string{"a host is required"};
  if (port.empty() || port.size() > 5) return std::string{"the port must be 1..65535"};
  long value = 0;
  for (char c : port) {
    if (!std::isdigit(static_cast<unsigned char>(c)))
      return std::string{"the port must be 1..65535"};
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > 65535) return std::string{"the port must be 1..65535"};
  out.host = std::string{host};
  out.port = std::to_string(value);
  return out;
}

std::string mask_proxy_url(std::string_view text) {
  auto at = text.rfind('@');
  if (at == std::string_view::npos) return std::string{text};
  auto start = starts_with_ci(text, scheme) ? scheme.size() : std::string_view::npos;
  if (start == std::string_view::npos) {
    auto sep = text.find("://");
    start = sep == std::string_view::npos ? 0 : sep + 3;
  }
  if (start > at) return std::string{text};
  auto userinfo = text.substr(start, at - start);
  auto colon = userinfo.find(':');
  auto user = userinfo.substr(0, colon);
  std::string out{text.substr(0, start)};
  out += user;
  if (colon != std::string_view::npos) out += ":********";
  out += text.substr(at);
  return out;
}

}  // namespace mjgate::domain
