// A Discord account as configured and persisted (api-contracts.md §3.9.1).
#pragma once

#include <cstdint>
#include <string>

namespace mjgate::domain {

struct account {
  std::string id;  ///< defaults to channel_id
  std::string name;
  std::string guild_id;
  std::string channel_id;
  std::string user_token;  ///< clear only in memory; never logged (mask_secret)
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
  std::string source = "config";  ///< "config" (read-only via API) or "api"
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  friend bool operator==(const account&, const account&) = default;
};

/// First 4 characters + "********" + last 4; shorter than 12 → "********".
std::string mask_secret(const std::string& secret);

}  // namespace mjgate::domain
