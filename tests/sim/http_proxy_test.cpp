// The simulator's HTTP proxy (sim/http_proxy.hpp) over loopback with raw
// sockets: absolute-form relaying on a kept-alive client connection, CONNECT
// tunnels, Basic credentials, loopback-only targets and the counters.
#include "sim/http_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "sim/simulator.hpp"

namespace mjgate::sim {
namespace {

class raw_conn {
 public:
  explicit raw_conn(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) ADD_FAILURE() << "connect";
  }
  ~raw_conn() { ::close(fd_); }
  void send(const std::string& text) {
    ASSERT_EQ(::send(fd_, text.data(), text.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(text.size()));
  }
  /// One answer: its head, then Content-Length bytes ("" when the peer closed).
  std::string answer() {
    for (int rounds = 0; rounds < 1000; ++rounds) {
      auto end = buf_.find("\r\n\r\n");
      if (end != std::string::npos) {
        std::size_t length = 0;
        auto cl = buf_.find("Content-Length: ");
        if (cl != std::string::npos && cl < end) length = std::stoul(buf_.substr(cl + 16));
        if (buf_.size() >= end + 4 + length) {
          auto out = buf_.substr(0, end + 4 + length);
          buf_.erase(0, end + 4 + length);
          return out;
        }
      }
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 5000) <= 0) return {};
      char chunk[4096];
      auto n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return {};
      buf_.append(chunk, static_cast<std::size_t>(n));
    }
    return {};
  }

 private:
  int fd_ = -1;
  std::string buf_;
};

class SimProxy : public ::testing::Test {
 protected:
  void start(std::string credentials) {
    options o;
    o.pace = speed::bench;
    o.accounts = 1;
    o.proxy = true;
    o.proxy_credentials = std::move(credentials);
    sim_ = std::make_unique<simulator>(o);
    sim_->start();
  }
  void TearDown() override {
    if (sim_) sim_->stop();
  }
  std::string health(const std::string& extra = {}) {
    return "GET http://127.0.0.1:" + std::to_string(sim_->port()) +
           "/_sim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
  }
  std::string stats() {
    raw_conn direct{sim_->port()};
    direct.send("GET /_sim/proxy HTTP/1.1\r\nHost: x\r\n\r\n");
    auto a = direct.answer();
    return a.substr(a.find("\r\n\r\n") + 4);
  }
  std::unique_ptr<simulator> sim_;
};

TEST_F(SimProxy, RelaysAbsoluteFormOnAKeptAliveConnectionAndCounts) {
  start("");
  ASSERT_GT(sim_->proxy_port(), 0);
  raw_conn c{sim_->proxy_port()};
  for (int i = 0; i < 2; ++i) {
    c.send(health());
    auto a = c.answer();
    EXPECT_EQ(a.rfind("HTTP/1.1 200", 0), 0u) << a;
    EXPECT_NE(a.find("Connection: keep-alive"), std::string::npos) << a;
  }
  auto s = nlohmann::json::parse(stats());
  EXPECT_EQ(s["requests"], 2);
  EXPECT_EQ(s["connections"], 1);
  EXPECT_EQ(s["by_request"]["GET /_sim/health"], 2);
  EXPECT_EQ(s["auth_required"], false);
}

TEST_F(SimProxy, TunnelsConnectToLoopbackOnly) {
  start("");
  raw_conn c{sim_->proxy_port()};
  auto target = "127.0.0.1:" + std::to_string(sim_->port());
  c.send("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n");
  EXPECT_EQ(c.answer().rfind("HTTP/1.1 200", 0), 0u);
  c.send("GET /_sim/health HTTP/1.1\r\nHost: x\r\n\r\n");  // inside the tunnel
  EXPECT_EQ(c.answer().rfind("HTTP/1.1 200", 0), 0u);
  raw_conn far{sim_->proxy_port()};
  far.send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
  EXPECT_EQ(far.answer().rfind("HTTP/1.1 403", 0), 0u);
  raw_conn far2{sim_->proxy_port()};
  far2.send("GET http://10.0.0.1:80/ HTTP/1.1\r\nHost: 10.0.0.1\r\n\r\n");
  EXPECT_EQ(far2.answer().rfind("HTTP/1.1 403", 0), 0u);
  auto s = nlohmann::json::parse(stats());
  EXPECT_EQ(s["connects"], 1);
  EXPECT_EQ(s["by_connect"][target], 1);
  EXPECT_EQ(s["refused_target"], 2);
}

TEST_F(SimProxy, RequiresBasicCredentialsWhenConfigured) {
  start("user:s3cret");
  raw_conn bad{sim_->proxy_port()};
  bad.send(health());
  auto refused = bad.answer();
  EXPECT_EQ(refused.rfind("HTTP/1.1 407", 0), 0u) << refused;
  EXPECT_NE(refused.find("Proxy-Authenticate: Basic"), std::string::npos);
  raw_conn wrong{sim_->proxy_port()};
  wrong.send(health("Proxy-Authorization: Basic dXNlcjp3cm9uZw==\r\n"));  // user:wrong
  EXPECT_EQ(wrong.answer().rfind("HTTP/1.1 407", 0), 0u);
  raw_conn good{sim_->proxy_port()};
  good.send(health("Proxy-Authorization: Basic dXNlcjpzM2NyZXQ=\r\n"));  // user:s3cret
  EXPECT_EQ(good.answer().rfind("HTTP/1.1 200", 0), 0u);
  auto s = nlohmann::json::parse(stats());
  EXPECT_EQ(s["refused_auth"], 2);
  EXPECT_EQ(s["requests"], 1);
  EXPECT_EQ(s["auth_required"], true);
}

}  // namespace
}  // namespace mjgate::sim
