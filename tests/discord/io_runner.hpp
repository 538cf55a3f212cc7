// Test helper: an io_context running on its own thread for the duration of a
// test, plus a bounded wait for a callback's result.
#pragma once

#include <chrono>
#include <future>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace mjgate::discord::test {

class io_runner {
 public:
  io_runner() : guard_(io.get_executor()), thread_([this] { io.run(); }) {}
  ~io_runner() {
    guard_.reset();
    io.stop();
    thread_.join();
  }
  boost::asio::io_context io;

 private:
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread thread_;
};

/// Waits at most `limit` for the future; nullopt on timeout.
template <class T>
std::optional<T> await(std::future<T>& f,
                       std::chrono::milliseconds limit = std::chrono::seconds{5}) {
  if (f.wait_for(limit) != std::future_status::ready) return std::nullopt;
  return f.get();
}

}  // namespace mjgate::discord::test
