// Which database a storage DSN names, and how to open a SOCI session on it
// with mjgate's connection settings (SQLite WAL pragmas).
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace soci {
class session;
}

namespace mjgate::persistence {

/// A parsed storage DSN (config storage.dsn).
struct dsn {
  enum class backend { sqlite, postgresql };
  backend kind = backend::sqlite;
  /// SQLite: the file path or ":memory:"; PostgreSQL: a libpq URI or conninfo.
  std::string connect;
  friend bool operator==(const dsn&, const dsn&) = default;
};

/// "sqlite:<path>", "sqlite::memory:", "postgresql://…", "postgres://…" (the
/// whole URI goes to libpq) or "postgresql:<conninfo>". Returns the dsn or a
/// readable error. Pure.
std::variant<dsn, std::string> parse_dsn(std::string_view text);

/// Opens a session; on SQLite applies journal_mode=WAL, synchronous=NORMAL,
/// busy_timeout=5000 and foreign_keys=ON. Blocking: call from a detached
/// actor or at start-up. Throws std::runtime_error with a readable message
/// ("storage: cannot open sqlite file …: <reason>").
void open_session(soci::session& sql, const dsn& d);

/// A description of the dsn that never shows a password (for log lines).
std::string describe(const dsn& d);

}  // namespace mjgate::persistence
