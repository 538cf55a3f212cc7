#include "domain/user.hpp"

#include <algorithm>

namespace mjgate::domain {

namespace {

bool all_of_chars(std::string_view s, std::string_view extra) {
  return std::all_of(s.begin(), s.end(), [extra](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           extra.find(c) != std::string_view::npos;
  });
}

verdict invalid(std::string message) {
  return {errc::validation, std::move(message)};
}

verdict forbidden(std::string message) {
  return {errc::forbidden, std::move(message)};
}

// The field values alone, whoever asks.
verdict check_values(const user_edit& e) {
  if (e.has_name)
    if (auto why = check_user_name(e.name); !why.empty()) return invalid(why);
  if (e.has_role && !is_valid_role(e.role)) return invalid("role must be 1, 10 or 100");
  if (e.has_status && e.status != user_enabled && e.status != user_disabled)
    return invalid("status must be 1 (enabled) or 2 (disabled)");
  if (e.has_group)
    if (auto why = check_group(e.group); !why.empty()) return invalid(why);
  if (e.has_password)
    if (auto why = check_password(e.password); !why.empty()) return invalid(why);
  if (e.has_quota && e.quota < 0) return invalid("quota must not be negative");
  return {};
}

}  // namespace

bool is_valid_role(int role) {
  return role == role_user || role == role_admin || role == role_root;
}

int backend_role_bits(int role) {
  if (role >= role_root) return 7;
  if (role >= role_admin) return 3;
  return 1;
}

std::string check_user_name(std::string_view name) {
  if (name.empty()) return "name must not be empty";
  if (name.size() > 64) return "name must be at most 64 characters";
  if (!all_of_chars(name, "_.@-")) return "name may contain only letters, digits and _ . @ -";
  return {};
}

std::string check_group(std::string_view group) {
  if (group.empty()) return "group must not be empty";
  if (group.size() > 64) return "group must be at most 64 characters";
  if (!all_of_chars(group, "_-")) return "group may contain only letters, digits, _ and -";
  return {};
}

std::string check_password(std::string_view password) {
  if (password.empty()) return {};
  if (password.size() < 8) return "password must have at least 8 characters";
  if (password.size() > 128) return "password must be at most 128 bytes";
  return {};
}

std::string check_token_name(std::string_view name) {
  if (name.size() > 64) return "name must be at most 64 characters";
  return {};
}

verdict check_user_edit(const caller_role& caller, const user* target, const user_edit& edit) {
  if (caller.role < role_admin) return forbidden("only admins manage users");
  if (auto v = check_values(edit); !v) return v;
  if (target == nullptr) {
    if (!edit.has_name) return invalid("name is required");
    const int role = edit.has_role ? edit.role : role_user;
    if (role >= caller.role) return forbidden("cannot grant a role at or above your own");
    return {};
  }
  if (caller.id == target->id) {
    // Only the password; other fields may be echoed back unchanged.
    const bool changes_profile = (edit.has_name && edit.name != target->name) ||
                                 (edit.has_role && edit.role != target->role) ||
                                 (edit.has_status && edit.status != target->status) ||
                                 (edit.has_group && edit.group != target->group) ||
                                 (edit.has_quota && edit.quota != target->quota);
    if (changes_profile)
      return forbidden("cannot change your own name, role, status, group or quota");
    return {};
  }
  if (target->role >= caller.role) return forbidden("cannot manage a user of your role or above");
  if (edit.has_role && edit.role >= caller.role)
    return forbidden("cannot grant a role at or above your own");
  return {};
}

verdict check_user_view(const caller_role& caller, const user&) {
  if (caller.role < role_admin) return forbidden("only admins manage users");
  return {};
}

verdict check_user_secrets(const caller_role& caller, const user& target) {
  if (caller.role < role_admin) return forbidden("only admins manage users");
  if (caller.id != target.id && target.role >= caller.role)
    return forbidden("cannot manage a user of your role or above");
  return {};
}

user apply_user_edit(user u, const user_edit& e) {
  if (e.has_name) u.name = e.name;
  if (e.has_role) u.role = e.role;
  if (e.has_group) u.group = e.group;
  if (e.has_status) u.status = e.status;
  if (e.has_quota) u.quota = e.quota;
  return u;
}

// -- login_limiter ----------------------------------------------------------------

login_limiter::login_limiter(int max_failures, std::int64_t window_ms, std::size_t max_keys)
    : max_failures_(std::max(max_failures, 1)),
      window_ms_(window_ms),
      max_keys_(std::max<std::size_t>(max_keys, 1)) {}

void login_limiter::expire(std::deque<std::int64_t>& times, std::int64_t now_ms) const {
  while (!times.empty() && times.front() <= now_ms - window_ms_) times.pop_front();
}

bool login_limiter::blocked(const std::string& key, std::int64_t now_ms) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return false;
  expire(it->second, now_ms);
  if (it->second.empty()) {
    failures_.erase(it);
    return false;
  }
  return static_cast<int>(it->second.size()) >= max_failures_;
}

void login_limiter::failure(const std::string& key, std::int64_t now_ms) {
  if (!failures_.contains(key) && failures_.size() >= max_keys_) make_room(now_ms);
  auto& times = failures_[key];
  expire(times, now_ms);
  times.push_back(now_ms);
  // Only the last max_failures matter for the verdict: stay bounded.
  while (static_cast<int>(times.size()) > max_failures_) times.pop_front();
}

void login_limiter::success(const std::string& key) {
  failures_.erase(key);
}

// Drops every stale key; if none was stale, the key whose last failure is
// the oldest (an attacker spraying keys cannot grow the map).
void login_limiter::make_room(std::int64_t now_ms) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    expire(it->second, now_ms);
    it = it->second.empty() ? failures_.erase(it) : std::next(it);
  }
  if (failures_.size() < max_keys_) return;
  auto oldest = std::min_element(
      failures_.begin(), failures_.end(),
      [](const auto& a, const auto& b) { return a.second.back() < b.second.back(); });
  failures_.erase(oldest);
}

}  // namespace mjgate::domain
