#include "persistence/task_repository.hpp"

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "domain/ids.hpp"
#include "persistence/pg_text_array.hpp"

namespace mjgate::persistence {

namespace {

using domain::task;

// -- column table -------------------------------------------------------------

// Every stored field of domain::task except seq, in column order. Numbers are
// exchanged as int64 on both backends; enums and buttons as text.
struct column {
  const char* name;
  bool is_text;
  std::string (*get_text)(const task&);
  void (*set_text)(task&, std::string&&);
  std::int64_t (*get_int)(const task&);
  void (*set_int)(task&, std::int64_t);
};

template <std::string task::*Field>
column text_column(const char* name) {
  return {name,
          true,
          [](const task& t) { return t.*Field; },
          [](task& t, std::string&& v) { t.*Field = std::move(v); },
          nullptr,
          nullptr};
}

template <class Int, Int task::*Field>
column int_column(const char* name) {
  return {name,
          false,
          nullptr,
          nullptr,
          [](const task& t) { return static_cast<std::int64_t>(t.*Field); },
          [](task& t, std::int64_t v) { t.*Field = static_cast<Int>(v); }};
}

const std::vector<column>& columns() {
  static const std::vector<column> cols = {
      text_column<&task::id>("id"),
      text_column<&task::uuid>("uuid"),
      int_column<std::int64_t, &task::user_id>("user_id"),
      {"action", true, [](const task& t) { return std::string{domain::to_string(t.action)}; },
       [](task& t, std::string&& v) {
         auto a = domain::parse_task_action(v);
         if (!a) throw std::runtime_error("storage: unknown task action \"" + v + "\"");
         t.action = *a;
       },
       nullptr, nullptr},
      text_column<&task::custom_id>("custom_id"),
      text_column<&task::parent_id>("parent_id"),
      int_column<int, &task::index>("task_index"),
      {"status", true, [](const task& t) { return std::string{domain::to_string(t.status)}; },
       [](task& t, std::string&& v) {
         auto s = domain::parse_task_status(v);
         if (!s) throw std::runtime_error("storage: unknown task status \"" + v + "\"");
         t.status = *s;
       },
       nullptr, nullptr},
      int_column<int, &task::progress>("progress"),
      text_column<&task::prompt>("prompt"),
      text_column<&task::prompt_en>("prompt_en"),
      text_column<&task::prompt_full>("prompt_full"),
      text_column<&task::final_prompt>("final_prompt"),
      text_column<&task::description>("description"),
      text_column<&task::state>("state"),
      text_column<&task::notify_hook>("notify_hook"),
      int_column<std::int64_t, &task::submit_time>("submit_time"),
      int_column<std::int64_t, &task::start_time>("start_time"),
      int_column<std::int64_t, &task::finish_time>("finish_time"),
      text_column<&task::image_url>("image_url"),
      text_column<&task::fail_reason>("fail_reason"),
      {"buttons", true, [](const task& t) { return buttons_to_json(t.buttons); },
       [](task& t, std::string&& v) { t.buttons = buttons_from_json(v); }, nullptr, nullptr},
      text_column<&task::bot_type>("bot_type"),
      text_column<&task::mode>("mode"),
      text_column<&task::job_id>("job_id"),
      text_column<&task::seed>("seed"),
      text_column<&task::account_id>("account_id"),
      text_column<&task::nonce>("nonce"),
      text_column<&task::interaction_id>("interaction_id"),
      text_column<&task::message_id>("message_id"),
      text_column<&task::progress_message_id>("progress_message_id"),
      text_column<&task::referenced_message_id>("referenced_message_id"),
      int_column<int, &task::flags>("flags"),
      int_column<int, &task::priority>("priority"),
      int_column<int, &task::submit_code>("submit_code"),
      int_column<std::int64_t, &task::api_key_id>("api_key_id"),
      text_column<&task::origin>("origin"),
      text_column<&task::platform>("platform"),
      text_column<&task::user_group>("user_group"),
      int_column<std::int64_t, &task::quota>("quota"),
      text_column<&task::billing_state>("billing_state"),
      int_column<std::int64_t, &task::channel_id>("channel_id"),
      text_column<&task::upstream_task_id>("upstream_task_id"),
      text_column<&task::upstream_data>("upstream_data"),
      text_column<&task::relay_attempts>("relay_attempts"),
      text_column<&task::video_url>("video_url"),
      text_column<&task::final_zh_prompt>("final_zh_prompt"),
      text_column<&task::type>("type"),
      text_column<&task::input>("input"),
      text_column<&task::note>("note"),
      text_column<&task::parent_uuid>("parent_uuid"),
      int_column<bool, &task::deleted>("deleted"),
      int_column<std::int64_t, &task::revision>("revision"),
      int_column<std::int64_t, &task::created_at>("created_at"),
      int_column<std::int64_t, &task::updated_at>("updated_at"),
  };
  return cols;
}

std::string column_list() {
  std::string out;
  for (const auto& c : columns()) {
    if (!out.empty()) out += ", ";
    out += c.name;
  }
  return out;
}

// `set c = excluded.c, …` for every column but the key.
std::string update_list() {
  std::string out;
  for (const auto& c : columns()) {
    if (std::string_view{c.name} == "id") continue;
    if (!out.empty()) out += ", ";
    out += std::string{c.name} + " = excluded." + c.name;
  }
  return out;
}

// One row's worth of bound variables; SOCI binds by reference, so the
// buffers are sized once and never reallocated while a statement uses them.
struct row_buffer {
  std::vector<std::string> text;
  std::vector<std::int64_t> ints;
  std::int64_t seq = 0;

