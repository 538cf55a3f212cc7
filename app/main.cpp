// mjgate's entry point: config → actor system → spawn → HTTP; nothing else.
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <sodium.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <set>
#include <thread>

#include "actors/credential_index.hpp"
#include "actors/credential_secrets.hpp"
#include "actors/notifier.hpp"
#include "actors/password_hasher.hpp"
#include "actors/task_center.hpp"
#include "actors/task_router.hpp"
#include "config/load.hpp"
#include "discord/http_client.hpp"
#include "http/auth.hpp"
#include "http/dialects/backend/jwt.hpp"
#include "http/dialects/mj/task_json.hpp"
#include "http/server.hpp"
#include "http/webhook_body.hpp"
#include "images/image_keeper.hpp"
#include "persistence/idempotency_keeper.hpp"
#include "persistence/secret_key_file.hpp"
#include "persistence/store.hpp"
#include "persistence/token_cipher.hpp"
#include "persistence/user_registry.hpp"
#include "sim/simulator.hpp"

namespace {

using namespace mjgate;
using namespace std::chrono_literals;

constexpr std::size_t password_hashers = 2;

void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("mjgate");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
}

/// The backend JWT key: from security.jwt_secret, else from a random secret
/// kept in <data_dir>/jwt.secret (created with mode 0600). "" on failure.
std::string backend_jwt_key(const config::config& cfg) {
  if (!cfg.security.jwt_secret.empty())
    return http::backend::jwt_key_from_secret(cfg.security.jwt_secret);
  const auto path = std::filesystem::path{cfg.data_dir} / "jwt.secret";
  std::string secret;
  if (std::ifstream in{path}; in) std::getline(in, secret);
  if (secret.empty()) {
    secret = actors::new_session_id();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 ||
        ::write(fd, secret.data(), secret.size()) != static_cast<ssize_t>(secret.size())) {
      if (fd >= 0) ::close(fd);
      spdlog::error("cannot write {}: {}", path.string(), std::strerror(errno));
      return {};
    }
    ::close(fd);
    spdlog::info("created the backend login signing secret in {}", path.string());
  }
  return http::backend::jwt_key_from_secret(secret);
}

/// The root user's API key and backend password (api-contracts.md §1.5):
/// from config, migrated from older builds, or generated and logged once.
bool setup_root(caf::scoped_actor& self, const actors::user_registry_actor& users,
                const config::config& cfg) {
  actors::root_setup setup;
  if (!cfg.security.root_api_key.empty()) {
    setup.config_key_hash = actors::hash_api_key(cfg.security.root_api_key);
    setup.config_key_mask = domain::mask_secret(cfg.security.root_api_key);
  }
  setup.password = cfg.security.root_password;
  setup.generate_missing = cfg.security.auth_enabled;
  bool ok = false;
  self->request(users, 60s, actors::root_atom_v, setup)
      .receive(
          [&](const actors::root_report& report) {
            ok = true;
            if (report.migrated_legacy_key)
              spdlog::info(
                  "users: the root API key of the previous version now lives in api_tokens");
            if (!report.generated_key.empty())
              spdlog::warn("created the root API key (shown only this once, store it now): {}",
                           report.generated_key);
            if (!report.generated_password.empty())
              spdlog::warn(
                  "created the backend login password of user \"root\" (shown only this once, "
                  "store it now): {}",
                  report.generated_password);
          },
          [&](const caf::error& err) {
            spdlog::error("users: cannot set up the root user: {}", to_string(err));
          });
  return ok;
}

/// The key that encrypts Discord tokens at rest: security.secret_key, else
/// <data_dir>/secret.key (created at first start). Never logged.
std::shared_ptr<const persistence::token_cipher> token_cipher(const config::config& cfg) {
  if (!cfg.security.secret_key.empty()) {
    auto key = persistence::parse_secret_key(cfg.security.secret_key);  // shape validated by config
    if (!key) {
      spdlog::error("security.secret_key: not a 32-byte key (hex or base64)");
      return nullptr;
    }
    return std::make_shared<const persistence::token_cipher>(*key);
  }
  auto path = std::filesystem::path{cfg.data_dir} / "secret.key";
  auto loaded = persistence::load_or_create_key_file(path);
  if (auto* problem = std::get_if<std::string>(&loaded)) {
    spdlog::error("{}", *problem);
    return nullptr;
  }
  auto& file = std::get<persistence::key_file>(loaded);
  if (file.created)
    spdlog::warn(
        "security: generated the key that encrypts Discord tokens at rest in {} (mode 0600); back "
        "it up with the database, or set security.secret_key",
        path.string());
  return std::make_shared<const persistence::token_cipher>(file.key);
}

