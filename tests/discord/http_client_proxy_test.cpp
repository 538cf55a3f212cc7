// http_client through an HTTP proxy: absolute-form for http://, CONNECT
// tunnels for https://, Basic credentials, refusals as transport errors and
// a keep-alive pool keyed by the proxy.
#include <gtest/gtest.h>

#include "discord/http_client.hpp"
#include "tests/discord/http_test_server.hpp"
#include "tests/discord/io_runner.hpp"
#include "tests/discord/proxy_test_server.hpp"

using namespace mjgate::discord;
using namespace mjgate::discord::test;
using namespace std::chrono_literals;

namespace {

http_request via(const std::string& url, const std::string& proxy) {
  http_request r;
  r.method = "POST";
  r.url = url;
  r.body = "{}";
  r.proxy = proxy;
  r.timeout = 3s;
  return r;
}

constexpr const char* basic_user_secret = "Basic dXNlcjpzM2NyZXQ=";  // user:s3cret

unsigned short closed_port() {
  net::io_context io;
  tcp::acceptor a{io, {net::ip::make_address("127.0.0.1"), 0}};
  return a.local_endpoint().port();
}

http_client_options unverified() {
  http_client_options o;
  o.verify_tls = false;  // the test origin's certificate is self-signed
  return o;
}

}  // namespace

TEST(http_client_proxy, http_targets_go_in_absolute_form_with_credentials) {
  http_test_server origin([](const seen_request& r, int) { return answer(200, r.target); });
  proxy_test_server proxy{basic_user_secret};
  io_runner run;
  http_client client{run.io};
  auto url = origin.url("/suno/fetch?x=1");
  for (int i = 0; i < 2; ++i) {
    auto res = fetch(client, via(url, proxy.url("user:s3cret")));
    ASSERT_EQ(res.status, 200) << res.error;
    EXPECT_EQ(res.body, "/suno/fetch?x=1");
  }
  auto seen = proxy.seen();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, url);
  EXPECT_EQ(seen[0].authorization, basic_user_secret);
  EXPECT_EQ(seen[1].authorization, basic_user_secret);  // on every request
  EXPECT_EQ(proxy.connections(), 1);                    // kept alive
  auto at_origin = origin.requests();
  ASSERT_EQ(at_origin.size(), 2u);
  EXPECT_EQ(at_origin[0].headers["host"], url.substr(7, url.find('/', 7) - 7));
  EXPECT_EQ(at_origin[0].headers.count("proxy-authorization"), 0u);
}

TEST(http_client_proxy, https_targets_are_tunnelled_with_connect) {
  tls_test_server origin;
  proxy_test_server proxy{basic_user_secret};
  io_runner run;
  http_client client{run.io, unverified()};
  // "localhost" is resolved by the proxy, never by the client; it is the SNI.
  auto url = "https://localhost:" + std::to_string(origin.port()) + "/suno/submit/MUSIC";
  for (int i = 0; i < 2; ++i) {
    auto res = fetch(client, via(url, proxy.url("user:s3cret")));
    ASSERT_EQ(res.status, 200) << res.error;
    EXPECT_EQ(res.body, "tls:/suno/submit/MUSIC");
  }
  auto seen = proxy.seen();
  ASSERT_EQ(seen.size(), 1u);  // one tunnel, reused
  EXPECT_EQ(seen[0].method, "CONNECT");
  EXPECT_EQ(seen[0].target, "localhost:" + std::to_string(origin.port()));
  EXPECT_EQ(seen[0].authorization, basic_user_secret);
  EXPECT_EQ(origin.sni(), std::vector<std::string>{"localhost"});
}

TEST(http_client_proxy, a_407_is_a_transport_error_without_the_password) {
  http_test_server origin([](const seen_request&, int) { return answer(200, "origin"); });
  tls_test_server tls_origin;
  proxy_test_server proxy{basic_user_secret};
  io_runner run;
  http_client client{run.io, unverified()};
  for (const auto& url : {origin.url("/x"), tls_origin.url("/x")}) {
    auto res = fetch(client, via(url, proxy.url("user:wr0ngpass")));
    EXPECT_EQ(res.status, 0) << url;
    EXPECT_FALSE(res.sent) << url;
    EXPECT_NE(res.error.find("proxy"), std::string::npos) << res.error;
    EXPECT_NE(res.error.find("407"), std::string::npos) << res.error;
    EXPECT_EQ(res.error.find("wr0ngpass"), std::string::npos) << res.error;
  }
  EXPECT_TRUE(origin.requests().empty());
}

TEST(http_client_proxy, a_dead_proxy_or_a_failed_connect_is_a_transport_error) {
  http_test_server origin([](const seen_request&, int) { return answer(200, "origin"); });
  io_runner run;
  http_client client{run.io};
  auto dead = "http://user:s3cret@127.0.0.1:" + std::to_string(closed_port());
  auto res = fetch(client, via(origin.url("/x"), dead));
  EXPECT_EQ(res.status, 0);
  EXPECT_FALSE(res.sent);
  EXPECT_NE(res.error.find("proxy connect"), std::string::npos) << res.error;
  EXPECT_EQ(res.error.find("s3cret"), std::string::npos) << res.error;
  // CONNECT to a closed target port: the proxy answers 502.
  proxy_test_server proxy;
  auto tunnel =
      fetch(client, via("https://127.0.0.1:" + std::to_string(closed_port()) + "/", proxy.url()));
  EXPECT_EQ(tunnel.status, 0);
  EXPECT_NE(tunnel.error.find("CONNECT refused with 502"), std::string::npos) << tunnel.error;
  EXPECT_TRUE(origin.requests().empty());
}

TEST(http_client_proxy, an_invalid_proxy_fails_without_io_and_without_the_password) {
  io_runner run;
  http_client client{run.io};
  auto res = fetch(client, via("http://127.0.0.1:1/", "socks5://u:hunter2@127.0.0.1:1080"));
  EXPECT_EQ(res.status, 0);
  EXPECT_NE(res.error.find("invalid proxy"), std::string::npos) << res.error;
  EXPECT_EQ(res.error.find("hunter2"), std::string::npos) << res.error;
}

TEST(http_client_proxy, the_pool_never_mixes_routes) {
  // The origin serves one connection at a time: the proxy answers itself.
  http_test_server origin([](const seen_request& r, int) { return answer(200, r.target); });
  proxy_test_server proxy{"", true};
  io_runner run;
  http_client client{run.io};
  auto url = origin.url("/p");
  EXPECT_EQ(fetch(client, via(url, "")).status, 200);                // direct
  EXPECT_EQ(fetch(client, via(url, proxy.url())).status, 200);       // not the direct socket
  EXPECT_EQ(fetch(client, via(url, proxy.url())).status, 200);       // the proxy's socket again
  EXPECT_EQ(fetch(client, via(url, proxy.url("a:b"))).status, 200);  // other credentials
  EXPECT_EQ(fetch(client, via(url, "")).status, 200);                // the direct socket again
  auto seen = proxy.seen();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].connection, seen[1].connection);
  EXPECT_NE(seen[1].connection, seen[2].connection);
  EXPECT_EQ(seen[2].authorization, "Basic YTpi");  // a:b
  auto at_origin = origin.requests();
  ASSERT_EQ(at_origin.size(), 2u);
  EXPECT_EQ(at_origin[0].connection, at_origin[1].connection);
}