  row_buffer() : text(columns().size()), ints(columns().size()) {}

  void load(const task& t) {
    const auto& cols = columns();
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].is_text)
        text[i] = cols[i].get_text(t);
      else
        ints[i] = cols[i].get_int(t);
    }
  }

  task store() {
    task t;
    t.seq = seq;
    const auto& cols = columns();
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].is_text)
        cols[i].set_text(t, std::move(text[i]));
      else
        cols[i].set_int(t, ints[i]);
    }
    return t;
  }

  void bind_use(soci::statement& st) {
    const auto& cols = columns();
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].is_text)
        st.exchange(soci::use(text[i]));
      else
        st.exchange(soci::use(ints[i]));
    }
  }

  void bind_into(soci::statement& st) {
    st.exchange(soci::into(seq));
    const auto& cols = columns();
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].is_text)
        st.exchange(soci::into(text[i]));
      else
        st.exchange(soci::into(ints[i]));
    }
  }
};

std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i ? ", :p" : ":p") + std::to_string(i);
  return out;
}

// -- reads ----------------------------------------------------------------------

// A query's where-clause with positional parameters (:p0, :p1, … in order).
struct where_clause {
  std::string text;
  std::vector<std::variant<std::string, std::int64_t>> params;

  std::string next(std::variant<std::string, std::int64_t> v) {
    params.push_back(std::move(v));
    return ":p" + std::to_string(params.size() - 1);
  }
};

// Binds the clause's values in order (the statement owns no copies).
void bind_params(soci::statement& st, where_clause& where) {
  for (auto& p : where.params) {
    if (auto* s = std::get_if<std::string>(&p))
      st.exchange(soci::use(*s));
    else
      st.exchange(soci::use(std::get<std::int64_t>(p)));
  }
}

std::vector<task> select_tasks(soci::session& sql, where_clause& where) {
  row_buffer row;
  soci::statement st(sql);
  row.bind_into(st);
  bind_params(st, where);
  st.alloc();
  st.prepare("select seq, " + column_list() + " from tasks " + where.text);
  st.define_and_bind();
  std::vector<task> out;
  if (st.execute(true)) {
    do out.push_back(row.store());
    while (st.fetch());
  }
  return out;
}

