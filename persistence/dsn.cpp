#include "persistence/dsn.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <stdexcept>

namespace mjgate::persistence {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// SOCI's sqlite3 backend parses "db=<path> timeout=<s>"; quoting keeps
// spaces in the path (parse_dsn rejects '"').
std::string sqlite_connect_string(const std::string& path) {
  return "db=\"" + path + "\" timeout=5";
}

}  // namespace

std::variant<dsn, std::string> parse_dsn(std::string_view text) {
  if (starts_with(text, "sqlite:")) {
    auto path = text.substr(7);
    if (path.empty()) return std::string{"storage: empty sqlite path in dsn \"sqlite:\""};
    // SOCI 4.0.3 reads db="…" with no escape for '"'.
    if (path.find('"') != std::string_view::npos)
      return "storage: sqlite path must not contain '\"': " + std::string{path};
    return dsn{dsn::backend::sqlite, std::string{path}};
  }
  if (starts_with(text, "postgresql://") || starts_with(text, "postgres://"))
    return dsn{dsn::backend::postgresql, std::string{text}};
  if (starts_with(text, "postgresql:")) {
    auto conninfo = text.substr(11);
    if (conninfo.empty()) return std::string{"storage: empty conninfo in dsn \"postgresql:\""};
    return dsn{dsn::backend::postgresql, std::string{conninfo}};
  }
  return "storage: unsupported dsn \"" +
         describe(dsn{dsn::backend::postgresql, std::string{text}}) +
         "\" (expected sqlite:<file>, sqlite::memory:, postgresql://… or postgresql:<conninfo>)";
}

std::string describe(const dsn& d) {
  if (d.kind == dsn::backend::sqlite) return "sqlite:" + d.connect;
  std::string out = d.connect;
  // URI: scheme://user:secret@host/… → user:********@
  if (auto scheme = out.find("://"); scheme != std::string::npos) {
    auto from = scheme + 3;
    auto at = out.find('@', from);
    auto slash = out.find('/', from);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      auto colon = out.find(':', from);
      if (colon != std::string::npos && colon < at)
        out.replace(colon + 1, at - colon - 1, "********");
    }
  }
  // conninfo (or URI query): password=secret / password = 'se cret'
  for (std::size_t pos = out.find("password"); pos != std::string::npos;
       pos = out.find("password", pos + 1)) {
    auto i = pos + 8;
    while (i < out.size() && out[i] == ' ') ++i;
    if (i >= out.size() || out[i] != '=') continue;
    ++i;
    while (i < out.size() && out[i] == ' ') ++i;
    auto end = i;
    if (end < out.size() && out[end] == '\'') {
      for (++end; end < out.size() && out[end] != '\''; ++end)
        if (out[end] == '\\') ++end;
      end = std::min(out.size(), end + 1);
    } else {
      while (end < out.size() && out[end] != ' ' && out[end] != '&') ++end;
    }
    out.replace(i, end - i, "********");
  }
  return out;
}

void open_session(soci::session& sql, const dsn& d) {
  if (d.kind == dsn::backend::sqlite) {
    try {
      sql.open(soci::sqlite3, sqlite_connect_string(d.connect));
      sql << "pragma busy_timeout=5000";
      if (d.connect != ":memory:") sql << "pragma journal_mode=WAL";
      sql << "pragma synchronous=NORMAL";
      sql << "pragma foreign_keys=ON";
      // LIKE is case-sensitive, as on PostgreSQL: one substring semantics.
      sql << "pragma case_sensitive_like=ON";
    } catch (const std::exception& e) {
      throw std::runtime_error("storage: cannot open sqlite file " + d.connect + ": " + e.what());
    }
    return;
  }
  try {
    sql.open(soci::postgresql, d.connect);
  } catch (const std::exception& e) {
    throw std::runtime_error("storage: cannot connect to postgresql (" + describe(d) +
                             "): " + e.what());
  }
}

}  // namespace mjgate::persistence
