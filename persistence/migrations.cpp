#include "persistence/migrations.hpp"

#include <soci/soci.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace mjgate::persistence {

namespace {

struct migration {
  int version;
  const char* name;
  std::vector<std::string> statements;  // SOCI runs one statement per call
};

std::string task_columns() {
  return R"(
  id text not null unique,
  uuid text not null default '',
  user_id bigint not null default 0,
  action text not null default '',
  custom_id text not null default '',
  parent_id text not null default '',
  task_index integer not null default 0,
  status text not null default '',
  progress integer not null default -1,
  prompt text not null default '',
  prompt_en text not null default '',
  prompt_full text not null default '',
  final_prompt text not null default '',
  description text not null default '',
  state text not null default '',
  notify_hook text not null default '',
  submit_time bigint not null default 0,
  start_time bigint not null default 0,
  finish_time bigint not null default 0,
  image_url text not null default '',
  fail_reason text not null default '',
  buttons text not null default '[]',
  bot_type text not null default '',
  mode text not null default '',
  job_id text not null default '',
  seed text not null default '',
  account_id text not null default '',
  nonce text not null default '',
  interaction_id text not null default '',
  message_id text not null default '',
  progress_message_id text not null default '',
  referenced_message_id text not null default '',
  flags integer not null default 0,
  priority integer not null default 0,
  submit_code integer not null default 0,
  revision bigint not null default 0,
  created_at bigint not null default 0,
  updated_at bigint not null default 0))";
}

std::int64_t now_ms();

// Users, their API keys and backend logins (api-contracts.md §1.5, §7.2).
// The root user is inserted here, so it gets id 1 on both backends.
std::vector<std::string> user_tables(dsn::backend kind) {
  const std::string id = kind == dsn::backend::sqlite ? "id integer primary key autoincrement,"
                                                      : "id bigserial primary key,";
  const auto now = std::to_string(now_ms());
  return {
      "create table users (" + id + R"(
  name text not null unique,
  role integer not null default 1,
  status integer not null default 1,
  grp text not null default 'default',
  quota bigint not null default 0,
  password_hash text not null default '',
  access_token_hash text not null default '',
  created_at bigint not null default 0,
  updated_at bigint not null default 0))",
      "create unique index users_access_token on users (access_token_hash) "
      "where access_token_hash <> ''",
      "create table api_tokens (" + id + R"(
  user_id bigint not null references users (id),
  name text not null default '',
  key_hash text not null unique,
  key_mask text not null default '',
  status integer not null default 1,
  expires_at bigint not null default 0,
  remaining_quota bigint not null default -1,
  created_at bigint not null default 0))",
      "create index api_tokens_user on api_tokens (user_id, id)",
      R"(create table sessions (
  id text primary key,
  user_id bigint not null references users (id),
  created_at bigint not null default 0,
  last_seen bigint not null default 0,
  expires_at bigint not null default 0,
  revoked integer not null default 0))",
      "create index sessions_user on sessions (user_id, created_at)",
      "insert into users (name, role, status, grp, created_at, updated_at) values "
      "('root', 100, 1, 'default', " +
          now + ", " + now + ")",
  };
}

// Relay channels administered through the API (issue 6): keys sealed like
// account tokens, with the mask beside them; config channels are upserted by
// id at each start (source 'config').
migration channel_table(int version, dsn::backend kind) {
  const std::string id = kind == dsn::backend::sqlite ? "id integer primary key autoincrement,"
                                                      : "id bigserial primary key,";
  return {version, "channels: upstream relay channels", {"create table channels (" + id + R"(
  name text not null default '',
  type text not null default 'suno',
  base_url text not null default '',
  key_sealed text not null default '',
  key_masked text not null default '',
  models text not null default '',
  priority integer not null default 0,
  weight integer not null default 1,
  enabled integer not null default 1,
  source text not null default 'api',
  created_at bigint not null default 0,
  updated_at bigint not null default 0))"}};
}

