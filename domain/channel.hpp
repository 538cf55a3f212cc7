// Upstream relay channels (api-contracts.md §5.4): what a channel is and the
// pure rule that picks one for a task. Plain values; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mjgate::domain {

enum class channel_type : std::uint8_t { midjourney_proxy, suno };

/// "midjourney-proxy" / "suno".
std::string_view to_string(channel_type t);
std::optional<channel_type> parse_channel_type(std::string_view s);

/// One upstream HTTP API. `key` is the clear secret in memory only (never
/// logged or rendered: use mask_secret). `models` lists the actions
/// ("MUSIC", "LYRICS") or upstream model names ("chirp-v3-5") it serves,
/// case-insensitive; empty = everything of its type.
struct channel {
  std::int64_t id = 0;  ///< > 0; tasks record it (task::channel_id)
  channel_type type = channel_type::suno;
  std::string name;
  std::string base_url;  ///< http(s)://host[:port][/prefix], no trailing slash
  std::string key;
  std::vector<std::string> models;
  int priority = 0;  ///< higher first
  int weight = 1;    ///< share within its priority (≥ 1)
  bool enabled = true;
  /// midjourney-proxy: the upstream serves /mj-fast, /mj-relax, /mj-turbo
  /// (a requested speed is forwarded; else it is stripped, §5.4).
  bool speed_prefix = false;
  /// midjourney-proxy: the upstream gets our notifyHook (relay callback URL)
  /// so results arrive without waiting for the next poll.
  bool callback = false;
  /// mask_secret() of the clear key, kept beside the sealed one so listing
  /// channels never decrypts anything (what every answer shows).
  std::string key_masked;
  /// "" = direct; else the HTTP proxy every upstream call of this channel
  /// goes through ("http://[user:pass@]host:port", domain/proxy_url.hpp).
  /// Clear in memory only, sealed at rest like the key (it may carry a
  /// password); answers and logs show proxy_masked.
  std::string proxy;
  std::string proxy_masked;       ///< mask_proxy_url(proxy)
  std::string source = "config";  ///< "config" (read-only through the API) or "api"
  std::int64_t created_at = 0;    ///< epoch ms
  std::int64_t updated_at = 0;
  friend bool operator==(const channel&, const channel&) = default;
};

/// True when `c` serves `action` or `model` (either may be "").
bool serves(const channel& c, std::string_view action, std::string_view model);

/// The channel for a task (§5.4): enabled, of `type`, serving the action or
/// model, not in `excluded`; among those the highest priority, then a
/// weighted pick by `random` (any 64-bit value). nullopt when none qualifies.
/// Returns an index into `channels`.
std::optional<std::size_t> choose_channel(const std::vector<channel>& channels, channel_type type,
                                          std::string_view action, std::string_view model,
                                          const std::set<std::int64_t>& excluded,
                                          std::uint64_t random);

}  // namespace mjgate::domain
