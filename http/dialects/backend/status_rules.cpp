#include "http/dialects/backend/status_rules.hpp"

namespace mjgate::http::backend {

int backend_status(domain::task_status s) {
  using enum domain::task_status;
  switch (s) {
    case not_start:
    case modal:
      return status_wait;
    case submitted:
    case queued:  // task-center statuses: never a backend task's, but running all the same
    case unknown:
    case in_progress:
      return status_processing;
    case success:
      return status_done;
    case failure:
    case cancel:
      return status_cancel;
  }
  return status_wait;
}

status_decision decide_status_change(int from, std::int64_t to) {
  if (to < 0 || to > 3) return {status_effect::refuse, code::invalid_request, "status参数错误"};
  if (to == from) return {status_effect::none, code::ok, {}};
  if (to == status_cancel && (from == status_wait || from == status_processing))
    return {status_effect::cancel, code::ok, {}};
  if (from == status_processing && to == status_wait)
    return {status_effect::refuse, code::invalid_status, "不能回退回pending状态"};
  if (from == status_done) return {status_effect::refuse, code::invalid_status, "任务已完成"};
  if (from == status_cancel) return {status_effect::refuse, code::invalid_status, "任务已取消"};
  return {status_effect::refuse, code::invalid_status, "只能取消任务，处理中与完成状态由系统设置"};
}

}  // namespace mjgate::http::backend