std::vector<migration> migrations_for(dsn::backend kind) {
  const std::string seq = kind == dsn::backend::sqlite ? "seq integer primary key autoincrement,"
                                                       : "seq bigserial primary key,";
  return {
      {1,
       "tasks, accounts, kv",
       {
           "create table tasks (" + seq + task_columns(),
           "create index tasks_user_id on tasks (user_id, id)",
           // Restart recovery scans only the few non-terminal rows.
           "create index tasks_unfinished on tasks (status, id) "
           "where status not in ('SUCCESS', 'FAILURE', 'CANCEL')",
           R"(create table accounts (
  id text primary key,
  name text not null default '',
  guild_id text not null default '',
  channel_id text not null default '',
  user_token text not null default '',
  user_agent text not null default '',
  enable integer not null default 1,
  core_size integer not null default 3,
  queue_size integer not null default 10,
  timeout_minutes integer not null default 0,
  mj_bot_channel_id text not null default '',
  niji_bot_channel_id text not null default '',
  remix_auto_submit integer not null default 0,
  remark text not null default '',
  weight integer not null default 1,
  source text not null default 'config',
  created_at bigint not null default 0,
  updated_at bigint not null default 0))",
           "create table kv (key text primary key, value text not null)",
       }},
      {2,
       "accounts: the relax lane's own sizes",
       {
           "alter table accounts add column relax_core_size integer not null default 3",
           "alter table accounts add column relax_queue_size integer not null default 10",
       }},
      {3,
       "tasks: owner, billing, relay and backend columns; the dashboard lists' indexes",
       {
           "alter table tasks add column api_key_id bigint not null default 0",
           "alter table tasks add column origin text not null default 'mj'",
           "alter table tasks add column platform text not null default 'mj'",
           "alter table tasks add column user_group text not null default 'default'",
           "alter table tasks add column quota bigint not null default 0",
           "alter table tasks add column billing_state text not null default 'NONE'",
           "alter table tasks add column channel_id bigint not null default 0",
           "alter table tasks add column upstream_task_id text not null default ''",
           "alter table tasks add column upstream_data text not null default ''",
           "alter table tasks add column video_url text not null default ''",
           "alter table tasks add column final_zh_prompt text not null default ''",
           "alter table tasks add column type text not null default ''",
           "alter table tasks add column input text not null default ''",
           "alter table tasks add column note text not null default ''",
           "alter table tasks add column deleted integer not null default 0",
           // The dashboard lists (api-contracts.md §4.7): newest first per owner
           // and per platform; node-api fetch by uuid.
           "create index tasks_user_seq on tasks (user_id, platform, seq)",
           "create index tasks_platform_seq on tasks (platform, seq)",
           "create index tasks_uuid on tasks (uuid)",
           "create index tasks_upstream on tasks (upstream_task_id) where upstream_task_id <> ''",
       }},
      {4, "users, api_tokens, sessions; the root user", user_tables(kind)},
      {5,
       "accounts: masked token beside the sealed one, per-account timeouts, modes, day limit",
       {
           "alter table accounts add column user_token_masked text not null default ''",
           "alter table accounts add column queue_timeout_minutes integer not null default 0",
           "alter table accounts add column modal_timeout_minutes integer not null default 0",
           "alter table accounts add column allow_modes text not null default ''",
           "alter table accounts add column day_draw_limit integer not null default -1",
       }},
      {6,
       "quota_ledger: every hold, settlement and refund",
       {
           "create table quota_ledger (" + seq + R"(
  task_id text not null,
  user_id bigint not null,
  api_key_id bigint not null default 0,
  kind text not null,
  amount bigint not null,
  created_at bigint not null))",
           "create index quota_ledger_task on quota_ledger (task_id)",
           "create index quota_ledger_user on quota_ledger (user_id, seq)",
       }},
      {7,
       "tasks: the parent's uuid (node-api taskId)",
       {
           "alter table tasks add column parent_uuid text not null default ''",
       }},
      {8,
       "tasks: the relay submit attempts (task center)",
       {
           "alter table tasks add column relay_attempts text not null default ''",
       }},
      channel_table(9, kind),
      {10,
       "idempotency_keys: stored submit answers replayed for 24 h (api-contracts.md §1.6)",
       {
           R"(create table idempotency_keys (
  user_id bigint not null,
  idem_key text not null,
  created_at bigint not null,
  status integer not null,
  headers text not null default '[]',
  body text not null default '',
  primary key (user_id, idem_key)))",
           "create index idempotency_keys_created on idempotency_keys (created_at)",
       }},
      {11,
       "channels: speed_prefix and callback (midjourney-proxy relay)",
       {
           "alter table channels add column speed_prefix integer not null default 0",
           "alter table channels add column callback integer not null default 0",
       }},
      {12,
       "channels: the optional HTTP proxy (sealed like the key, with its mask)",
       {
           "alter table channels add column proxy_sealed text not null default ''",
           "alter table channels add column proxy_masked text not null default ''",
       }},
  };
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void begin(soci::session& sql, dsn::backend kind) {
  if (kind == dsn::backend::sqlite) {
    // Take the write lock up front: a deferred transaction that later
    // upgrades can fail with SQLITE_BUSY without waiting.
    sql << "begin immediate";
  } else {
    sql << "begin";
    sql << "select pg_advisory_xact_lock(7270316)";
  }
  // Inside the lock: concurrent `create table if not exists` races on PG.
  sql << "create table if not exists schema_version "
         "(version integer primary key, applied_at bigint not null)";
}

bool applied(soci::session& sql, int version) {
  int n = 0;
  sql << "select count(*) from schema_version where version = :v", soci::into(n),
      soci::use(version);
  return n > 0;
}

int current_version(soci::session& sql) {
  int version = 0;
  soci::indicator ind = soci::i_ok;
  sql << "select max(version) from schema_version", soci::into(version, ind);
  return ind == soci::i_null ? 0 : version;
}

}  // namespace

int latest_schema_version() {
  return migrations_for(dsn::backend::sqlite).back().version;
}

std::size_t migration_count() {
  return migrations_for(dsn::backend::sqlite).size();
}

int migrate(soci::session& sql, dsn::backend kind) {
  for (const auto& m : migrations_for(kind)) {
    try {
      begin(sql, kind);
      try {
        // Another session may have applied it while we waited for the lock.
        // By presence, not by the highest number: a number reserved for a
        // branch merged later (6) still runs on a database already at 7.
        if (!applied(sql, m.version)) {
          for (const auto& stmt : m.statements) sql << stmt;
          auto at = now_ms();
          sql << "insert into schema_version (version, applied_at) values (:v, :at)",
              soci::use(m.version), soci::use(at);
        }
        sql << "commit";
      } catch (...) {
        try {
          sql << "rollback";
        } catch (...) {
        }
        throw;
      }
    } catch (const std::exception& e) {
      throw std::runtime_error("storage: migration " + std::to_string(m.version) + " (" + m.name +
                               ") failed: " + e.what());
    }
  }
  return current_version(sql);
}

}  // namespace mjgate::persistence
