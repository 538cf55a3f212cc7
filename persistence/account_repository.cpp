#include "persistence/account_repository.hpp"

#include <soci/soci.h>

#include "domain/text.hpp"
#include "persistence/token_cipher.hpp"

namespace mjgate::persistence {

namespace {

// SOCI 4.0.3 binds no bool: flags travel as integers.
struct account_row {
  domain::account a;
  int enable = 1;
  int remix = 0;
  std::string modes;

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
    bind_one(st, a.user_token_masked);
    bind_one(st, a.queue_timeout_minutes);
    bind_one(st, a.modal_timeout_minutes);
    bind_one(st, modes);
    bind_one(st, a.day_draw_limit);
  }
};

constexpr const char* account_columns =
    "id, name, guild_id, channel_id, user_token, user_agent, enable, core_size, queue_size, "
    "relax_core_size, relax_queue_size, "
    "timeout_minutes, mj_bot_channel_id, niji_bot_channel_id, remix_auto_submit, remark, weight, "
    "source, created_at, updated_at, user_token_masked, queue_timeout_minutes, "
    "modal_timeout_minutes, allow_modes, day_draw_limit";

}  // namespace

void upsert_accounts(soci::session& sql, const std::vector<domain::account>& accounts) {
  if (accounts.empty()) return;
  account_row row;
  // An account is known by its channel: a row of the same channel under
  // another id is replaced (a config file that renamed the account).
  soci::statement drop_other =
      (sql.prepare << "delete from accounts where channel_id = :c and id <> :i",
       soci::use(row.a.channel_id), soci::use(row.a.id));
  soci::statement st(sql);
  row.bind(st, [](soci::statement& s, auto& v) { s.exchange(soci::use(v)); });
  st.alloc();
  st.prepare(std::string{"insert into accounts ("} + account_columns +
             ") values (:p0, :p1, :p2, :p3, :p4, :p5, :p6, :p7, :p8, :p9, :p10, :p11, :p12, "
             ":p13, :p14, :p15, :p16, :p17, :p18, :p19, :p20, :p21, :p22, :p23, :p24) "
             "on conflict (id) do update set "
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
             "created_at = excluded.created_at, updated_at = excluded.updated_at, "
             "user_token_masked = excluded.user_token_masked, "
             "queue_timeout_minutes = excluded.queue_timeout_minutes, "
             "modal_timeout_minutes = excluded.modal_timeout_minutes, "
             "allow_modes = excluded.allow_modes, day_draw_limit = excluded.day_draw_limit");
  st.define_and_bind();
  for (const auto& a : accounts) {
    row.a = a;
    row.enable = a.enable ? 1 : 0;
    row.remix = a.remix_auto_submit ? 1 : 0;
    row.modes = domain::join_commas(a.allow_modes);
    if (!row.a.channel_id.empty()) drop_other.execute(true);
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
      a.allow_modes = domain::split_commas(row.modes);
      // Rows written before the mask column: derive it, never from a sealed value.
      if (a.user_token_masked.empty() && !a.user_token.empty())
        a.user_token_masked =
            is_sealed(a.user_token) ? "********" : domain::mask_secret(a.user_token);
      out.push_back(std::move(a));
    } while (st.fetch());
  }
  return out;
}

bool delete_account(soci::session& sql, const std::string& id) {
  soci::statement st = (sql.prepare << "delete from accounts where id = :i", soci::use(id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

}  // namespace mjgate::persistence
