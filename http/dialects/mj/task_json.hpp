// The mj dialect's Task JSON (api-contracts.md §3.6): fixed key order, every
// key always present. Used by the task routes and by the notifier's webhooks.
#pragma once

#include <string>

#include <vector>

#include "domain/task.hpp"

namespace mjgate::http::mj {

/// Progress as the mj view shows it (api-contracts.md §2.4): "0%" while
/// NOT_START/SUBMITTED/MODAL, "100%" at SUCCESS, else the last known "NN%"
/// ("0%" when unknown).
std::string render_progress(const domain::task& t);

/// The Task JSON object, keys in the order of §3.6, compact, raw UTF-8.
std::string render_task(const domain::task& t);

/// A bare JSON array of Task JSON objects, in the given order.
std::string render_task_array(const std::vector<domain::task>& ts);

}  // namespace mjgate::http::mj
