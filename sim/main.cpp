// mjgate-sim: runs the Discord + Midjourney simulator as its own process (tests, demo, bench).
#include <CLI/CLI.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <iostream>

#include "sim/simulator.hpp"

int main(int argc, char** argv) {
  CLI::App app{"mjgate-sim: Discord + Midjourney simulator"};
  std::string listen = "127.0.0.1:8900";
  std::string pace = "test";
  mjgate::sim::options opts;
  app.add_option("--listen", listen, "host:port to listen on (port 0 = any free port)");
  app.add_option("--speed", pace, "bench | test | demo")
      ->check(CLI::IsMember({"bench", "test", "demo"}));
  app.add_option("--accounts", opts.accounts, "number of simulated accounts")
      ->check(CLI::Range(1, 10000));
  app.add_option("--seed", opts.seed, "PRNG seed");
  app.add_option("--heartbeat-ms", opts.heartbeat_interval_ms, "gateway heartbeat interval")
      ->check(CLI::Range(50, 600000));
  app.add_option("--public-base", opts.public_base, "base URL written into payloads");
  app.add_option("--banned-word", opts.banned_words, "a banned prompt word (repeatable)");
  app.add_option("--threads", opts.threads, "io threads")->check(CLI::Range(1, 64));
  app.add_option("--concurrency", opts.plan_concurrency, "jobs per user running at once")
      ->check(CLI::Range(1, 1000));
  std::vector<std::string> suno_keys;
  app.add_option("--suno-key", suno_keys, "a key the Suno upstream accepts (repeatable)");
  app.add_option("--suno-step-ms", opts.suno_step_ms, "how long each Suno task status lasts")
      ->check(CLI::Range(0, 3600000));
  std::string proxy_listen;
  app.add_option("--proxy-listen", proxy_listen,
                 "also run an HTTP proxy (absolute-form + CONNECT, 127.0.0.1 targets only) on "
                 "host:port (port 0 = any free port); its host must be --listen's");
  app.add_option("--proxy-auth", opts.proxy_credentials,
                 "user:password the proxy requires (Proxy-Authorization: Basic)");
  CLI11_PARSE(app, argc, argv);
  if (!suno_keys.empty()) opts.suno_keys = suno_keys;

  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "--listen must be host:port\n";
    return 2;
  }
  opts.host = listen.substr(0, colon);
  try {
    int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range{"port"};
    opts.port = static_cast<std::uint16_t>(port);
  } catch (const std::exception&) {
    std::cerr << "--listen: bad port\n";
    return 2;
  }
  opts.pace = *mjgate::sim::parse_speed(pace);
  if (!proxy_listen.empty()) {
    auto pc = proxy_listen.rfind(':');
    try {
      if (pc == std::string::npos || proxy_listen.substr(0, pc) != opts.host)
        throw std::invalid_argument{"host"};
      int port = std::stoi(proxy_listen.substr(pc + 1));
      if (port < 0 || port > 65535) throw std::out_of_range{"port"};
      opts.proxy = true;
      opts.proxy_port = static_cast<std::uint16_t>(port);
    } catch (const std::exception&) {
      std::cerr << "--proxy-listen must be " << opts.host << ":<port>\n";
      return 2;
    }
  }

  // Block the stop signals before any thread starts, so only the signal_set sees them.
  boost::asio::io_context signals_io;
  boost::asio::signal_set signals{signals_io, SIGINT, SIGTERM};
  mjgate::sim::simulator sim{opts};
  try {
    sim.start();
  } catch (const std::exception& e) {
    std::cerr << "mjgate-sim: cannot listen on " << listen << ": " << e.what() << "\n";
    return 1;
  }
  std::cout << "mjgate-sim listening on " << sim.base_url() << std::endl;
  if (opts.proxy)
    std::cout << "mjgate-sim proxy listening on http://" << opts.host << ":" << sim.proxy_port()
              << std::endl;
  signals.async_wait([](const boost::system::error_code&, int) {});
  signals_io.run();
  sim.stop();
  std::cout << "mjgate-sim stopped" << std::endl;
  return 0;
}