void add_filters(where_clause& w, const domain::task_query& q) {
  if (q.user_id != 0) w.text += " and user_id = " + w.next(q.user_id);
  if (!q.statuses.empty()) {
    w.text += " and status in (";
    for (std::size_t i = 0; i < q.statuses.size(); ++i) {
      if (i) w.text += ", ";
      w.text += w.next(std::string{domain::to_string(q.statuses[i])});
    }
    w.text += ")";
  }
}

std::vector<task> list_by_ids(soci::session& sql, const domain::task_query& q) {
  constexpr std::size_t chunk = 500;
  std::vector<std::string> wanted;
  std::unordered_set<std::string> seen;
  for (const auto& id : q.ids)
    if (seen.insert(id).second) wanted.push_back(id);
  std::unordered_map<std::string, task> found;
  for (std::size_t from = 0; from < wanted.size(); from += chunk) {
    where_clause w;
    w.text = "where id in (";
    for (std::size_t i = from; i < std::min(wanted.size(), from + chunk); ++i) {
      if (i > from) w.text += ", ";
      w.text += w.next(wanted[i]);
    }
    w.text += ")";
    add_filters(w, q);
    for (auto& t : select_tasks(sql, w)) {
      auto id = t.id;
      found.emplace(std::move(id), std::move(t));
    }
  }
  std::vector<task> out;
  for (const auto& id : wanted)
    if (auto i = found.find(id); i != found.end()) out.push_back(std::move(i->second));
  return out;
}

std::int64_t count_tasks(soci::session& sql, where_clause& where) {
  long long n = 0;
  soci::statement st(sql);
  st.exchange(soci::into(n));
  bind_params(st, where);
  st.alloc();
  st.prepare("select count(*) from tasks " + where.text);
  st.define_and_bind();
  st.execute(true);
  return n;
}

// Column names come from this switch only, never from the request.
const char* sort_column(domain::task_sort_field f) {
  switch (f) {
    case domain::task_sort_field::id:
      return "id";
    case domain::task_sort_field::submit_time:
      return "submit_time";
    case domain::task_sort_field::finish_time:
      return "finish_time";
    case domain::task_sort_field::status:
      return "status";
    case domain::task_sort_field::action:
      return "action";
    case domain::task_sort_field::seq:
      return "seq";
  }
  return "id";
}

template <class T>
void add_in(where_clause& w, const char* column, const std::vector<T>& values) {
  if (values.empty()) return;
  w.text += std::string{" and "} + column + " in (";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) w.text += ", ";
    if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::int64_t>)
      w.text += w.next(values[i]);
    else
      w.text += w.next(std::string{domain::to_string(values[i])});
  }
  w.text += ")";
}

