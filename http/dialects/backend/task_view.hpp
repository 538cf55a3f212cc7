// How a unified task looks in the backend dialect (api-contracts.md §7.3,
// §7.5, §8): the detail of GET /task and the items of GET /tasks. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "actors/messages.hpp"
#include "domain/task.hpp"
#include "domain/task_page_query.hpp"
#include "http/dialects/backend/envelope.hpp"
#include "http/reply.hpp"

namespace mjgate::http::backend {

/// "image" / "video" for backend tasks; for tasks of other dialects the
/// action's meaning: IMAGINE → "image", VIDEO → "video", else the action in
/// lower case ("upscale", ...).
std::string task_type(const domain::task& t);

/// The backend `input`: as sent for backend tasks, else the prompt.
const std::string& task_input(const domain::task& t);

/// The permanent URL of the primary result once SUCCESS ("" before): the
/// video for VIDEO tasks when one is known, else the image (the grid).
std::string task_result(const domain::task& t);

/// Why `who` may not see or change `t`: a deleted task is not found (10109),
/// another user's is 10108 unless `who` is an admin; nullopt when allowed.
std::optional<code> check_access(const actors::principal& who, const domain::task& t);

/// {"id","status","type","priority","input","result","note","fail_reason"}.
nlohmann::ordered_json task_detail(const domain::task& t);

/// {"id","status","type","priority","note","user":{"uid","name"}}.
nlohmann::ordered_json task_item(const domain::task& t, std::string_view user_name);

/// The GET /task answer: {"code":0,"msg":"","error":"","data":<detail>}.
reply detail_reply(const domain::task& t);

/// The GET /tasks answer: {"code":0,"msg":"","error":"","total":N,"items":[…]}.
/// `user.name` comes from page.user_names ("" for an owner not in it).
reply tasks_reply(const domain::task_page& page);

}  // namespace mjgate::http::backend
