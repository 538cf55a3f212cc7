#include "domain/follow_up.hpp"

#include <algorithm>

namespace mjgate::domain {

namespace {

constexpr std::string_view parent_missing = "关联任务不存在或已失效";

follow_up_check check_parent(const task* parent) {
  if (parent == nullptr) return {errc::parent_invalid, std::string{parent_missing}};
  if (parent->status != task_status::success) return {errc::parent_invalid, "关联任务状态错误"};
  return {};
}

bool changeable(task_action a) {
  using enum task_action;
  return a == imagine || a == variation || a == reroll || a == blend || a == pan || a == zoom;
}

}  // namespace

follow_up_check check_action(const task* parent, std::string_view custom_id) {
  if (auto c = check_parent(parent); c.error != errc::none) return c;
  bool offered = std::any_of(parent->buttons.begin(), parent->buttons.end(),
                             [&](const button& b) { return b.custom_id == custom_id; });
  if (!offered) return {errc::validation, "关联任务不允许执行该操作"};
  return {};
}

follow_up_check check_change(const task* parent, task_action action, int index) {
  if (auto c = check_parent(parent); c.error != errc::none) return c;
  if (!changeable(parent->action)) return {errc::validation, "关联任务不允许执行变化"};
  switch (action) {
    case task_action::upscale:
    case task_action::variation:
      if (index < 1 || index > 4) return {errc::validation, "index 参数错误"};
      return {};
    case task_action::reroll:
      return {};
    default:
      return {errc::validation, "action 参数错误"};
  }
}

follow_up_check check_parent_account(parent_account_reach reach) {
  switch (reach) {
    case parent_account_reach::available:
      return {};
    case parent_account_reach::unavailable:
      return {errc::queue_full, "队列已满，请稍后尝试"};
    case parent_account_reach::gone:
      return {errc::parent_invalid, std::string{parent_missing}};
  }
  return {};
}

std::string follow_up_label(task_action action, int index) {
  switch (action) {
    case task_action::upscale:
      return "U" + std::to_string(index);
    case task_action::variation:
      return index > 0 ? "V" + std::to_string(index) : "V";
    case task_action::reroll:
      return "R";
    default:
      return std::string{to_string(action)};
  }
}

std::string fan_out_state(std::string_view state, int n) {
  if (state.empty()) return {};
  return std::string{state} + "::" + std::to_string(n);
}

task make_follow_up(const task& parent, const follow_up_spec& spec, std::int64_t now_ms) {
  task child;
  child.action = spec.action;
  child.index = spec.index;
  child.custom_id = spec.custom_id;
  child.parent_id = parent.id;
  child.parent_uuid = parent.uuid;
  child.account_id = parent.account_id;
  child.bot_type = parent.bot_type;
  child.prompt = parent.prompt;
  child.prompt_en = parent.prompt_en;
  child.final_prompt = parent.final_prompt;
  child.referenced_message_id = parent.message_id;
  child.description = "/up " + parent.id + " " + follow_up_label(spec.action, spec.index);
  child.status = task_status::not_start;
  child.submit_time = now_ms;
  child.created_at = now_ms;
  child.updated_at = now_ms;
  return child;
}

}  // namespace mjgate::domain