actors::token_codec codec_of(std::shared_ptr<const persistence::token_cipher> cipher) {
  actors::token_codec codec;
  codec.seal = [cipher](const std::string& token) { return cipher->seal(token); };
  codec.open = [cipher](const std::string& stored) { return cipher->open(stored); };
  return codec;
}

/// Config accounts are upserted by channel at each start, their tokens sealed
/// (a fresh nonce each time); the store's list is the truth.
std::optional<std::vector<domain::account>> load_accounts(caf::scoped_actor& self,
                                                          const actors::store_actor& store,
                                                          const config::config& cfg,
                                                          const persistence::token_cipher& cipher) {
  bool ok = true;
  for (auto acct : cfg.accounts) {
    acct.source = "config";
    if (acct.id.empty()) acct.id = acct.channel_id;
    acct.user_token_masked = domain::mask_secret(acct.user_token);
    acct.user_token = cipher.seal(acct.user_token);
    self->request(store, 30s, actors::upsert_atom_v, acct)
        .receive([](bool) {},
                 [&](const caf::error& err) {
                   spdlog::error("storage: cannot store account {}: {}", acct.id, to_string(err));
                   ok = false;
                 });
  }
  std::optional<std::vector<domain::account>> accounts;
  if (!ok) return accounts;
  self->request(store, 30s, actors::accounts_atom_v)
      .receive([&](std::vector<domain::account>& xs) { accounts = std::move(xs); },
               [&](const caf::error& err) {
                 spdlog::error("storage: cannot list accounts: {}", to_string(err));
               });
  return accounts;
}

/// Config channels ([[channels]]) are upserted by id at each start, keys
/// sealed (source "config": read-only through the API); the store's list,
/// with the channels created through the API, is the truth.
std::optional<std::vector<domain::channel>> load_channels(caf::scoped_actor& self,
                                                          const actors::store_actor& store,
                                                          const config::config& cfg,
                                                          const persistence::token_cipher& cipher) {
  bool ok = true;
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  for (auto c : config::relay_channels(cfg)) {
    c.source = "config";
    c.key_masked = domain::mask_secret(c.key);
    c.key = cipher.seal(c.key);
    if (!c.proxy.empty()) c.proxy = cipher.seal(c.proxy);  // it may hold a password
    c.created_at = c.updated_at = now;
    self->request(store, 30s, actors::upsert_atom_v, c)
        .receive([](domain::channel&) {},
                 [&](const caf::error& err) {
                   spdlog::error("storage: cannot store channel {}: {}", c.id, to_string(err));
                   ok = false;
                 });
  }
  std::optional<std::vector<domain::channel>> channels;
  if (!ok) return channels;
  self->request(store, 30s, actors::channels_atom_v)
      .receive([&](std::vector<domain::channel>& xs) { channels = std::move(xs); },
               [&](const caf::error& err) {
                 spdlog::error("storage: cannot list channels: {}", to_string(err));
               });
  if (!channels) return channels;
  // A config channel gone from the file is gone (the API cannot delete it);
  // its unfinished tasks fail at recovery ("no longer configured"), refunded.
  std::set<std::int64_t> in_file;
  for (const auto& e : cfg.channels) in_file.insert(e.id);
  std::erase_if(*channels, [&](const domain::channel& c) {
    if (c.source != "config" || in_file.count(c.id)) return false;
    self->request(store, 30s, actors::remove_atom_v, c.id)
        .receive([&](bool) { spdlog::info("channel {} left the config file: removed", c.id); },
                 [&](const caf::error& err) {
                   spdlog::error("storage: cannot remove channel {}: {}", c.id, to_string(err));
                 });
    return true;
  });
  return channels;
}

