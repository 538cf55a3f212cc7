// Users, API keys and backend sessions (api-contracts.md §1.5, §7.2) as plain
// records, and the pure rules over them: field validation, who may manage
// whom, and the login failure limiter. Secrets appear here only as hashes.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/errc.hpp"

namespace mjgate::domain {

// -- roles and statuses (new-api integers) -----------------------------------

inline constexpr int role_user = 1;
inline constexpr int role_admin = 10;
inline constexpr int role_root = 100;

inline constexpr int user_enabled = 1;
inline constexpr int user_disabled = 2;

inline constexpr int token_active = 1;
inline constexpr int token_revoked = 2;

/// The id and name of the user created at first start.
inline constexpr std::int64_t root_user_id = 1;
inline constexpr std::string_view root_user_name = "root";

/// One user (table `users`). `quota` is the billing balance (unused until
/// billing lands); `password_hash` is an argon2id string ("" = no backend
/// login); `access_token_hash` the SHA-256 hex of the dashboard token ("" =
/// none). Times are epoch ms.
struct user {
  std::int64_t id = 0;
  std::string name;
  int role = role_user;
  int status = user_enabled;
  std::string group = "default";
  std::int64_t quota = 0;
  std::string password_hash;
  std::string access_token_hash;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  friend bool operator==(const user&, const user&) = default;
};

/// One API key (table `api_tokens`): only its SHA-256 hex (of the key
/// without "sk-") and a masked form for lists are kept. expires_at 0 =
/// never; remaining_quota -1 = unlimited.
struct api_token {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string name;
  std::string key_hash;
  std::string key_mask;  ///< "sk-A********wxyz" (domain::mask_secret of the clear key)
  int status = token_active;
  std::int64_t expires_at = 0;
  std::int64_t remaining_quota = -1;
  std::int64_t created_at = 0;
  friend bool operator==(const api_token&, const api_token&) = default;
};

/// One backend login (table `sessions`); `id` is the SHA-256 hex of the
/// session id the cookie carries.
struct user_session {
  std::string id;
  std::int64_t user_id = 0;
  std::int64_t created_at = 0;
  std::int64_t last_seen = 0;
  std::int64_t expires_at = 0;  ///< absolute end (created_at + 48 h)
  bool revoked = false;
  friend bool operator==(const user_session&, const user_session&) = default;
};

/// A change to a user: create (id 0) or update; only the `has_*` fields are
/// applied. The password travels in clear only to the hasher.
struct user_edit {
  std::int64_t id = 0;
  bool has_name = false;
  std::string name;
  bool has_role = false;
  int role = role_user;
  bool has_group = false;
  std::string group;
  bool has_status = false;
  int status = user_enabled;
  bool has_password = false;
  std::string password;  ///< "" removes the backend login
  bool has_quota = false;
  std::int64_t quota = 0;
  friend bool operator==(const user_edit&, const user_edit&) = default;
};

/// True for the roles a user may hold: 1, 10, 100.
bool is_valid_role(int role);

/// The backend dialect's role bitmask (§7.2): user 1, admin 3, root 7.
int backend_role_bits(int role);

// -- validation ---------------------------------------------------------------

/// "" when acceptable, else a readable reason. Names: 1–64 characters of
/// A–Z a–z 0–9 _ . @ -. Groups: 1–64 of A–Z a–z 0–9 _ -. Passwords: "" or
/// 8–128 bytes. Quota ≥ 0. Token names: ≤ 64 characters.
std::string check_user_name(std::string_view name);
std::string check_group(std::string_view group);
std::string check_password(std::string_view password);
std::string check_token_name(std::string_view name);

/// What a caller is: its id and role.
struct caller_role {
  std::int64_t id = 0;
  int role = role_user;
};

/// The verdict on a request; `code` none = allowed.
struct verdict {
  errc code = errc::none;
  std::string message;
  explicit operator bool() const { return code == errc::none; }
};

/// May `caller` apply `edit` to `target` (null: create a user)? Rules:
/// only admins manage users; a role granted (create or change) must be
/// below the caller's own (so only root creates or promotes admins, and
/// nobody creates a root); an existing user is managed only by a caller of
/// a higher role; a caller may change its own password but never its own
/// role, status, group or quota. Field values are validated too
/// (errc::validation), and a create needs a name.
verdict check_user_edit(const caller_role& caller, const user* target, const user_edit& edit);

/// May `caller` see `target` (admins see everyone)?
verdict check_user_view(const caller_role& caller, const user& target);

/// May `caller` manage `target`'s secrets (API keys, dashboard token)?
/// Itself, or a user of a lower role, and only when the caller is an admin.
verdict check_user_secrets(const caller_role& caller, const user& target);

/// `edit` applied to `u` (password excluded: the caller hashes it).
user apply_user_edit(user u, const user_edit& edit);

// -- login failures -----------------------------------------------------------

/// Counts failed logins per key (IP + name) in a sliding window: at most
/// `max_failures` failures per `window_ms`; a key with that many is
/// blocked until the oldest leaves the window. Keeps at most `max_keys`
/// keys (stale ones go first). Not thread-safe: one owner.
class login_limiter {
 public:
  explicit login_limiter(int max_failures = 10, std::int64_t window_ms = 60000,
                         std::size_t max_keys = 10000);

  bool blocked(const std::string& key, std::int64_t now_ms);
  void failure(const std::string& key, std::int64_t now_ms);
  void success(const std::string& key);
  std::size_t size() const { return failures_.size(); }

 private:
  void expire(std::deque<std::int64_t>& times, std::int64_t now_ms) const;
  void make_room(std::int64_t now_ms);

  int max_failures_;
  std::int64_t window_ms_;
  std::size_t max_keys_;
  std::unordered_map<std::string, std::deque<std::int64_t>> failures_;
};

}  // namespace mjgate::domain
