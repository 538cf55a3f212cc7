#include "persistence/kv_repository.hpp"

#include <soci/soci.h>

namespace mjgate::persistence {

std::string kv_get(soci::session& sql, const std::string& key) {
  std::string value;
  soci::indicator ind = soci::i_null;
  sql << "select value from kv where key = :k", soci::into(value, ind), soci::use(key);
  return sql.got_data() && ind == soci::i_ok ? value : std::string{};
}

void kv_put(soci::session& sql, const std::vector<std::pair<std::string, std::string>>& pairs) {
  if (pairs.empty()) return;
  std::string key;
  std::string value;
  soci::statement st = (sql.prepare << "insert into kv (key, value) values (:k, :v) "
                                       "on conflict (key) do update set value = excluded.value",
                        soci::use(key), soci::use(value));
  for (const auto& [k, v] : pairs) {
    key = k;
    value = v;
    st.execute(true);
  }
}

}  // namespace mjgate::persistence
