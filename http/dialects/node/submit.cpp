#include "http/dialects/node/submit.hpp"

#include <optional>

#include "domain/ids.hpp"
#include "domain/text.hpp"
#include "http/dialects/mj/submit_fields.hpp"
#include "http/dialects/mj/submit_imagine.hpp"
#include "http/dialects/node/envelope.hpp"

namespace mjgate::http::node {

namespace {

// An optional text field: absent leaves `out` alone; an object or array is
// rejected with "<key>参数错误".
std::optional<reply> read_text(const params& p, std::string_view key, std::string& out) {
  if (p.malformed(key)) return invalid(std::string{key} + "参数错误");
  if (auto v = p.get(key)) out = std::string{*v};
  return std::nullopt;
}

std::optional<int> parse_index(std::string_view s) {
  s = domain::trim(s);
  if (s.size() == 3 && s.substr(1) == ".0") s = s.substr(0, 1);  // 2.0 from a JSON number
  if (s.size() != 1 || s[0] < '1' || s[0] > '4') return std::nullopt;
  return s[0] - '0';
}

}  // namespace

std::variant<submit_request, reply> parse_submit(const params& p) {
  submit_request req;
  std::string action;
  if (auto r = read_text(p, "action", action)) return std::move(*r);
  action = domain::to_lower(domain::trim(action));
  if (action.empty()) return invalid("action不能为空");
  if (action == "imagine")
    req.action = domain::task_action::imagine;
  else if (action == "upscale")
    req.action = domain::task_action::upscale;
  else if (action == "variation")
    req.action = domain::task_action::variation;
  else
    return invalid("action参数错误，只支持IMAGINE、UPSCALE、VARIATION");

  if (req.action == domain::task_action::imagine) {
    std::string prompt;
    if (auto r = read_text(p, "prompt", prompt)) return std::move(*r);
    req.prompt = std::string{domain::trim(prompt)};
    if (req.prompt.empty()) return invalid("prompt不能为空");
    if (mj::utf8_length(req.prompt) > mj::max_prompt_chars) return invalid("prompt过长");
  } else {
    std::string task_id, index;
    if (auto r = read_text(p, "taskId", task_id)) return std::move(*r);
    if (auto r = read_text(p, "index", index)) return std::move(*r);
    task_id = std::string{domain::trim(task_id)};
    if (task_id.empty()) return invalid("taskId不能为空");
    if (domain::is_uuid(task_id))
      req.task_id = domain::to_lower(task_id);  // uuids are stored in lower case
    else if (domain::is_task_id(task_id))
      req.task_id = task_id;
    else
      return invalid("taskId参数错误");
    if (domain::trim(index).empty()) return invalid("index不能为空");
    auto n = parse_index(index);
    if (!n) return invalid("index参数错误，只能是1-4");
    req.index = *n;
  }

  if (auto r = read_text(p, "state", req.state)) return std::move(*r);
  if (mj::utf8_length(req.state) > mj::max_state_chars) return invalid("state过长");
  std::string hook;
  if (auto r = read_text(p, "notifyHook", hook)) return std::move(*r);
  req.notify_hook = std::string{domain::trim(hook)};
  if (mj::utf8_length(req.notify_hook) > mj::max_notify_hook_chars)
    return invalid("notifyHook过长");
  if (!req.notify_hook.empty() && !mj::is_http_url(req.notify_hook))
    return invalid("notifyHook必须是http或https地址");
  return req;
}

actors::submit_command imagine_command(const actors::principal& who, submit_request&& req) {
  actors::submit_command cmd;
  cmd.who = who;
  cmd.action = domain::task_action::imagine;
  cmd.prompt = std::move(req.prompt);
  cmd.state = std::move(req.state);
  cmd.notify_hook = std::move(req.notify_hook);
  cmd.origin = "node";
  return cmd;
}

actors::follow_up_command change_command(const actors::principal& who, submit_request&& req) {
  actors::follow_up_command cmd;
  cmd.who = who;
  cmd.parent_id = std::move(req.task_id);
  cmd.change_action = req.action;
  cmd.index = req.index;
  cmd.state = std::move(req.state);
  cmd.notify_hook = std::move(req.notify_hook);
  cmd.origin = "node";
  return cmd;
}

}  // namespace mjgate::http::node
