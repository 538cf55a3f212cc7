// A Discord account as configured and persisted (api-contracts.md §3.9.1).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mjgate::domain {

struct account {
  std::string id;  ///< defaults to channel_id
  std::string name;
  std::string guild_id;
  std::string channel_id;
  /// The stored form (sealed by persistence/token_cipher; a row written
  /// before encryption may still hold it clear). Opened only by the account
  /// actor when it connects; never logged.
  std::string user_token;
  /// mask_secret() of the clear token, kept beside the sealed one so that
  /// listing accounts never decrypts anything.
  std::string user_token_masked;
  std::string user_agent;
  bool enable = true;
  int core_size = 3;          ///< 1..12 concurrent jobs
  int queue_size = 10;        ///< 1..1000 waiting slots
  int relax_core_size = 3;    ///< 1..12 concurrent relax jobs (their own lane)
  int relax_queue_size = 10;  ///< 1..1000 waiting relax jobs
  int timeout_minutes = 0;    ///< run timeout override; 0 = task.run_timeout
  std::string mj_bot_channel_id;
  std::string niji_bot_channel_id;
  bool remix_auto_submit = false;
  std::string remark;
  int weight = 1;
  std::string source = "config";         ///< "config" (read-only via API) or "api"
  int queue_timeout_minutes = 0;         ///< task.queue_timeout override; 0 = the global one
  int modal_timeout_minutes = 0;         ///< task.modal_timeout override; 0 = the global one
  std::vector<std::string> allow_modes;  ///< FAST / RELAX / TURBO served here; empty = all
  int day_draw_limit = -1;               ///< jobs started per UTC day; -1 = unlimited
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  friend bool operator==(const account&, const account&) = default;
};

/// First 4 characters + "********" + last 4; shorter than 12 → "********".
std::string mask_secret(const std::string& secret);

}  // namespace mjgate::domain