where_clause page_filters(const domain::task_page_query& q) {
  where_clause w;
  w.text = "where deleted = 0";
  if (q.user_id != 0) w.text += " and user_id = " + w.next(q.user_id);
  if (!q.id.empty()) w.text += " and id = " + w.next(q.id);
  add_in(w, "id", q.ids);
  add_in(w, "seq", q.seqs);
  add_in(w, "action", q.actions);
  add_in(w, "status", q.statuses);
  for (auto [column, value] :
       {std::pair{"account_id", &q.instance_id}, std::pair{"state", &q.state}})
    if (!value->empty()) w.text += std::string{" and "} + column + " = " + w.next(*value);
  for (auto [column, value] :
       {std::pair{"prompt", &q.prompt}, std::pair{"prompt_en", &q.prompt_en},
        std::pair{"description", &q.description}, std::pair{"fail_reason", &q.fail_reason}})
    if (!value->empty())
      w.text += std::string{" and "} + column + " like " + w.next(like_substring(*value)) +
                " escape '\\'";
  if (!q.platform.empty()) w.text += " and platform = " + w.next(q.platform);
  if (!q.excluded_platform.empty()) w.text += " and platform <> " + w.next(q.excluded_platform);
  if (q.channel_id != domain::any_channel) w.text += " and channel_id = " + w.next(q.channel_id);
  if (q.submit_from > 0) w.text += " and submit_time >= " + w.next(q.submit_from);
  if (q.submit_to > 0) w.text += " and submit_time <= " + w.next(q.submit_to);
  if (!q.task_center_id.empty()) {
    // The upstream id, or mjgate's own "task_<hex>" form of the uuid (§4.6).
    w.text += " and (upstream_task_id = " + w.next(q.task_center_id);
    if (auto uuid = domain::uuid_of_task_center_id(q.task_center_id))
      w.text += " or uuid = " + w.next(*uuid);
    w.text += ")";
  }
  if (!q.task_center_ids.empty()) {
    std::vector<std::string> uuids;
    for (const auto& id : q.task_center_ids)
      if (auto uuid = domain::uuid_of_task_center_id(id)) uuids.push_back(std::move(*uuid));
    w.text += " and (upstream_task_id in (";
    for (std::size_t i = 0; i < q.task_center_ids.size(); ++i)
      w.text += (i ? ", " : "") + w.next(q.task_center_ids[i]);
    w.text += ")";
    if (!uuids.empty()) {
      w.text += " or uuid in (";
      for (std::size_t i = 0; i < uuids.size(); ++i) w.text += (i ? ", " : "") + w.next(uuids[i]);
      w.text += ")";
    }
    w.text += ")";
  }
  return w;
}

// -- writes ---------------------------------------------------------------------

void insert_sqlite(soci::session& sql, std::vector<task>& batch) {
  row_buffer row;
  soci::statement st(sql);
  row.bind_use(st);
  st.alloc();
  st.prepare("insert into tasks (" + column_list() + ") values (" + placeholders(columns().size()) +
             ")");
  st.define_and_bind();
  for (auto& t : batch) {
    row.load(t);
    st.execute(true);
    long long seq = 0;
    if (!sql.get_last_insert_id("tasks", seq))
      throw std::runtime_error("storage: no rowid after insert");
    t.seq = seq;
  }
}

// Column arrays for `unnest(:p0::text[], :p1::bigint[], …)`.
struct column_arrays {
  std::vector<std::string> values;
  std::string casts;
};

column_arrays to_arrays(const std::vector<task>& batch) {
  const auto& cols = columns();
  column_arrays out;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (cols[i].is_text) {
      std::vector<std::string> v;
      v.reserve(batch.size());
      for (const auto& t : batch) v.push_back(cols[i].get_text(t));
      out.values.push_back(pg_text_array(v));
    } else {
      std::vector<std::int64_t> v;
      v.reserve(batch.size());
      for (const auto& t : batch) v.push_back(cols[i].get_int(t));
      out.values.push_back(pg_int_array(v));
    }
    if (i) out.casts += ", ";
    out.casts += ":p" + std::to_string(i) + (cols[i].is_text ? "::text[]" : "::bigint[]");
  }
  return out;
}

void insert_postgresql(soci::session& sql, std::vector<task>& batch) {
  auto arrays = to_arrays(batch);
  std::vector<std::string> ids(batch.size());
  std::vector<long long> seqs(batch.size());
  soci::statement st(sql);
  st.exchange(soci::into(ids));
  st.exchange(soci::into(seqs));
  for (auto& v : arrays.values) st.exchange(soci::use(v));
  st.alloc();
  st.prepare("insert into tasks (" + column_list() + ") select * from unnest(" + arrays.casts +
             ") returning id, seq");
  st.define_and_bind();
  st.execute(true);
  if (ids.size() != batch.size())
    throw std::runtime_error("storage: insert returned " + std::to_string(ids.size()) +
                             " rows for " + std::to_string(batch.size()) + " tasks");
  std::unordered_map<std::string, std::int64_t> by_id;
  for (std::size_t i = 0; i < ids.size(); ++i) by_id[ids[i]] = seqs[i];
  for (auto& t : batch) t.seq = by_id.at(t.id);
}

}  // namespace

// -- public ---------------------------------------------------------------------

