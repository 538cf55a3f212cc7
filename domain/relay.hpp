// Relay rules (api-contracts.md §5.2, §5.4, §5.5): poll batching, per-channel
// backoff, the Suno upstream's wire shapes and status mapping, and when a
// relayed task has timed out or is lost. Pure; time comes in as arguments.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/task.hpp"
#include "domain/task_machine.hpp"

namespace mjgate::domain {

/// Fail reasons of §5.5.
inline constexpr std::string_view relay_timeout_reason = "上游任务超时";
inline constexpr std::string_view relay_lost_reason = "上游任务丢失";

/// When a relayed task gives up (§5.5).
struct relay_limits {
  std::chrono::milliseconds task_timeout{std::chrono::hours{24}};  ///< since submit
  int lost_after = 4;  ///< consecutive successful polls that did not return it …
  std::chrono::milliseconds lost_min_age{std::chrono::minutes{10}};  ///< … and at least this old
};

enum class relay_verdict { keep, timed_out, lost };

/// Whether a non-terminal relayed task submitted at `submit_ms`, missing from
/// the last `misses` successful polls, goes on at `now_ms`. Timeout wins.
relay_verdict judge_relay_task(const relay_limits& limits, std::int64_t submit_ms, int misses,
                               std::int64_t now_ms);

/// `ids` cut into batches of at most `batch` (≥ 1) ids, in order.
std::vector<std::vector<std::string>> poll_batches(const std::vector<std::string>& ids,
                                                   std::size_t batch);

/// The pause after `failures` (≥ 1) consecutive failed polls of a channel:
/// base, 2×base, 4×base … capped at `max` (15 s → 30 s → 60 s … 5 min).
std::chrono::milliseconds poll_backoff(int failures,
                                       std::chrono::milliseconds base = std::chrono::seconds{15},
                                       std::chrono::milliseconds max = std::chrono::minutes{5});

/// A submit answer that may succeed on another channel (§5.4 retry rule):
/// no HTTP answer (status 0), 429 or 5xx.
constexpr bool retryable_submit_status(int http_status) {
  return http_status == 0 || http_status == 429 || http_status >= 500;
}

// -- the Suno upstream ----------------------------------------------------------

/// The unified status of an upstream Suno status (§5.2): NOT_START,
/// SUBMITTED, QUEUED, IN_PROGRESS, SUCCESS, FAILURE (case-insensitive);
/// UNKNOWN for anything else.
task_status suno_status(std::string_view upstream);

/// One item of the upstream's fetch answer; `data` is compact JSON text
/// ("" for null/absent); times are as the upstream sent them (seconds).
struct suno_item {
  std::string task_id;
  std::string action;
  std::string status;
  std::string fail_reason;
  std::int64_t submit_time = 0;
  std::int64_t start_time = 0;
  std::int64_t finish_time = 0;
  std::string data;
  friend bool operator==(const suno_item&, const suno_item&) = default;
};

/// The upstream id of a submit answer `{"code":"success","data":"<id>"}`;
/// nullopt when the body is not that (a submit without an id has failed).
std::optional<std::string> parse_suno_submit(std::string_view body);

/// The items of a fetch answer `{"code":"success","data":[…]}`; items
/// without a task_id are skipped; nullopt when the body is not that shape.
std::optional<std::vector<suno_item>> parse_suno_fetch(std::string_view body);

/// The fetch request body for `ids`: {"ids":[…]}.
std::string suno_fetch_body(const std::vector<std::string>& ids);

/// The change an item makes to its task, observed at `now_ms`: status
/// (mapped), upstream data, and a fail reason for FAILURE (the upstream's,
/// or a generic one when it gave none).
task_patch suno_patch(const suno_item& item, std::int64_t now_ms);

/// The short, sanitised text of a failed upstream call for logs, attempts
/// and clients: "HTTP 503" or "network error" (never URLs, hosts or keys).
std::string upstream_failure_text(int http_status);

}  // namespace mjgate::domain
