// http_client against a tiny Beast HTTP server on 127.0.0.1:0.
#include "discord/http_client.hpp"

#include <gtest/gtest.h>

#include "tests/discord/http_test_server.hpp"
#include "tests/discord/io_runner.hpp"

using namespace mjgate::discord;
using mjgate::discord::test::answer;
using mjgate::discord::test::fetch;
using mjgate::discord::test::http_test_server;
using mjgate::discord::test::io_runner;
using mjgate::discord::test::reply;
using mjgate::discord::test::seen_request;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

namespace {

http_request get(const std::string& url) {
  http_request r;
  r.url = url;
  r.timeout = 3s;
  return r;
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
