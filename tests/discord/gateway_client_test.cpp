// gateway_client against a scripted Beast WebSocket server on 127.0.0.1:0
// that speaks just enough gateway (HELLO, READY, ACK, dispatches, closes).
#include "discord/gateway_client.hpp"

#include <sys/socket.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include <gtest/gtest.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include "tests/discord/io_runner.hpp"
#include "tests/discord/zlib_deflater.hpp"

using namespace mjgate::discord;
using mjgate::discord::test::io_runner;
using mjgate::discord::test::sync_deflater;
using json = nlohmann::json;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr const char* test_ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0";

// One accepted gateway connection, driven synchronously by the server script.
struct ws_session {
  websocket::stream<tcp::socket> ws;
  std::string target;
  std::map<std::string, std::string> headers;

  void send_text(const std::string& text) {
    ws.text(true);
    ws.write(net::buffer(text));
  }
  void send_binary(const std::string& bytes) {
    ws.binary(true);
    ws.write(net::buffer(bytes));
  }
  json read_frame() {
    beast::flat_buffer buf;
    ws.read(buf);
    return json::parse(beast::buffers_to_string(buf.data()));
  }
  /// Reads until a payload with `op` arrives, acknowledging heartbeats.
  json read_until_op(int op, int max_frames = 50) {
    for (int i = 0; i < max_frames; ++i) {
      auto f = read_frame();
      if (f.value("op", -1) == op) return f;
      if (f.value("op", -1) == 1) send_text(R"({"op":11,"d":null,"s":null,"t":null})");
    }
    throw std::runtime_error{"op " + std::to_string(op) + " never came"};
  }
  /// Reads until the client closes; returns its close code (0 on a plain drop).
  int wait_closed(int max_frames = 50) {
    for (int i = 0; i < max_frames; ++i) {
      beast::flat_buffer buf;
      beast::error_code ec;
      ws.read(buf, ec);
      if (ec == websocket::error::closed) return ws.reason().code;
      if (ec) return 0;
    }
    return -1;
  }
};

class ws_test_server {
 public:
  using script = std::function<void(ws_test_server&)>;

  explicit ws_test_server(script s) : script_(std::move(s)) {
    acceptor_.open(tcp::v4());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind({net::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] {
      try {
        script_(*this);
      } catch (const std::exception& e) {
        std::lock_guard lock{mutex_};
        if (!stopping_) error_ = e.what();
      }
      std::lock_guard lock{mutex_};
      done_ = true;
      cv_.notify_all();
    });
  }
  ~ws_test_server() {
    {
      std::lock_guard lock{mutex_};
      stopping_ = true;
      ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
      for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
    }
    thread_.join();
  }

  std::string base(const std::string& path) const {
    return "ws://127.0.0.1:" + std::to_string(port_) + path;
  }

  /// Accepts the next client and completes the WebSocket handshake.
  std::unique_ptr<ws_session> accept() {
    tcp::socket sock{io_};
    acceptor_.accept(sock);
    {
      std::lock_guard lock{mutex_};
      fds_.push_back(sock.native_handle());
      ++connections_;
      cv_.notify_all();
    }
    auto s = std::make_unique<ws_session>(
        ws_session{websocket::stream<tcp::socket>{std::move(sock)}, {}, {}});
    beast::flat_buffer buf;
    http::request<http::string_body> req;
    http::read(s->ws.next_layer(), buf, req);
    s->target = std::string{req.target()};
    for (const auto& f : req) {
      std::string name{f.name_string()};
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      s->headers[name] = std::string{f.value()};
    }
    s->ws.accept(req);
    return s;
  }

  /// Waits (bounded) until the script finished; returns its error ("" if none).
  std::string finish(std::chrono::milliseconds limit = 10s) {
    std::unique_lock lock{mutex_};
    if (!cv_.wait_for(lock, limit, [this] { return done_; })) return "server script did not finish";
    return error_;
  }

  /// Waits at most `limit` for at least n accepted connections.
  bool wait_connections(int n, std::chrono::milliseconds limit) {
    std::unique_lock lock{mutex_};
    return cv_.wait_for(lock, limit, [&] { return connections_ >= n; });
  }

 private:
  script script_;
  net::io_context io_;
  tcp::acceptor acceptor_{io_};
  unsigned short port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<int> fds_;
  int connections_ = 0;
  bool stopping_ = false;
  bool done_ = false;
  std::string error_;
};

// Collects what the client reports; waits are bounded.
struct recorder {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<ready_info> readies;
  int resumed = 0;
  std::vector<gateway_event> events;
  std::vector<std::tuple<link_state, std::string, std::int64_t>> states;

