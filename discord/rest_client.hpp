// Discord REST for one account (discord-midjourney-protocol.md §2): the
// interactions endpoint with 429 handling, message history, command search,
// uploads, DM channel, reactions, Vary Region submit, users/@me. Built on
// http_client; no CAF here.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "discord/http_client.hpp"
#include "discord/payloads.hpp"

namespace mjgate::discord {

struct rest_options {
  std::string api_base = "https://discord.com";  ///< "/api/v9" is appended
  std::string token;
  std::string user_agent;
  std::string super_properties;  ///< base64 X-Super-Properties; "" = omit
  std::chrono::milliseconds timeout{10000};
  int max_rate_limit_retries = 5;
  std::chrono::milliseconds server_error_backoff{1000};  ///< 5xx: waits 1×, 2×, 4× this
  int max_server_error_retries = 3;
  std::chrono::milliseconds max_jitter{250};  ///< added to every 429 wait
  /// Attachment upload host: upload_urls under the production host are
  /// rewritten to this prefix (§1.1); the production value means no rewrite.
  std::string upload_base{production_upload_base};
  /// MJ activity host; "{app_id}" is replaced by the application id (§1.1).
  std::string discordsays_base = "https://{app_id}.discordsays.com";

  static constexpr std::string_view production_upload_base =
      "https://discord-attachments-uploads-prd.storage.googleapis.com";
};

/// What a failed call means for the account or the task (§2.5).
enum class rest_failure : std::uint8_t {
  none,             ///< 2xx
  transport,        ///< no HTTP answer (see rest_result::sent for ambiguity)
  auth,             ///< 401, 403 (except 40002), 404 10003: DISABLED, reason AUTH
  verification,     ///< 403 40002: LOCKED (account review)
  rate_limited,     ///< 429 still after the retries; retry_after says how long
  invalid_version,  ///< 400 50035 INVALID_VERSION: rediscover and retry once
  unknown_message,  ///< 404 10008: the clicked message is gone
  server,           ///< 5xx still after the retries
  rejected,         ///< any other 4xx (form errors …): fail with the error text
};

struct rest_result {
  int status = 0;  ///< 0 = transport error (see http_response::sent)
  bool sent = false;
  std::string body;
  std::string error;             ///< readable: "400 50035 Invalid Form Body" or the transport error
  int discord_code = 0;          ///< "code" of a Discord error body
  bool invalid_version = false;  ///< 50035 INTERACTION_APPLICATION_COMMAND_INVALID_VERSION
  rest_failure failure = rest_failure::none;
  std::chrono::milliseconds retry_after{0};  ///< 429: the asked wait (0 when unreadable)
  bool global_rate_limit = false;            ///< 429 with "global": true (whole account BACKOFF)
};

/// Pure: the rest_result for one HTTP answer (error text "<status> <code>
/// <message>", Discord code, INVALID_VERSION detection, failure class);
/// status 0 keeps the transport error.
rest_result to_rest_result(const http_response& res);

/// Pure: the failure class of a status and Discord code (§2.5).
rest_failure classify_rest(int status, int discord_code, bool invalid_version);

/// One slot of the POST /channels/{C}/attachments answer.
struct upload_slot {
  std::string id;
  std::string upload_url;
  std::string upload_filename;
};
/// Pure: the slots of an attachments answer, in order; empty when unreadable.
std::vector<upload_slot> parse_upload_slots(std::string_view body);

/// Pure: the "id" of a channel object (POST /users/@me/channels answer); "" when absent.
std::string parse_channel_id(std::string_view body);

/// Pure: `discordsays_base` with "{app_id}" replaced.
std::string discordsays_url(std::string_view base, std::string_view application_id);

/// The ✉️ reaction of the seed flow (§5.5).
inline constexpr std::string_view envelope_emoji = "\xE2\x9C\x89\xEF\xB8\x8F";

/// Pure: how long a 429 asks to wait: JSON `retry_after` (seconds, fractional),
/// else the `Retry-After` header; nullopt when neither is readable.
std::optional<std::chrono::milliseconds> retry_after_of(const http_response& res);

class rest_client {
 public:
  /// `http` must outlive this client.
  rest_client(http_client& http, rest_options opts);

  /// POST /interactions with a ready JSON body; retries 429 after retry_after
  /// (same body, same nonce) up to max_rate_limit_retries; `done` runs once.
  void post_interaction(std::string body, std::function<void(rest_result)> done);
  /// GET /channels/{c}/messages?limit=&after=
  void get_messages(const std::string& channel_id, const std::string& after, int limit,
                    std::function<void(rest_result)> done);
  /// GET /channels/{c}/application-commands/search?type=1&include_applications=true
  void search_commands(const std::string& channel_id, std::function<void(rest_result)> done);
  /// GET /users/@me
  void get_me(std::function<void(rest_result)> done);
  /// POST /channels/{c}/attachments: announces files; parse the answer with parse_upload_slots.
  void create_attachment_slots(const std::string& channel_id,
                               const std::vector<file_announcement>& files,
                               std::function<void(rest_result)> done);
  /// PUT the raw bytes to an upload_url (rewritten per upload_base) with
  /// `content_type` and the UA but no Authorization; any 2xx is success.
  void upload_bytes(const std::string& upload_url, const std::string& content_type,
                    std::string bytes, std::function<void(rest_result)> done);
  /// POST /channels/{c}/messages with a ready body (build_message_with_attachments).
  void post_message(const std::string& channel_id, std::string body,
                    std::function<void(rest_result)> done);
  /// POST /users/@me/channels opening the DM with `recipient_id`; see parse_channel_id.
  void create_dm_channel(const std::string& recipient_id, std::function<void(rest_result)> done);
  /// PUT /channels/{c}/messages/{m}/reactions/{emoji}/@me (emoji percent-encoded here).
  void add_reaction(const std::string& channel_id, const std::string& message_id,
                    std::string_view emoji, std::function<void(rest_result)> done);
  /// POST {discordsays_base}/inpaint/api/submit-job with build_inpaint_submit's
  /// body (Vary Region, §5.4); no Authorization.
  void submit_inpaint(const std::string& application_id, std::string body,
                      std::function<void(rest_result)> done);
  /// Any call relative to {api_base}/api/v9 (e.g. "POST", "/channels/1/messages")
  /// with the same headers and 429/5xx handling; `body` "" = none.
  void call(std::string method, std::string path, std::string body,
            std::function<void(rest_result)> done);

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace mjgate::discord