std::string buttons_to_json(const std::vector<domain::button>& buttons) {
  auto arr = nlohmann::json::array();
  for (const auto& b : buttons)
    arr.push_back({{"customId", b.custom_id},
                   {"emoji", b.emoji},
                   {"label", b.label},
                   {"type", b.type},
                   {"style", b.style}});
  return arr.dump();
}

std::vector<domain::button> buttons_from_json(const std::string& text) {
  std::vector<domain::button> out;
  if (text.empty()) return out;
  try {
    for (const auto& j : nlohmann::json::parse(text)) {
      domain::button b;
      b.custom_id = j.value("customId", "");
      b.emoji = j.value("emoji", "");
      b.label = j.value("label", "");
      b.type = j.value("type", 2);
      b.style = j.value("style", 2);
      out.push_back(std::move(b));
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string{"storage: malformed buttons column: "} + e.what());
  }
  return out;
}

void insert_tasks(soci::session& sql, dsn::backend kind, std::vector<domain::task>& batch) {
  if (batch.empty()) return;
  if (kind == dsn::backend::postgresql)
    insert_postgresql(sql, batch);
  else
    insert_sqlite(sql, batch);
}

std::vector<domain::task> coalesce_by_id(std::vector<domain::task> batch) {
  std::vector<domain::task> out;
  std::unordered_map<std::string, std::size_t> slot;
  for (auto& t : batch) {
    auto [i, fresh] = slot.emplace(t.id, out.size());
    if (fresh)
      out.push_back(std::move(t));
    else if (t.revision >= out[i->second].revision)
      out[i->second] = std::move(t);
  }
  return out;
}

void upsert_tasks(soci::session& sql, dsn::backend kind, const std::vector<domain::task>& input) {
  auto batch = coalesce_by_id(input);
  if (batch.empty()) return;
  const std::string tail = " on conflict (id) do update set " + update_list() +
                           " where tasks.revision <= excluded.revision";
  if (kind == dsn::backend::postgresql) {
    auto arrays = to_arrays(batch);
    soci::statement st(sql);
    for (auto& v : arrays.values) st.exchange(soci::use(v));
    st.alloc();
    st.prepare("insert into tasks (" + column_list() + ") select * from unnest(" + arrays.casts +
               ")" + tail);
    st.define_and_bind();
    st.execute(true);
    return;
  }
  row_buffer row;
  soci::statement st(sql);
  row.bind_use(st);
  st.alloc();
  st.prepare("insert into tasks (" + column_list() + ") values (" + placeholders(columns().size()) +
             ")" + tail);
  st.define_and_bind();
  for (const auto& t : batch) {
    row.load(t);
    st.execute(true);
  }
}

struct task_fetcher::impl {
  row_buffer row;
  std::string id;
  soci::statement st;
  row_buffer uuid_row;
  std::string uuid;
  soci::statement by_uuid;  ///< node-api `_id` (index tasks_uuid)

  explicit impl(soci::session& sql) : st(sql), by_uuid(sql) {
    row.bind_into(st);
    st.exchange(soci::use(id));
    st.alloc();
    st.prepare("select seq, " + column_list() + " from tasks where id = :p0");
    st.define_and_bind();
    uuid_row.bind_into(by_uuid);
    by_uuid.exchange(soci::use(uuid));
    by_uuid.alloc();
    by_uuid.prepare("select seq, " + column_list() + " from tasks where uuid = :p0");
    by_uuid.define_and_bind();
  }
};

task_fetcher::task_fetcher(soci::session& sql) : impl_(std::make_unique<impl>(sql)) {}
task_fetcher::~task_fetcher() = default;

namespace {

// One row of a prepared single-row statement. The statement is stepped to
// its end: on SQLite a statement left on a row keeps its read transaction,
// and with it a stale snapshot for every later read on that session.
std::optional<domain::task> fetch_one(soci::statement& st, row_buffer& row) {
  if (!st.execute(true)) return std::nullopt;
  auto t = row.store();
  while (st.fetch()) {
  }
  return t;
}

}  // namespace

