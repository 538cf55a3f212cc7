#include "persistence/channel_repository.hpp"

#include <soci/soci.h>

#include <stdexcept>
#include <string>

#include "domain/text.hpp"

namespace mjgate::persistence {

namespace {

// SOCI 4.0.3 binds no bool or enum: they travel as integers and text.
struct channel_row {
  domain::channel c;
  std::string type;
  std::string models;
  int enabled = 1;
  int speed_prefix = 0;
  int callback = 0;

  template <class Bind>
  void bind(soci::statement& st, Bind bind_one) {
    bind_one(st, c.name);
    bind_one(st, type);
    bind_one(st, c.base_url);
    bind_one(st, c.key);
    bind_one(st, c.key_masked);
    bind_one(st, models);
    bind_one(st, c.priority);
    bind_one(st, c.weight);
    bind_one(st, enabled);
    bind_one(st, c.source);
    bind_one(st, c.created_at);
    bind_one(st, c.updated_at);
    bind_one(st, speed_prefix);
    bind_one(st, callback);
    bind_one(st, c.proxy);
    bind_one(st, c.proxy_masked);
  }

  void from(const domain::channel& x) {
    c = x;
    type = std::string{domain::to_string(x.type)};
    models = domain::join_commas(x.models);
    enabled = x.enabled ? 1 : 0;
    speed_prefix = x.speed_prefix ? 1 : 0;
    callback = x.callback ? 1 : 0;
  }

  domain::channel to() const {
    auto out = c;
    out.type = domain::parse_channel_type(type).value_or(domain::channel_type::suno);
    out.models = domain::split_commas(models);
    out.enabled = enabled != 0;
    out.speed_prefix = speed_prefix != 0;
    out.callback = callback != 0;
    return out;
  }
};

constexpr const char* channel_columns =
    "name, type, base_url, key_sealed, key_masked, models, priority, weight, enabled, source, "
    "created_at, updated_at, speed_prefix, callback, proxy_sealed, proxy_masked";
constexpr const char* channel_values =
    ":p0, :p1, :p2, :p3, :p4, :p5, :p6, :p7, :p8, :p9, :p10, :p11, :p12, :p13, :p14, :p15";

std::vector<domain::channel> select_channels(soci::session& sql, const char* where,
                                             std::int64_t where_id) {
  long long id = where_id;
  channel_row row;
  long long row_id = 0;
  soci::statement st(sql);
  st.exchange(soci::into(row_id));
  row.bind(st, [](soci::statement& s, auto& v) { s.exchange(soci::into(v)); });
  if (where[0] != '\0') st.exchange(soci::use(id));
  st.alloc();
  st.prepare(std::string{"select id, "} + channel_columns + " from channels " + where +
             " order by id");
  st.define_and_bind();
  std::vector<domain::channel> out;
  if (st.execute(true)) {
    do {
      auto c = row.to();
      c.id = row_id;
      out.push_back(std::move(c));
    } while (st.fetch());
  }
  return out;
}

}  // namespace

domain::channel upsert_channel(soci::session& sql, dsn::backend kind, domain::channel c) {
  channel_row row;
  row.from(c);
  if (c.id <= 0) {
    long long id = 0;
    soci::statement st(sql);
    std::string text = std::string{"insert into channels ("} + channel_columns + ") values (" +
                       channel_values + ")";
    if (kind == dsn::backend::postgresql) {
      st.exchange(soci::into(id));
      text += " returning id";
    }
    row.bind(st, [](soci::statement& s, auto& v) { s.exchange(soci::use(v)); });
    st.alloc();
    st.prepare(text);
    st.define_and_bind();
    st.execute(true);
    if (kind == dsn::backend::sqlite && !sql.get_last_insert_id("channels", id))
      throw std::runtime_error("storage: no rowid after insert into channels");
    c.id = id;
    return c;
  }
  long long id = c.id;
  soci::statement st(sql);
  row.bind(st, [](soci::statement& s, auto& v) { s.exchange(soci::use(v)); });
  st.exchange(soci::use(id));
  st.alloc();
  st.prepare(std::string{"insert into channels ("} + channel_columns + ", id) values (" +
             channel_values +
             ", :p16) on conflict (id) do update set name = excluded.name, type = excluded.type, "
             "base_url = excluded.base_url, key_sealed = excluded.key_sealed, "
             "key_masked = excluded.key_masked, models = excluded.models, "
             "priority = excluded.priority, weight = excluded.weight, "
             "enabled = excluded.enabled, source = excluded.source, "
             "created_at = excluded.created_at, updated_at = excluded.updated_at, "
             "speed_prefix = excluded.speed_prefix, callback = excluded.callback, "
             "proxy_sealed = excluded.proxy_sealed, proxy_masked = excluded.proxy_masked");
  st.define_and_bind();
  st.execute(true);
  if (kind == dsn::backend::postgresql)
    sql << "select setval(pg_get_serial_sequence('channels', 'id'), "
           "greatest((select max(id) from channels), 1))";
  return c;
}

std::vector<domain::channel> list_channels(soci::session& sql) {
  return select_channels(sql, "", 0);
}

std::optional<domain::channel> get_channel(soci::session& sql, std::int64_t id) {
  auto rows = select_channels(sql, "where id = :p0", id);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

bool delete_channel(soci::session& sql, std::int64_t id) {
  long long row_id = id;
  soci::statement st = (sql.prepare << "delete from channels where id = :i", soci::use(row_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

}  // namespace mjgate::persistence
