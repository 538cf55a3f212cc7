// The body of a task's callback, chosen by the dialect that created the task
// (api-contracts.md §3.8, §6.6). Pure; app/ injects it into the task actors.
#pragma once

#include <optional>
#include <string>

#include "domain/task.hpp"
#include "http/dialects/node/options.hpp"

namespace mjgate::http {

/// What a task's callback posts at its current revision: node-origin tasks
/// post the node-api document (§6.4), their terminal event only unless
/// `node.notify_progress`; every other task posts the mj Task JSON (§3.6).
/// nullopt: this revision posts no event.
std::optional<std::string> webhook_body(const domain::task& t, const node::options& node);

}  // namespace mjgate::http
