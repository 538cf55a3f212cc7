// POST /mj/account/query (api-contracts.md §3.9, §3.9.3): the page request
// with its filters and sort whitelist, and the selection of one page from
// the router's account list (every account is in memory: at most thousands).
// Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "actors/messages.hpp"
#include "http/reply.hpp"

namespace mjgate::http::mj {

enum class account_sort_field { id, date_created, name };

struct account_query {
  int page_number = 0;  ///< 0-based
  int page_size = 10;   ///< 1..100 (larger requests are clamped, compat)
  account_sort_field sort = account_sort_field::id;
  bool descending = false;
  std::string channel_id;  ///< exact; "" = any
  std::string mode;        ///< FAST / RELAX / TURBO as last synced; "" = any
  std::string name;        ///< substring of the shown name; "" = any
  std::string remark;      ///< substring; "" = any
  std::optional<bool> enable;
  friend bool operator==(const account_query&, const account_query&) = default;
};

/// `{pageNumber?, pageSize?, sort?, channelId?, enable?, mode?, name?,
/// remark?}`; `page`/`size` are accepted as aliases. Non-JSON → HTTP 400
/// code 4; a negative or non-numeric page value, a sort outside `id`,
/// `dateCreated`, `name` (with `,asc` or `,desc`), an unknown mode, a
/// non-boolean enable or a filter over 128 characters → HTTP 200 code 4.
std::variant<account_query, reply> parse_account_query(std::string_view body);

struct account_page {
  std::vector<actors::account_status> content;
  std::int64_t total = 0;  ///< matches over all pages
};

/// The accounts matching `q`, sorted (ties by id), cut to the requested page.
account_page select_accounts(std::vector<actors::account_status> all, const account_query& q);

}  // namespace mjgate::http::mj
