#include "http/dialects/manage/channel_json.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <tuple>

#include "domain/text.hpp"

namespace mjgate::http::manage {

namespace {

using json = nlohmann::json;

// An int field in range of int; "" or the complaint.
std::string read_int(const json& j, const char* key, bool& has, int& out) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (!it->is_number_integer()) return std::string{key} + " must be an integer";
  auto v = it->get<std::int64_t>();
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
    return std::string{key} + " is out of range";
  has = true;
  out = static_cast<int>(v);
  return {};
}

std::string read_string(const json& j, const char* key, bool& has, std::string& out) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (!it->is_string()) return std::string{key} + " must be a string";
  has = true;
  out = it->get<std::string>();
  return {};
}

std::string read_models(const json& j, domain::channel_edit& e) {
  auto it = j.find("models");
  if (it == j.end()) return {};
  e.has_models = true;
  e.models.clear();
  if (it->is_string()) {  // "MUSIC,LYRICS" (new-api's form)
    auto text = it->get<std::string>();
    std::size_t start = 0;
    while (start <= text.size()) {
      auto comma = std::min(text.find(',', start), text.size());
      auto one = domain::trim(std::string_view{text}.substr(start, comma - start));
      if (!one.empty()) e.models.emplace_back(one);
      start = comma + 1;
    }
    return {};
  }
  if (!it->is_array()) return "models must be an array of strings";
  for (const auto& m : *it) {
    if (!m.is_string()) return "models must be an array of strings";
    e.models.push_back(m.get<std::string>());
  }
  return {};
}

}  // namespace

std::variant<domain::channel_edit, reply> parse_channel_body(std::string_view body,
                                                             std::int64_t id) {
  auto j = json::parse(body, nullptr, false);
  if (!j.is_object()) return error_reply(400, "the body must be a JSON object");
  domain::channel_edit e;
  e.id = id;
  for (const auto& why :
       {read_string(j, "name", e.has_name, e.name), read_string(j, "type", e.has_type, e.type),
        read_string(j, "base_url", e.has_base_url, e.base_url),
        read_string(j, "key", e.has_key, e.key), read_models(j, e),
        read_string(j, "proxy", e.has_proxy, e.proxy),
        read_int(j, "priority", e.has_priority, e.priority),
        read_int(j, "weight", e.has_weight, e.weight)})
    if (!why.empty()) return error_reply(400, why);
  for (auto [key, has, value] : {std::tuple{"enabled", &e.has_enabled, &e.enabled},
                                 std::tuple{"speed_prefix", &e.has_speed_prefix, &e.speed_prefix},
                                 std::tuple{"callback", &e.has_callback, &e.callback}}) {
    auto it = j.find(key);
    if (it == j.end()) continue;
    if (!it->is_boolean()) return error_reply(400, std::string{key} + " must be true or false");
    *has = true;
    *value = it->get<bool>();
  }
  if (id > 0 &&
      !(e.has_name || e.has_type || e.has_base_url || e.has_key || e.has_models || e.has_priority ||
        e.has_weight || e.has_enabled || e.has_proxy || e.has_speed_prefix || e.has_callback))
    return error_reply(400,
                       "nothing to update: send at least one of name, type, base_url, key, "
                       "models, priority, weight, enabled, proxy, speed_prefix, callback");
  return e;
}

nlohmann::ordered_json render_channel(const domain::channel& c) {
  nlohmann::ordered_json j;
  j["id"] = c.id;
  j["name"] = c.name;
  j["type"] = std::string{domain::to_string(c.type)};
  j["base_url"] = c.base_url;
  j["key"] = c.key_masked.empty() ? std::string{"********"} : c.key_masked;
  j["models"] = c.models;
  j["priority"] = c.priority;
  j["weight"] = c.weight;
  j["enabled"] = c.enabled;
  j["speed_prefix"] = c.speed_prefix;
  j["callback"] = c.callback;
  j["proxy"] = c.proxy_masked;  // "" = direct; the password never leaves
  j["source"] = c.source;
  j["created_at"] = c.created_at;
  j["updated_at"] = c.updated_at;
  return j;
}

nlohmann::ordered_json render_channel_page(const std::vector<domain::channel>& all,
                                           const page_params& p) {
  nlohmann::ordered_json j;
  j["total"] = all.size();
  j["offset"] = p.offset;
  j["limit"] = p.limit;
  auto items = nlohmann::ordered_json::array();
  auto start = static_cast<std::size_t>(
      std::min<std::int64_t>(p.offset, static_cast<std::int64_t>(all.size())));
  for (std::size_t i = start; i < all.size() && i < start + static_cast<std::size_t>(p.limit); ++i)
    items.push_back(render_channel(all[i]));
  j["items"] = std::move(items);
  return j;
}

}  // namespace mjgate::http::manage