/// Demo mode: the simulator runs in-process and its accounts are ours.
std::unique_ptr<sim::simulator> start_demo_simulator(config::config& cfg) {
  sim::options opts;
  opts.accounts = cfg.demo.accounts;
  opts.pace = sim::parse_speed(cfg.demo.speed).value_or(sim::speed::demo);
  opts.port = cfg.demo.sim_port;
  auto simulator = std::make_unique<sim::simulator>(opts);
  simulator->start();
  auto base = simulator->base_url();
  cfg.discord.api_base = base;
  cfg.discord.gateway_url = "ws" + base.substr(4) + "/gateway";
  cfg.discord.discordsays_base = base + "/discordsays/{app_id}";
  cfg.accounts.clear();
  for (int i = 1; i <= cfg.demo.accounts; ++i) {
    auto s = sim::make_sim_account(i);
    domain::account a;
    a.id = "demo-" + std::to_string(i);
    a.name = s.username;
    a.guild_id = s.guild_id;
    a.channel_id = s.channel_id;
    a.user_token = s.token;
    a.remark = "simulated (demo)";
    cfg.accounts.push_back(a);
  }
  spdlog::info("demo: simulator on {} with {} account(s) at speed '{}'", base, cfg.demo.accounts,
               cfg.demo.speed);
  return simulator;
}

/// server.public_base_url, else http://<host>:<port> (the bound port).
std::string public_base(const config::config& cfg, std::uint16_t port) {
  if (!cfg.server.public_base_url.empty()) return cfg.server.public_base_url;
  return "http://" + cfg.server.host + ":" + std::to_string(port);
}

int wait_for_signal(const sigset_t& signals) {
  int sig = 0;
  sigwait(&signals, &sig);
  return sig;
}

