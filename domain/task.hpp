// The one task model every dialect maps to and from (api-contracts.md §2).
// Plain values: no CAF, RESTinio or SOCI here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mjgate::domain {

enum class task_status : std::uint8_t {
  not_start,
  modal,
  submitted,
  in_progress,
  success,
  failure,
  cancel,
  queued,   ///< the upstream reports it queued (task center only)
  unknown,  ///< the upstream reported an unrecognised status (task center only)
};

enum class task_action : std::uint8_t {
  imagine,
  upscale,
  variation,
  reroll,
  describe,
  blend,
  shorten,
  pan,
  zoom,
  upscale_hd,
  video,
  edit,
  upload,
  music,   ///< task center (platform suno), api-contracts.md §2.3
  lyrics,  ///< task center
};

/// Wire names: "NOT_START", "IN_PROGRESS", ... (api-contracts.md §2.2).
std::string_view to_string(task_status s);
std::optional<task_status> parse_task_status(std::string_view s);
/// Wire names: "IMAGINE", "UPSCALE_HD", ..., "MUSIC", "LYRICS" (api-contracts.md §2.3).
std::string_view to_string(task_action a);
std::optional<task_action> parse_task_action(std::string_view s);

/// SUCCESS, FAILURE and CANCEL never change again.
constexpr bool is_terminal(task_status s) {
  return s == task_status::success || s == task_status::failure || s == task_status::cancel;
}

/// A follow-up action offered by a result message (kept verbatim).
struct button {
  std::string custom_id;
  std::string emoji;
  std::string label;
  int type = 2;
  int style = 2;
  friend bool operator==(const button&, const button&) = default;
};

/// The unified task record. Optional strings are empty when unset; the
/// dialects render empty as null where their contract says so.
struct task {
  // identifiers (api-contracts.md §1.3)
  std::string id;        ///< 16 decimal digits, exposed to clients
  std::int64_t seq = 0;  ///< database row id, assigned by the store at insert
  std::string uuid;      ///< UUID v4
  std::int64_t user_id = 0;

  task_action action = task_action::imagine;
  std::string custom_id;
  std::string parent_id;
  std::string parent_uuid;  ///< the parent's uuid (node-api `taskId`); "" without a parent
  int index = 0;
  task_status status = task_status::not_start;
  int progress = -1;  ///< 0..100, -1 while unknown

  std::string prompt;
  std::string prompt_en;
  std::string prompt_full;   ///< as executed: with appended parameters (injected seed)
  std::string final_prompt;  ///< Midjourney's echo
  std::string description;
  std::string state;
  std::string notify_hook;

  std::int64_t submit_time = 0;  ///< epoch ms
  std::int64_t start_time = 0;   ///< epoch ms, 0 = unset
  std::int64_t finish_time = 0;  ///< epoch ms, 0 = unset

  std::string image_url;  ///< the URL shown to clients (preview while running)
  std::string fail_reason;
  std::vector<button> buttons;

  std::string bot_type = "MID_JOURNEY";
  std::string mode;    ///< FAST / RELAX / TURBO once known
  std::string job_id;  ///< Midjourney job hash (UUID)
  std::string seed;
  std::string account_id;

  // Discord correlation data (properties.* in the mj view)
  std::string nonce;
  std::string interaction_id;
  std::string message_id;
  std::string progress_message_id;
  std::string referenced_message_id;
  int flags = 0;

  int priority = 0;  ///< higher runs first (backend dialect sets it)
  int submit_code = 0;

  // who pays and where it ran (api-contracts.md §2.1, §5.3)
  std::int64_t api_key_id = 0;         ///< key used at submit, 0 = none (refunds)
  std::string origin = "mj";           ///< dialect that created it: mj, node, backend, relay
  std::string platform = "mj";         ///< mj for every Midjourney task; suno for the task center
  std::string user_group = "default";  ///< the owner's group at submit (pricing, /api/task `group`)
  std::int64_t quota = 0;              ///< units held or charged; 0 after a refund
  std::string billing_state = "NONE";  ///< NONE, HELD, SETTLED, REFUNDED
  std::int64_t channel_id = 0;         ///< upstream relay channel; 0 = the local account pool
  std::string upstream_task_id;        ///< id at the upstream channel (relay only)
  std::string upstream_data;           ///< last upstream payload as JSON text; "" = none

  std::string video_url;
  std::string final_zh_prompt;

  // backend dialect (api-contracts.md §7.5)
  std::string type;   ///< "image" / "video" for backend tasks, else ""
  std::string input;  ///< the backend's input as sent
  std::string note;
  bool deleted = false;       ///< soft delete: hidden from every view
  std::int64_t revision = 0;  ///< +1 on every persisted change
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  /// Relay submits tried for this task, as a JSON array of {channel_id,
  /// error} ("" = none); the last entry without an error is the one accepted.
  std::string relay_attempts;

  friend bool operator==(const task&, const task&) = default;
};

}  // namespace mjgate::domain
