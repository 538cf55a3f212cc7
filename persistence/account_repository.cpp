#include "persistence/account_repository.hpp"

#include <soci/soci.h>

namespace mjgate::persistence {

namespace {

// SOCI 4.0.3 binds no bool: flags travel as integers.
struct account_row {
  domain::account a;
  int enable = 1;
  int remix = 0;

  template <class Bind>
  void bind(soci::statement& st, Bind bind_one) {
    bind_one(st, a.id);
    bind_one(st, a.name);
    bind_one(st, a.guild_id);
    bind_one(st, a.channel_id);
    bind_one(st, a.user_token);
    bind_one(st, a.user_agent);
    bind_one(st, enable);
    bind_one(st, a.core_size);
    bind_one(st, a.queue_size);
    bind_one(st, a.relax_core_size);
    bind_one(st, a.relax_queue_size);
    bind_one(st, a.timeout_minutes);
    bind_one(st, a.mj_bot_channel_id);
    bind_one(st, a.niji_bot_channel_id);
    bind_one(st, remix);
    bind_one(st, a.remark);
    bind_one(st, a.weight);
    bind_one(st, a.source);
    bind_one(st, a.created_at);
    bind_one(st, a.updated_at);
  }
};

constexpr const char* account_columns =
    "id, name, guild_id, channel_id, user_token, user_agent, enable, core_size, queue_size, "
    "relax_core_size, relax_queue_size, "
    "timeout_minutes, mj_bot_channel_id, niji_bot_channel_id, remix_auto_submit, remark, weight, "
    "source, created_at, updated_at";

}  // namespace

void upsert_accounts(soci::session& sql, const std::vector<domain::account>& accounts) {
  if (accounts.empty()) return;
  account_row row;
  soci::statement st(sql);
  row.bind(st, [](soci::statement& s, auto& v) { s.exchange(soci::use(v)); });
  st.alloc();
  st.prepare(std::string{"insert into accounts ("} + account_columns +
             ") values (:p0, :p1, :p2, :p3, :p4, :p5, :p6, :p7, :p8, :p9, :p10, :p11, :p12, "
             ":p13, :p14, :p15, :p16, :p17, :p18, :p19) on conflict (id) do update set "
             "name = excluded.name, guild_id = excluded.guild_id, "
             "channel_id = excluded.channel_id, user_token = excluded.user_token, "
             "user_agent = excluded.user_agent, enable = excluded.enable, "
             "core_size = excluded.core_size, queue_size = excluded.queue_size, "
             "relax_core_size = excluded.relax_core_size, "
             "relax_queue_size = excluded.relax_queue_size, "
             "timeout_minutes = excluded.timeout_minutes, "
             "mj_bot_channel_id = excluded.mj_bot_channel_id, "
             "niji_bot_channel_id = excluded.niji_bot_channel_id, "
             "remix_auto_submit = excluded.remix_auto_submit, remark = excluded.remark, "
             "weight = excluded.weight, source = excluded.source, "
             "created_at = excluded.created_at, updated_at = excluded.updated_at");
  st.define_and_bind();
  for (const auto& a : accounts) {
    row.a = a;
    row.enable = a.enable ? 1 : 0;
    row.remix = a.remix_auto_submit ? 1 : 0;
    st.execute(true);
  }
}

std::vector<domain::account> list_accounts(soci::session& sql) {
  account_row row;
  soci::statement st(sql);
  row.bind(st, [](soci::statement& s, auto& v) { s.exchange(soci::into(v)); });
  st.alloc();
  st.prepare(std::string{"select "} + account_columns + " from accounts order by id");
  st.define_and_bind();
  std::vector<domain::account> out;
  if (st.execute(true)) {
    do {
      auto a = row.a;
      a.enable = row.enable != 0;
      a.remix_auto_submit = row.remix != 0;
      out.push_back(std::move(a));
    } while (st.fetch());
  }
  return out;
}

}  // namespace mjgate::persistence
