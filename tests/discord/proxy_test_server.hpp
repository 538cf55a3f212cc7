// Test helpers for http_client's proxy support: a tiny blocking HTTP proxy
// (absolute-form requests and CONNECT tunnels, optional Basic credentials)
// and a one-shot TLS origin with a self-signed certificate made in memory.
// Everything listens on 127.0.0.1:0.
#pragma once

#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "tests/discord/http_test_server.hpp"

namespace mjgate::discord::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

struct proxied {
  std::string method;
  std::string target;         ///< absolute-form or CONNECT's authority-form
  std::string authorization;  ///< Proxy-Authorization as received
  int connection = 0;         ///< 1-based index of the client socket
};

/// Sequential proxy: one client connection at a time (enough for these tests).
class proxy_test_server {
 public:
  /// `expected_auth` non-empty: requests without exactly this
  /// Proxy-Authorization value get 407.
  /// `answer_itself`: absolute-form requests are answered by the proxy
  /// (200 "proxy:<target>") instead of being forwarded.
  explicit proxy_test_server(std::string expected_auth = {}, bool answer_itself = false)
      : expected_auth_(std::move(expected_auth)), answer_itself_(answer_itself) {
    port_ = listen_on_loopback(acceptor_);
    thread_ = std::thread([this] { run(); });
  }
  ~proxy_test_server() {
    stopping_ = true;
    ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
    thread_.join();
    std::vector<std::thread> workers;
    {
      std::lock_guard lock{mutex_};
      for (auto& s : sockets_) ::shutdown(s->native_handle(), SHUT_RDWR);
      workers.swap(workers_);
    }
    for (auto& w : workers) w.join();
  }
  std::string url(const std::string& credentials = {}) const {
    return "http://" + (credentials.empty() ? "" : credentials + "@") +
           "127.0.0.1:" + std::to_string(port_);
  }
  std::vector<proxied> seen() const {
    std::lock_guard lock{mutex_};
    return seen_;
  }
  int connections() const { return connections_; }

 private:
  // One thread per client connection (a pooled connection stays open).
  void run() {
    while (!stopping_) {
      auto sock = std::make_shared<tcp::socket>(io_);
      beast::error_code ec;
      acceptor_.accept(*sock, ec);
      if (ec || stopping_) return;
      int conn = ++connections_;
      std::lock_guard lock{mutex_};
      sockets_.push_back(sock);  // kept open until the end: no fd reuse
      workers_.emplace_back([this, sock, conn] { serve(*sock, conn); });
    }
  }

  static unsigned short port_of(const std::string& authority) {
    return static_cast<unsigned short>(std::stoi(authority.substr(authority.rfind(':') + 1)));
  }

  void refuse(tcp::socket& sock, http::status status) {
    http::response<http::string_body> res{status, 11};
    res.set(http::field::proxy_authenticate, "Basic realm=\"test\"");
    res.body() = "no";
    res.keep_alive(false);
    res.prepare_payload();
    beast::error_code ec;
    http::write(sock, res, ec);
    sock.shutdown(tcp::socket::shutdown_both, ec);
  }

