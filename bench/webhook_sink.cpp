// bench_sink: the local webhook receiver of bench/run pipeline. Answers every POST at once
// and records, for each terminal task event, the unix time it arrived, so the harness can
// measure completed jobs/s and the time mjgate adds before the webhook arrives.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <restinio/all.hpp>

#include "bench/serve.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

/// One terminal webhook: task id, status, arrival (unix µs), the task's finishTime (unix ms)
/// and its job hash (properties.messageHash, the simulator's job key).
struct arrival {
  std::string task_id, status, hash;
  std::int64_t arrived_us = 0, finish_ms = 0;
};

/// Everything received; guarded by `mu` (io threads write, /stats and exit read).
struct sink_state {
  std::mutex mu;
  std::vector<arrival> terminal;
  std::atomic<std::uint64_t> posts{0}, success{0}, failure{0}, bad{0};
};

/// obj[key] if it is a string, else "" (webhook bodies carry nulls for unset fields).
std::string string_at(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::int64_t unix_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Records one POST body; non-terminal events are only counted.
void record(sink_state& s, const std::string& body, std::int64_t now_us) {
  ++s.posts;
  auto task = nlohmann::json::parse(body, nullptr, false);
  if (task.is_discarded() || !task.is_object() || !task.contains("status")) {
    ++s.bad;
    return;
  }
  auto status = string_at(task, "status");
  if (status != "SUCCESS" && status != "FAILURE" && status != "CANCEL") return;
  (status == "SUCCESS" ? s.success : s.failure)++;
  arrival a;
  a.task_id = string_at(task, "id");
  a.status = std::move(status);
  a.arrived_us = now_us;
  if (task.contains("finishTime") && task["finishTime"].is_number_integer())
    a.finish_ms = task["finishTime"].get<std::int64_t>();
  if (task.contains("properties") && task["properties"].is_object())
    a.hash = string_at(task["properties"], "messageHash");
  std::lock_guard lock{s.mu};
  s.terminal.push_back(std::move(a));
}

std::string stats_json(const sink_state& s) {
  return nlohmann::json{{"posts", s.posts.load()},
                        {"success", s.success.load()},
                        {"failure", s.failure.load()},
                        {"bad", s.bad.load()}}
      .dump();
}

/// Writes "task_id status arrived_us finish_ms hash" lines ("-" for no hash).
void write_arrivals(sink_state& s, const std::string& path) {
  std::ofstream out{path};
  std::lock_guard lock{s.mu};
  for (const auto& a : s.terminal)
    out << a.task_id << ' ' << a.status << ' ' << a.arrived_us << ' ' << a.finish_ms << ' '
        << (a.hash.empty() ? "-" : a.hash) << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bench_sink: webhook receiver for bench/run pipeline"};
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  unsigned threads = 1;
  std::string out_path;
  app.add_option("--host", host, "address to listen on");
  app.add_option("--port", port, "TCP port (0 = any free port)");
  app.add_option("--threads", threads, "io threads")->check(CLI::Range(1, 64));
  app.add_option("--out", out_path, "file the terminal arrivals are written to at exit")
      ->required();
  CLI11_PARSE(app, argc, argv);

  sink_state state;
  auto handler = [&state](const restinio::request_handle_t& req) {
    const auto now = unix_us();
    const auto method = req->header().method();
    if (method == restinio::http_method_post()) {
      record(state, req->body(), now);
      return req->create_response().set_body("{}").done();
    }
    if (method == restinio::http_method_get() && req->header().path() == "/stats")
      return req->create_response()
          .append_header(restinio::http_field::content_type, "application/json")
          .set_body(stats_json(state))
          .done();
    return req->create_response(restinio::status_not_found()).set_body("{}").done();
  };

  int status = mjgate::bench::serve_until_signal("bench_sink", host, port, threads, handler);
  write_arrivals(state, out_path);
  std::cout << "bench_sink stopped " << stats_json(state) << std::endl;
  return status;
}
