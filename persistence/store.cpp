#include "persistence/store.hpp"

#include <soci/soci.h>
#include <spdlog/spdlog.h>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include <functional>
#include <optional>
#include <stdexcept>

#include "persistence/account_repository.hpp"
#include "persistence/billing_repository.hpp"
#include "persistence/channel_repository.hpp"
#include "persistence/connection.hpp"
#include "persistence/dsn.hpp"
#include "persistence/kv_repository.hpp"
#include "persistence/migrations.hpp"
#include "persistence/task_repository.hpp"

namespace mjgate::persistence {

namespace {

using actors::store_actor;
template <class T>
using promise = caf::typed_response_promise<T>;

// -- reads ------------------------------------------------------------------------

// Answers a read on the calling actor; every exception becomes storage_failure.
template <class T, class F>
caf::result<T> guarded_read(connection& conn, const char* what, F&& fn) {
  try {
    return conn.run(std::forward<F>(fn));
  } catch (const std::exception& e) {
    spdlog::error("storage: {} failed: {}", what, brief(e));
    return storage_error(std::string{what} + ": " + brief(e));
  } catch (...) {
    return storage_error(std::string{what} + ": unknown error");
  }
}

// -- writer -----------------------------------------------------------------------

using writer_actor = store_actor::extend<caf::reacts_to<actors::tick_atom, std::uint64_t>>;

struct insert_item {
  domain::task task;
  promise<std::int64_t> rp;
  bool refused = false;  ///< its owner's balance did not cover its price: not inserted
};
struct update_item {
  domain::task task;
  promise<bool> rp;
  bool refused = false;  ///< its hold (a confirmed modal) was not covered: not written
};
struct account_item {
  domain::account account;
  promise<bool> rp;
};
struct kv_item {
  std::pair<std::string, std::string> entry;
  promise<bool> rp;
};

// The writes collected for the next group commit.
struct batch {
  std::vector<insert_item> inserts;
  std::vector<update_item> updates;
  std::vector<account_item> accounts;
  std::vector<kv_item> kv;

  std::size_t size() const { return inserts.size() + updates.size() + accounts.size() + kv.size(); }
};

// Writes one batch's rows; the caller holds the transaction. Fills seqs.
// A new task takes its price in the transaction that inserts it; a task that
// ended moves its hold (settle or refund, once) in the one that updates it.
void write_rows(soci::session& sql, dsn::backend kind, batch& b) {
  if (!b.inserts.empty()) {
    std::vector<domain::task> rows;
    std::vector<insert_item*> inserted;
    rows.reserve(b.inserts.size());
    for (auto& i : b.inserts) {
      i.refused = !hold_quota(sql, i.task);
      if (i.refused) continue;
      rows.push_back(i.task);
      inserted.push_back(&i);
    }
    insert_tasks(sql, kind, rows);
    for (std::size_t i = 0; i < rows.size(); ++i) inserted[i]->task.seq = rows[i].seq;
  }
  if (!b.updates.empty()) {
    std::vector<domain::task> rows;
    rows.reserve(b.updates.size());
    for (auto& u : b.updates) {
      u.refused = !hold_on_update(sql, u.task);
      if (u.refused) continue;
      end_hold(sql, u.task);
      rows.push_back(u.task);
    }
    upsert_tasks(sql, kind, rows);  // coalesces per id, highest revision wins
  }
  if (!b.accounts.empty()) {
    std::vector<domain::account> rows;
    for (auto& a : b.accounts) rows.push_back(a.account);
    upsert_accounts(sql, rows);
  }
  if (!b.kv.empty()) {
    std::vector<std::pair<std::string, std::string>> rows;
    for (auto& k : b.kv) rows.push_back(k.entry);
    kv_put(sql, rows);
  }
}

// The writer's batch and session. Shared with the termination hook: CAF
// destroys the actor state before attached functors run.
struct writer_core {
  std::unique_ptr<connection> conn;
  config::storage_config cfg;
  std::shared_ptr<store_stats> stats;
  batch pending;
  std::uint64_t generation = 0;  // tags the armed window timer; stale ticks are ignored
  bool timer_armed = false;

  // One transaction for the whole batch (retried once on a lost connection).
  void commit_all(batch& b) {
    conn->run([&](soci::session& sql) {
      soci::transaction tr(sql);
      write_rows(sql, conn->kind(), b);
      tr.commit();
      return 0;
    });
    if (stats) ++stats->commits;
  }

