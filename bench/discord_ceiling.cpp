// bench_discord: the Discord ceiling of issue 3. Drives mjgate-sim directly, without mjgate:
// N gateway connections (plain JSON) and one keep-alive REST connection per account post
// imagine interactions, keeping `window` jobs per account in flight, and count the finished
// grids (the final MESSAGE_CREATE with the PNG attachment) per second.
#include <CLI/CLI.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/bot_messages.hpp"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ws = beast::websocket;
using tcp = net::ip::tcp;
using clock_type = std::chrono::steady_clock;

/// Run-wide settings and counters (single-threaded: one io_context, one thread).
struct run_state {
  std::string host, port;
  tcp::resolver::results_type endpoints;
  int window = 12;
  std::uint64_t max_jobs = 0;
  std::uint64_t posted = 0, completed = 0, failed = 0, rejected = 0, ready = 0;
  std::uint64_t next_nonce = 1400000000000000000ULL;
  bool measuring = false, stopping = false;
  std::uint64_t completed_at_start = 0;
  std::string error;
};

/// What kind of gateway dispatch a frame is, as far as the ceiling cares.
enum class frame_kind { other, ready, final_grid, failure };

/// Classifies one gateway payload by cheap substring checks (no JSON parse on the hot path).
frame_kind classify(std::string_view frame) {
  if (frame.find(R"("t":"READY")") != std::string_view::npos) return frame_kind::ready;
  if (frame.find(R"("t":"MESSAGE_CREATE")") == std::string_view::npos) return frame_kind::other;
  if (frame.find(".png\"") != std::string_view::npos) return frame_kind::final_grid;
  if (frame.find("Failed to process") != std::string_view::npos ||
      frame.find("Banned prompt") != std::string_view::npos)
    return frame_kind::failure;
  return frame_kind::other;
}

/// The session id of a READY payload ("" if absent).
std::string session_of(std::string_view frame) {
  constexpr std::string_view key = R"("session_id":")";
  auto at = frame.find(key);
  if (at == std::string_view::npos) return {};
  auto from = at + key.size();
  auto to = frame.find('"', from);
  return std::string{frame.substr(from, to - from)};
}

/// The imagine interaction body of the simulator's accepted command (§3).
std::string interaction_body(int account, const std::string& session, std::uint64_t nonce) {
  const auto channel = std::to_string(1200000000000000000ULL + static_cast<unsigned>(account));
  return R"({"type":2,"application_id":")" + std::string{mjgate::sim::mj_bot_id} +
         R"(","guild_id":"1100000000000000001","channel_id":")" + channel + R"(","session_id":")" +
         session + R"(","nonce":")" + std::to_string(nonce) + R"(","data":{"version":")" +
         std::string{mjgate::sim::imagine_command_version} + R"(","id":")" +
         std::string{mjgate::sim::imagine_command_id} +
         R"(","name":"imagine","type":1,"options":[{"type":3,"name":"prompt","value":"a red cat on a blue chair )" +
         std::to_string(nonce) + R"("}]}})";
}

/// One simulated user: a gateway connection and a REST connection, `window` jobs in flight.
class account_driver : public std::enable_shared_from_this<account_driver> {
 public:
  account_driver(net::io_context& io, run_state& run, int index)
      : run_(run),
        index_(index),
        token_("sim-token-" + std::to_string(index)),
        gw_(io),
        rest_(io) {}

  /// Connects both sockets and identifies; jobs start once READY arrives.
  void start() {
    auto self = shared_from_this();
    beast::get_lowest_layer(gw_).async_connect(run_.endpoints, [self](beast::error_code ec, auto) {
      if (ec) return self->fail("gateway connect", ec);
      self->gw_.async_handshake(self->run_.host + ":" + self->run_.port,
                                "/gateway?v=9&encoding=json", [self](beast::error_code ec2) {
                                  if (ec2) return self->fail("gateway handshake", ec2);
                                  self->read_frame();
                                });
    });
    rest_.async_connect(run_.endpoints, [self](beast::error_code ec, auto) {
      if (ec) return self->fail("rest connect", ec);
      self->rest_open_ = true;
      self->pump();
    });
  }

  /// Lets the in-flight jobs finish but posts no new ones; closes the gateway.
  void stop() {
    beast::error_code ignored;
    beast::get_lowest_layer(gw_).socket().close(ignored);
    rest_.socket().close(ignored);
  }

 private:
  void fail(const char* what, beast::error_code ec) {
    if (run_.stopping || ec == net::error::operation_aborted) return;
    if (run_.error.empty())
      run_.error = "account " + std::to_string(index_) + ": " + what + ": " + ec.message();
  }

  void read_frame() {
    auto self = shared_from_this();
    gw_.async_read(in_, [self](beast::error_code ec, std::size_t) {
      if (ec) return self->fail("gateway read", ec);
      self->on_frame(beast::buffers_to_string(self->in_.data()));
      self->in_.consume(self->in_.size());
      self->read_frame();
    });
  }

