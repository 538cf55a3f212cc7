// Spawns the store actors (actors/store_actor.hpp): one detached writer that
// group-commits writes, and detached readers that answer queries, each on
// its own SOCI session.
#pragma once

#include <caf/fwd.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "actors/store_actor.hpp"
#include "config/config.hpp"

namespace mjgate::persistence {

/// Counters the writer bumps after each batch (tests and metrics). Any thread
/// may read them.
struct store_stats {
  std::atomic<std::uint64_t> commits{0};        ///< transactions committed by the writer
  std::atomic<std::uint64_t> writes{0};         ///< write requests acknowledged with success
  std::atomic<std::uint64_t> failed_writes{0};  ///< write requests answered with an error
  std::atomic<std::uint64_t> reconnects{0};     ///< sessions reopened after a connection error
};

/// Opens the database named by cfg.dsn and applies the migrations, on the
/// calling thread (start-up only: it blocks). Returns "" or a readable error
/// such as "storage: cannot open sqlite file …: <reason>".
std::string prepare_storage(const config::storage_config& cfg);

/// The one writer (caf::detached, owns one session). Inserts, updates,
/// account upserts and kv puts are collected until cfg.batch_max writes or
/// cfg.batch_window elapsed, committed in one transaction, then every
/// waiter is answered; a failed batch is retried write by write so only the
/// offending writes get errc::storage_failure. Reads sent here are served
/// after pending writes commit. Flushes on termination. stats may be null.
actors::store_actor spawn_store_writer(caf::actor_system& sys, const config::storage_config& cfg,
                                       std::shared_ptr<store_stats> stats = nullptr);

/// A reader (caf::detached, owns one session): answers fetch/list/page/
/// unfinished/accounts/kv_get; write requests get errc::internal. Note that
/// "sqlite::memory:" gives every session its own empty database.
actors::store_actor spawn_store_reader(caf::actor_system& sys, const config::storage_config& cfg);

}  // namespace mjgate::persistence