  // Counters first: a waiter may read them as soon as it has its answer.
  void deliver_ok(batch& b) {
    if (stats) stats->writes += b.size();
    for (auto& i : b.inserts) {
      if (i.refused)
        i.rp.deliver(caf::make_error(domain::errc::insufficient_quota));
      else
        i.rp.deliver(i.task.seq);
    }
    for (auto& u : b.updates) {
      if (u.refused)
        u.rp.deliver(caf::make_error(domain::errc::insufficient_quota));
      else
        u.rp.deliver(true);
    }
    for (auto& a : b.accounts) a.rp.deliver(true);
    for (auto& k : b.kv) k.rp.deliver(true);
  }

  // Commits b and answers its waiters; returns the error instead of throwing.
  std::optional<std::string> attempt(batch& b) {
    try {
      commit_all(b);
      deliver_ok(b);
      return std::nullopt;
    } catch (const std::exception& e) {
      return brief(e);
    } catch (...) {
      return std::string{"unknown error"};
    }
  }

  // Commits every pending write and answers its waiter.
  void flush() {
    timer_armed = false;
    if (pending.size() == 0) return;
    batch b = std::exchange(pending, batch{});
    auto err = attempt(b);
    if (!err) return;
    spdlog::warn("storage: batch of {} writes failed: {}", b.size(), *err);
    // Without a database every write would fail (slowly): answer them all.
    if (b.size() == 1 || !conn->is_open()) {
      fail(b, *err);
      return;
    }
    // A bad row (e.g. a duplicate id) must not fail its neighbours: retry
    // one transaction per write to isolate it.
    auto one_by_one = [this](auto& items, auto make_batch) {
      for (auto& item : items) {
        batch single = make_batch(item);
        if (!conn->is_open()) {
          fail(single, "database connection lost");
          continue;
        }
        if (auto e = attempt(single)) fail(single, *e);
      }
    };
    one_by_one(b.inserts, [](insert_item& i) { return batch{{std::move(i)}, {}, {}, {}}; });
    one_by_one(b.updates, [](update_item& i) { return batch{{}, {std::move(i)}, {}, {}}; });
    one_by_one(b.accounts, [](account_item& i) { return batch{{}, {}, {std::move(i)}, {}}; });
    one_by_one(b.kv, [](kv_item& i) { return batch{{}, {}, {}, {std::move(i)}}; });
  }

