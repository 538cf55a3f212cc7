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

std::optional<std::string> param_value(std::string_view prompt, std::string_view name) {
  auto tokens = split_ws(prompt);
  std::string flag = "--";
  flag += name;
  for (std::size_t i = 0; i < tokens.size(); ++i)
    if (tokens[i] == flag) return i + 1 < tokens.size() ? tokens[i + 1] : std::string{};
  return std::nullopt;
}

std::optional<std::string> prompt_mode(std::string_view prompt) {
  std::optional<std::string> mode;
  for (const auto& token : split_ws(prompt)) {
    if (token == "--fast") mode = "fast";
    if (token == "--relax") mode = "relaxed";
    if (token == "--turbo") mode = "turbo";
  }
  return mode;
}

namespace {

bool is_uint(std::string_view s) {
  if (s.empty() || s.size() > 10) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool is_number(std::string_view s) {
  if (s.empty() || s.size() > 12) return false;
  int dots = 0;
  for (char c : s) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots <= 1 && s.front() != '.' && s.back() != '.';
}

}  // namespace

std::string parameter_error(std::string_view prompt) {
  static const std::string_view known[] = {
      "ar",          "aspect", "v",       "version", "seed",    "zoom",   "niji",      "q",
      "quality",     "s",      "stylize", "c",       "chaos",   "no",     "iw",        "style",
      "tile",        "weird",  "w",       "stop",    "r",       "repeat", "video",     "sref",
      "sw",          "cref",   "cw",      "p",       "profile", "raw",    "relax",     "fast",
      "turbo",       "draft",  "exp",     "motion",  "oref",    "ow",     "hd",        "sv",
      "personalize", "public", "stealth", "loop",    "end",     "bs",     "batch_size"};
  auto tokens = split_ws(prompt);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& t = tokens[i];
    if (t.size() < 3 || t.rfind("--", 0) != 0) continue;
    std::string_view name = std::string_view{t}.substr(2);
    bool ok = false;
    for (auto k : known) ok = ok || k == name;
    if (!ok) return "Unrecognized parameter(s): `" + t + "`";
    std::string value = i + 1 < tokens.size() ? tokens[i + 1] : std::string{};
    if (name == "ar" || name == "aspect") {
      auto colon = value.find(':');
      bool good = colon != std::string::npos && is_uint(value.substr(0, colon)) &&
                  is_uint(value.substr(colon + 1)) && std::stoul(value.substr(0, colon)) > 0 &&
                  std::stoul(value.substr(colon + 1)) > 0;
      if (!good)
        return "Invalid aspect ratio `" + value + "`, expected `W:H` with positive integers";
    } else if (name == "v" || name == "version") {
      bool good = false;
      for (const char* v : {"5", "5.1", "5.2", "6", "6.0", "6.1", "7", "7.0"})
        good = good || value == v;
      if (!good) return "Invalid value for `--v`: `" + value + "` (5, 5.1, 5.2, 6, 6.1 or 7)";
    } else if (name == "seed") {
      if (!is_uint(value) || std::stoull(value) > 4294967295ULL)
        return "Invalid value for `--seed`: `" + value + "` (0..4294967295)";
    } else if (name == "zoom") {
      if (!is_number(value) || std::stod(value) < 1.0 || std::stod(value) > 2.0)
        return "Invalid value for `--zoom`: `" + value + "` (1..2)";
    }
  }
  return {};
}

std::uint64_t job_seed(std::string_view prompt, std::string_view hash) {
  if (auto v = param_value(prompt, "seed"); v && is_uint(*v) && std::stoull(*v) <= 4294967295ULL)
    return std::stoull(*v);
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : hash) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h % 4294967296ULL;
}

std::string prompt_of_content(std::string_view content) {
  auto line = content.substr(0, content.find('\n'));
  if (line.rfind("**", 0) != 0) return {};
  auto end = line.rfind("** - ");
  if (end == std::string_view::npos || end < 2) return {};
  return std::string{line.substr(2, end - 2)};
}

}  // namespace mjgate::sim
