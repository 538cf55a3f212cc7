#include "discord/job_tail.hpp"

#include <array>
#include <cctype>
#include <utility>
#include <vector>

namespace mjgate::discord {

namespace {

using domain::task_action;

struct keyword {
  std::string_view word;
  task_action action;
  bool remix;
};

// "<word> [variant] by <@U>" forms of §5.1; "Upscaling by" is handled apart.
constexpr std::array<keyword, 5> keywords{{
    {"Upscaled", task_action::upscale_hd, false},
    {"Variations", task_action::variation, false},
    {"Remix", task_action::variation, true},
    {"Pan", task_action::pan, false},
    {"Zoom", task_action::zoom, false},
}};

std::vector<std::string_view> words_of(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    auto start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

bool is_mention(std::string_view w) {
  return w.starts_with("<@");
}

std::string_view without_parens(std::string_view w) {
  if (w.size() >= 2 && w.front() == '(' && w.back() == ')') return w.substr(1, w.size() - 2);
  return w;
}

// "by <@U>" starting at words[at].
bool by_mention(const std::vector<std::string_view>& words, std::size_t at) {
  return words.size() > at + 1 && words[at] == "by" && is_mention(words[at + 1]);
}

std::optional<tail_origin> read_words(const std::vector<std::string_view>& words) {
  tail_origin o;
  if (words.empty()) return std::nullopt;
  if (is_mention(words[0])) return o;  // imagine, reroll, blend
  if (words[0] == "Image" && words.size() >= 3 && words[1].starts_with('#') &&
      is_mention(words[2])) {
    int n = 0;
    for (char c : words[1].substr(1)) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      n = n * 10 + (c - '0');
    }
    if (words[1].size() < 2) return std::nullopt;
    o.action = task_action::upscale;
    o.image_index = n;
    return o;
  }
  if (words[0] == "Upscaling" && by_mention(words, 1)) {
    o.action = task_action::upscale_hd;
    o.upscaling = true;
    return o;
  }
  for (const auto& k : keywords) {
    if (words[0] != k.word) continue;
    o.action = k.action;
    o.remix = k.remix;
    if (by_mention(words, 1)) return o;
    if (words.size() > 1 && by_mention(words, 2)) {
      o.variant = std::string{without_parens(words[1])};
      return o;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::optional<job_line> split_job_line(std::string_view content) {
  auto first_line = content.substr(0, content.find('\n'));
  if (!first_line.starts_with("**")) return std::nullopt;
  auto end = first_line.rfind("** - ");
  if (end == std::string_view::npos || end < 2) return std::nullopt;
  return job_line{first_line.substr(2, end - 2), first_line.substr(end + 5)};
}

std::optional<tail_origin> read_tail_origin(std::string_view prompt, std::string_view tail) {
  auto origin = read_words(words_of(tail));
  if (origin && prompt.find("--video 1") != std::string_view::npos)
    origin->action = task_action::video;
  return origin;
}

}  // namespace mjgate::discord
