// One RESTinio serving loop for the bench programs (bench_hello, bench_sink):
// bind, print "<name> listening on http://H:P", run on `threads` io threads
// until SIGINT/SIGTERM. Returns the exit status.
#pragma once

#include <restinio/all.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <cstdint>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace mjgate::bench {

using traits = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;

template <class Handler>
int serve_until_signal(const std::string& name, const std::string& host, std::uint16_t port,
                       unsigned threads, Handler handler) {
  boost::asio::io_context io;
  std::uint16_t bound = 0;
  restinio::http_server_t<traits> server{
      restinio::external_io_context(io),
      restinio::server_settings_t<traits>{}
          .address(host)
          .port(port)
          .request_handler(std::move(handler))
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
      [&] { std::cout << name << " listening on http://" << host << ":" << bound << std::endl; },
      [&](std::exception_ptr e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          std::cerr << name << ": cannot listen: " << ex.what() << std::endl;
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

}  // namespace mjgate::bench