  gateway_handlers handlers() {
    gateway_handlers h;
    h.on_ready = [this](const ready_info& r) { update([&] { readies.push_back(r); }); };
    h.on_resumed = [this] { update([&] { ++resumed; }); };
    h.on_event = [this](gateway_event ev) { update([&] { events.push_back(std::move(ev)); }); };
    h.on_state = [this](link_state s, std::string reason, std::int64_t at) {
      update([&] { states.emplace_back(s, std::move(reason), at); });
    };
    return h;
  }
  template <class F>
  void update(F f) {
    std::lock_guard lock{mutex};
    f();
    cv.notify_all();
  }
  template <class Pred>
  bool wait(Pred pred, std::chrono::milliseconds limit = 10s) {
    std::unique_lock lock{mutex};
    return cv.wait_for(lock, limit, [&] { return pred(); });
  }
  bool saw_state(link_state s) {
    for (auto& [st, reason, at] : states)
      if (st == s) return true;
    return false;
  }
};

gateway_options options_for(const ws_test_server& server, bool compress) {
  gateway_options o;
  o.url = server.base("/gateway");
  o.compress = compress;
  o.token = "tok-123";
  o.user_agent = test_ua;
  o.backoff_min = 10ms;
  o.backoff_max = 20ms;
  o.connect_timeout = 2s;
  return o;
}

std::string hello(int interval) {
  return R"({"op":10,"d":{"heartbeat_interval":)" + std::to_string(interval) +
         R"(},"s":null,"t":null})";
}

std::string ready_frame(const std::string& resume_url, int seq) {
  json j{{"op", 0},
         {"s", seq},
         {"t", "READY"},
         {"d",
          {{"v", 9},
           {"session_id", "sess-1"},
           {"resume_gateway_url", resume_url},
           {"user", {{"id", "99"}, {"username", "alice"}}}}}};
  return j.dump();
}

std::string message_frame(int seq, const std::string& id) {
  json j{{"op", 0},
         {"s", seq},
         {"t", "MESSAGE_CREATE"},
         {"d",
          {{"id", id},
           {"channel_id", "7"},
           {"content", "**cat** - <@99> (Waiting to start)"},
           {"author", {{"id", "936929561302675456"}, {"bot", true}}}}}};
  return j.dump();
}

}  // namespace

TEST(gateway_client, identifies_dispatches_and_resumes_after_close_4000) {
  json identify, resume, heartbeat_reply;
  std::string target1, target2, origin, ua, accept_language;
  ws_test_server server([&](ws_test_server& srv) {
    auto s = srv.accept();
    target1 = s->target;
    origin = s->headers["origin"];
    ua = s->headers["user-agent"];
    accept_language = s->headers["accept-language"];
    s->send_text(hello(45000));  // long interval: beats below are answers to our op 1
    identify = s->read_until_op(2);
    s->send_text(ready_frame(srv.base("/resume"), 1));
    s->send_text(R"({"op":0,"s":2,"t":"PRESENCE_UPDATE","d":{"user":{"id":"5"}}})");
    s->send_text(message_frame(3, "m-1"));
    s->send_text(R"({"op":1,"d":null})");
    heartbeat_reply = s->read_until_op(1);
    s->send_text(R"({"op":11,"d":null})");
    s->ws.close(websocket::close_reason{4000});
    auto s2 = srv.accept();
    target2 = s2->target;
    s2->send_text(hello(45000));
    resume = s2->read_until_op(6);
    s2->send_text(R"({"op":0,"s":4,"t":"RESUMED","d":{}})");
    s2->send_text(message_frame(5, "m-2"));
    s2->wait_closed();
  });
  recorder rec;
  io_runner run;
  gateway_client client{run.io, options_for(server, false), rec.handlers()};
  client.start();
  ASSERT_TRUE(rec.wait([&] { return rec.resumed == 1 && rec.events.size() == 2; }))
      << server.finish(1ms);
  client.stop();
  EXPECT_EQ(server.finish(), "");

  EXPECT_EQ(target1, "/gateway/?encoding=json&v=9");
  EXPECT_EQ(origin, "https://discord.com");
  EXPECT_EQ(ua, test_ua);
  EXPECT_EQ(accept_language, "en-US,en;q=0.9");
  EXPECT_EQ(identify["d"]["token"], "tok-123");
  EXPECT_EQ(identify["d"]["capabilities"], 16381);
  EXPECT_EQ(heartbeat_reply["d"], 3);  // answered at once, with the last seq
  ASSERT_EQ(rec.readies.size(), 1u);
  EXPECT_EQ(rec.readies[0].session_id, "sess-1");
  EXPECT_EQ(rec.readies[0].user_id, "99");
  ASSERT_EQ(rec.events.size(), 2u);  // PRESENCE_UPDATE dropped
  EXPECT_EQ(rec.events[0].id, "m-1");
  EXPECT_EQ(rec.events[0].seq, 3);
  EXPECT_EQ(rec.events[0].kind, event_kind::message_create);
  EXPECT_EQ(rec.events[1].id, "m-2");
  // RESUME went to READY's resume_gateway_url with the session and last seq.
  EXPECT_EQ(target2, "/resume/?encoding=json&v=9");
  EXPECT_EQ(resume["d"]["session_id"], "sess-1");
  EXPECT_EQ(resume["d"]["token"], "tok-123");
  EXPECT_EQ(resume["d"]["seq"], 3);
  // States: connecting → ready → backoff (4000) → connecting → ready.
  std::lock_guard lock{rec.mutex};
  std::vector<link_state> seen;
  for (auto& [s, reason, at] : rec.states) seen.push_back(s);
  std::vector<link_state> expected{link_state::connecting, link_state::ready, link_state::backoff,
                                   link_state::connecting, link_state::ready};
  EXPECT_EQ(seen, expected);
  auto& [bs, reason, retry_at] = rec.states[2];
  EXPECT_NE(reason.find("4000"), std::string::npos) << reason;
  EXPECT_GT(retry_at, 0);
}

