#include "domain/ids.hpp"

#include <cctype>
#include <cstdio>

namespace mjgate::domain {

std::string task_id_generator::next(std::int64_t now_ms) {
  if (now_ms > last_ms_) {
    last_ms_ = now_ms;
    n_ = 0;
  } else if (++n_ >= 100) {
    ++last_ms_;  // borrow the next millisecond
    n_ = 0;
  }
  return std::to_string(last_ms_ * 1000 + node_ * 100 + n_);
}

std::string make_uuid_v4(std::mt19937_64& rng) {
  std::uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

std::string task_center_id(std::string_view uuid) {
  std::string out = "task_";
  for (char c : uuid)
    if (c != '-') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::string> uuid_of_task_center_id(std::string_view id) {
  constexpr std::string_view prefix = "task_";
  if (!id.starts_with(prefix) || id.size() != prefix.size() + 32) return std::nullopt;
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 32; ++i) {
    auto c = static_cast<unsigned char>(id[prefix.size() + i]);
    if (!std::isxdigit(c)) return std::nullopt;
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

bool is_task_id(std::string_view s) {
  if (s.empty() || s.size() > 19) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace mjgate::domain
