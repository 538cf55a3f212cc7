#include "domain/cancel.hpp"

#include "domain/task_machine.hpp"

namespace mjgate::domain {

cancel_decision decide_cancel(task_status status) {
  switch (status) {
    case task_status::not_start:
    case task_status::modal:
      return {cancel_effect::remove_from_lane, errc::none, {}};
    case task_status::submitted:
    case task_status::in_progress:
    case task_status::queued:   // relayed: the upstream's own queue
    case task_status::unknown:  // relayed: a status we do not know, still running there
      return {cancel_effect::keep_slot, errc::none, {}};
    default:
      return {cancel_effect::refuse, errc::validation, "任务已结束，无法取消"};
  }
}

cancel_decision cancel_task(task& t, std::int64_t now_ms) {
  auto decision = decide_cancel(t.status);
  if (decision.effect == cancel_effect::refuse) return decision;
  task_patch p;
  p.status = task_status::cancel;
  p.fail_reason = std::string{cancel_reason};
  p.at_ms = now_ms;
  apply_patch(t, p);
  return decision;
}

}  // namespace mjgate::domain