TEST(gateway_client, close_4004_disables_without_reconnecting) {
  ws_test_server server([](ws_test_server& srv) {
    auto s = srv.accept();
    s->send_text(hello(45000));
    s->read_until_op(2);
    s->ws.close(websocket::close_reason{4004});
    srv.accept();  // only a (wrong) reconnect gets here
  });
  recorder rec;
  io_runner run;
  gateway_client client{run.io, options_for(server, false), rec.handlers()};
  client.start();
  ASSERT_TRUE(rec.wait([&] { return rec.saw_state(link_state::disabled); }));
  {
    std::lock_guard lock{rec.mutex};
    auto& [s, reason, at] = rec.states.back();
    EXPECT_EQ(s, link_state::disabled);
    EXPECT_EQ(reason, "gateway 4004 Authentication failed (token invalid or reset)");
    EXPECT_FALSE(rec.saw_state(link_state::backoff));
  }
  // Backoff is at most 20 ms here: a reconnect would arrive well within this bound.
  EXPECT_FALSE(server.wait_connections(2, 500ms));
  client.stop();
}

TEST(gateway_client, zlib_stream_payloads_split_over_frames) {
  std::string target;
  ws_test_server server([&](ws_test_server& srv) {
    auto s = srv.accept();
    target = s->target;
    sync_deflater def;
    s->send_binary(def.compress(hello(45000)));
    s->read_until_op(2);
    auto ready = def.compress(ready_frame(srv.base("/resume"), 1));
    auto third = ready.size() / 3;
    s->send_binary(ready.substr(0, third));
    s->send_binary(ready.substr(third, third));
    s->send_binary(ready.substr(2 * third));
    s->send_text(message_frame(2, "plain-text"));  // text frames stay plain JSON
    s->send_binary(def.compress(message_frame(3, "zipped")));
    s->wait_closed();
  });
  recorder rec;
  io_runner run;
  gateway_client client{run.io, options_for(server, true), rec.handlers()};
  client.start();
  ASSERT_TRUE(rec.wait([&] { return rec.events.size() == 2; })) << server.finish(1ms);
  client.stop();
  EXPECT_EQ(server.finish(), "");
  EXPECT_EQ(target, "/gateway/?encoding=json&v=9&compress=zlib-stream");
  ASSERT_EQ(rec.readies.size(), 1u);
  EXPECT_EQ(rec.events[0].id, "plain-text");
  EXPECT_EQ(rec.events[1].id, "zipped");
  EXPECT_EQ(rec.events[1].seq, 3);
}

TEST(gateway_client, unacknowledged_heartbeat_closes_4000_and_resumes) {
  int client_close_code = -2;
  json resume;
  ws_test_server server([&](ws_test_server& srv) {
    auto s = srv.accept();
    s->send_text(hello(100));
    s->read_until_op(2);  // acks beats that come before IDENTIFY
    s->send_text(ready_frame(srv.base("/resume"), 7));
    client_close_code = s->wait_closed();  // never ACK from here on
    auto s2 = srv.accept();
    s2->send_text(hello(45000));
    resume = s2->read_until_op(6);
    s2->send_text(R"({"op":0,"s":8,"t":"RESUMED","d":{}})");
    s2->wait_closed();
  });
  recorder rec;
  io_runner run;
  gateway_client client{run.io, options_for(server, false), rec.handlers()};
  client.start();
  ASSERT_TRUE(rec.wait([&] { return rec.resumed == 1; })) << server.finish(1ms);
  client.stop();
  EXPECT_EQ(server.finish(), "");
  EXPECT_EQ(client_close_code, 4000);
  EXPECT_EQ(resume["d"]["session_id"], "sess-1");
  EXPECT_EQ(resume["d"]["seq"], 7);
  std::lock_guard lock{rec.mutex};
  bool zombie_reported = false;
  for (auto& [s, reason, at] : rec.states)
    zombie_reported = zombie_reported || reason.find("zombie") != std::string::npos;
  EXPECT_TRUE(zombie_reported);
}