  void serve(tcp::socket& sock, int conn) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      beast::error_code ec;
      http::read(sock, buffer, req, ec);
      if (ec) return;
      proxied p{std::string{req.method_string()}, std::string{req.target()},
                std::string{req[http::field::proxy_authorization]}, conn};
      {
        std::lock_guard lock{mutex_};
        seen_.push_back(p);
      }
      if (!expected_auth_.empty() && p.authorization != expected_auth_)
        return refuse(sock, http::status::proxy_authentication_required);
      tcp::socket origin{io_};
      if (req.method() == http::verb::connect) {
        origin.connect({net::ip::make_address("127.0.0.1"), port_of(p.target)}, ec);
        if (ec) return refuse(sock, http::status::bad_gateway);
        net::write(sock, net::buffer(std::string{"HTTP/1.1 200 Connection established\r\n\r\n"}),
                   ec);
        return splice(sock, origin);
      }
      // absolute-form: http://127.0.0.1:port/path → origin-form to the origin
      constexpr std::string_view scheme = "http://";
      auto target = std::string{req.target()};
      if (target.rfind(scheme, 0) != 0) return refuse(sock, http::status::bad_request);
      if (answer_itself_) {
        http::response<http::string_body> res{http::status::ok, 11};
        res.body() = "proxy:" + target;
        res.keep_alive(true);
        res.prepare_payload();
        http::write(sock, res, ec);
        if (ec) return;
        continue;
      }
      auto slash = target.find('/', scheme.size());
      auto authority = target.substr(scheme.size(), slash - scheme.size());
      origin.connect({net::ip::make_address("127.0.0.1"), port_of(authority)}, ec);
      if (ec) return refuse(sock, http::status::bad_gateway);
      req.target(slash == std::string::npos ? "/" : target.substr(slash));
      req.erase(http::field::proxy_authorization);
      http::write(origin, req, ec);
      beast::flat_buffer obuf;
      http::response<http::string_body> res;
      http::read(origin, obuf, res, ec);
      if (ec) return refuse(sock, http::status::bad_gateway);
      http::write(sock, res, ec);
      if (ec || !res.keep_alive()) return;
    }
  }

  // Copies bytes both ways until either side closes.
  void splice(tcp::socket& a, tcp::socket& b) {
    int fds[2] = {a.native_handle(), b.native_handle()};
    char chunk[16384];
    for (;;) {
      pollfd p[2] = {{fds[0], POLLIN, 0}, {fds[1], POLLIN, 0}};
      if (::poll(p, 2, 10000) <= 0) return;
      for (int i = 0; i < 2; ++i) {
        if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        auto n = ::recv(fds[i], chunk, sizeof chunk, 0);
        if (n <= 0) return;
        if (::send(fds[1 - i], chunk, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) return;
      }
    }
  }

  std::string expected_auth_;
  bool answer_itself_ = false;
  net::io_context io_;
  tcp::acceptor acceptor_{io_};
  unsigned short port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<tcp::socket>> sockets_;
  std::vector<std::thread> workers_;
  std::vector<proxied> seen_;
};

/// An HTTPS origin answering every request with 200 "tls:<target>"; the
/// certificate is self-signed for "localhost" (clients must not verify).
class tls_test_server {
 public:
  tls_test_server() {
    make_certificate();
    port_ = listen_on_loopback(acceptor_);
    thread_ = std::thread([this] { run(); });
  }
  ~tls_test_server() {
    stopping_ = true;
    {
      std::lock_guard lock{mutex_};
      ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
      if (current_fd_ >= 0) ::shutdown(current_fd_, SHUT_RDWR);
    }
    thread_.join();
  }
  std::string url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(port_) + path;
  }
  unsigned short port() const { return port_; }
  std::vector<std::string> sni() const {
    std::lock_guard lock{mutex_};
    return sni_;
  }

 private:
  void make_certificate() {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    X509* cert = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_sign(cert, key, EVP_sha256());
    SSL_CTX_use_certificate(ctx_.native_handle(), cert);
    SSL_CTX_use_PrivateKey(ctx_.native_handle(), key);
    X509_free(cert);
    EVP_PKEY_free(key);
  }

  void run() {
    while (!stopping_) {
      tcp::socket sock{io_};
      beast::error_code ec;
      acceptor_.accept(sock, ec);
      if (ec || stopping_) return;
      {
        std::lock_guard lock{mutex_};
        current_fd_ = sock.native_handle();
      }
      serve(std::move(sock));
      std::lock_guard lock{mutex_};
      current_fd_ = -1;
    }
  }

  void serve(tcp::socket sock) {
    net::ssl::stream<tcp::socket> stream{std::move(sock), ctx_};
    beast::error_code ec;
    stream.handshake(net::ssl::stream_base::server, ec);
    if (ec) return;
    if (const char* host = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name)) {
      std::lock_guard lock{mutex_};
      sni_.emplace_back(host);
    }
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      http::read(stream, buffer, req, ec);
      if (ec) return;
      http::response<http::string_body> res{http::status::ok, 11};
      res.body() = "tls:" + std::string{req.target()};
      res.keep_alive(true);
      res.prepare_payload();
      http::write(stream, res, ec);
      if (ec) return;
    }
  }

  net::io_context io_;
  net::ssl::context ctx_{net::ssl::context::tls_server};
  tcp::acceptor acceptor_{io_};
  unsigned short port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  int current_fd_ = -1;
  std::vector<std::string> sni_;
};

}  // namespace mjgate::discord::test
