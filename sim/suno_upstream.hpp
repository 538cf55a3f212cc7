// The simulator's Suno upstream (api-contracts.md §5.4 "Suno upstream"): what
// mjgate's suno channels submit to and poll. Pure: time comes in as an
// argument and tasks progress by elapsed time, so tests need no sleeps.
// Not thread-safe; the simulator calls it under its own mutex.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mjgate::sim {

/// An answer of the Suno upstream: HTTP status and JSON body.
struct suno_reply {
  int status = 200;
  nlohmann::json body;
};

/// Faults chosen by a marker in the prompt (documented in sim/README.md).
enum class suno_fault { none, fail, forget, server_error, server_error_once, unknown_status };

/// The marker of `prompt` ("#suno:fail", "#suno:forget", "#suno:5xx",
/// "#suno:5xx-once", "#suno:unknown"); none when it carries none.
suno_fault suno_fault_of(std::string_view prompt);

class suno_upstream {
 public:
  /// `keys`: the accepted Bearer keys; `step_ms`: how long each status lasts.
  suno_upstream(std::vector<std::string> keys, std::int64_t step_ms);

  /// POST /suno/submit/{action}: `authorization` is the header value.
  suno_reply submit(std::string_view action, std::string_view authorization,
                    const std::string& body, std::int64_t now_ms);
  /// POST /suno/fetch {"ids":[…]}: forgotten and unknown ids are left out.
  suno_reply fetch(std::string_view authorization, const std::string& body, std::int64_t now_ms);

  /// GET /_sim/suno: counters and settings.
  nlohmann::json stats() const;
  /// POST /_sim/suno {"down":bool, "step_ms":int}: the control endpoint.
  suno_reply control(const std::string& body);

  void set_down(bool down) { down_ = down; }
  bool down() const { return down_; }

 private:
  struct task {
    std::string id;
    std::string action;  ///< MUSIC | LYRICS
    std::string prompt;
    std::string title;
    std::string tags;
    std::string model;
    suno_fault fault = suno_fault::none;
    std::int64_t submitted_at = 0;
  };

  bool authorized(std::string_view authorization) const;
  nlohmann::json item(const task& t, std::int64_t now_ms) const;

  std::vector<std::string> keys_;
  std::int64_t step_ms_;
  bool down_ = false;
  std::map<std::string, task> tasks_;
  std::map<std::string, int> failed_once_;  ///< prompt → 5xx-once answers given
  std::uint64_t next_id_ = 1;
  std::uint64_t submits_ = 0, fetches_ = 0, fetched_ids_ = 0, rejected_ = 0;
};

}  // namespace mjgate::sim
