// mjgate-sim: an independent Discord + Midjourney-bot emulator (REST, gateway, bot script)
// that tests, benchmarks and the demo point mjgate at. Shares no code with discord/ on purpose.
// Spec: docs/discord-midjourney-protocol.md §9.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mjgate::sim {

/// One simulated Discord user account subscribed to Midjourney.
struct sim_account {
  std::string token, user_id, username, guild_id, channel_id;
};

/// Deterministic account i (1-based): token "sim-token-<i>", user_id = 1300000000000000000 + i,
/// username "simuser<i>", guild_id "1100000000000000001", channel_id = 1200000000000000000 + i.
sim_account make_sim_account(int i);

/// Pacing profile of the scripted bot (§9.4): bench = no pacing, test = 200–500 ms, demo = 20–40 s.
enum class speed { bench, test, demo };

/// Parses "bench" / "test" / "demo"; nullopt for anything else.
std::optional<speed> parse_speed(std::string_view text);

/// Start-up options of one simulator instance.
struct options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  ///< 0 = the OS picks; read it back with simulator::port()
  speed pace = speed::test;
  int accounts = 4;        ///< accounts 1..N exist (make_sim_account)
  std::uint64_t seed = 1;  ///< seeds every random choice (ids, hashes, delays, colours)
  int heartbeat_interval_ms = 41250;
  std::vector<std::string> banned_words;  ///< word-boundary, case-insensitive prompt match
  std::string public_base;                ///< base of URLs put in payloads; "" = http://host:port
  unsigned threads = 1;                   ///< io threads
  int plan_concurrency = 12;              ///< jobs per user running at once; more wait in a queue
  /// The Suno upstream (/suno/*, sim/suno_upstream.hpp): accepted Bearer keys,
  /// and how long each task status lasts (0 = the pace's default).
  std::vector<std::string> suno_keys{"sim-suno-key"};
  int suno_step_ms = 0;
  /// The HTTP proxy (sim/http_proxy.hpp) on its own listener: off unless
  /// `proxy`; `proxy_credentials` "user:password" makes it require Basic auth.
  bool proxy = false;
  std::uint16_t proxy_port = 0;  ///< 0 = the OS picks; read it back with proxy_port()
  std::string proxy_credentials;
};

/// The simulator server. Owns its io_context and threads; every method is thread-safe.
class simulator {
 public:
  explicit simulator(options opts);
  ~simulator();  ///< stops if still running
  simulator(const simulator&) = delete;
  simulator& operator=(const simulator&) = delete;

  /// Binds and starts serving; returns once the socket listens. Throws on bind failure.
  void start();
  /// Closes every connection, stops the threads and joins them. Idempotent.
  void stop();
  /// The bound port (valid after start()).
  std::uint16_t port() const;
  /// "http://<host>:<port>" (valid after start()).
  std::string base_url() const;
  /// The proxy's bound port (0 when options::proxy is off).
  std::uint16_t proxy_port() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace mjgate::sim
