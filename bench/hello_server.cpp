// bench_hello: the HTTP ceiling of issue 3. A minimal RESTinio server on
// Boost.Asio with mjgate's io thread count and accept settings: GET /hello
// and POST /echo (reads the body, answers a small JSON envelope).
#include <CLI/CLI.hpp>
#include <restinio/all.hpp>

#include "bench/serve.hpp"

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

  return mjgate::bench::serve_until_signal("bench_hello", host, port, threads, handle);
}
