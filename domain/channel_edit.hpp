// Channel administration rules (issue 6, api-contracts.md §5.4): what an
// admin may create or change, checked once, as pure functions over values.
// Keys follow the account rule of §3.9.2: empty or masked means unchanged.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/channel.hpp"

namespace mjgate::domain {

/// A create or update request; `has_*` says which fields were sent.
struct channel_edit {
  std::int64_t id = 0;  ///< the channel updated (0 on create)
  bool has_name = false;
  std::string name;
  bool has_type = false;
  std::string type;
  bool has_base_url = false;
  std::string base_url;
  bool has_key = false;
  std::string key;  ///< clear; never logged
  bool has_models = false;
  std::vector<std::string> models;
  bool has_priority = false;
  int priority = 0;
  bool has_weight = false;
  int weight = 1;
  bool has_enabled = false;
  bool enabled = true;
  bool has_proxy = false;
  std::string proxy;  ///< "" = direct; containing "****" (the mask sent back) = unchanged
  bool has_speed_prefix = false;
  bool speed_prefix = false;
  bool has_callback = false;
  bool callback = false;
  friend bool operator==(const channel_edit&, const channel_edit&) = default;
};

/// Limits of one channel's fields.
inline constexpr std::size_t max_channel_name = 64;
inline constexpr std::size_t max_channel_key = 1024;
inline constexpr std::size_t max_channel_models = 64;
inline constexpr std::size_t max_channel_model = 64;
inline constexpr int max_channel_weight = 1000000;
inline constexpr int max_channel_priority = 1000000;
/// Channels one node holds (the admin list is bounded by it).
inline constexpr std::size_t max_channels = 1000;

/// Fail reason of the in-flight tasks of a deleted channel (§5.3 rule 5).
inline constexpr std::string_view channel_deleted_reason = "渠道已删除";

/// True when an update's key means "keep the stored one": empty, or
/// containing "****" (a masked key sent back).
bool key_unchanged(std::string_view key);

/// The channel a create request describes (name, type, base_url and key
/// required; weight 1, priority 0, enabled, every model by default), with
/// source "api", or a readable reason it is refused. `allow_private` is the
/// URL policy of outbound calls (notify.allow_private).
std::variant<channel, std::string> new_channel(const channel_edit& e, bool allow_private);

/// True when an update's proxy means "keep the stored one": it contains
/// "****" (a masked proxy sent back). "" means direct, not unchanged.
bool proxy_unchanged(std::string_view proxy);

/// `current` with the fields `e` sends, or a readable reason. Absent fields
/// keep their value; so does a key for which key_unchanged() holds. The
/// type cannot change (its in-flight tasks speak that type's protocol).
std::variant<channel, std::string> edit_channel(channel current, const channel_edit& e,
                                                bool allow_private);

}  // namespace mjgate::domain
