// Message structs exchanged between actors (and with the HTTP bridge). Plain
// values; their CAF inspect() functions sit in actors/type_ids.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/account.hpp"
#include "domain/account_health.hpp"
#include "domain/mj_relay.hpp"
#include "domain/task.hpp"
#include "domain/task_machine.hpp"
#include "domain/user.hpp"

namespace mjgate::actors {

/// Who is asking: resolved by http/ from the credential. `admin` is true
/// exactly when role ≥ 10 (domain::role_admin).
struct principal {
  std::int64_t user_id = 0;
  bool admin = false;
  int role = domain::role_user;   ///< 1 user, 10 admin, 100 root
  std::string group = "default";  ///< pricing and routing group
  std::int64_t api_key_id = 0;    ///< the API key used; 0 = none (legacy secret, login, token)
  std::string name;               ///< the user's name

  principal() = default;
  /// The form before users existed: an admin gets role 10, anyone else 1.
  principal(std::int64_t id, bool is_admin)
      : user_id(id), admin(is_admin), role(is_admin ? domain::role_admin : domain::role_user) {}
  /// A user's principal; `admin` follows from the role.
  principal(std::int64_t id, int user_role, std::string user_group, std::int64_t key_id,
            std::string user_name)
      : user_id(id),
        admin(user_role >= domain::role_admin),
        role(user_role),
        group(std::move(user_group)),
        api_key_id(key_id),
        name(std::move(user_name)) {}
  friend bool operator==(const principal&, const principal&) = default;
};

/// The root user (id 1), as the legacy single secret and demo mode see it.
inline principal root_principal() {
  return {domain::root_user_id, domain::role_root, "default", 0,
          std::string{domain::root_user_name}};
}

/// A task is visible to its owner and to admins only; a deleted one to nobody.
inline bool visible_to(const principal& who, const domain::task& t) {
  return !t.deleted && (who.admin || who.user_id == t.user_id);
}

/// An image a client sent, decoded (imagine references, describe, blend).
struct upload_file {
  std::string filename;  ///< "<taskId>-<n>.<ext>" once the task id is known
  std::string mime;      ///< image/png, image/jpeg, image/webp, image/gif
  std::string bytes;
  friend bool operator==(const upload_file&, const upload_file&) = default;
};

/// A new task to run: imagine (with optional reference images), describe
/// (one image or a link), blend (2–5 images) or shorten.
struct submit_command {
  principal who;
  domain::task_action action = domain::task_action::imagine;
  std::string prompt;
  std::vector<upload_file> files;
  std::string link;        ///< describe by URL
  std::string dimensions;  ///< blend: PORTRAIT, SQUARE or LANDSCAPE; empty = Midjourney's default
  std::string speed;       ///< requested FAST / RELAX / TURBO (prefix > filter > flag); empty = any
  std::string state;
  std::string notify_hook;
  std::string bot_type = "MID_JOURNEY";
  std::string instance_id;  ///< accountFilter.instanceId; empty = any
  std::string remark;       ///< accountFilter.remark: a substring of the account's remark
  int remix = -1;           ///< accountFilter.remix: 1 on, 0 off, -1 either
  // backend dialect (api-contracts.md §7.5)
  int priority = 0;           ///< -128..127: orders the account lanes
  std::string origin = "mj";  ///< dialect that created the task
  std::string type;           ///< backend "image" / "video"
  std::string input;          ///< backend input as sent
  std::string note;           ///< backend note
  friend bool operator==(const submit_command&, const submit_command&) = default;
};

/// A click on a button of the caller's finished task (/submit/action, and
/// /submit/change, /submit/simple-change). An empty custom_id means the
/// button that change_action + index name (U/V 1..4, reroll).
struct follow_up_command {
  principal who;
  std::string parent_id;
  std::string custom_id;
  domain::task_action change_action = domain::task_action::upscale;
  int index = 0;
  std::string state;
  std::string notify_hook;
  bool enable_remix = false;  ///< /submit/action `enableRemix`
  std::string speed;          ///< the URL prefix's FAST / RELAX / TURBO; empty = any
  bool high_motion = false;   ///< change_action VIDEO: Animate (High motion)
  bool extend = false;        ///< change_action VIDEO: extend the parent video
  /// The dialect that submits it (domain::task::origin). "node" also lets
  /// parent_id be the parent's uuid, and a remix modal is submitted with the
  /// parent's prompt (node-api has no modal step).
  std::string origin = "mj";
  friend bool operator==(const follow_up_command&, const follow_up_command&) = default;
};

/// The confirmation of a MODAL task (/submit/modal): the prompt the modal
/// gets ("" = the parent's) and, for Vary Region, the mask.
struct modal_command {
  principal who;
  std::string task_id;
  std::string prompt;
  std::string mask_base64;
  friend bool operator==(const modal_command&, const modal_command&) = default;
};

/// What an account runs for a task: an imagine prompt, or a click on a
/// button of one of its channel's messages.
struct job_request {
  std::string task_id;
  domain::task_action action = domain::task_action::imagine;  ///< which command to send
  std::string prompt;      ///< imagine: the prompt as sent (with any injected seed)
  std::string message_id;  ///< click: the message that holds the button
  int message_flags = 0;   ///< click: that message's flags (64 = ephemeral)
  std::string custom_id;   ///< click: the button; "" = imagine
  /// What a modal opened by the click gets: "" keeps the modal's prefilled
  /// text. Set for every click, so an unexpected remix modal (Remix switched
  /// on behind mjgate's back) is still answered.
  std::string modal_prompt;
  std::string mask_base64;         ///< Vary Region: the PNG mask for the editor
  std::vector<upload_file> files;  ///< uploaded before the command (imagine, describe, blend)
  std::string link;                ///< describe by URL
  std::string dimensions;          ///< blend
  int requeues = 0;                ///< times Midjourney sent it back (queue full, credits, ToS)
  std::string bot_type = "MID_JOURNEY";  ///< which bot's commands (NIJI_JOURNEY)
  std::string speed;           ///< FAST / RELAX / TURBO asked for; empty = the account picks
  int priority = 0;            ///< higher runs first in its lane (api-contracts.md §2.5)
  std::int64_t queued_at = 0;  ///< epoch ms the task entered the queue (its submit time): aging
  friend bool operator==(const job_request&, const job_request&) = default;
};

/// Internal to an account: its attachment upload for a job ended.
struct upload_done {
  std::string task_id;
  std::vector<std::string> uploaded_filenames;  ///< per file, in order
  std::vector<std::string> urls;                ///< CDN URLs (imagine references)
  std::string error;                            ///< "" on success
  friend bool operator==(const upload_done&, const upload_done&) = default;
};

/// Accepted: the task row is committed. queue_ahead 0 → mj code 1, n ≥ 1 → 22;
/// `modal` → code 21 (the task waits in MODAL for /submit/modal).
struct submit_result {
  std::string task_id;  ///< PicReader "all": its children's ids, comma-joined (§3.3)
  std::string account_id;
  int queue_ahead = 0;
  bool modal = false;
  std::string final_prompt;       ///< code 21: the prompt the modal would be sent with
  std::vector<std::string> urls;  ///< upload-discord-images: the uploaded images' URLs
  std::string uuid;               ///< the task's uuid (node-api answers it as `result`)
  std::int64_t seq = 0;           ///< the committed row's seq (the backend dialect's id)
  friend bool operator==(const submit_result&, const submit_result&) = default;
};

/// A backend edit of one task (PUT /task, DELETE /task): only the fields
/// flagged are applied, so `priority: 0` and `note: ""` can be set.
struct task_edit {
  std::string id;  ///< the task's id (not its seq)
  bool set_note = false;
  std::string note;
  bool set_priority = false;
  int priority = 0;
  bool remove = false;  ///< soft delete; a waiting or running task is cancelled first
  friend bool operator==(const task_edit&, const task_edit&) = default;
};

/// Applies the fields `e` names to `t`; true when something changed.
inline bool apply_edit(domain::task& t, const task_edit& e) {
  const auto old = std::make_tuple(t.note, t.priority, t.deleted);
  if (e.set_note) t.note = e.note;
  if (e.set_priority) t.priority = e.priority;
  if (e.remove) t.deleted = true;
  return std::tie(t.note, t.priority, t.deleted) != old;
}

/// An executor's report for a task (pure semantics in domain/task_machine.hpp).
using task_patch = domain::task_patch;

/// The load and health of one account, pushed to the router whenever it
/// changes; also what the account list shows (api-contracts.md §3.9.1).
struct account_load {
  std::string account_id;
  domain::account_health health;
  int running = 0;
  int core_size = 1;
  int queued = 0;
  int queue_size = 1;
  int relax_running = 0;  ///< the relax lane's load (running/queued above: the fast lane)
  int relax_core_size = 1;
  int relax_queued = 0;
  int relax_queue_size = 1;
  bool remix = false;               ///< Remix mode on (from /settings)
  bool remix_auto_submit = false;   ///< the account's remixAutoSubmit
  std::string username;             ///< the Discord user, from READY
  std::string mode;                 ///< FAST / RELAX / TURBO (from /settings or /info)
  std::string version;              ///< the VersionSelector's current value
  std::string fast_time_remaining;  ///< /info "Fast Time Remaining", raw
  std::string subscription;         ///< /info "Subscription", raw
  std::int64_t info_updated = 0;    ///< epoch ms of the last /info or /settings reading
  friend bool operator==(const account_load&, const account_load&) = default;
};

/// One account as the account list shows it: its settings and its last load.
struct account_status {
  domain::account acct;
  account_load load;
  friend bool operator==(const account_status&, const account_status&) = default;
};

/// One webhook delivery request, rendered by the task actor.
struct notify_event {
  std::string task_id;
  std::string url;
  std::string body;
  std::int64_t revision = 0;
  int rank = 0;  ///< api-contracts.md §3.8 rank ×100 (progress included)
  bool terminal = false;
  friend bool operator==(const notify_event&, const notify_event&) = default;
};

// -- users, keys and logins (user registry) --------------------------------------

/// One page of users, ordered by id; `total` counts every user.
struct user_page {
  std::vector<domain::user> items;
  std::int64_t total = 0;
  friend bool operator==(const user_page&, const user_page&) = default;
};

/// A new API key for a user. expires_at epoch ms, 0 = never;
/// remaining_quota -1 = unlimited.
struct token_request {
  std::int64_t user_id = 0;
  std::string name;
  std::int64_t expires_at = 0;
  std::int64_t remaining_quota = -1;
  friend bool operator==(const token_request&, const token_request&) = default;
};

/// A key just created: its row and the clear key (answered exactly once).
struct token_grant {
  domain::api_token token;
  std::string key;
  friend bool operator==(const token_grant&, const token_grant&) = default;
};

/// A backend login attempt; `ip` keys the failure limiter with the name.
struct login_request {
  std::string ip;
  std::string name;
  std::string password;
  friend bool operator==(const login_request&, const login_request&) = default;
};

/// A successful login: the user (secrets cleared) and the new session:
/// `session_id` is the clear id for the cookie, `session_hash` its stored
/// SHA-256 hex (the JWT's `sid`); times in epoch ms.
struct login_grant {
  domain::user user;
  std::string session_id;
  std::string session_hash;
  std::int64_t issued_at = 0;
  std::int64_t expires_at = 0;
  friend bool operator==(const login_grant&, const login_grant&) = default;
};

/// Start-up set-up of the root user: the configured API key's hash and mask
/// ("" = none) and backend password ("" = keep, or generate one when root
/// has none). The root key hash older builds kept in `kv` is moved into
/// `api_tokens` so existing deployments keep their key.
struct root_setup {
  std::string config_key_hash;
  std::string config_key_mask;
  std::string password;
  bool generate_missing = true;  ///< generate a key / password root lacks (not in demo)
  friend bool operator==(const root_setup&, const root_setup&) = default;
};

/// What the set-up did; generated secrets are to be shown once.
struct root_report {
  std::string generated_key;
  std::string generated_password;
  bool migrated_legacy_key = false;
  friend bool operator==(const root_report&, const root_report&) = default;
};

// -- relay / task center (api-contracts.md §5) ----------------------------------

/// A task-center submit (POST /suno/submit/{action}), parsed by http/dialects/suno.
struct suno_submit_command {
  principal who;
  domain::task_action action = domain::task_action::music;
  std::string prompt;  ///< `prompt`, else `gpt_description_prompt`
  std::string model;   ///< `mv` ("" for lyrics)
  std::string body;    ///< the JSON forwarded upstream (mv defaulted, unknown keys kept)
  friend bool operator==(const suno_submit_command&, const suno_submit_command&) = default;
};

/// A channel's answer to one upstream submit: the HTTP status (0 = no
/// answer: network error or timeout), the upstream id ("" = none; suno
/// only) and the answer's body (midjourney-proxy: read by domain::read_mj_submit).
struct relay_submit_result {
  int status = 0;
  std::string upstream_id;
  std::string body;
  friend bool operator==(const relay_submit_result&, const relay_submit_result&) = default;
};

// -- idempotent submit (api-contracts.md §1.6) -----------------------------------

/// An HTTP answer kept for replay: status, headers as name, value, name,
/// value, …, body; created_at = epoch ms of the first answer.
struct stored_response {
  std::int32_t status = 0;
  std::vector<std::string> headers;
  std::string body;
  std::int64_t created_at = 0;
  friend bool operator==(const stored_response&, const stored_response&) = default;
};

/// The idempotency keeper's answer to a claim: replay `response`, or run the
/// request (replay false) and report its answer with idem_done/idem_drop.
struct idem_claim {
  bool replay = false;
  stored_response response;
  friend bool operator==(const idem_claim&, const idem_claim&) = default;
};

/// A Midjourney submit relayed to a midjourney-proxy channel (the router
/// asks the task center, which owns the channels): the pinned channel, or
/// 0 to choose one among those not excluded that serve `action`.
struct mj_relay_submit {
  std::int64_t channel_id = 0;
  std::vector<std::int64_t> excluded;
  std::string action;  ///< unified action name (the channel's models filter)
  std::string speed;  ///< FAST / RELAX / TURBO ("" = none): the path prefix when the channel has it
  domain::mj_upstream_submit request;
  std::int64_t timeout_ms = 8000;  ///< the upstream call
  friend bool operator==(const mj_relay_submit&, const mj_relay_submit&) = default;
};

/// The upstream's answer to a relayed Midjourney submit, and the channel.
struct mj_relay_answer {
  std::int64_t channel_id = 0;
  int status = 0;  ///< HTTP status, 0 = no answer
  std::string body;
  friend bool operator==(const mj_relay_answer&, const mj_relay_answer&) = default;
};

}  // namespace mjgate::actors
