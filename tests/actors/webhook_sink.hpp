// A tiny blocking HTTP server on 127.0.0.1 for notifier tests: records every
// request body and answers with scripted statuses (then 200). POSIX sockets
// only, so the test does not pull in Beast or RESTinio.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

class webhook_sink {
 public:
  explicit webhook_sink(std::deque<int> statuses = {}) : statuses_(std::move(statuses)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread{[this] { serve(); }};
  }

  ~webhook_sink() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }

  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  /// Waits until `n` requests arrived (bounded); returns what arrived.
  std::vector<std::string> wait_for(std::size_t n, std::chrono::milliseconds limit) {
    std::unique_lock lock{mutex_};
    cv_.wait_for(lock, limit, [&] { return bodies_.size() >= n; });
    return bodies_;
  }

  std::vector<std::string> bodies() {
    std::lock_guard lock{mutex_};
    return bodies_;
  }

 private:
  void serve() {
    while (!stop_) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      handle(c);
      ::close(c);
    }
  }

  // One request per connection: read headers, then Content-Length bytes.
  void handle(int c) {
    std::string data;
    char buf[4096];
    std::size_t header_end = std::string::npos, need = 0;
    while (true) {
      auto n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) return;
      data.append(buf, static_cast<std::size_t>(n));
      if (header_end == std::string::npos) {
        header_end = data.find("\r\n\r\n");
        if (header_end == std::string::npos) continue;
        auto pos = data.find("Content-Length: ");
        if (pos == std::string::npos) pos = data.find("content-length: ");
        need = pos == std::string::npos ? 0 : std::stoul(data.substr(pos + 16));
      }
      if (data.size() >= header_end + 4 + need) break;
    }
    int status = 200;
    {
      std::lock_guard lock{mutex_};
      if (!statuses_.empty()) {
        status = statuses_.front();
        statuses_.pop_front();
      }
      bodies_.push_back(data.substr(header_end + 4, need));
    }
    cv_.notify_all();
    auto reply = "HTTP/1.1 " + std::to_string(status) +
                 " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    ::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
  }

  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::deque<int> statuses_;
  std::vector<std::string> bodies_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::thread thread_;
};
