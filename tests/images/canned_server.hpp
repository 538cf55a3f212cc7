// A loopback HTTP/1.1 server for tests (127.0.0.1, OS-chosen port) that
// answers each request with a canned response chosen by the request target,
// or holds the connection open without answering (to test timeouts).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

namespace mjgate::testing {

/// A complete HTTP/1.1 response that closes the connection.
inline std::string http_response_text(int status, std::string_view content_type,
                                      std::string_view body) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " X\r\n";
  if (!content_type.empty()) out += "Content-Type: " + std::string{content_type} + "\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
  out += body;
  return out;
}

class canned_server {
 public:
  /// Maps a request target ("/a.png") to the raw response; "" = never answer.
  using handler = std::function<std::string(const std::string& target)>;

  explicit canned_server(handler h)
      : acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}), handler_(std::move(h)) {
    accept();
    thread_ = std::thread{[this] { io_.run(); }};
  }

  ~canned_server() {
    io_.stop();
    thread_.join();
  }

  std::string url(std::string_view target) const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) +
           std::string{target};
  }

  std::vector<std::string> targets() {
    std::lock_guard guard{mtx_};
    return targets_;
  }

 private:
  using socket_ptr = std::shared_ptr<boost::asio::ip::tcp::socket>;

  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, boost::asio::ip::tcp::socket s) {
      if (ec) return;
      serve(std::make_shared<boost::asio::ip::tcp::socket>(std::move(s)));
      accept();
    });
  }

  void serve(socket_ptr sock) {
    auto buf = std::make_shared<std::string>();
    boost::asio::async_read_until(
        *sock, boost::asio::dynamic_buffer(*buf), "\r\n\r\n",
        [this, sock, buf](boost::system::error_code ec, std::size_t) {
          if (ec) return;
          auto first_space = buf->find(' ');
          auto second_space = buf->find(' ', first_space + 1);
          auto target = buf->substr(first_space + 1, second_space - first_space - 1);
          {
            std::lock_guard guard{mtx_};
            targets_.push_back(target);
          }
          auto resp = std::make_shared<std::string>(handler_(target));
          if (resp->empty()) {
            held_.push_back(sock);  // io thread only
            return;
          }
          boost::asio::async_write(*sock, boost::asio::buffer(*resp),
                                   [sock, resp](boost::system::error_code, std::size_t) {
                                     boost::system::error_code ignored;
                                     sock->shutdown(boost::asio::ip::tcp::socket::shutdown_both,
                                                    ignored);
                                   });
        });
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  handler handler_;
  std::vector<socket_ptr> held_;
  std::mutex mtx_;
  std::vector<std::string> targets_;
  std::thread thread_;
};

}  // namespace mjgate::testing
