#include "domain/channel.hpp"

#include <algorithm>
#include <limits>

#include "domain/text.hpp"

namespace mjgate::domain {

std::string_view to_string(channel_type t) {
  return t == channel_type::suno ? "suno" : "midjourney-proxy";
}

std::optional<channel_type> parse_channel_type(std::string_view s) {
  auto lower = to_lower(s);
  if (lower == "suno") return channel_type::suno;
  if (lower == "midjourney-proxy" || lower == "midjourney_proxy" || lower == "mj")
    return channel_type::midjourney_proxy;
  return std::nullopt;
}

bool serves(const channel& c, std::string_view action, std::string_view model) {
  if (c.models.empty()) return true;
  auto a = to_lower(action);
  auto m = to_lower(model);
  return std::any_of(c.models.begin(), c.models.end(), [&](const std::string& each) {
    auto e = to_lower(each);
    return (!a.empty() && e == a) || (!m.empty() && e == m);
  });
}

std::optional<std::size_t> choose_channel(const std::vector<channel>& channels, channel_type type,
                                          std::string_view action, std::string_view model,
                                          const std::set<std::int64_t>& excluded,
                                          std::uint64_t random) {
  std::vector<std::size_t> eligible;
  int best = std::numeric_limits<int>::min();
  for (std::size_t i = 0; i < channels.size(); ++i) {
    const auto& c = channels[i];
    if (!c.enabled || c.type != type || excluded.count(c.id) || !serves(c, action, model)) continue;
    if (c.priority > best) {
      best = c.priority;
      eligible.clear();
    }
    if (c.priority == best) eligible.push_back(i);
  }
  if (eligible.empty()) return std::nullopt;
  std::uint64_t total = 0;
  for (auto i : eligible) total += static_cast<std::uint64_t>(std::max(channels[i].weight, 1));
  auto pick = random % total;
  for (auto i : eligible) {
    auto w = static_cast<std::uint64_t>(std::max(channels[i].weight, 1));
    if (pick < w) return i;
    pick -= w;
  }
  return eligible.back();
}

}  // namespace mjgate::domain