  void on_frame(const std::string& frame) {
    if (!identified_ && frame.find(R"("op":10)") != std::string::npos) {
      identified_ = true;
      send_gateway(
          R"({"op":2,"d":{"token":")" + token_ +
          R"(","properties":{"os":"Linux","browser":"bench","device":""},"compress":false}})");
      return;
    }
    switch (classify(frame)) {
      case frame_kind::ready:
        session_ = session_of(frame);
        ++run_.ready;
        pump();
        return;
      case frame_kind::final_grid:
        ++run_.completed;
        --in_flight_;
        pump();
        return;
      case frame_kind::failure:
        ++run_.failed;
        --in_flight_;
        pump();
        return;
      case frame_kind::other:
        return;
    }
  }

  void send_gateway(std::string text) {
    out_.push_back(std::move(text));
    if (out_.size() == 1) write_next();
  }

  void write_next() {
    auto self = shared_from_this();
    gw_.text(true);
    gw_.async_write(net::buffer(out_.front()), [self](beast::error_code ec, std::size_t) {
      if (ec) return self->fail("gateway write", ec);
      self->out_.erase(self->out_.begin());
      if (!self->out_.empty()) self->write_next();
    });
  }

  // Posts the next interaction if a slot is free and no request is outstanding.
  void pump() {
    if (run_.stopping || posting_ || !rest_open_ || session_.empty()) return;
    if (in_flight_ >= run_.window) return;
    if (run_.max_jobs > 0 && run_.posted >= run_.max_jobs) return;
    posting_ = true;
    ++in_flight_;
    ++run_.posted;
    req_ = {http::verb::post, "/api/v9/interactions", 11};
    req_.set(http::field::host, run_.host + ":" + run_.port);
    req_.set(http::field::authorization, token_);
    req_.set(http::field::content_type, "application/json");
    req_.body() = interaction_body(index_, session_, run_.next_nonce++);
    req_.prepare_payload();
    auto self = shared_from_this();
    http::async_write(rest_, req_, [self](beast::error_code ec, std::size_t) {
      if (ec) return self->fail("rest write", ec);
      self->res_ = {};
      http::async_read(self->rest_, self->rest_buf_, self->res_,
                       [self](beast::error_code ec2, std::size_t) {
                         if (ec2) return self->fail("rest read", ec2);
                         self->posting_ = false;
                         if (self->res_.result_int() != 204) {
                           ++self->run_.rejected;
                           --self->in_flight_;
                         }
                         self->pump();
                       });
    });
  }

  run_state& run_;
  int index_;
  std::string token_, session_;
  ws::stream<beast::tcp_stream> gw_;
  beast::tcp_stream rest_;
  beast::flat_buffer in_, rest_buf_;
  std::vector<std::string> out_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
  bool identified_ = false, posting_ = false, rest_open_ = false;
  int in_flight_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_discord: mjgate-sim driven directly (the Discord ceiling of bench/run)"};
  std::string sim = "127.0.0.1:8900";
  int accounts = 100;
  double seconds = 10;
  double connect_seconds = 60;
  run_state run;
  app.add_option("--sim", sim, "simulator host:port")->required();
  app.add_option("--accounts", accounts, "accounts 1..N to drive")->check(CLI::Range(1, 10000));
  app.add_option("--window", run.window, "jobs in flight per account (mjgate: core_size)")
      ->check(CLI::Range(1, 112));
  app.add_option("--seconds", seconds, "measured time after every account is READY")
      ->check(CLI::Range(0.1, 600.0));
  app.add_option("--max-jobs", run.max_jobs, "stop posting after this many jobs (0 = no limit)");
  app.add_option("--connect-seconds", connect_seconds, "limit for every account to be READY")
      ->check(CLI::Range(1.0, 600.0));
  CLI11_PARSE(app, argc, argv);
  auto colon = sim.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "bench_discord: --sim must be host:port\n";
    return 2;
  }
  run.host = sim.substr(0, colon);
  run.port = sim.substr(colon + 1);

  net::io_context io;
  run.endpoints = tcp::resolver{io}.resolve(run.host, run.port);
  std::vector<std::shared_ptr<account_driver>> drivers;
  for (int i = 1; i <= accounts; ++i) {
    drivers.push_back(std::make_shared<account_driver>(io, run, i));
    drivers.back()->start();
  }

  // One ticker: waits for READY (bounded), then measures for `seconds`, then stops.
  const auto begin = clock_type::now();
  auto measure_from = begin;
  net::steady_timer tick{io};
  std::function<void(beast::error_code)> on_tick = [&](beast::error_code) {
    const auto now = clock_type::now();
    if (!run.error.empty()) {
      run.stopping = true;
      for (auto& d : drivers) d->stop();
      return;
    }
    if (!run.measuring) {
      if (run.ready >= static_cast<std::uint64_t>(accounts)) {
        run.measuring = true;
        measure_from = now;
        run.completed_at_start = run.completed;
      } else if (now - begin > std::chrono::duration<double>(connect_seconds)) {
        run.error = "only " + std::to_string(run.ready) + " of " + std::to_string(accounts) +
                    " accounts READY in time";
      }
    } else if (now - measure_from >= std::chrono::duration<double>(seconds) ||
               (run.max_jobs > 0 && run.completed + run.failed >= run.max_jobs)) {
      run.stopping = true;
      const double elapsed = std::chrono::duration<double>(now - measure_from).count();
      const auto done = run.completed - run.completed_at_start;
      std::cout
          << "bench_discord accounts=" << accounts << " window=" << run.window << " ready_ms="
          << std::chrono::duration_cast<std::chrono::milliseconds>(measure_from - begin).count()
          << " posted=" << run.posted << " completed=" << done << " failed=" << run.failed
          << " rejected=" << run.rejected << " seconds=" << elapsed
          << " jobs_per_s=" << static_cast<std::uint64_t>(done / elapsed) << std::endl;
      for (auto& d : drivers) d->stop();
      return;
    }
    tick.expires_after(std::chrono::milliseconds{20});
    tick.async_wait(on_tick);
  };
  tick.expires_after(std::chrono::milliseconds{20});
  tick.async_wait(on_tick);
  io.run();
  if (!run.error.empty()) {
    std::cerr << "bench_discord: " << run.error << std::endl;
    return 1;
  }
  return 0;
}
