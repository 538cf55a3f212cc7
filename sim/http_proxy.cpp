#include "sim/http_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

namespace mjgate::sim {

namespace {

constexpr std::size_t max_head = 16384;
constexpr std::size_t max_body = 32u << 20;
constexpr int io_timeout_ms = 30000;

std::string lower(std::string_view s) {
  std::string out{s};
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string base64(std::string_view in) {
  static constexpr char table[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += table[v & 63];
  }
  if (i + 1 == in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    unsigned v =
        (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

// Waits until `fd` is readable; false on timeout or error.
bool wait_readable(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, timeout_ms) > 0;
}

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    auto n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

struct head {
  std::string method, target, version;
  std::vector<std::pair<std::string, std::string>> fields;  // names as sent
  std::string field(std::string_view name) const {
    auto want = lower(name);
    for (const auto& [k, v] : fields)
      if (lower(k) == want) return v;
    return {};
  }
};

// Reads one message head (through "\r\n\r\n") into `head_text`; the bytes
// after it stay in `buffer`. False on EOF, timeout or an oversized head.
bool read_head(int fd, std::string& buffer, std::string& head_text) {
  for (;;) {
    auto end = buffer.find("\r\n\r\n");
    if (end != std::string::npos) {
      head_text = buffer.substr(0, end + 2);
      buffer.erase(0, end + 4);
      return true;
    }
    if (buffer.size() > max_head || !wait_readable(fd, io_timeout_ms)) return false;
    char chunk[8192];
    auto n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

// A request head; with `status_line`, an answer's (its first line is kept
// whole in `method`).
std::optional<head> parse_head(const std::string& text, bool status_line = false) {
  head h;
  auto line_end = text.find("\r\n");
  auto line = text.substr(0, line_end);
  if (status_line) {
    if (line.rfind("HTTP/1.", 0) != 0) return std::nullopt;
    h.method = line;
  } else {
    auto s1 = line.find(' ');
    auto s2 = line.rfind(' ');
    if (s1 == std::string::npos || s2 == s1) return std::nullopt;
    h.method = line.substr(0, s1);
    h.target = line.substr(s1 + 1, s2 - s1 - 1);
    h.version = line.substr(s2 + 1);
  }
  std::size_t pos = line_end + 2;
  while (pos < text.size()) {
    auto eol = text.find("\r\n", pos);
    if (eol == std::string::npos) eol = text.size();
    auto field = text.substr(pos, eol - pos);
    pos = eol + 2;
    if (field.empty()) continue;
    auto colon = field.find(':');
    if (colon == std::string::npos) return std::nullopt;
    auto value = field.substr(colon + 1);
    auto first = value.find_first_not_of(" \t");
    value = first == std::string::npos ? "" : value.substr(first);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
    h.fields.emplace_back(field.substr(0, colon), value);
  }
  return h;
}

// "127.0.0.1:8080" / "localhost:8080" → the port; nullopt for anything else
// (the proxy relays to loopback targets only).
std::optional<std::uint16_t> loopback_port(std::string_view authority) {
  auto colon = authority.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto host = lower(authority.substr(0, colon));
  if (host != "127.0.0.1" && host != "localhost") return std::nullopt;
  auto port = authority.substr(colon + 1);
  if (port.empty() || port.size() > 5) return std::nullopt;
  unsigned value = 0;
  for (char c : port) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

int connect_loopback(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::string simple_reply(int status, std::string_view reason, std::string_view body,
                         bool auth_challenge = false) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + std::string{reason} + "\r\n";
  if (auth_challenge) out += "Proxy-Authenticate: Basic realm=\"mjgate-sim\"\r\n";
  out += "Content-Type: text/plain\r\nConnection: close\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n";
  out += body;
  return out;
}

}  // namespace

struct http_proxy::impl : std::enable_shared_from_this<http_proxy::impl> {
  explicit impl(proxy_options o) : opts(std::move(o)) {
    if (!opts.credentials.empty()) expected_auth = "Basic " + base64(opts.credentials);
  }

  proxy_options opts;
  std::string expected_auth;
  int listen_fd = -1;
  std::uint16_t bound_port = 0;
  std::atomic<bool> stopping{false};
  std::thread acceptor;

  mutable std::mutex mu;         // guards everything below
  std::condition_variable idle;  // active dropped to 0
  std::vector<int> open_fds;
  int active = 0;
  std::uint64_t connections = 0, requests = 0, connects = 0, refused_auth = 0, refused_target = 0,
                upstream_errors = 0;
  std::map<std::string, std::uint64_t> by_request, by_connect;

  void track(int fd) {
    std::lock_guard lock{mu};
    open_fds.push_back(fd);
  }
  void untrack_and_close(int fd) {
    {
      std::lock_guard lock{mu};
      open_fds.erase(std::remove(open_fds.begin(), open_fds.end(), fd), open_fds.end());
    }
    ::close(fd);
  }
  void count(std::uint64_t& counter) {
    std::lock_guard lock{mu};
    ++counter;
  }

  void accept_loop() {
    while (!stopping) {
      int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) {
        if (stopping) return;
        if (errno == EINTR || errno == ECONNABORTED) continue;
        return;
      }
      std::lock_guard lock{mu};
      if (active >= opts.max_connections) {
        ::close(fd);
        continue;
      }
      ++active;
      ++connections;
      open_fds.push_back(fd);
      // Detached: the thread holds the impl; stop() waits for active == 0.
      std::thread([self = shared_from_this(), fd] {
        self->serve(fd);
        self->untrack_and_close(fd);
        std::lock_guard lock{self->mu};
        if (--self->active == 0) self->idle.notify_all();
      }).detach();
    }
  }

  // One client connection: requests until it closes or errs.
  void serve(int fd) {
    std::string buffer;
    for (;;) {
      std::string head_text;
      if (!read_head(fd, buffer, head_text)) return;
      auto h = parse_head(head_text);
      if (!h) {
        send_all(fd, simple_reply(400, "Bad Request", "malformed request head\n"));
        return;
      }
      if (!expected_auth.empty() && h->field("Proxy-Authorization") != expected_auth) {
        count(refused_auth);
        send_all(fd, simple_reply(407, "Proxy Authentication Required",
                                  "proxy credentials required\n", true));
        return;
      }
      if (h->method == "CONNECT") return tunnel(fd, *h, buffer);
      if (!relay(fd, *h, buffer)) return;
    }
  }

  void tunnel(int fd, const head& h, std::string& early) {
    auto port = loopback_port(h.target);
    if (!port) {
      count(refused_target);
      send_all(fd, simple_reply(403, "Forbidden", "only 127.0.0.1 targets\n"));
      return;
    }
    int up = connect_loopback(*port);
    if (up < 0) {
      count(upstream_errors);
      send_all(fd, simple_reply(502, "Bad Gateway", "cannot connect to the target\n"));
      return;
    }
    track(up);
    {
      std::lock_guard lock{mu};
      ++connects;
      ++by_connect[h.target];
    }
    if (send_all(fd, "HTTP/1.1 200 Connection established\r\n\r\n") &&
        (early.empty() || send_all(up, early)))
      splice(fd, up);
    untrack_and_close(up);
  }

  static void splice(int a, int b) {
    char chunk[16384];
    for (;;) {
      pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
      if (::poll(p, 2, io_timeout_ms) <= 0) return;
      for (int i = 0; i < 2; ++i) {
        if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        int from = i == 0 ? a : b, to = i == 0 ? b : a;
        auto n = ::recv(from, chunk, sizeof chunk, 0);
        if (n <= 0) return;
        if (!send_all(to, std::string_view{chunk, static_cast<std::size_t>(n)})) return;
      }
    }
  }

  // An absolute-form request: forwarded in origin-form on a fresh upstream
  // connection ("Connection: close"), the whole answer read, then sent back
  // with its length so the client connection can stay open. False = close it.
  bool relay(int fd, const head& h, std::string& buffer) {
    constexpr std::string_view scheme = "http://";
    if (h.target.rfind(scheme, 0) != 0) {
      send_all(fd, simple_reply(400, "Bad Request", "absolute-form http:// targets only\n"));
      return false;
    }
    auto slash = h.target.find('/', scheme.size());
    auto authority = h.target.substr(
        scheme.size(), slash == std::string::npos ? std::string::npos : slash - scheme.size());
    auto path = slash == std::string::npos ? std::string{"/"} : h.target.substr(slash);
    auto port = loopback_port(authority);
    if (!port) {
      count(refused_target);
      send_all(fd, simple_reply(403, "Forbidden", "only 127.0.0.1 targets\n"));
      return false;
    }
    if (!h.field("Transfer-Encoding").empty()) {
      send_all(fd, simple_reply(411, "Length Required", "send Content-Length\n"));
      return false;
    }
    std::size_t length = 0;
    if (auto cl = h.field("Content-Length"); !cl.empty()) {
      try {
        length = std::stoul(cl);
      } catch (const std::exception&) {
        length = max_body + 1;
      }
    }
    if (length > max_body) {
      send_all(fd, simple_reply(413, "Payload Too Large", "body too large\n"));
      return false;
    }
    while (buffer.size() < length) {
      if (!wait_readable(fd, io_timeout_ms)) return false;
      char chunk[16384];
      auto n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    auto body = buffer.substr(0, length);
    buffer.erase(0, length);
    auto path_only = path.substr(0, path.find('?'));
    {
      std::lock_guard lock{mu};
      ++requests;
      ++by_request[h.method + " " + path_only];
    }
    std::string out = h.method + " " + path + " " + h.version + "\r\n";
    for (const auto& [k, v] : h.fields) {
      auto name = lower(k);
      if (name == "proxy-authorization" || name == "proxy-connection" || name == "connection" ||
          name == "keep-alive")
        continue;
      out += k + ": " + v + "\r\n";
    }
    out += "Connection: close\r\n\r\n" + body;
    int up = connect_loopback(*port);
    if (up < 0) {
      count(upstream_errors);
      send_all(fd, simple_reply(502, "Bad Gateway", "cannot connect to the target\n"));
      return false;
    }
    track(up);
    std::string answer;
    bool ok = send_all(up, out);
    while (ok && answer.size() <= max_body) {
      if (!wait_readable(up, io_timeout_ms)) {
        ok = false;
        break;
      }
      char chunk[16384];
      auto n = ::recv(up, chunk, sizeof chunk, 0);
      if (n < 0) ok = false;
      if (n <= 0) break;
      answer.append(chunk, static_cast<std::size_t>(n));
    }
    untrack_and_close(up);
    auto end = answer.find("\r\n\r\n");
    if (!ok || end == std::string::npos) {
      count(upstream_errors);
      send_all(fd, simple_reply(502, "Bad Gateway", "no answer from the target\n"));
      return false;
    }
    auto reply_head = parse_head(answer.substr(0, end + 2), true);
    if (!reply_head) {
      count(upstream_errors);
      send_all(fd, simple_reply(502, "Bad Gateway", "malformed answer from the target\n"));
      return false;
    }
    // A chunked answer goes back as read, and the connection closes after it.
    bool chunked = !reply_head->field("Transfer-Encoding").empty();
    auto reply_body = answer.substr(end + 4);
    std::string back = reply_head->method + "\r\n";  // the status line
    for (const auto& [k, v] : reply_head->fields) {
      auto name = lower(k);
      if (name == "connection" || name == "keep-alive" || name == "content-length") continue;
      back += k + ": " + v + "\r\n";
    }
    if (!chunked) back += "Content-Length: " + std::to_string(reply_body.size()) + "\r\n";
    back += chunked ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
    back += reply_body;
    return send_all(fd, back) && !chunked;
  }
};

http_proxy::http_proxy(proxy_options opts) : impl_(std::make_shared<impl>(std::move(opts))) {}

http_proxy::~http_proxy() {
  stop();
}

void http_proxy::start() {
  auto& s = *impl_;
  if (s.listen_fd >= 0) return;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error{"proxy: socket(): " + std::string{std::strerror(errno)}};
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(s.opts.port);
  if (::inet_pton(AF_INET, s.opts.host.c_str(), &addr.sin_addr) != 1) {
    ::close(fd);
    throw std::runtime_error{"proxy: not an IPv4 address: " + s.opts.host};
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 64) != 0) {
    auto why = std::string{std::strerror(errno)};
    ::close(fd);
    throw std::runtime_error{"proxy: cannot listen: " + why};
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  s.bound_port = ntohs(addr.sin_port);
  s.listen_fd = fd;
  s.acceptor = std::thread([self = impl_] { self->accept_loop(); });
}

void http_proxy::stop() {
  auto& s = *impl_;
  if (s.listen_fd < 0 || s.stopping.exchange(true)) return;
  ::shutdown(s.listen_fd, SHUT_RDWR);
  if (s.acceptor.joinable()) s.acceptor.join();
  ::close(s.listen_fd);
  std::unique_lock lock{s.mu};
  for (int fd : s.open_fds) ::shutdown(fd, SHUT_RDWR);
  s.idle.wait_for(lock, std::chrono::seconds{5}, [&s] { return s.active == 0; });
}

std::uint16_t http_proxy::port() const {
  return impl_->bound_port;
}

nlohmann::json http_proxy::stats() const {
  auto& s = *impl_;
  std::lock_guard lock{s.mu};
  return {{"port", s.bound_port},
          {"auth_required", !s.expected_auth.empty()},
          {"connections", s.connections},
          {"requests", s.requests},
          {"connects", s.connects},
          {"refused_auth", s.refused_auth},
          {"refused_target", s.refused_target},
          {"upstream_errors", s.upstream_errors},
          {"by_request", s.by_request},
          {"by_connect", s.by_connect}};
}

void http_proxy::reset() {
  auto& s = *impl_;
  std::lock_guard lock{s.mu};
  s.connections = s.requests = s.connects = s.refused_auth = s.refused_target = s.upstream_errors =
      0;
  s.by_request.clear();
  s.by_connect.clear();
}

}  // namespace mjgate::sim
