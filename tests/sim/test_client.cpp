#include "tests/sim/test_client.hpp"

#include <zlib.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <stdexcept>

namespace mjgate::sim::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

namespace {

// Runs io until `done` or the deadline; on timeout cancels the socket and throws.
void run_until(net::io_context& io, const bool& done, beast::tcp_stream& stream,
               std::chrono::milliseconds timeout, const char* what) {
  io.restart();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done && std::chrono::steady_clock::now() < deadline) {
    if (io.run_one_until(deadline) == 0 && io.stopped()) io.restart();
  }
  if (!done) {
    stream.socket().cancel();
    io.restart();
    io.run_for(std::chrono::seconds{1});
    throw std::runtime_error{std::string{"timeout: "} + what};
  }
}

}  // namespace

http_reply http_call(std::uint16_t port, std::string_view method, std::string_view target,
                     std::string_view body, std::string_view authorization,
                     std::chrono::milliseconds timeout) {
  net::io_context io;
  beast::tcp_stream stream{io};
  stream.connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), port});
  http::request<http::string_body> req{
      http::string_to_verb(beast::string_view{method.data(), method.size()}),
      beast::string_view{target.data(), target.size()}, 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::user_agent, "sim-tests");
  if (!authorization.empty()) req.set(http::field::authorization, std::string{authorization});
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  req.body() = std::string{body};
  req.prepare_payload();
  bool done = false;
  beast::error_code failure;
  beast::flat_buffer buf;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64u << 20);
  http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
    if (ec) {
      failure = ec;
      done = true;
      return;
    }
    http::async_read(stream, buf, parser, [&](beast::error_code ec2, std::size_t) {
      failure = ec2;
      done = true;
    });
  });
  run_until(io, done, stream, timeout, "http");
  if (failure) throw std::runtime_error{"http: " + failure.message()};
  auto res = parser.release();
  http_reply out;
  out.status = static_cast<int>(res.result_int());
  out.body = std::move(res.body());
  if (res.count(http::field::content_type))
    out.content_type =
        std::string{res[http::field::content_type].data(), res[http::field::content_type].size()};
  return out;
}

struct gateway_client::impl {
  net::io_context io;
  websocket::stream<beast::tcp_stream> ws{io};
  beast::flat_buffer buf;
  z_stream zs{};
  std::string pending;
  int close_code = 0;
  int binary = 0, text = 0;
  bool flushed = true, header_ok = false;

  impl() {
    if (inflateInit(&zs) != Z_OK) throw std::runtime_error{"inflateInit"};
  }
  ~impl() { inflateEnd(&zs); }

  // Appends a binary frame; returns true and the payload when a sync-flush ends the buffer.
  bool inflate_frame(std::string_view frame, std::string& out) {
    if (binary == 1)
      header_ok = frame.size() >= 2 && static_cast<unsigned char>(frame[0]) == 0x78 &&
                  static_cast<unsigned char>(frame[1]) == 0x9C;
    pending.append(frame);
    static constexpr char suffix[] = {0, 0, '\xff', '\xff'};
    bool ends = pending.size() >= 4 && pending.compare(pending.size() - 4, 4, suffix, 4) == 0;
    flushed = flushed && frame.size() >= 4 &&
              frame.substr(frame.size() - 4) == std::string_view{suffix, 4};
    if (!ends) return false;
    zs.next_in = reinterpret_cast<Bytef*>(pending.data());
    zs.avail_in = static_cast<uInt>(pending.size());
    out.clear();
    char chunk[16384];
    do {
      zs.next_out = reinterpret_cast<Bytef*>(chunk);
      zs.avail_out = sizeof chunk;
      int rc = inflate(&zs, Z_SYNC_FLUSH);
      if (rc != Z_OK && rc != Z_BUF_ERROR) throw std::runtime_error{"inflate failed"};
      out.append(chunk, sizeof chunk - zs.avail_out);
    } while (zs.avail_out == 0);
    pending.clear();
    return true;
  }
};

gateway_client::gateway_client(std::uint16_t port, std::string target)
    : impl_(std::make_unique<impl>()) {
  auto& s = beast::get_lowest_layer(impl_->ws);
  s.connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), port});
  bool done = false;
  beast::error_code failure;
  impl_->ws.async_handshake("127.0.0.1:" + std::to_string(port), target, [&](beast::error_code ec) {
    failure = ec;
    done = true;
  });
  run_until(impl_->io, done, s, std::chrono::seconds{5}, "ws handshake");
  if (failure) throw std::runtime_error{"ws handshake: " + failure.message()};
}

gateway_client::~gateway_client() {
  beast::error_code ignored;
  beast::get_lowest_layer(impl_->ws).socket().close(ignored);
}

void gateway_client::send(const nlohmann::json& payload) {
  bool done = false;
  beast::error_code failure;
  std::string text = payload.dump();
  impl_->ws.text(true);
  impl_->ws.async_write(net::buffer(text), [&](beast::error_code ec, std::size_t) {
    failure = ec;
    done = true;
  });
  run_until(impl_->io, done, beast::get_lowest_layer(impl_->ws), std::chrono::seconds{5},
            "ws write");
  if (failure) throw std::runtime_error{"ws write: " + failure.message()};
}

std::optional<nlohmann::json> gateway_client::next(std::chrono::milliseconds timeout) {
  if (impl_->close_code != 0) return std::nullopt;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (int frames = 0; frames < 10000; ++frames) {
    bool done = false;
    beast::error_code failure;
    impl_->buf.clear();
    impl_->ws.async_read(impl_->buf, [&](beast::error_code ec, std::size_t) {
      failure = ec;
      done = true;
    });
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    run_until(impl_->io, done, beast::get_lowest_layer(impl_->ws),
              std::max(left, std::chrono::milliseconds{1}), "ws read");
    if (failure == websocket::error::closed) {
      impl_->close_code = impl_->ws.reason().code;
      return std::nullopt;
    }
    if (failure) throw std::runtime_error{"ws read: " + failure.message()};
    std::string data = beast::buffers_to_string(impl_->buf.data());
    if (impl_->ws.got_text()) {
      ++impl_->text;
      return nlohmann::json::parse(data);
    }
    ++impl_->binary;
    std::string payload;
    if (impl_->inflate_frame(data, payload)) return nlohmann::json::parse(payload);
  }
  throw std::runtime_error{"ws read: too many partial frames"};
}

nlohmann::json gateway_client::until_dispatch(std::string_view type, int max_frames) {
  for (int i = 0; i < max_frames; ++i) {
    auto p = next();
    if (!p) throw std::runtime_error{"closed while waiting for " + std::string{type}};
    if ((*p)["op"] == 0 && (*p)["t"] == type) return *p;
  }
  throw std::runtime_error{"no " + std::string{type} + " within the frame budget"};
}

void gateway_client::close(std::uint16_t code) {
  bool done = false;
  impl_->ws.async_close(websocket::close_reason{code}, [&](beast::error_code) { done = true; });
  run_until(impl_->io, done, beast::get_lowest_layer(impl_->ws), std::chrono::seconds{5},
            "ws close");
}

int gateway_client::close_code() const {
  return impl_->close_code;
}
int gateway_client::binary_frames() const {
  return impl_->binary;
}
int gateway_client::text_frames() const {
  return impl_->text;
}
bool gateway_client::all_binary_frames_flushed() const {
  return impl_->flushed;
}
bool gateway_client::zlib_header_seen() const {
  return impl_->header_ok;
}

}  // namespace mjgate::sim::testing
