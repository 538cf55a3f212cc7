#include "persistence/user_repository.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <stdexcept>

namespace mjgate::persistence {

namespace {

constexpr const char* user_columns =
    "name, role, status, grp, quota, password_hash, access_token_hash, created_at, updated_at";

// Binds every column but id, in user_columns order.
template <class Bind>
void bind_user(soci::statement& st, domain::user& u, Bind bind_one) {
  bind_one(st, u.name);
  bind_one(st, u.role);
  bind_one(st, u.status);
  bind_one(st, u.group);
  bind_one(st, u.quota);
  bind_one(st, u.password_hash);
  bind_one(st, u.access_token_hash);
  bind_one(st, u.created_at);
  bind_one(st, u.updated_at);
}

constexpr const char* token_columns =
    "user_id, name, key_hash, key_mask, status, expires_at, remaining_quota, created_at";

template <class Bind>
void bind_token(soci::statement& st, domain::api_token& t, Bind bind_one) {
  bind_one(st, t.user_id);
  bind_one(st, t.name);
  bind_one(st, t.key_hash);
  bind_one(st, t.key_mask);
  bind_one(st, t.status);
  bind_one(st, t.expires_at);
  bind_one(st, t.remaining_quota);
  bind_one(st, t.created_at);
}

const auto use_one = [](soci::statement& s, auto& v) { s.exchange(soci::use(v)); };
const auto into_one = [](soci::statement& s, auto& v) { s.exchange(soci::into(v)); };

// Runs `select id, <columns> from <from_where>` with `params` bound and
// collects one row per result. `bind_row` binds the row's other columns.
template <class Row, class BindRow, class... Params>
std::vector<Row> select_rows(soci::session& sql, const std::string& columns,
                             const std::string& from_where, BindRow bind_row, Params&... params) {
  Row row;
  soci::statement st(sql);
  st.exchange(soci::into(row.id));
  bind_row(st, row);
  (st.exchange(soci::use(params)), ...);
  st.alloc();
  st.prepare("select id, " + columns + " " + from_where);
  st.define_and_bind();
  std::vector<Row> out;
  if (st.execute(true)) {
    do {
      out.push_back(row);
    } while (st.fetch());
  }
  return out;
}

template <class... Params>
std::vector<domain::user> select_users(soci::session& sql, const std::string& from_where,
                                       Params&... params) {
  return select_rows<domain::user>(
      sql, user_columns, from_where,
      [](soci::statement& st, domain::user& u) { bind_user(st, u, into_one); }, params...);
}

template <class... Params>
std::vector<domain::api_token> select_tokens(soci::session& sql, const std::string& from_where,
                                             Params&... params) {
  return select_rows<domain::api_token>(
      sql, token_columns, from_where,
      [](soci::statement& st, domain::api_token& t) { bind_token(st, t, into_one); }, params...);
}

template <class T>
std::optional<T> first(std::vector<T> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

// The id of the row just inserted by `st` (SQLite) or returned by it (PG).
template <class BindRow, class Row>
std::int64_t insert_returning_id(soci::session& sql, dsn::backend kind, const char* table,
                                 const char* columns, int n_columns, Row& row, BindRow bind_row) {
  std::string values;
  for (int i = 0; i < n_columns; ++i) values += (i ? ", :p" : ":p") + std::to_string(i);
  std::string text =
      std::string{"insert into "} + table + " (" + columns + ") values (" + values + ")";
  long long id = 0;
  soci::statement st(sql);
  if (kind == dsn::backend::postgresql) {
    st.exchange(soci::into(id));
    text += " returning id";
  }
  bind_row(st, row);
  st.alloc();
  st.prepare(text);
  st.define_and_bind();
  st.execute(true);
  if (kind == dsn::backend::sqlite && !sql.get_last_insert_id(table, id))
    throw std::runtime_error(std::string{"storage: no rowid after insert into "} + table);
  return id;
}

constexpr const char* session_columns = "created_at, last_seen, expires_at, revoked, user_id";

std::vector<domain::user_session> select_sessions(soci::session& sql, const std::string& where,
                                                  std::int64_t a, std::int64_t b = 0) {
  domain::user_session row;
  int revoked = 0;
  soci::statement st(sql);
  st.exchange(soci::into(row.id));
  st.exchange(soci::into(row.created_at));
  st.exchange(soci::into(row.last_seen));
  st.exchange(soci::into(row.expires_at));
  st.exchange(soci::into(revoked));
  st.exchange(soci::into(row.user_id));
  st.exchange(soci::use(a, "a"));
  if (where.find(":b") != std::string::npos) st.exchange(soci::use(b, "b"));
  st.alloc();
  st.prepare(std::string{"select id, "} + session_columns + " from sessions " + where);
  st.define_and_bind();
  std::vector<domain::user_session> out;
  if (st.execute(true)) {
    do {
      row.revoked = revoked != 0;
      out.push_back(row);
    } while (st.fetch());
  }
  return out;
}

}  // namespace

// -- users ------------------------------------------------------------------------

domain::user insert_user(soci::session& sql, dsn::backend kind, domain::user u) {
  u.id = insert_returning_id(
      sql, kind, "users", user_columns, 9, u,
      [](soci::statement& st, domain::user& row) { bind_user(st, row, use_one); });
  return u;
}

bool update_user(soci::session& sql, const domain::user& user) {
  // Never the balance: the store writer moves it by holds and refunds in its
  // own transactions, so a rewrite from this copy could undo one of them
  // (set_user_quota in billing_repository changes it on purpose).
  auto u = user;
  soci::statement st =
      (sql.prepare << "update users set name = :p0, role = :p1, status = :p2, grp = :p3, "
                      "password_hash = :p4, access_token_hash = :p5, created_at = :p6, "
                      "updated_at = :p7 where id = :p8",
       soci::use(u.name), soci::use(u.role), soci::use(u.status), soci::use(u.group),
       soci::use(u.password_hash), soci::use(u.access_token_hash), soci::use(u.created_at),
       soci::use(u.updated_at), soci::use(u.id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::optional<domain::user> fetch_user(soci::session& sql, std::int64_t id) {
  return first(select_users(sql, "from users where id = :id", id));
}

std::optional<domain::user> fetch_user_by_name(soci::session& sql, const std::string& name) {
  auto n = name;
  return first(select_users(sql, "from users where name = :name", n));
}

std::vector<domain::user> list_users(soci::session& sql, std::int64_t offset, int limit) {
  std::int64_t lim = std::max(limit, 0);
  std::int64_t off = std::max<std::int64_t>(offset, 0);
  return select_users(sql, "from users order by id limit :lim offset :off", lim, off);
}

std::int64_t count_users(soci::session& sql) {
  long long n = 0;
  sql << "select count(*) from users", soci::into(n);
  return n;
}

// -- API keys -----------------------------------------------------------------------

domain::api_token insert_api_token(soci::session& sql, dsn::backend kind, domain::api_token t) {
  t.id = insert_returning_id(
      sql, kind, "api_tokens", token_columns, 8, t,
      [](soci::statement& st, domain::api_token& row) { bind_token(st, row, use_one); });
  return t;
}

std::optional<domain::api_token> fetch_api_token(soci::session& sql, std::int64_t id) {
  return first(select_tokens(sql, "from api_tokens where id = :id", id));
}

std::optional<domain::api_token> fetch_api_token_by_hash(soci::session& sql,
                                                         const std::string& key_hash) {
  auto h = key_hash;
  return first(select_tokens(sql, "from api_tokens where key_hash = :h", h));
}

std::vector<domain::api_token> list_api_tokens(soci::session& sql, std::int64_t user_id,
                                               int limit) {
  auto u = user_id;
  std::int64_t lim = std::max(limit, 0);
  return select_tokens(sql, "from api_tokens where user_id = :u order by id limit :lim", u, lim);
}

std::vector<domain::api_token> active_api_tokens(soci::session& sql) {
  int active = domain::token_active;
  return select_tokens(sql, "from api_tokens where status = :s order by id", active);
}

bool set_api_token_status(soci::session& sql, std::int64_t id, int status) {
  soci::statement st = (sql.prepare << "update api_tokens set status = :s where id = :id",
                        soci::use(status), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

// -- sessions -----------------------------------------------------------------------

void insert_session(soci::session& sql, const domain::user_session& s) {
  int revoked = s.revoked ? 1 : 0;
  sql << "insert into sessions (id, user_id, created_at, last_seen, expires_at, revoked) "
         "values (:id, :u, :c, :l, :e, :r)",
      soci::use(s.id), soci::use(s.user_id), soci::use(s.created_at), soci::use(s.last_seen),
      soci::use(s.expires_at), soci::use(revoked);
}

std::vector<domain::user_session> live_sessions(soci::session& sql, std::int64_t now_ms) {
  return select_sessions(sql, "where revoked = 0 and expires_at > :a order by created_at", now_ms);
}

std::vector<domain::user_session> live_user_sessions(soci::session& sql, std::int64_t user_id,
                                                     std::int64_t now_ms) {
  return select_sessions(sql,
                         "where user_id = :a and revoked = 0 and expires_at > :b "
                         "order by created_at desc, id",
                         user_id, now_ms);
}

void touch_session(soci::session& sql, const std::string& id, std::int64_t last_seen) {
  sql << "update sessions set last_seen = :l where id = :id and last_seen < :l2",
      soci::use(last_seen), soci::use(id), soci::use(last_seen);
}

void revoke_sessions(soci::session& sql, const std::vector<std::string>& ids) {
  if (ids.empty()) return;
  std::string id;
  soci::statement st =
      (sql.prepare << "update sessions set revoked = 1 where id = :id", soci::use(id));
  for (const auto& x : ids) {
    id = x;
    st.execute(true);
  }
}

std::size_t delete_dead_sessions(soci::session& sql, std::int64_t now_ms,
                                 std::int64_t idle_cutoff_ms) {
  soci::statement st = (sql.prepare << "delete from sessions where revoked <> 0 or "
                                       "expires_at <= :now or last_seen < :idle",
                        soci::use(now_ms), soci::use(idle_cutoff_ms));
  st.execute(true);
  return static_cast<std::size_t>(std::max<long long>(st.get_affected_rows(), 0));
}

}  // namespace mjgate::persistence
