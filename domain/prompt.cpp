#include "domain/prompt.hpp"

#include <cctype>

namespace mjgate::domain {

namespace {

bool is_word_char(unsigned char c) {
  return std::isalnum(c) || c == '_' || c >= 0x80;
}

char lower_char(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool equal_at(std::string_view text, std::size_t pos, std::string_view word) {
  if (pos + word.size() > text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (lower_char(text[pos + i]) != lower_char(word[i])) return false;
  return true;
}

bool whole_word_at(std::string_view text, std::size_t pos, std::size_t len) {
  bool left_ok = pos == 0 || !is_word_char(static_cast<unsigned char>(text[pos - 1]));
  bool right_ok =
      pos + len >= text.size() || !is_word_char(static_cast<unsigned char>(text[pos + len]));
  return left_ok && right_ok;
}

}  // namespace

std::optional<std::string> find_banned_word(std::string_view prompt,
                                            const std::vector<std::string>& words) {
  for (const auto& raw : words) {
    std::string word{trim(raw)};
    if (word.empty()) continue;
    for (std::size_t pos = 0; pos + word.size() <= prompt.size(); ++pos)
      if (equal_at(prompt, pos, word) && whole_word_at(prompt, pos, word.size())) return word;
  }
  return std::nullopt;
}

std::string seed_parameter(std::string_view prompt) {
  for (std::size_t pos = prompt.find("--seed"); pos != std::string_view::npos;
       pos = prompt.find("--seed", pos + 1)) {
    std::size_t i = pos + 6;
    if (i < prompt.size() && !std::isspace(static_cast<unsigned char>(prompt[i]))) continue;
    while (i < prompt.size() && std::isspace(static_cast<unsigned char>(prompt[i]))) ++i;
    std::size_t start = i;
    while (i < prompt.size() && std::isdigit(static_cast<unsigned char>(prompt[i]))) ++i;
    if (i > start) return std::string{prompt.substr(start, i - start)};
  }
  return {};
}

bool has_seed_parameter(std::string_view prompt) {
  return !seed_parameter(prompt).empty() || prompt.find("--sameseed") != std::string_view::npos;
}

std::string with_seed(std::string_view prompt, std::uint32_t seed) {
  return std::string{prompt} + " --seed " + std::to_string(seed);
}

}  // namespace mjgate::domain
