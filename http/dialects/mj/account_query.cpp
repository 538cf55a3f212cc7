#include "http/dialects/mj/account_query.hpp"

#include <algorithm>
#include <climits>

#include "domain/text.hpp"
#include "http/dialects/mj/submit_fields.hpp"
#include "http/dialects/mj/submit_imagine.hpp"

namespace mjgate::http::mj {

namespace {

using json = nlohmann::json;
constexpr std::size_t max_filter_chars = 128;
constexpr int max_account_page_size = 100;

std::optional<reply> read_sort(const json& obj, account_query& q) {
  std::string sort;
  if (!read_optional_string(obj, "sort", sort)) return invalid_field("sort参数错误");
  auto text = domain::trim(sort);
  if (text.empty()) return std::nullopt;
  auto comma = text.find(',');
  auto field = domain::trim(text.substr(0, comma));
  if (field == "id")
    q.sort = account_sort_field::id;
  else if (field == "dateCreated")
    q.sort = account_sort_field::date_created;
  else if (field == "name")
    q.sort = account_sort_field::name;
  else
    return invalid_field("sort参数错误");
  auto dir = comma == std::string_view::npos
                 ? std::string{"asc"}
                 : domain::to_lower(domain::trim(text.substr(comma + 1)));
  if (dir != "asc" && dir != "desc") return invalid_field("sort参数错误");
  q.descending = dir == "desc";
  return std::nullopt;
}

std::optional<reply> read_page_value(const json& obj, const char* key, const char* alias, int& out,
                                     int min, int clamp_max) {
  std::optional<std::int64_t> v;
  bool ok = read_optional_int(obj, key, v);
  if (ok && !v) ok = read_optional_int(obj, alias, v);
  if (!ok || (v && *v < 0)) return invalid_field(std::string{key} + "参数错误");
  if (v) out = static_cast<int>(std::clamp<std::int64_t>(*v, min, clamp_max));
  return std::nullopt;
}

std::optional<reply> read_filter(const json& obj, const char* key, std::string& out) {
  if (!read_optional_string(obj, key, out)) return invalid_field(std::string{key} + "必须是字符串");
  out = std::string{domain::trim(out)};
  if (utf8_length(out) > max_filter_chars) return invalid_field(std::string{key} + "过长");
  return std::nullopt;
}

/// The name the Account JSON shows (http/dialects/mj/account_json.cpp).
const std::string& shown_name(const actors::account_status& s) {
  return s.acct.name.empty() ? s.load.username : s.acct.name;
}

bool matches(const actors::account_status& s, const account_query& q) {
  if (!q.channel_id.empty() && s.acct.channel_id != q.channel_id) return false;
  if (q.enable && s.acct.enable != *q.enable) return false;
  if (!q.mode.empty() && s.load.mode != q.mode) return false;
  if (!q.name.empty() && shown_name(s).find(q.name) == std::string::npos) return false;
  if (!q.remark.empty() && s.acct.remark.find(q.remark) == std::string::npos) return false;
  return true;
}

}  // namespace

std::variant<account_query, reply> parse_account_query(std::string_view body) {
  auto doc = parse_body_object(body);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  const auto& obj = std::get<json>(doc);
  account_query q;
  if (auto r = read_page_value(obj, "pageNumber", "page", q.page_number, 0, INT_MAX))
    return std::move(*r);
  if (auto r = read_page_value(obj, "pageSize", "size", q.page_size, 1, max_account_page_size))
    return std::move(*r);
  if (auto r = read_sort(obj, q)) return std::move(*r);
  for (auto [key, field] : {std::pair{"channelId", &q.channel_id}, std::pair{"mode", &q.mode},
                            std::pair{"name", &q.name}, std::pair{"remark", &q.remark}})
    if (auto r = read_filter(obj, key, *field)) return std::move(*r);
  for (auto& c : q.mode)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (!q.mode.empty() && q.mode != "FAST" && q.mode != "RELAX" && q.mode != "TURBO")
    return invalid_field("mode参数错误");
  if (auto it = obj.find("enable"); it != obj.end() && !it->is_null()) {
    if (!it->is_boolean()) return invalid_field("enable必须是布尔值");
    q.enable = it->get<bool>();
  }
  return q;
}

account_page select_accounts(std::vector<actors::account_status> all, const account_query& q) {
  std::erase_if(all, [&](const actors::account_status& s) { return !matches(s, q); });
  auto key_less = [&](const actors::account_status& a, const actors::account_status& b) {
    switch (q.sort) {
      case account_sort_field::date_created:
        if (a.acct.created_at != b.acct.created_at) return a.acct.created_at < b.acct.created_at;
        break;
      case account_sort_field::name:
        if (shown_name(a) != shown_name(b)) return shown_name(a) < shown_name(b);
        break;
      case account_sort_field::id:
        break;
    }
    return a.acct.id < b.acct.id;
  };
  std::sort(all.begin(), all.end(), [&](const auto& a, const auto& b) {
    return q.descending ? key_less(b, a) : key_less(a, b);
  });
  account_page page;
  page.total = static_cast<std::int64_t>(all.size());
  auto first = static_cast<std::int64_t>(q.page_number) * q.page_size;
  if (first >= page.total) return page;
  auto last = std::min<std::int64_t>(first + q.page_size, page.total);
  page.content.assign(std::make_move_iterator(all.begin() + first),
                      std::make_move_iterator(all.begin() + last));
  return page;
}

}  // namespace mjgate::http::mj
