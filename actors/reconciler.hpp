// The account's reconciliation bookkeeping (discord-midjourney-protocol.md
// §6.3): when to read the channel history, at most one read in flight, its
// pages, and the verdicts at the end. Plain class, no CAF: the account actor
// owns one and does the I/O; tests drive it directly.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "discord/events.hpp"
#include "domain/reconcile.hpp"

namespace mjgate::actors {

struct reconcile_settings {
  /// A running job silent this long gets one history read (then again after
  /// each further `stall_after` of silence).
  std::chrono::milliseconds stall_after{90000};
  /// The run timeout: a job this old whose result is not in a complete
  /// history fails with domain::reconcile_lost_reason.
  std::chrono::milliseconds max_age{300000};
  int page_size = 100;  ///< Discord's maximum per request
  int max_pages = 10;   ///< per read; more means the history is incomplete
};

/// What one finished read decided.
struct reconcile_result {
  std::vector<discord::gateway_event> messages;     ///< the Midjourney messages read
  std::vector<domain::reconcile_verdict> verdicts;  ///< indexes point into `messages`
  bool complete = true;                             ///< false when max_pages stopped the read
};

class reconciler {
 public:
  reconciler() = default;
  explicit reconciler(reconcile_settings s) : settings_(s) {}

  const reconcile_settings& settings() const { return settings_; }
  /// The account's run timeout changed (admin update): later verdicts use it.
  void set_max_age(std::chrono::milliseconds max_age) { settings_.max_age = max_age; }

  /// A trigger (new session, resume, restart hand-over, stall): a read is
  /// wanted; it starts when none is in flight (a later trigger during a read
  /// queues exactly one more read).
  void request(std::string why);
  bool wanted() const { return wanted_; }
  bool in_flight() const { return in_flight_; }
  /// Why the next (or current) read was asked for, for the log.
  const std::string& reason() const { return reason_; }

  /// The job was dispatched or saw a Discord event at `now_ms`.
  void touch(const std::string& task_id, std::int64_t now_ms);
  /// The job ended.
  void forget(const std::string& task_id);
  /// Asks for a read when some job in `task_ids` was silent for
  /// stall_after (since dispatch, its last event or its last stall read);
  /// those count as checked now. True when it asked.
  bool check_stalls(const std::vector<std::string>& task_ids, std::int64_t now_ms);

  /// Starts the wanted read: the `after` cursor (a snowflake) of its first
  /// page, from the oldest pending dispatch minus 5 s; nullopt (and nothing
  /// wanted any more) without jobs, or when not wanted or already in flight.
  std::optional<std::string> start(const std::vector<domain::pending_job>& jobs);
  /// A page of the current read (any order). Keeps the Midjourney messages of
  /// `channel_id`; returns the cursor of the next page, or nullopt when the
  /// read is over (a short page, or max_pages).
  std::optional<std::string> add_page(std::vector<discord::gateway_event> page,
                                      const std::string& channel_id);
  /// Ends the current read with its verdicts for `jobs` (the jobs still
  /// running now); `user_id` is this account's user (mentions).
  reconcile_result finish(const std::vector<domain::pending_job>& jobs, const std::string& user_id,
                          std::int64_t now_ms);
  /// The read failed (HTTP error): nothing decided; the next trigger retries.
  void abort();

 private:
  reconcile_settings settings_;
  bool wanted_ = false;
  bool in_flight_ = false;
  std::string reason_;
  int pages_ = 0;
  bool complete_ = true;
  std::string cursor_;
  std::vector<discord::gateway_event> messages_;
  std::unordered_map<std::string, std::int64_t> last_seen_;  ///< task id → ms
};

}  // namespace mjgate::actors
