// One SOCI session owned by one detached actor: opened and migrated lazily
// (a database that is down at start-up is retried on the next request) and
// reopened once on a lost connection. Shared by the store and the user
// registry; not thread-safe (one owner).
#pragma once

#include <soci/soci.h>
#include <caf/error.hpp>

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "persistence/dsn.hpp"

namespace mjgate::persistence {

struct store_stats;

/// errc::storage_failure with `what` as its context.
caf::error storage_error(const std::string& what);

/// The exception's message without what SOCI appends (the statement and
/// every bound value: prompts, tokens, hashes must never reach a log line or
/// a client).
std::string brief(const std::exception& e);

class connection {
 public:
  connection(std::string dsn_text, std::shared_ptr<store_stats> stats);

  /// Called before the session is closed for a reopen: statements prepared
  /// on it must go first.
  void on_close(std::function<void()> fn) { on_close_ = std::move(fn); }

  /// The open session (opening and migrating it first if needed). Throws.
  soci::session& get();

  dsn::backend kind() const { return target_.kind; }
  /// False after a failed open or a lost connection (until the next get()).
  bool is_open() const { return open_; }

  /// Runs fn(session); on a connection error reopens once and runs it again.
  template <class F>
  auto run(F&& fn) -> decltype(fn(std::declval<soci::session&>())) {
    auto& sql = get();
    try {
      return fn(sql);
    } catch (const std::exception& e) {
      if (!lost(sql, e)) throw;
    }
    return fn(get());
  }

 private:
  /// True (and the session marked for a reopen) when `e` is a connection error.
  bool lost(soci::session& sql, const std::exception& e);

  std::string dsn_text_;
  std::shared_ptr<store_stats> stats_;
  dsn target_;
  soci::session sql_;
  bool open_ = false;
  std::function<void()> on_close_;
};

}  // namespace mjgate::persistence
