#include "sim/mj_text.hpp"

#include <cctype>

namespace mjgate::sim {

namespace {

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::vector<std::string> split_ws(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace

std::string rewrite_prompt(std::string_view prompt) {
  // "—" is U+2014, three bytes in UTF-8.
  std::string dashed;
  constexpr std::string_view em_dash = "\xE2\x80\x94";
  for (std::size_t i = 0; i < prompt.size();) {
    if (prompt.substr(i, em_dash.size()) == em_dash) {
      dashed += "--";
      i += em_dash.size();
    } else {
      dashed.push_back(prompt[i++]);
    }
  }
  std::string out;
  bool has_version = false;
  for (const auto& token : split_ws(dashed)) {
    if (token == "--v" || token == "--version") has_version = true;
    if (!out.empty()) out.push_back(' ');
    out += token;
  }
  if (!has_version) out += out.empty() ? "--v 7.0" : " --v 7.0";
  return out;
}

bool contains_word(std::string_view text, std::string_view word) {
  if (word.empty() || word.size() > text.size()) return false;
  for (std::size_t i = 0; i + word.size() <= text.size(); ++i) {
    bool match = true;
    for (std::size_t k = 0; k < word.size() && match; ++k)
      match = lower(text[i + k]) == lower(word[k]);
    if (!match) continue;
    bool left_ok = i == 0 || !is_word_char(text[i - 1]);
    bool right_ok = i + word.size() == text.size() || !is_word_char(text[i + word.size()]);
    if (left_ok && right_ok) return true;
  }
  return false;
}

bool has_scenario(std::string_view prompt, std::string_view name) {
  std::string token = "#sim:";
  token += name;
  for (const auto& t : split_ws(prompt))
    if (t == token) return true;
  return false;
}

std::string prompt_slug(std::string_view prompt) {
  std::string out;
  bool skip_value = false;
  for (const auto& token : split_ws(prompt)) {
    if (token.rfind("--", 0) == 0) {
      skip_value = true;  // a parameter; its value (if any) follows
      continue;
    }
    if (skip_value) {
      skip_value = false;
      continue;
    }
    if (token.rfind("#sim:", 0) == 0 || token.find("://") != std::string::npos) continue;
    std::string word;
    for (char c : token)
      if (std::isalnum(static_cast<unsigned char>(c)) != 0) word.push_back(lower(c));
    if (word.empty()) continue;
    if (out.size() + word.size() + 1 > 40) break;
    if (!out.empty()) out.push_back('_');
    out += word;
  }
  return out.empty() ? "image" : out;
}

}  // namespace mjgate::sim