std::optional<domain::task> task_fetcher::fetch(const std::string& id) {
  impl_->id = id;
  return fetch_one(impl_->st, impl_->row);
}

std::optional<domain::task> task_fetcher::fetch_by_uuid(const std::string& uuid) {
  impl_->uuid = uuid;
  return fetch_one(impl_->by_uuid, impl_->uuid_row);
}

std::optional<domain::task> fetch_task(soci::session& sql, const std::string& id) {
  return task_fetcher{sql}.fetch(id);
}

std::optional<domain::task> fetch_task_by_uuid(soci::session& sql, const std::string& uuid) {
  return task_fetcher{sql}.fetch_by_uuid(uuid);
}

std::vector<domain::task> list_tasks(soci::session& sql, const domain::task_query& q) {
  if (!q.ids.empty()) return list_by_ids(sql, q);
  where_clause w;
  w.text = "where deleted = 0";
  add_filters(w, q);
  if (!q.before_id.empty()) w.text += " and id < " + w.next(q.before_id);
  w.text += q.oldest_first ? " order by id asc" : " order by id desc";
  w.text += " limit " + std::to_string(std::clamp(q.limit, 1, max_list_limit));
  return select_tasks(sql, w);
}

std::string like_substring(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

// The names of the owners of `tasks` (one query over the distinct ids).
std::map<std::int64_t, std::string> user_names_of(soci::session& sql,
                                                  const std::vector<domain::task>& tasks) {
  std::map<std::int64_t, std::string> names;
  where_clause w;
  std::string ids;
  for (const auto& t : tasks) {
    if (names.contains(t.user_id)) continue;
    names.emplace(t.user_id, std::string{});
    ids += (ids.empty() ? "" : ", ") + w.next(t.user_id);
  }
  if (ids.empty()) return {};
  names.clear();
  long long id = 0;
  std::string name;
  soci::statement st(sql);
  st.exchange(soci::into(id));
  st.exchange(soci::into(name));
  bind_params(st, w);
  st.alloc();
  st.prepare("select id, name from users where id in (" + ids + ")");
  st.define_and_bind();
  if (st.execute(true)) {
    do names.emplace(id, name);
    while (st.fetch());
  }
  return names;
}

domain::task_page query_task_page(soci::session& sql, const domain::task_page_query& q) {
  auto w = page_filters(q);
  domain::task_page page;
  page.total = count_tasks(sql, w);
  if (q.count_only) return page;
  const std::int64_t size = domain::page_size_of(q);
  const std::int64_t offset =
      q.offset >= 0 ? q.offset : std::max<std::int64_t>(q.page_number, 0) * size;
  if (offset >= page.total) return page;  // past the end: no second query
  if (!q.before.empty()) {
    // The cursor row, by id or uuid (and, for a user's page, that user's
    // only); none found → null → no row is older.
    w.text += " and id < (select max(c.id) from tasks c where (c.id = " + w.next(q.before) +
              " or c.uuid = " + w.next(q.before) + ")";
    if (q.user_id != 0) w.text += " and c.user_id = " + w.next(q.user_id);
    w.text += ")";
  }
  const std::string dir = q.descending ? " desc" : " asc";
  const std::string column = sort_column(q.sort_field);
  w.text += " order by " + column + dir;
  if (column != "id" && column != "seq") w.text += ", id" + dir;  // both unique
  w.text += " limit " + w.next(size);
  w.text += " offset " + w.next(offset);
  page.content = select_tasks(sql, w);
  if (q.with_user_names) page.user_names = user_names_of(sql, page.content);
  return page;
}

std::vector<domain::task> list_unfinished(soci::session& sql) {
  where_clause w;
  w.text = "where status not in ('SUCCESS', 'FAILURE', 'CANCEL') order by seq";
  return select_tasks(sql, w);
}

}  // namespace mjgate::persistence
