// The items of the new-api dashboard lists: the `/api/mj` item (milliseconds,
// JSON-string columns; api-contracts.md §4.5) and the `/api/task` item
// (seconds, nested JSON; §4.6), keys in the contract's order. Pure.
#pragma once

#include <string>
#include <string_view>

#include "domain/task.hpp"

namespace mjgate::http::newapi {

/// The new-api action name (`relay_action`, §2.3): from the clicked customId
/// when the task has one (LOW_VARIATION, CUSTOM_ZOOM, INPAINT, …), else the
/// unified action (UPSCALE_HD → UPSCALE, EDIT → EDITS).
std::string relay_action(const domain::task& t);

/// `/api/mj` progress: "100%" for every terminal status (the dashboard's
/// "finished" convention), else as the mj view ("0%" before running).
std::string mj_item_progress(const domain::task& t);

/// One `/api/mj` item (§4.5). `video_urls`, `buttons` and `properties` are
/// JSON texts inside strings; `video_urls`/`buttons` are "" when empty.
std::string render_mj_item(const domain::task& t);

/// `/api/task` status (§4.6): CANCEL shows as FAILURE, MODAL as NOT_START.
std::string_view task_item_status(const domain::task& t);

/// `/api/task` progress (§4.6): "0%" NOT_START, "10%" SUBMITTED, "30%"
/// IN_PROGRESS (the upstream's percentage once it reported one above 0),
/// "100%" terminal. ("20%" QUEUED arrives with the relay's statuses.)
std::string task_item_progress(const domain::task& t);

/// The caller's list or everyone's: `channel_id` is 0 on the caller's own
/// list (compat) and `username` is only ever written on the admin list.
enum class task_view { self, admin };

/// The `task_id` of §4.6: the upstream id when the task was relayed, else
/// "task_" + the 32 hex digits of its uuid.
std::string task_item_id(const domain::task& t);

/// One `/api/task` item (§4.6). `data` is the stored upstream payload
/// (`{}` when none or not JSON); `result_url` (the video, else the image)
/// and `username` are omitted when empty.
std::string render_task_item(const domain::task& t, task_view view, std::string_view username = {});

}  // namespace mjgate::http::newapi
