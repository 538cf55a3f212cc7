// The midjourney-proxy relay (api-contracts.md §5.4, §5.5): where a task
// goes (routing mode per user group and action), how a submit is re-encoded
// for an upstream mj-proxy server (another mjgate, NZ, PLUS, TA …), how its
// SubmitResultVO answer decides the task's fate, and how a list-by-condition
// Task JSON becomes a task patch. Pure; no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/channel.hpp"
#include "domain/task.hpp"
#include "domain/task_machine.hpp"

namespace mjgate::domain {

// -- routing ----------------------------------------------------------------------

/// Where a new Midjourney task runs (api-contracts.md §5.4): the local
/// account pool only, upstream channels only, or accounts first with the
/// channels as overflow when no account can take it (the default).
enum class routing_mode : std::uint8_t { accounts, channels, accounts_then_channels };

std::string_view to_string(routing_mode m);
/// "accounts", "channels", "accounts_then_channels" (case-insensitive).
std::optional<routing_mode> parse_routing_mode(std::string_view s);

/// The configured rules: an action override beats a group override, which
/// beats the default. Keys: upper-case action names (2.3), group names as is.
struct routing_rules {
  routing_mode fallback = routing_mode::accounts_then_channels;
  std::map<std::string, routing_mode> groups;
  std::map<std::string, routing_mode> actions;
  friend bool operator==(const routing_rules&, const routing_rules&) = default;
};

routing_mode routing_for(const routing_rules& rules, std::string_view group, task_action action);

/// The rules from configuration: `mode` and "name=mode" entries for groups
/// and actions (actions by their 2.3 names, case-insensitive). The error
/// text names the first bad entry.
std::variant<routing_rules, std::string> parse_routing(std::string_view mode,
                                                       const std::vector<std::string>& groups,
                                                       const std::vector<std::string>& actions);

// -- submit -------------------------------------------------------------------------

/// One submit re-encoded for an upstream mj-proxy server. `kind` is the
/// path segment (imagine, describe, blend, shorten, action, change, modal);
/// the client's notifyHook and accountFilter are never forwarded (our own
/// callback URL may be set instead).
struct mj_upstream_submit {
  std::string kind = "imagine";
  std::string prompt;               ///< imagine, shorten, modal
  std::vector<std::string> images;  ///< data URLs or http(s) URLs (imagine, blend)
  std::string image;                ///< describe: a data URL (base64)
  std::string link;                 ///< describe: by URL
  std::string dimensions;           ///< blend
  std::string bot_type;             ///< "" = the upstream's default
  std::string task_id;              ///< action, change, modal: the upstream id
  std::string custom_id;            ///< action
  std::string change_action;        ///< change: UPSCALE / VARIATION / REROLL
  int index = 0;                    ///< change
  std::string mask_base64;          ///< modal (Vary Region)
  bool enable_remix = false;        ///< action
  std::string notify_hook;          ///< our relay callback URL ("" = none)
  friend bool operator==(const mj_upstream_submit&, const mj_upstream_submit&) = default;
};

/// The JSON body of `s` (only the fields its kind uses).
std::string mj_submit_body(const mj_upstream_submit& s);

/// The path of a submit below the channel's base URL: "/mj/submit/<kind>",
/// or "/mj-<speed>/mj/submit/<kind>" when a speed (FAST, RELAX, TURBO) is
/// asked and the channel declares the speed prefixes; otherwise the speed is
/// stripped (§5.4).
std::string mj_submit_path(std::string_view kind, std::string_view speed, bool speed_prefix);

/// What an upstream submit answer means for the task (§5.4).
enum class mj_submit_verdict : std::uint8_t {
  accepted,      ///< 1/22: the upstream took it; poll it
  modal,         ///< 21: a MODAL task at the upstream
  skip_channel,  ///< 3 (or the channel refused our key): this channel cannot serve it; degraded
  next_channel,  ///< 23/9, network error, 5xx, unreadable answer: try another channel
  reject,        ///< 4/24: the client's request is wrong; answered as is
};

struct mj_submit_outcome {
  mj_submit_verdict verdict = mj_submit_verdict::next_channel;
  int code = 0;              ///< the upstream's code (0 when it sent none)
  std::string upstream_id;   ///< accepted / modal
  int queue_ahead = 0;       ///< 22: properties.numberOfQueues (at least 1)
  std::string description;   ///< the upstream's text (reject: shown to the client)
  std::string final_prompt;  ///< 21: properties.finalPrompt
  std::string banned_word;   ///< 24: properties.bannedWord
  std::string prompt_en;     ///< 24: properties.promptEn
  friend bool operator==(const mj_submit_outcome&, const mj_submit_outcome&) = default;
};

/// Reads an upstream submit answer: HTTP status (0 = no answer) and body.
mj_submit_outcome read_mj_submit(int http_status, std::string_view body);

// -- polling ------------------------------------------------------------------------

/// One task in an upstream poll answer (or callback): its upstream id, a
/// fingerprint of everything it said (unchanged items are skipped) and the
/// change it makes to the local task.
struct polled_item {
  std::string upstream_id;
  std::string fingerprint;
  task_patch patch;
  friend bool operator==(const polled_item&, const polled_item&) = default;
};

/// The unified status of an upstream mj status; anything unrecognised is
/// UNKNOWN (rendered IN_PROGRESS, polling continues).
task_status mj_status(std::string_view upstream);

/// "NN%" (or a bare number) → 0..100; -1 when there is none.
int parse_progress(std::string_view text);

/// The patch of one upstream Task JSON object (text) observed at `now_ms`;
/// nullopt when it is not an object with an id.
std::optional<polled_item> read_mj_task(std::string_view json_text, std::int64_t now_ms);

/// The items of a list-by-condition answer (a bare array of Task JSON);
/// nullopt when the body is not an array.
std::optional<std::vector<polled_item>> read_mj_poll(std::string_view body, std::int64_t now_ms);

/// The list-by-condition request body for `ids`: {"ids":[…]}.
std::string mj_poll_body(const std::vector<std::string>& ids);

// -- the upstream codec by channel type (the poller is one design for both) ---

/// The path below the base URL of a submit: suno "/suno/submit/<action>";
/// midjourney-proxy: `action` is already the path (mj_submit_path).
std::string submit_path(channel_type type, std::string_view action);

/// The poll call of `ids`: path and JSON body.
struct upstream_call {
  std::string path;
  std::string body;
};
upstream_call poll_call(channel_type type, const std::vector<std::string>& ids);

/// The items of a poll answer of a channel of `type`; nullopt when unreadable.
std::optional<std::vector<polled_item>> read_poll(channel_type type, std::string_view body,
                                                  std::int64_t now_ms);

/// The header that carries the channel's key: suno "Authorization: Bearer
/// <key>", midjourney-proxy "mj-api-secret: <key>".
std::pair<std::string, std::string> auth_header(channel_type type, const std::string& key);

/// Standard base64 (with padding) of `bytes`.
std::string base64_encode(std::string_view bytes);

/// "data:<mime>;base64,<data>".
std::string data_url(std::string_view mime, std::string_view bytes);

}  // namespace mjgate::domain
