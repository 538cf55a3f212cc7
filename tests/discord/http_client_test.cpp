// http_client and rest_client against a tiny Beast HTTP server on 127.0.0.1:0.
#include "discord/http_client.hpp"

#include <sys/socket.h>

#include <atomic>
#include <mutex>

#include <gtest/gtest.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "discord/rest_client.hpp"
#include "tests/discord/io_runner.hpp"

using namespace mjgate::discord;
using mjgate::discord::test::await;
using mjgate::discord::test::io_runner;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

namespace {

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

reply answer(int status, std::string body) {
  reply r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// Sequential blocking server: one connection at a time, scripted replies.
class http_test_server {
 public:
  using script = std::function<reply(const seen_request&, int index)>;

  explicit http_test_server(script s) : script_(std::move(s)) {
    acceptor_.open(tcp::v4());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind({net::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
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

http_response fetch(http_client& client, http_request req) {
  std::promise<http_response> p;
  auto f = p.get_future();
  client.send(std::move(req), [&p](http_response r) { p.set_value(std::move(r)); });
  auto r = await(f, 10s);
  if (!r) throw std::runtime_error{"http_client never called done"};
  return *r;
}

http_request get(const std::string& url) {
  http_request r;
  r.url = url;
  r.timeout = 3s;
  return r;
}

rest_result rest_call(std::function<void(std::function<void(rest_result)>)> start) {
  std::promise<rest_result> p;
  auto f = p.get_future();
  start([&p](rest_result r) { p.set_value(std::move(r)); });
  auto r = await(f, 10s);
  if (!r) throw std::runtime_error{"rest_client never called done"};
  return *r;
}

}  // namespace

// -- http_client -------------------------------------------------------------

TEST(http_client, keep_alive_connections_are_reused) {
  http_test_server server(
      [](const seen_request& r, int i) { return answer(200, r.target + "#" + std::to_string(i)); });
  io_runner run;
  http_client client{run.io};
  for (int i = 0; i < 3; ++i) {
    auto res = fetch(client, get(server.url("/x")));
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.body, "/x#" + std::to_string(i));
    EXPECT_TRUE(res.sent);
  }
  EXPECT_EQ(server.connections(), 1);
}

TEST(http_client, connection_close_is_not_pooled) {
  http_test_server server([](const seen_request&, int) {
    auto r = answer(200, "a");
    r.keep_alive = false;
    return r;
  });
  io_runner run;
  http_client client{run.io};
  EXPECT_EQ(fetch(client, get(server.url("/"))).status, 200);
  EXPECT_EQ(fetch(client, get(server.url("/"))).status, 200);
  EXPECT_EQ(server.connections(), 2);
}

TEST(http_client, a_pooled_connection_the_server_dropped_is_replaced) {
  http_test_server server([](const seen_request&, int) {
    reply r;
    r.close_after = true;  // claims keep-alive, then closes
    return r;
  });
  io_runner run;
  http_client client{run.io};
  for (int i = 0; i < 3; ++i) {
    auto res = fetch(client, get(server.url("/")));
    EXPECT_EQ(res.status, 200) << res.error;
  }
  EXPECT_EQ(server.connections(), 3);
}

TEST(http_client, post_sends_body_and_headers) {
  http_test_server server([](const seen_request&, int) {
    auto r = answer(201, "{}");
    r.headers = {{"X-Reply", "yes"}};
    return r;
  });
  io_runner run;
  http_client client{run.io};
  http_request req = get(server.url("/api/v9/interactions?x=1"));
  req.method = "POST";
  req.body = R"({"a":1})";
  req.headers = {{"Content-Type", "application/json"}, {"Authorization", "tok"}};
  auto res = fetch(client, req);
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(res.header("x-reply"), "yes");
  EXPECT_EQ(res.header("X-REPLY"), "yes");
  EXPECT_EQ(res.header("missing"), "");
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/api/v9/interactions?x=1");
  EXPECT_EQ(seen[0].body, R"({"a":1})");
  EXPECT_EQ(seen[0].headers["authorization"], "tok");
  EXPECT_EQ(seen[0].headers["content-length"], "7");
  EXPECT_EQ(seen[0].headers["host"], "127.0.0.1:" + server.url("").substr(17));
}

TEST(http_client, a_silent_server_times_out) {
  http_test_server server([](const seen_request&, int) {
    reply r;
    r.hang = true;
    return r;
  });
  io_runner run;
  http_client client{run.io};
  auto req = get(server.url("/slow"));
  req.timeout = 300ms;
  auto started = std::chrono::steady_clock::now();
  auto res = fetch(client, req);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(res.status, 0);
  EXPECT_TRUE(res.sent);
  EXPECT_NE(res.error.find("timeout"), std::string::npos) << res.error;
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 3s);
}

TEST(http_client, refused_connection_reports_nothing_sent) {
  unsigned short port;
  {
    net::io_context io;
    tcp::acceptor a{io, {net::ip::make_address("127.0.0.1"), 0}};
    port = a.local_endpoint().port();
  }  // closed again: nobody listens there now
  io_runner run;
  http_client client{run.io};
  auto res = fetch(client, get("http://127.0.0.1:" + std::to_string(port) + "/"));
  EXPECT_EQ(res.status, 0);
  EXPECT_FALSE(res.sent);
  EXPECT_NE(res.error.find("connect"), std::string::npos) << res.error;
}

TEST(http_client, invalid_urls_fail_without_io) {
  io_runner run;
  http_client client{run.io};
  auto res = fetch(client, get("ftp://example.com/"));
  EXPECT_EQ(res.status, 0);
  EXPECT_NE(res.error.find("invalid url"), std::string::npos);
}

// -- rest_client ---------------------------------------------------------------

TEST(rest_client, rate_limit_is_retried_with_the_same_body) {
  http_test_server server([](const seen_request&, int i) {
    if (i == 0)
      return answer(
          429, R"({"message":"You are being rate limited.","retry_after":0.05,"global":false})");
    return answer(204, "");
  });
  io_runner run;
  http_client http{run.io};
  rest_options opts;
  opts.api_base = server.url("");
  opts.token = "user-token";
  opts.user_agent = "UA/1";
  opts.super_properties = "e30=";
  opts.max_jitter = 5ms;
  rest_client rest{http, opts};
  auto started = std::chrono::steady_clock::now();
  auto r = rest_call([&](auto done) { rest.post_interaction(R"({"nonce":"1"})", done); });
  EXPECT_GE(std::chrono::steady_clock::now() - started, 50ms);
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.error.empty());
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  for (auto& s : seen) {
    EXPECT_EQ(s.method, "POST");
    EXPECT_EQ(s.target, "/api/v9/interactions");
    EXPECT_EQ(s.body, R"({"nonce":"1"})");
    EXPECT_EQ(s.headers["authorization"], "user-token");
    EXPECT_EQ(s.headers["user-agent"], "UA/1");
    EXPECT_EQ(s.headers["content-type"], "application/json");
    EXPECT_EQ(s.headers["x-super-properties"], "e30=");
  }
}

TEST(rest_client, rate_limit_retries_are_bounded) {
  http_test_server server([](const seen_request&, int) {
    auto r = answer(429, "{}");
    r.headers = {{"Retry-After", "0.01"}};
    return r;
  });
  io_runner run;
  http_client http{run.io};
  rest_options opts;
  opts.api_base = server.url("");
  opts.max_rate_limit_retries = 2;
  opts.max_jitter = 1ms;
  rest_client rest{http, opts};
  auto r = rest_call([&](auto done) { rest.post_interaction("{}", done); });
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(rest_client, server_errors_are_retried_then_fail) {
  http_test_server server([](const seen_request&, int) {
    return answer(502, R"({"message":"Bad Gateway","code":0})");
  });
  io_runner run;
  http_client http{run.io};
  rest_options opts;
  opts.api_base = server.url("");
  opts.server_error_backoff = 5ms;
  rest_client rest{http, opts};
  auto r = rest_call([&](auto done) { rest.get_me(done); });
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(r.error, "502 0 Bad Gateway");
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 4u);  // first try + 3 retries
  EXPECT_EQ(seen[0].target, "/api/v9/users/@me");
}

TEST(rest_client, invalid_version_is_detected) {
  http_test_server server([](const seen_request&, int) {
    return answer(
        400,
        R"({"code":50035,"message":"Invalid Form Body","errors":{"data":{"_errors":[{"code":"INTERACTION_APPLICATION_COMMAND_INVALID_VERSION","message":"This command is outdated"}]}}})");
  });
  io_runner run;
  http_client http{run.io};
  rest_options opts;
  opts.api_base = server.url("/");
  rest_client rest{http, opts};
  auto r = rest_call([&](auto done) { rest.post_interaction("{}", done); });
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.discord_code, 50035);
  EXPECT_TRUE(r.invalid_version);
  EXPECT_EQ(r.error, "400 50035 Invalid Form Body");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(rest_client, history_and_search_paths) {
  http_test_server server([](const seen_request&, int) { return answer(200, "[]"); });
  io_runner run;
  http_client http{run.io};
  rest_options opts;
  opts.api_base = server.url("");
  rest_client rest{http, opts};
  EXPECT_EQ(rest_call([&](auto done) { rest.get_messages("42", "99", 50, done); }).body, "[]");
  rest_call([&](auto done) { rest.search_commands("42", done); });
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].target, "/api/v9/channels/42/messages?limit=50&after=99");
  EXPECT_EQ(seen[1].target,
            "/api/v9/channels/42/application-commands/search?type=1&include_applications=true");
}

TEST(rest_client, pure_helpers) {
  http_response res;
  res.status = 429;
  res.body = R"({"retry_after":2.06})";
  EXPECT_EQ(retry_after_of(res), 2060ms);
  res.body = "not json";
  res.headers = {{"retry-after", "3"}};
  EXPECT_EQ(retry_after_of(res), 3000ms);
  res.headers.clear();
  EXPECT_FALSE(retry_after_of(res));
  http_response unauthorized;
  unauthorized.status = 401;
  unauthorized.sent = true;
  unauthorized.body = R"({"message":"401: Unauthorized","code":0})";
  auto r = to_rest_result(unauthorized);
  EXPECT_EQ(r.error, "401 0 401: Unauthorized");
  EXPECT_FALSE(r.invalid_version);
  http_response transport;
  transport.sent = true;
  transport.error = "read: timeout";
  EXPECT_EQ(to_rest_result(transport).error, "read: timeout");
  EXPECT_TRUE(to_rest_result(transport).sent);
}
