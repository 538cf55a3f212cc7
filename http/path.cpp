#include "http/path.hpp"

#include <array>
#include <utility>

namespace mjgate::http {

std::string normalize_path(std::string_view path) {
  std::string out;
  out.reserve(path.size() + 1);
  out.push_back('/');
  for (char c : path) {
    if (c == '/' && out.back() == '/') continue;
    out.push_back(c);
  }
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

std::optional<mj_path> split_mj_prefix(std::string_view normalized) {
  static constexpr std::array<std::pair<std::string_view, speed_prefix>, 4> prefixes{{
      {"/mj", speed_prefix::none},
      {"/mj-fast/mj", speed_prefix::fast},
      {"/mj-relax/mj", speed_prefix::relax},
      {"/mj-turbo/mj", speed_prefix::turbo},
  }};
  for (const auto& [prefix, speed] : prefixes) {
    if (!normalized.starts_with(prefix)) continue;
    auto rest = normalized.substr(prefix.size());
    if (rest.empty() || rest.front() == '/') return mj_path{speed, rest};
  }
  return std::nullopt;
}

bool match_path(std::string_view pattern, std::string_view path, std::string& param) {
  auto next = [](std::string_view& s) {
    if (!s.empty() && s.front() == '/') s.remove_prefix(1);
    auto end = s.find('/');
    auto seg = s.substr(0, end);
    s.remove_prefix(end == std::string_view::npos ? s.size() : end);
    return seg;
  };
  std::string captured;
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty()) return false;
    auto p = next(pattern);
    auto s = next(path);
    if (p == "{id}") {
      if (s.empty()) return false;
      captured = std::string{s};
    } else if (p != s) {
      return false;
    }
  }
  param = std::move(captured);
  return true;
}

}  // namespace mjgate::http
