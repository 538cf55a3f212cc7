// mjgate's typed configuration: one TOML file, MJGATE_<SECTION>__<KEY>
// environment overrides, then CLI flags; parsed and validated once at start
// (config/load.hpp). Actors receive the parts they need at spawn.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/account.hpp"

namespace mjgate::config {

using duration = std::chrono::milliseconds;
using namespace std::chrono_literals;

struct server_config {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8080;
  unsigned io_threads = 2;
  std::string public_base_url;              ///< "" = http://<host>:<port>
  duration handle_timeout = 30s;            ///< RESTinio handle_request_timeout
  duration ask_timeout = 10s;               ///< every HTTP→actor ask; < handle_timeout
  std::size_t max_body_submit = 32u << 20;  ///< /mj/submit/*
  std::size_t max_body_default = 1u << 20;  ///< every other route
  std::size_t max_connections = 10000;
  /// Browser origins allowed to call (CORS, api-contracts.md §1.1): exact
  /// "scheme://host[:port]" entries or "*"; empty = CORS off.
  std::vector<std::string> cors_origins;
};

struct storage_config {
  /// "sqlite:<file>" (default), "sqlite::memory:", "postgresql://…" or
  /// "postgresql:<libpq conninfo>".
  std::string dsn = "sqlite:mjgate.db";
  duration batch_window = 2ms;  ///< group commit: collect for at most this long
  std::size_t batch_max = 500;  ///< … or this many writes
  unsigned readers = 1;         ///< reader actors (own sessions)
};

struct security_config {
  std::string root_api_key;  ///< "" = create one at first start and log it once
  bool auth_enabled = true;  ///< false only in --demo (loopback)
  /// The root user's backend login password; "" = keep the stored one, or
  /// generate one at first start and print it once.
  std::string root_password;
  /// Secret the backend JWT (HS512) key is derived from; "" = a random one
  /// kept in <data_dir>/jwt.secret (mode 0600).
  std::string jwt_secret;
  /// Encrypts Discord tokens at rest: 32 bytes as 64 hex digits or base64.
  /// "" = a key generated at first start in <data_dir>/secret.key (mode 0600).
  std::string secret_key;
};

struct task_config {
  duration queue_timeout = 60min;
  duration run_timeout = 5min;
  duration modal_timeout = 30min;
  std::size_t max_ids = 10000;         ///< list-by-condition
  std::size_t max_in_flight = 200000;  ///< global admission cap
  std::size_t cache_finished = 50000;  ///< finished tasks kept in memory for reads
};

struct discord_config {
  std::string api_base = "https://discord.com";
  std::string gateway_url = "wss://gateway.discord.gg";
  std::string cdn_base = "https://cdn.discordapp.com";
  std::string upload_base = "https://discord-attachments-uploads-prd.storage.googleapis.com";
  std::string discordsays_base = "https://{app_id}.discordsays.com";  ///< Vary Region editor
  bool compress = true;  ///< zlib-stream on the gateway
  int client_build_number = 345000;
  std::string user_agent =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/131.0.0.0 Safari/537.36";
  duration connect_timeout = 10s;
  duration request_timeout = 10s;
  /// A running job silent this long gets one channel-history read
  /// (reconciliation, protocol §6.3); tests shorten it.
  duration stall_after = 90s;
  std::string ca_file;  ///< extra CA bundle for a TLS simulator
};

struct mj_config {
  /// Legacy single secret (NZ's mj.api-secret): accepted as an API key of
  /// the root user; "" = none.
  std::string api_secret;
  bool inject_seed = true;
  std::vector<std::string> banned_words;
  std::size_t max_prompt = 8192;
};

struct notify_config {
  bool allow_private = false;  ///< allow loopback/private webhook targets (tests)
  duration connect_timeout = 5s;
  duration timeout = 10s;
  int max_attempts = 10;  ///< terminal events
  duration backoff_base = 1s;
  duration backoff_max = 5min;
  std::size_t per_host = 16;
  std::string global_hook;
};

struct scheduler_config {
  unsigned max_threads = 2;
  unsigned max_throughput = 300;
  /// A waiting task gains +1 priority per period (api-contracts.md §2.5);
  /// 0 = off (strict priority, then arrival).
  duration aging = std::chrono::minutes(10);
};

struct demo_config {
  bool enabled = false;  ///< serve --demo: in-process simulator, auth off, loopback
  int accounts = 3;
  std::string speed = "demo";  ///< bench | test | demo
  std::uint16_t sim_port = 0;  ///< 0 = pick a free loopback port
};

/// Final images kept by mjgate and served at /mj/image/{id} (api-contracts.md §3.10).
struct image_config {
  bool rehost = true;                 ///< false = imageUrl stays Discord's (expiring) URL
  std::string dir;                    ///< "" = <data_dir>/images
  std::size_t max_bytes = 32u << 20;  ///< larger downloads are not kept
};

/// The new-api dashboard lists (api-contracts.md §4.3).
struct dashboard_config {
  int default_page_size = 20;  ///< page size when a request names none (1..100)
};

/// The node-api dialect, /api/v1/... (api-contracts.md §6).
struct node_api_config {
  /// Requests without credentials run as this user id (user rights, never
  /// admin); 0 = off: they get 401.
  std::int64_t anonymous_user = 0;
  bool notify_progress = false;            ///< callbacks on progress too, not only the terminal one
  std::string progress_style = "percent";  ///< percent ("NN%") | legacy ("" until "done")
};

/// Polling of upstream relay channels (api-contracts.md §5.5).
struct poll_config {
  duration interval = 2s;          ///< per channel; at least 1s
  std::size_t batch = 200;         ///< ids per upstream fetch (1..1000)
  unsigned parallel = 2;           ///< fetches in flight per channel (1..16)
  duration request_timeout = 15s;  ///< every upstream call
  duration task_timeout = 24h;  ///< task-center tasks fail "上游任务超时" after this since submit
  duration mj_timeout = 60min;  ///< relayed Midjourney tasks fail "上游任务超时" after this
  int lost_after = 4;  ///< … "上游任务丢失" when missing from this many successful polls
  duration lost_min_age = 10min;  ///< … and at least this old (tests shorten it)
  duration backoff_base = 15s;    ///< a failing channel waits 15 s → 30 s → 60 s …
  duration backoff_max = 5min;    ///< … up to this
};

/// Submitting to upstream channels (api-contracts.md §5.4).
struct relay_config {
  int submit_retries = 2;  ///< further channels tried after a network error, 5xx or 429
  /// A midjourney-proxy channel is disabled after this many consecutive
  /// code-3 answers (0 = never) spanning at least `disable_span`.
  int disable_after = 5;
  duration disable_span = 10min;
};

/// Where a new Midjourney task runs (api-contracts.md §5.4): mode
/// accounts | channels | accounts_then_channels; "name=mode" overrides per
/// user group and per action (an action override beats a group override).
struct routing_config {
  std::string mode = "accounts_then_channels";
  std::vector<std::string> groups;   ///< "vip=channels", …
  std::vector<std::string> actions;  ///< "DESCRIBE=accounts", …
};

/// One [[channels]] table: an upstream HTTP API (api-contracts.md §5.4).
struct channel_entry {
  std::int64_t id = 0;        ///< required, > 0, unique
  std::string type = "suno";  ///< suno | midjourney-proxy
  std::string name;
  std::string base_url;             ///< required: http(s)://host[:port][/prefix]
  std::string key;                  ///< the upstream's API key; never logged
  std::vector<std::string> models;  ///< actions/models served; [] = all
  int priority = 0;
  int weight = 1;
  bool enabled = true;
  bool speed_prefix = false;  ///< midjourney-proxy: the upstream serves /mj-fast|relax|turbo
  bool callback = false;      ///< midjourney-proxy: results pushed to our relay callback URL
  std::string proxy;          ///< "" = direct; "http://[user:pass@]host:port" (may hold a password)
  friend bool operator==(const channel_entry&, const channel_entry&) = default;
};

/// The backend admin dialect (api-contracts.md §7).
struct backend_config {
  duration queue_timeout = std::chrono::hours(24);  ///< backend tasks waiting for a slot
  std::size_t max_pending = 1000;  ///< waiting tasks before POST /task gets 10202 (0 = off)
};

/// Quota (api-contracts.md §5.3): off by default = unlimited.
struct billing_config {
  bool enabled = false;
  std::vector<std::string> prices;        ///< "mj_imagine=50000", … over the defaults
  std::vector<std::string> group_ratios;  ///< "vip=0.8", … (absent group: 1)
};

/// Per-user limits (api-contracts.md §1.7); root is exempt; 0 = off.
struct auth_config {
  int rate_limit = 60;               ///< submits per minute per user
  std::size_t max_in_flight = 1000;  ///< unfinished tasks per user
};

struct log_config {
  std::string level = "info";  ///< trace|debug|info|warn|error
};

struct config {
  server_config server;
  storage_config storage;
  security_config security;
  task_config task;
  discord_config discord;
  mj_config mj;
  notify_config notify;
  scheduler_config scheduler;
  demo_config demo;
  image_config image;
  dashboard_config dashboard;
  node_api_config node_api;
  backend_config backend;
  billing_config billing;
  auth_config auth;
  log_config log;
  std::string data_dir = "data";
  std::vector<domain::account> accounts;  ///< [[accounts]] tables
  poll_config poll;
  relay_config relay;
  routing_config routing;
  std::vector<channel_entry> channels;  ///< [[channels]] tables
};

}  // namespace mjgate::config
