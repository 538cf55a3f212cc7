// bench_hello: the HTTP ceiling of issue 3. A minimal RESTinio server on
// Boost.Asio with mjgate's io thread count and accept settings: GET /hello
// and POST /echo (reads the body, answers a small JSON envelope).
#include <CLI/CLI.hpp>
#include <restinio/all.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <cstdint>
#include <future>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

// Real strand (as mjgate: answers may come from any thread), no logging.
using traits = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;
using server_t = restinio::http_server_t<traits>;

/// The answer to POST /echo: the shape and size of an mj submit answer, with
/// the received body length so the body is really read.
std::string echo_answer(std::size_t body_bytes) {
  return R"({"code":1,"description":"Submit success","result":"1732212345678901","properties":{"bytes":)" +
         std::to_string(body_bytes) + "}}";
}

restinio::request_handling_status_t handle(const restinio::request_handle_t& req) {
  const auto method = req->header().method();
  const auto path = req->header().path();
  if (method == restinio::http_method_get() && path == "/hello") {
    return req->create_response()
        .append_header(restinio::http_field::content_type, "application/json")
        .set_body(R"({"hello":"world"})")
        .done();
  }
  if (method == restinio::http_method_post() && path == "/echo") {
    return req->create_response()
        .append_header(restinio::http_field::content_type, "application/json")
        .set_body(echo_answer(req->body().size()))
        .done();
  }
  return req->create_response(restinio::status_not_found()).set_body("{}").done();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_hello: RESTinio hello-world ceiling for bench/run"};
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  unsigned threads = 2;
  app.add_option("--host", host, "address to listen on");
  app.add_option("--port", port, "TCP port (0 = any free port)");
  app.add_option("--threads", threads, "io threads")->check(CLI::Range(1, 64));
  CLI11_PARSE(app, argc, argv);

  boost::asio::io_context io;
  std::uint16_t bound = 0;
  server_t server{restinio::external_io_context(io),
                  restinio::server_settings_t<traits>{}
                      .address(host)
                      .port(port)
                      .request_handler(handle)
                      .concurrent_accepts_count(threads)
                      .separate_accept_and_create_connect(true)
                      .acceptor_post_bind_hook([&bound](boost::asio::ip::tcp::acceptor& acc) {
                        bound = acc.local_endpoint().port();
                      })};
  boost::asio::signal_set signals{io, SIGINT, SIGTERM};
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) server.close_async([&io] { io.stop(); }, [&io](std::exception_ptr) { io.stop(); });
  });
  int status = 0;
  server.open_async(
      [&] { std::cout << "bench_hello listening on http://" << host << ":" << bound << std::endl; },
      [&](std::exception_ptr e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          std::cerr << "bench_hello: cannot listen: " << ex.what() << std::endl;
        }
        status = 1;
        io.stop();
      });
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
  return status;
}
