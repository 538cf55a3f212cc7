#include "domain/prompt_key.hpp"

#include <cctype>
#include <vector>

#include "domain/text.hpp"

namespace mjgate::domain {

namespace {

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

bool is_url(std::string_view token) {
  if (token.starts_with("<") && token.ends_with(">")) token = token.substr(1, token.size() - 2);
  return token.starts_with("http://") || token.starts_with("https://");
}

bool is_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::vector<std::string_view> split_tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    std::size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// "—" (U+2014, E2 80 94) → "--".
std::string replace_em_dash(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.substr(i, 3) == "\xE2\x80\x94") {
      out += "--";
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

prompt_key normalize_prompt(std::string_view prompt) {
  const std::string text = replace_em_dash(to_lower(prompt));
  prompt_key key;
  std::string_view param;  // the parameter whose values are being skipped
  for (auto token : split_tokens(text)) {
    if (token.starts_with("--") && token.size() > 2) {
      param = token;
      continue;
    }
    if (!param.empty()) {
      if (param == "--seed" && key.seed.empty() && is_digits(token)) key.seed = token;
      continue;
    }
    key.text += is_url(token) ? std::string_view{"<link>"} : token;
  }
  return key;
}

}  // namespace mjgate::domain
