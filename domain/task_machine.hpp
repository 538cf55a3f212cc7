// The task state machine (api-contracts.md §2.2): which transitions are
// allowed, how an executor's report changes a task, and the webhook rank.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/task.hpp"

namespace mjgate::domain {

/// A change an executor (account or channel) reports for a task; empty
/// strings, -1 numbers and an empty button list mean "no change".
struct task_patch {
  task_status status = task_status::not_start;  ///< target status
  int progress = -1;
  std::int64_t at_ms = 0;  ///< when the executor observed it (epoch ms)
  std::string image_url;
  std::string fail_reason;
  std::string prompt;  ///< sets prompt and promptEn (describe's result text)
  std::string final_prompt;
  std::string prompt_full;
  std::string job_id;
  std::string seed;
  std::string mode;
  std::string nonce;
  std::string interaction_id;
  std::string message_id;
  std::string progress_message_id;
  int flags = -1;
  std::vector<button> buttons;
  std::string upstream_task_id;  ///< relay: the id the upstream gave the task
  std::string upstream_data;     ///< relay: the upstream's latest payload (JSON text)
  std::string video_url;         ///< relay: the upstream's video result
  friend bool operator==(const task_patch&, const task_patch&) = default;
};

/// Allowed per §2.2; terminal states never change; X → X only for IN_PROGRESS.
bool can_transition(task_status from, task_status to);

/// Applies `p` to `t` when its status transition is allowed (or it is a
/// same-status refresh); sets start/finish times and progress 100 at SUCCESS.
/// Returns true when anything a client can observe changed. Never moves a
/// terminal task.
bool apply_patch(task& t, const task_patch& p);

/// Webhook ordering rank ×100 (api-contracts.md §3.8): NOT_START 0, MODAL 100,
/// SUBMITTED 200, QUEUED and UNKNOWN 250, IN_PROGRESS 300 + progress, terminal 500.
int notify_rank(const task& t);

/// Fails a non-terminal task with `reason` at `now_ms`; false if terminal.
bool fail_task(task& t, std::string reason, std::int64_t now_ms);

}  // namespace mjgate::domain