int serve(config::config cfg, const sigset_t& signals) {
  std::filesystem::create_directories(cfg.data_dir);
  std::unique_ptr<sim::simulator> simulator;
  if (cfg.demo.enabled) simulator = start_demo_simulator(cfg);

  caf::actor_system_config sys_cfg;
  sys_cfg.add_message_types<caf::id_block::mjgate>();
  sys_cfg.set("scheduler.max-threads", static_cast<std::uint64_t>(cfg.scheduler.max_threads));
  sys_cfg.set("scheduler.max-throughput", static_cast<std::uint64_t>(cfg.scheduler.max_throughput));
  caf::actor_system sys{sys_cfg};

  // Discord and webhook I/O get their own io_context and thread, so inbound
  // HTTP load never delays gateway heartbeats.
  boost::asio::io_context discord_io;
  auto work = boost::asio::make_work_guard(discord_io);
  std::thread discord_thread{[&] { discord_io.run(); }};
  discord::http_client_options http_opts;
  http_opts.ca_file = cfg.discord.ca_file;
  discord::http_client http_client{discord_io, http_opts};

  auto stop_io = [&] {
    work.reset();
    discord_io.stop();
    discord_thread.join();
  };
  if (auto problem = persistence::prepare_storage(cfg.storage); !problem.empty()) {
    spdlog::error("{}", problem);
    stop_io();
    return 1;
  }
  auto writer = persistence::spawn_store_writer(sys, cfg.storage);
  std::vector<actors::store_actor> readers;
  for (unsigned i = 0; i < std::max(cfg.storage.readers, 1u); ++i)
    readers.push_back(persistence::spawn_store_reader(sys, cfg.storage));
  // A scoped actor counts as running in CAF 0.17 (even "hidden"): it is
  // destroyed before await_all_actors_done().
  std::optional<caf::scoped_actor> scoped{std::in_place, sys};
  auto& self = *scoped;
  std::function<void()> shutdown_store = [&] {
    self->send_exit(writer, caf::exit_reason::user_shutdown);
    for (auto& reader : readers) self->send_exit(reader, caf::exit_reason::user_shutdown);
  };

  // Users, keys and logins: one registry owns them and the credentials index.
  std::vector<actors::password_hasher_actor> hashers;
  for (std::size_t i = 0; i < password_hashers; ++i)
    hashers.push_back(actors::spawn_password_hasher(sys));
  auto credentials = std::make_shared<actors::credential_index>();
  persistence::user_registry_settings us;
  us.dsn = cfg.storage.dsn;
  auto users = persistence::spawn_user_registry(sys, us, credentials, hashers);
  shutdown_store = [&, store_down = shutdown_store] {
    store_down();
    self->send_exit(users, caf::exit_reason::user_shutdown);
    for (auto& h : hashers) self->send_exit(h, caf::exit_reason::user_shutdown);
  };
  const auto jwt_key = backend_jwt_key(cfg);
  if (!setup_root(self, users, cfg) || jwt_key.empty()) {
    shutdown_store();
    stop_io();
    return 1;
  }
  // node_api.anonymous_user names a user of the users table (its role,
  // group, status and quota apply, read per request). Not fatal when it is
  // missing: on a fresh database it is created through the management API
  // after the first start; until then anonymous requests get 401.
  if (cfg.security.auth_enabled && cfg.node_api.anonymous_user != 0) {
    auto found = credentials->by_user_id(cfg.node_api.anonymous_user);
    if (found.result == actors::credential_index::outcome::unknown)
      spdlog::warn(
          "node_api.anonymous_user: no user with id {} yet; anonymous node-api "
          "requests get 401 until it is created (POST /mjgate/api/v1/users)",
          cfg.node_api.anonymous_user);
    if (found.result == actors::credential_index::outcome::disabled)
      spdlog::warn(
          "node_api.anonymous_user: user {} is disabled; anonymous node-api requests "
          "get 403 until it is enabled",
          cfg.node_api.anonymous_user);
  }
  if (!cfg.security.auth_enabled)
    spdlog::warn("authentication is OFF (demo mode, loopback only): every caller is root");
  auto cipher = token_cipher(cfg);
  std::optional<std::vector<domain::account>> accounts;
  std::optional<std::vector<domain::channel>> channels;
  if (cipher) accounts = load_accounts(self, writer, cfg, *cipher);
  if (accounts) channels = load_channels(self, writer, cfg, *cipher);
  if (!accounts || !channels) {
    shutdown_store();
    stop_io();
    return 1;
  }

  actors::notifier_settings ns;
  ns.timeout = cfg.notify.timeout;
  ns.connect_timeout = cfg.notify.connect_timeout;
  ns.max_attempts = cfg.notify.max_attempts;
  ns.backoff_base = cfg.notify.backoff_base;
  ns.backoff_max = cfg.notify.backoff_max;
  auto notifier = actors::spawn_notifier(sys, &http_client, ns);

  // Final images: copied on the Discord io thread, served by the HTTP server.
  const auto image_dir = cfg.image.dir.empty()
                             ? (std::filesystem::path{cfg.data_dir} / "images").string()
                             : cfg.image.dir;
  images::image_keeper_actor image_keeper;
  if (cfg.image.rehost) {
    images::copy_settings cs;
    cs.dir = image_dir;
    cs.max_bytes = cfg.image.max_bytes;
    image_keeper =
        images::spawn_image_keeper(sys, std::make_shared<images::image_copier>(http_client, cs),
                                   public_base(cfg, cfg.server.port));
  }

  auto board = std::make_shared<actors::task_board>(cfg.task.cache_finished);

  http::node::options node_api;
  node_api.anonymous_user = cfg.node_api.anonymous_user;
  node_api.notify_progress = cfg.node_api.notify_progress;
  node_api.progress = cfg.node_api.progress_style == "legacy" ? http::node::progress_style::legacy
                                                              : http::node::progress_style::percent;
  const auto deps_prices = std::get<domain::price_table>(domain::parse_prices(
      domain::default_prices(), cfg.billing.prices, cfg.billing.group_ratios));  // validated
  // The task center owns the channels: one poller per channel (suno for
  // /suno/*, midjourney-proxy for the router's relayed tasks).
  actors::task_center_deps center_deps;
  center_deps.writer = writer;
  center_deps.readers = readers;
  center_deps.board = board;
  center_deps.notifier = notifier;
  center_deps.render = [node_api](const domain::task& t) {
    return http::webhook_body(t, node_api);
  };
  center_deps.http = &http_client;
  center_deps.channels = std::move(*channels);
  center_deps.key_seal = [cipher](const std::string& key) { return cipher->seal(key); };
  center_deps.key_open = [cipher](const std::string& stored) { return cipher->open(stored); };
  center_deps.allow_private_urls = cfg.notify.allow_private;
  center_deps.billing = cfg.billing.enabled;
  center_deps.prices = deps_prices;
  center_deps.poll.interval = cfg.poll.interval;
  center_deps.poll.batch = cfg.poll.batch;
  center_deps.poll.parallel = cfg.poll.parallel;
  center_deps.poll.request_timeout = cfg.poll.request_timeout;
  center_deps.poll.backoff_base = cfg.poll.backoff_base;
  center_deps.poll.backoff_max = cfg.poll.backoff_max;
  center_deps.poll.limits.task_timeout = cfg.poll.task_timeout;
  center_deps.poll.limits.lost_after = cfg.poll.lost_after;
  center_deps.poll.limits.lost_min_age = cfg.poll.lost_min_age;
  center_deps.submit_retries = cfg.relay.submit_retries;
  center_deps.disable_after = cfg.relay.disable_after;
  center_deps.disable_span = cfg.relay.disable_span;
  center_deps.submit_budget = cfg.server.ask_timeout - cfg.server.ask_timeout / 5;
  center_deps.mj_timeout = cfg.poll.mj_timeout;
  center_deps.public_base_url = public_base(cfg, cfg.server.port);
  auto center = actors::spawn_task_center(sys, std::move(center_deps));

  actors::router_deps deps;
  deps.writer = writer;
  deps.board = board;
  deps.readers = readers;
  deps.notifier = notifier;
  if (node_api.anonymous_user != 0)
    spdlog::warn("node-api: requests without an API key run as user {}", node_api.anonymous_user);
  deps.render = [node_api](const domain::task& t) { return http::webhook_body(t, node_api); };
  deps.env.io = &discord_io;
  deps.env.http = &http_client;
  deps.env.discord = cfg.discord;
  deps.env.aging = cfg.scheduler.aging;
  deps.env.tokens = codec_of(cipher);
  deps.accounts = std::move(*accounts);
  deps.image_keeper = image_keeper;
  deps.settings.banned_words = cfg.mj.banned_words;
  deps.settings.billing = cfg.billing.enabled;
  deps.settings.prices = deps_prices;
  deps.settings.rate_limit_per_minute = cfg.auth.rate_limit;
  deps.settings.max_in_flight_per_user = cfg.auth.max_in_flight;
  deps.settings.inject_seed = cfg.mj.inject_seed;
  deps.settings.max_prompt = cfg.mj.max_prompt;
  deps.settings.max_in_flight = cfg.task.max_in_flight;
  deps.settings.allow_private_hooks = cfg.notify.allow_private;
  deps.settings.queue_timeout = cfg.task.queue_timeout;
  deps.settings.backend_queue_timeout = cfg.backend.queue_timeout;
  deps.settings.backend_max_pending = cfg.backend.max_pending;
  deps.settings.modal_timeout = cfg.task.modal_timeout;
  deps.settings.inputs_dir = (std::filesystem::path{cfg.data_dir} / "inputs").string();
  deps.settings.run_timeout = cfg.task.run_timeout;
  deps.settings.ask_timeout = cfg.server.ask_timeout - cfg.server.ask_timeout / 5;
  deps.settings.routing = std::get<domain::routing_rules>(domain::parse_routing(
      cfg.routing.mode, cfg.routing.groups, cfg.routing.actions));  // validated
  deps.settings.mj_timeout = cfg.poll.mj_timeout;
  deps.center = center;
  spdlog::info("{} account(s) configured", deps.accounts.size());
  auto router = actors::spawn_task_router(sys, std::move(deps));

  http::server_options so;
  so.host = cfg.server.host;
  so.port = cfg.server.port;
  so.io_threads = cfg.server.io_threads;
  so.handle_timeout = cfg.server.handle_timeout;
  so.ask_timeout = cfg.server.ask_timeout;
  so.max_body_submit = cfg.server.max_body_submit;
  so.max_body_default = cfg.server.max_body_default;
  so.max_connections = cfg.server.max_connections;
  so.cors_origins = cfg.server.cors_origins;
  so.max_ids = cfg.task.max_ids;
  so.image_dir = image_dir;
  so.dashboard_page_size = cfg.dashboard.default_page_size;
  so.files_dir = (std::filesystem::path{cfg.data_dir} / "files").string();
  so.public_base_url = cfg.server.public_base_url;
  so.auth.enabled = cfg.security.auth_enabled;
  if (!cfg.mj.api_secret.empty())
    so.auth.root_key_sha256_hex = actors::hash_api_key(cfg.mj.api_secret);
  so.auth.credentials = credentials;
  so.auth.jwt_key = jwt_key;
  so.auth.secure_cookie = cfg.server.public_base_url.starts_with("https://");
  so.node = node_api;
  http::server_backends backends{router, board, readers, users};
  backends.center = center;
  persistence::idempotency_settings is;
  is.dsn = cfg.storage.dsn;
  backends.idempotency = persistence::spawn_idempotency_keeper(sys, is);
  auto idempotency = backends.idempotency;
  http::server server{sys, std::move(backends), so};
  int rc = 0;
  try {
    server.start();
    std::cout << "mjgate listening on http://" << cfg.server.host << ":" << server.port()
              << std::endl;
    spdlog::info("mjgate listening on http://{}:{}", cfg.server.host, server.port());
    if (image_keeper && cfg.server.port == 0)  // the OS chose the port: links need it
      self->send(image_keeper, images::base_atom_v, public_base(cfg, server.port()));
    int sig = wait_for_signal(signals);
    spdlog::info("signal {}: shutting down", sig);
  } catch (const std::exception& e) {
    spdlog::error("http: cannot listen on {}:{}: {}", cfg.server.host, cfg.server.port, e.what());
    rc = 1;
  }
  server.stop();
  spdlog::debug("shutdown: http closed");
  self->send_exit(router, caf::exit_reason::user_shutdown);
  self->send_exit(center, caf::exit_reason::user_shutdown);
  self->send_exit(idempotency, caf::exit_reason::user_shutdown);
  self->send_exit(notifier, caf::exit_reason::user_shutdown);
  if (image_keeper) self->send_exit(image_keeper, caf::exit_reason::user_shutdown);
  self->request(writer, 30s, actors::flush_atom_v).receive([](bool) {}, [](const caf::error&) {});
  spdlog::debug("shutdown: store flushed");
  shutdown_store();
  scoped.reset();
  sys.await_all_actors_done();
  spdlog::debug("shutdown: actors done");
  stop_io();
  spdlog::debug("shutdown: discord io stopped");
  if (simulator) simulator->stop();
  return rc;
}

