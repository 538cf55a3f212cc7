#include "domain/task_machine.hpp"

#include "domain/billing.hpp"

#include <utility>

namespace mjgate::domain {

bool can_transition(task_status from, task_status to) {
  using enum task_status;
  if (is_terminal(from)) return false;
  switch (from) {
    case not_start:
      return to != not_start;
    case modal:
      return to == not_start || to == failure || to == cancel;
    case submitted:
    case queued:
    case unknown:
      return to == queued || to == in_progress || to == unknown || is_terminal(to);
    case in_progress:
      return to == in_progress || is_terminal(to);
    default:
      return false;
  }
}

namespace {

bool assign_if_set(std::string& field, const std::string& value) {
  if (value.empty() || field == value) return false;
  field = value;
  return true;
}

}  // namespace

bool apply_patch(task& t, const task_patch& p) {
  const bool same = p.status == t.status;
  if (!same && !can_transition(t.status, p.status)) return false;
  if (same && is_terminal(t.status)) return false;
  bool changed = !same;
  if (!same) {
    const bool dispatched = t.start_time != 0;  // reached Discord before this change
    t.status = p.status;
    // Started: Discord (or a relay upstream, whose first report may already
    // be IN_PROGRESS) took the job; a CANCEL after this keeps its charge.
    if ((p.status == task_status::submitted || p.status == task_status::in_progress) &&
        t.start_time == 0)
      t.start_time = p.at_ms;
    if (is_terminal(p.status)) {
      t.finish_time = p.at_ms;
      end_hold(t, dispatched);
    }
  }
  if (p.progress >= 0 && p.progress != t.progress && t.status == task_status::in_progress) {
    t.progress = p.progress;
    changed = true;
  }
  if (t.status == task_status::success && t.progress != 100) {
    t.progress = 100;
    changed = true;
  }
  changed |= assign_if_set(t.image_url, p.image_url);
  changed |= assign_if_set(t.fail_reason, p.fail_reason);
  if (!p.prompt.empty()) {
    changed |= assign_if_set(t.prompt, p.prompt);
    changed |= assign_if_set(t.prompt_en, p.prompt);
  }
  changed |= assign_if_set(t.final_prompt, p.final_prompt);
  changed |= assign_if_set(t.prompt_full, p.prompt_full);
  changed |= assign_if_set(t.job_id, p.job_id);
  changed |= assign_if_set(t.seed, p.seed);
  changed |= assign_if_set(t.mode, p.mode);
  changed |= assign_if_set(t.nonce, p.nonce);
  changed |= assign_if_set(t.interaction_id, p.interaction_id);
  changed |= assign_if_set(t.message_id, p.message_id);
  changed |= assign_if_set(t.progress_message_id, p.progress_message_id);
  if (p.flags >= 0 && p.flags != t.flags) {
    t.flags = p.flags;
    changed = true;
  }
  changed |= assign_if_set(t.upstream_task_id, p.upstream_task_id);
  changed |= assign_if_set(t.upstream_data, p.upstream_data);
  changed |= assign_if_set(t.video_url, p.video_url);
  if (!p.buttons.empty() && p.buttons != t.buttons) {
    t.buttons = p.buttons;
    changed = true;
  }
  if (t.start_time == 0 && t.status != task_status::not_start && t.status != task_status::modal)
    t.start_time = p.at_ms;
  return changed;
}

int notify_rank(const task& t) {
  switch (t.status) {
    case task_status::not_start:
      return 0;
    case task_status::modal:
      return 100;
    case task_status::submitted:
      return 200;
    case task_status::queued:
    case task_status::unknown:
      return 250;
    case task_status::in_progress:
      return 300 + (t.progress < 0 ? 0 : t.progress);
    default:
      return 500;
  }
}

bool fail_task(task& t, std::string reason, std::int64_t now_ms) {
  task_patch p;
  p.status = task_status::failure;
  p.fail_reason = std::move(reason);
  p.at_ms = now_ms;
  return apply_patch(t, p);
}

}  // namespace mjgate::domain
