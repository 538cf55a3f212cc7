#include "http/dialects/mj/list_params.hpp"

#include <algorithm>
#include <unordered_set>

#include "http/dialects/mj/envelope.hpp"

namespace mjgate::http::mj {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<int> parse_limit(std::optional<std::string_view> raw, int def, int max) {
  if (!raw || raw->empty()) return def;
  if (!all_digits(*raw)) return std::nullopt;
  auto digits = raw->substr(std::min(raw->find_first_not_of('0'), raw->size()));
  if (digits.size() > 9) return max;  // far above any maximum; avoids overflow
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return std::clamp(n, 1, max);
}

std::optional<std::string> parse_before(std::optional<std::string_view> raw) {
  if (!raw || raw->empty()) return std::string{};
  if (!all_digits(*raw) || raw->size() > 32) return std::nullopt;
  return std::string{*raw};
}

std::variant<std::vector<std::string>, reply> parse_ids_body(std::string_view body,
                                                             std::size_t max_ids) {
  auto doc = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (doc.is_discarded()) return validation_reply(400, "请求体不是合法的JSON");
  if (!doc.is_object()) return validation_reply(200, "请求体必须是JSON对象");
  std::vector<std::string> ids;
  auto it = doc.find("ids");
  if (it == doc.end() || it->is_null()) return ids;
  if (!it->is_array()) return validation_reply(200, "ids必须是字符串数组");
  if (it->size() > max_ids)
    return validation_reply(200, "ids数量超过上限" + std::to_string(max_ids));
  std::unordered_set<std::string> seen;
  ids.reserve(it->size());
  for (const auto& v : *it) {
    if (!v.is_string()) return validation_reply(200, "ids必须是字符串数组");
    const auto& id = v.get_ref<const std::string&>();
    if (seen.insert(id).second) ids.push_back(id);
  }
  return ids;
}

}  // namespace mjgate::http::mj