int migrate(const config::config& cfg) {
  if (auto problem = persistence::prepare_storage(cfg.storage); !problem.empty()) {
    spdlog::error("{}", problem);
    return 1;
  }
  caf::actor_system_config sys_cfg;
  sys_cfg.add_message_types<caf::id_block::mjgate>();
  caf::actor_system sys{sys_cfg};
  auto writer = persistence::spawn_store_writer(sys, cfg.storage);
  caf::scoped_actor self{sys, true};  // hidden: await_all_actors_done must not wait for it
  int rc = 1;
  self->request(writer, 60s, actors::flush_atom_v)
      .receive(
          [&](bool) {
            std::cout << "mjgate: database schema is up to date" << std::endl;
            rc = 0;
          },
          [](const caf::error& err) { spdlog::error("migrate failed: {}", to_string(err)); });
  self->send_exit(writer, caf::exit_reason::user_shutdown);
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  // Block the stop signals before any thread exists; serve() waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto cmd = config::parse_command_line(argc, argv);
  if (cmd.show_help) {
    (cmd.exit_code == 0 ? std::cout : std::cerr) << cmd.help_text << std::endl;
    return cmd.exit_code;
  }
  config::config cfg;
  try {
    cfg = config::load(cmd, config::process_environment());
  } catch (const config::config_error& e) {
    std::cerr << "mjgate: invalid configuration:\n" << e.what() << std::endl;
    return 2;
  }
  if (sodium_init() < 0) {
    std::cerr << "mjgate: libsodium failed to initialise" << std::endl;
    return 1;
  }
  setup_logging(cfg.log.level);
  if (cmd.command == "migrate") return migrate(cfg);
  return serve(std::move(cfg), signals);
}
