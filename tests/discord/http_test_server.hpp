// A tiny scripted Beast HTTP/1.1 server on 127.0.0.1:0 for the http_client and
// rest_client tests: one connection at a time, every request recorded.
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <cctype>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "discord/rest_client.hpp"
#include "tests/discord/io_runner.hpp"

namespace mjgate::discord::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

/// Opens `acceptor` on 127.0.0.1 at a free port and returns the port.
inline unsigned short listen_on_loopback(tcp::acceptor& acceptor) {
  acceptor.open(tcp::v4());
  acceptor.set_option(net::socket_base::reuse_address(true));
  acceptor.bind({net::ip::make_address("127.0.0.1"), 0});
  acceptor.listen();
  return acceptor.local_endpoint().port();
}

/// Sends `req` and waits (at most 10 s) for http_client's answer.
inline http_response fetch(http_client& client, http_request req) {
  std::promise<http_response> p;
  auto f = p.get_future();
  client.send(std::move(req), [&p](http_response r) { p.set_value(std::move(r)); });
  auto r = await(f, std::chrono::seconds{10});
  if (!r) throw std::runtime_error{"http_client never called done"};
  return *r;
}

struct seen_request {
  std::string method;
  std::string target;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  int connection = 0;                          // 1-based index of the accepted socket
};

struct reply {
  int status = 200;
  std::string body = "ok";
  std::vector<std::pair<std::string, std::string>> headers;
  bool keep_alive = true;
  bool hang = false;         // never answer (the client must time out)
  bool close_after = false;  // answer with keep-alive, then drop the socket
};

inline reply answer(int status, std::string body) {
  reply r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

/// Sequential blocking server: one connection at a time, scripted replies.
class http_test_server {
 public:
  using script = std::function<reply(const seen_request&, int index)>;

  explicit http_test_server(script s) : script_(std::move(s)) {
    port_ = listen_on_loopback(acceptor_);
    thread_ = std::thread([this] { run(); });
  }
  ~http_test_server() {
    stopping_ = true;
    {
      std::lock_guard lock{mutex_};
      ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
      if (current_fd_ >= 0) ::shutdown(current_fd_, SHUT_RDWR);
    }
    thread_.join();
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int connections() const { return connections_; }
  std::vector<seen_request> requests() const {
    std::lock_guard lock{mutex_};
    return requests_;
  }

 private:
  void run() {
    while (!stopping_) {
      tcp::socket sock{io_};
      beast::error_code ec;
      acceptor_.accept(sock, ec);
      if (ec || stopping_) return;
      int conn = ++connections_;
      {
        std::lock_guard lock{mutex_};
        current_fd_ = sock.native_handle();
      }
      serve(sock, conn);
      std::lock_guard lock{mutex_};
      current_fd_ = -1;
    }
  }

  void serve(tcp::socket& sock, int conn) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      beast::error_code ec;
      http::read(sock, buffer, req, ec);
      if (ec) return;
      seen_request seen{
          std::string{req.method_string()}, std::string{req.target()}, req.body(), {}, conn};
      for (const auto& f : req) {
        std::string name{f.name_string()};
        for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        seen.headers[name] = std::string{f.value()};
      }
      int index;
      {
        std::lock_guard lock{mutex_};
        requests_.push_back(seen);
        index = static_cast<int>(requests_.size()) - 1;
      }
      auto r = script_(seen, index);
      if (r.hang) {
        char byte;
        sock.read_some(net::buffer(&byte, 1), ec);  // until the client gives up
        return;
      }
      http::response<http::string_body> res{static_cast<http::status>(r.status), 11};
      for (const auto& [k, v] : r.headers) res.set(k, v);
      res.keep_alive(r.keep_alive);
      res.body() = r.body;
      res.prepare_payload();
      http::write(sock, res, ec);
      if (ec || !r.keep_alive || r.close_after) {
        sock.shutdown(tcp::socket::shutdown_both, ec);
        return;
      }
    }
  }

  script script_;
  net::io_context io_;
  tcp::acceptor acceptor_{io_};
  unsigned short port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  int current_fd_ = -1;
  std::vector<seen_request> requests_;
};

/// Runs one rest_client call and waits (bounded) for its result.
inline rest_result rest_call(std::function<void(std::function<void(rest_result)>)> start) {
  std::promise<rest_result> p;
  auto f = p.get_future();
  start([&p](rest_result r) { p.set_value(std::move(r)); });
  auto r = await(f, std::chrono::seconds{10});
  if (!r) throw std::runtime_error{"rest_client never called done"};
  return *r;
}

}  // namespace mjgate::discord::test
