#include "domain/channel_edit.hpp"

#include <algorithm>

#include "domain/account.hpp"
#include "domain/proxy_url.hpp"
#include "domain/text.hpp"
#include "domain/url_policy.hpp"

namespace mjgate::domain {

namespace {

// "" when `c` is acceptable, else why not.
std::string problem(const channel& c, bool allow_private) {
  if (trim(c.name).empty()) return "name: required";
  if (c.name.size() > max_channel_name)
    return "name: at most " + std::to_string(max_channel_name) + " characters";
  if (c.base_url.empty()) return "base_url: required";
  if (auto why = check_webhook_url(c.base_url, allow_private)) return "base_url: " + *why;
  if (c.base_url.find_first_of("?#") != std::string::npos)
    return "base_url: no query or fragment (http(s)://host[:port][/prefix])";
  if (c.key.empty()) return "key: required";
  if (c.key.size() > max_channel_key)
    return "key: at most " + std::to_string(max_channel_key) + " characters";
  if (key_unchanged(c.key)) return "key: a masked key (containing \"****\") cannot be stored";
  if (c.weight < 1 || c.weight > max_channel_weight)
    return "weight: must be between 1 and " + std::to_string(max_channel_weight);
  if (c.priority < -max_channel_priority || c.priority > max_channel_priority)
    return "priority: must be between -" + std::to_string(max_channel_priority) + " and " +
           std::to_string(max_channel_priority);
  if (c.models.size() > max_channel_models)
    return "models: at most " + std::to_string(max_channel_models) + " entries";
  for (const auto& m : c.models) {
    if (trim(m).empty()) return "models: entries must not be empty";
    if (m.size() > max_channel_model)
      return "models: entries have at most " + std::to_string(max_channel_model) + " characters";
    if (m.find(',') != std::string::npos) return "models: entries must not contain ','";
  }
  if (!c.proxy.empty()) {
    auto parsed = parse_proxy_url(c.proxy);
    if (auto* why = std::get_if<std::string>(&parsed)) return "proxy: " + *why;
  }
  if (c.type == channel_type::suno && (c.speed_prefix || c.callback))
    return "speed_prefix and callback apply to midjourney-proxy channels only";
  return {};
}

// Applies the fields `e` sends; "" or the reason the type is unknown.
std::string apply(channel& c, const channel_edit& e) {
  if (e.has_name) c.name = std::string{trim(e.name)};
  if (e.has_type) {
    auto t = parse_channel_type(e.type);
    if (!t) return "type: \"" + e.type + "\" is not one of \"suno\", \"midjourney-proxy\"";
    c.type = *t;
  }
  if (e.has_base_url) {
    c.base_url = std::string{trim(e.base_url)};
    while (!c.base_url.empty() && c.base_url.back() == '/') c.base_url.pop_back();
  }
  if (e.has_key && !key_unchanged(e.key)) c.key = e.key;
  if (e.has_models) {
    c.models.clear();
    for (const auto& m : e.models) c.models.emplace_back(trim(m));
  }
  if (e.has_priority) c.priority = e.priority;
  if (e.has_weight) c.weight = e.weight;
  if (e.has_enabled) c.enabled = e.enabled;
  if (e.has_proxy && !proxy_unchanged(e.proxy)) {
    c.proxy = std::string{trim(e.proxy)};
    c.proxy_masked = mask_proxy_url(c.proxy);
  }
  if (e.has_speed_prefix) c.speed_prefix = e.speed_prefix;
  if (e.has_callback) c.callback = e.callback;
  return {};
}

}  // namespace

bool key_unchanged(std::string_view key) {
  return key.empty() || key.find("****") != std::string_view::npos;
}

bool proxy_unchanged(std::string_view proxy) {
  return proxy.find("****") != std::string_view::npos;
}

std::variant<channel, std::string> new_channel(const channel_edit& e, bool allow_private) {
  if (!e.has_name) return std::string{"name: required"};
  if (!e.has_type) return std::string{"type: required (\"suno\" or \"midjourney-proxy\")"};
  if (!e.has_base_url) return std::string{"base_url: required"};
  if (!e.has_key || e.key.empty()) return std::string{"key: required"};
  if (key_unchanged(e.key))
    return std::string{"key: a masked key (containing \"****\") cannot be stored"};
  if (e.has_proxy && proxy_unchanged(e.proxy))
    return std::string{"proxy: a masked proxy (containing \"****\") cannot be stored"};
  channel c;
  c.source = "api";
  if (auto why = apply(c, e); !why.empty()) return why;
  if (auto why = problem(c, allow_private); !why.empty()) return why;
  c.key_masked = mask_secret(c.key);
  return c;
}

std::variant<channel, std::string> edit_channel(channel current, const channel_edit& e,
                                                bool allow_private) {
  auto old_key = current.key;
  auto old_type = current.type;
  if (auto why = apply(current, e); !why.empty()) return why;
  if (current.type != old_type)
    return std::string{"type: cannot be changed (delete the channel and create another)"};
  if (auto why = problem(current, allow_private); !why.empty()) return why;
  if (current.key != old_key) current.key_masked = mask_secret(current.key);
  return current;
}

}  // namespace mjgate::domain