  void fail(batch& b, const std::string& what) {
    spdlog::error("storage: write failed: {}", what);
    auto err = storage_error("write failed: " + what);
    if (stats) stats->failed_writes += b.size();
    for (auto& i : b.inserts) i.rp.deliver(err);
    for (auto& u : b.updates) u.rp.deliver(err);
    for (auto& a : b.accounts) a.rp.deliver(err);
    for (auto& k : b.kv) k.rp.deliver(err);
  }
};

struct writer_state {
  static inline const char* name = "mjgate.store_writer";
  std::shared_ptr<writer_core> core = std::make_shared<writer_core>();
};

writer_actor::behavior_type store_writer(writer_actor::stateful_pointer<writer_state> self,
                                         config::storage_config cfg,
                                         std::shared_ptr<store_stats> stats) {
  auto core = self->state.core;
  core->cfg = cfg;
  core->stats = stats;
  core->conn = std::make_unique<connection>(cfg.dsn, stats);
  try {
    core->conn->get();
  } catch (const std::exception& e) {
    // Keep running: every request retries the open and reports this error.
    spdlog::error("{}", e.what());
  }
  // Commit what is pending before quitting; the functor is the backstop for
  // any other way of terminating.
  self->set_exit_handler([self, core](caf::exit_msg& msg) {
    core->flush();
    self->quit(std::move(msg.reason));
  });
  self->attach_functor([core](const caf::error&) { core->flush(); });
  // Called after each write is queued: commit when full, else arm the window.
  auto queued = [self, core] {
    auto& s = *core;
    if (s.pending.size() >= std::max<std::size_t>(s.cfg.batch_max, 1)) {
      s.flush();
    } else if (!s.timer_armed) {
      s.timer_armed = true;
      self->delayed_send(self, s.cfg.batch_window, actors::tick_atom_v, ++s.generation);
    }
  };
  return {
      [self, core, queued](actors::insert_atom, domain::task& t) -> caf::result<std::int64_t> {
        auto rp = self->make_response_promise<std::int64_t>();
        core->pending.inserts.push_back({std::move(t), rp});
        queued();
        return rp;
      },
      [self, core, queued](actors::update_atom, domain::task& t) -> caf::result<bool> {
        auto rp = self->make_response_promise<bool>();
        core->pending.updates.push_back({std::move(t), rp});
        queued();
        return rp;
      },
      [self, core, queued](actors::upsert_atom, domain::account& a) -> caf::result<bool> {
        auto rp = self->make_response_promise<bool>();
        core->pending.accounts.push_back({std::move(a), rp});
        queued();
        return rp;
      },
      [self, core, queued](actors::kv_put_atom, std::string& k,
                           std::string& v) -> caf::result<bool> {
        auto rp = self->make_response_promise<bool>();
        core->pending.kv.push_back({{std::move(k), std::move(v)}, rp});
        queued();
        return rp;
      },
      [core](actors::tick_atom, std::uint64_t gen) {
        if (gen == core->generation && core->timer_armed) core->flush();
      },
      [core](actors::flush_atom) -> caf::result<bool> {
        core->flush();
        return true;
      },
      // Reads: read-your-writes, so pending writes commit first.
      [core](actors::fetch_atom, const std::string& id) -> caf::result<std::vector<domain::task>> {
        core->flush();
        return guarded_read<std::vector<domain::task>>(
            *core->conn, "fetch", [&](soci::session& sql) {
              auto t = fetch_task(sql, id);
              return t ? std::vector<domain::task>{std::move(*t)} : std::vector<domain::task>{};
            });
      },
      [core](actors::resolve_atom,
             const std::string& uuid) -> caf::result<std::vector<domain::task>> {
        core->flush();
        return guarded_read<std::vector<domain::task>>(
            *core->conn, "resolve", [&](soci::session& sql) {
              auto t = fetch_task_by_uuid(sql, uuid);
              return t ? std::vector<domain::task>{std::move(*t)} : std::vector<domain::task>{};
            });
      },
      [core](actors::list_atom,
             const domain::task_query& q) -> caf::result<std::vector<domain::task>> {
        core->flush();
        return guarded_read<std::vector<domain::task>>(
            *core->conn, "list", [&](soci::session& sql) { return list_tasks(sql, q); });
      },
      [core](actors::page_atom,
             const domain::task_page_query& q) -> caf::result<domain::task_page> {
        core->flush();
        return guarded_read<domain::task_page>(
            *core->conn, "page", [&](soci::session& sql) { return query_task_page(sql, q); });
      },
      [core](actors::unfinished_atom) -> caf::result<std::vector<domain::task>> {
        core->flush();
        return guarded_read<std::vector<domain::task>>(
            *core->conn, "unfinished", [&](soci::session& sql) { return list_unfinished(sql); });
      },
      [core](actors::accounts_atom) -> caf::result<std::vector<domain::account>> {
        core->flush();
        return guarded_read<std::vector<domain::account>>(
            *core->conn, "accounts", [&](soci::session& sql) { return list_accounts(sql); });
      },
      [core](actors::kv_get_atom, const std::string& key) -> caf::result<std::string> {
        core->flush();
        return guarded_read<std::string>(*core->conn, "kv_get",
                                         [&](soci::session& sql) { return kv_get(sql, key); });
      },
      // Rare (an admin deletes an account): its own transaction, after the batch.
      [core](actors::remove_atom, const std::string& id) -> caf::result<bool> {
        core->flush();
        return guarded_read<bool>(*core->conn, "delete account", [&](soci::session& sql) {
          soci::transaction tr(sql);
          bool found = delete_account(sql, id);
          tr.commit();
          return found;
        });
      },
      // Channels (rare admin writes): each its own transaction, after the batch.
      [core](actors::upsert_atom, domain::channel& c) -> caf::result<domain::channel> {
        core->flush();
        return guarded_read<domain::channel>(*core->conn, "store channel", [&](soci::session& sql) {
          soci::transaction tr(sql);
          auto stored = upsert_channel(sql, core->conn->kind(), c);
          tr.commit();
          return stored;
        });
      },
      [core](actors::channels_atom) -> caf::result<std::vector<domain::channel>> {
        core->flush();
        return guarded_read<std::vector<domain::channel>>(
            *core->conn, "channels", [&](soci::session& sql) { return list_channels(sql); });
      },
      [core](actors::remove_atom, std::int64_t id) -> caf::result<bool> {
        core->flush();
        return guarded_read<bool>(*core->conn, "delete channel", [&](soci::session& sql) {
          soci::transaction tr(sql);
          bool found = delete_channel(sql, id);
          tr.commit();
          return found;
        });
      },
  };
}

// -- reader -----------------------------------------------------------------------

struct reader_state {
  static inline const char* name = "mjgate.store_reader";
  std::unique_ptr<connection> conn;
  std::unique_ptr<task_fetcher> fetcher;  ///< on conn's session: declared after it, destroyed first
};

caf::error read_only() {
  return caf::error{domain::errc::internal, std::string{"store reader: writes go to the writer"}};
}

store_actor::behavior_type store_reader(store_actor::stateful_pointer<reader_state> self,
                                        config::storage_config cfg) {
  self->state.conn = std::make_unique<connection>(cfg.dsn, nullptr);
  self->state.conn->on_close([self] { self->state.fetcher.reset(); });
  try {
    self->state.conn->get();
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
  }
  return {
      [](actors::insert_atom, const domain::task&) -> caf::result<std::int64_t> {
        return read_only();
      },
      [](actors::update_atom, const domain::task&) -> caf::result<bool> { return read_only(); },
      [](actors::upsert_atom, const domain::account&) -> caf::result<bool> { return read_only(); },
      [](actors::kv_put_atom, const std::string&, const std::string&) -> caf::result<bool> {
        return read_only();
      },
      [](actors::remove_atom, const std::string&) -> caf::result<bool> { return read_only(); },
      [](actors::upsert_atom, const domain::channel&) -> caf::result<domain::channel> {
        return read_only();
      },
      [](actors::remove_atom, std::int64_t) -> caf::result<bool> { return read_only(); },
      [self](actors::channels_atom) -> caf::result<std::vector<domain::channel>> {
        return guarded_read<std::vector<domain::channel>>(
            *self->state.conn, "channels", [&](soci::session& sql) { return list_channels(sql); });
      },
      [](actors::flush_atom) -> caf::result<bool> { return true; },
      [self](actors::fetch_atom, const std::string& id) -> caf::result<std::vector<domain::task>> {
        return guarded_read<std::vector<domain::task>>(
            *self->state.conn, "fetch", [&](soci::session& sql) {
              auto& fetcher = self->state.fetcher;
              if (!fetcher) fetcher = std::make_unique<task_fetcher>(sql);
              auto t = fetcher->fetch(id);
              return t ? std::vector<domain::task>{std::move(*t)} : std::vector<domain::task>{};
            });
      },
      [self](actors::resolve_atom,
             const std::string& uuid) -> caf::result<std::vector<domain::task>> {
        return guarded_read<std::vector<domain::task>>(
            *self->state.conn, "resolve", [&](soci::session& sql) {
              auto& fetcher = self->state.fetcher;
              if (!fetcher) fetcher = std::make_unique<task_fetcher>(sql);
              auto t = fetcher->fetch_by_uuid(uuid);
              return t ? std::vector<domain::task>{std::move(*t)} : std::vector<domain::task>{};
            });
      },
      [self](actors::list_atom,
             const domain::task_query& q) -> caf::result<std::vector<domain::task>> {
        return guarded_read<std::vector<domain::task>>(
            *self->state.conn, "list", [&](soci::session& sql) { return list_tasks(sql, q); });
      },
      [self](actors::page_atom,
             const domain::task_page_query& q) -> caf::result<domain::task_page> {
        return guarded_read<domain::task_page>(
            *self->state.conn, "page", [&](soci::session& sql) { return query_task_page(sql, q); });
      },
      [self](actors::unfinished_atom) -> caf::result<std::vector<domain::task>> {
        return guarded_read<std::vector<domain::task>>(
            *self->state.conn, "unfinished",
            [&](soci::session& sql) { return list_unfinished(sql); });
      },
      [self](actors::accounts_atom) -> caf::result<std::vector<domain::account>> {
        return guarded_read<std::vector<domain::account>>(
            *self->state.conn, "accounts", [&](soci::session& sql) { return list_accounts(sql); });
      },
      [self](actors::kv_get_atom, const std::string& key) -> caf::result<std::string> {
        return guarded_read<std::string>(*self->state.conn, "kv_get",
                                         [&](soci::session& sql) { return kv_get(sql, key); });
      },
  };
}

}  // namespace

std::string prepare_storage(const config::storage_config& cfg) {
  try {
    connection conn{cfg.dsn, nullptr};
    conn.get();
    return {};
  } catch (const std::exception& e) {
    return e.what();
  }
}

store_actor spawn_store_writer(caf::actor_system& sys, const config::storage_config& cfg,
                               std::shared_ptr<store_stats> stats) {
  return sys.spawn<caf::detached>(store_writer, cfg, std::move(stats));
}

store_actor spawn_store_reader(caf::actor_system& sys, const config::storage_config& cfg) {
  return sys.spawn<caf::detached>(store_reader, cfg);
}

}  // namespace mjgate::persistence
