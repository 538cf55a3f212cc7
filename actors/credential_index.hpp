// The credentials index: key hash → principal, dashboard access-token hash →
// principal and backend session → principal, readable from any thread (the
// HTTP io threads authenticate every request without an actor hop). Loaded
// from the store at start; its one writer is the user registry, which
// changes it right after each committed change to users, keys or sessions.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "actors/messages.hpp"
#include "domain/user.hpp"

namespace mjgate::actors {

class credential_index {
 public:
  /// ok; unknown (no such credential, or revoked); disabled (its user is
  /// disabled); expired (key past expires_at, session idle or too old).
  enum class outcome { ok, unknown, disabled, expired };

  struct answer {
    outcome result = outcome::unknown;
    principal who;  ///< set when ok (and, for disabled, the user it names)
  };

  struct session_answer {
    outcome result = outcome::unknown;
    principal who;
    bool persist = false;  ///< the caller should send the registry a touch (at most once a period)
  };

  /// Sessions idle longer than `session_idle_ms` are expired; a touch asks
  /// to be persisted at most every `persist_every_ms`.
  explicit credential_index(std::int64_t session_idle_ms = 900000,
                            std::int64_t persist_every_ms = 60000);
  credential_index(const credential_index&) = delete;
  credential_index& operator=(const credential_index&) = delete;

  // -- reads: any thread --------------------------------------------------------

  /// An API key by its hash (actors::hash_api_key); who.api_key_id is set.
  answer by_api_key(std::string_view key_hash, std::int64_t now_ms) const;
  /// A dashboard access token by its SHA-256 hex.
  answer by_access_token(std::string_view token_hash) const;
  /// A user by id (the backend JWT names one).
  answer by_user_id(std::int64_t user_id) const;
  /// A backend session by its hash: checks the absolute and idle expiry,
  /// then slides last_seen to now_ms. The only mutation readers make, on
  /// the session's own atomics.
  session_answer touch_session(std::string_view session_hash, std::int64_t now_ms) const;

  std::size_t user_count() const;
  std::size_t key_count() const;
  std::size_t session_count() const;

  // -- writes: the user registry only -----------------------------------------------

  /// Replaces everything (start-up).
  void load(const std::vector<domain::user>& users, const std::vector<domain::api_token>& keys,
            const std::vector<domain::user_session>& sessions);
  /// Adds or replaces a user (and its access-token mapping).
  void put_user(const domain::user& u);
  /// Adds an active key; any other status removes it.
  void put_key(const domain::api_token& t);
  /// Adds a session; a revoked one is removed.
  void put_session(const domain::user_session& s);
  void drop_session(std::string_view session_hash);
  /// Removes every session of a user; returns their hashes.
  std::vector<std::string> drop_user_sessions(std::int64_t user_id);
  /// Removes sessions past their absolute expiry or idle too long; returns
  /// their hashes.
  std::vector<std::string> prune_sessions(std::int64_t now_ms);

 private:
  struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  template <class V>
  using string_map = std::unordered_map<std::string, V, string_hash, std::equal_to<>>;

  struct user_entry {
    std::string name;
    int role = domain::role_user;
    int status = domain::user_enabled;
    std::string group;
    std::string access_token_hash;
  };
  struct key_entry {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::int64_t expires_at = 0;
  };
  struct session_entry {
    std::int64_t user_id = 0;
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
    mutable std::atomic<std::int64_t> last_seen{0};
    mutable std::atomic<std::int64_t> persisted{0};
  };

  answer user_answer_locked(std::int64_t user_id) const;
  bool session_dead(const session_entry& s, std::int64_t now_ms) const;
  void put_user_locked(const domain::user& u);
  void put_session_locked(const domain::user_session& s);

  std::int64_t idle_ms_;
  std::int64_t persist_every_ms_;
  mutable std::shared_mutex mtx_;
  std::unordered_map<std::int64_t, user_entry> users_;
  string_map<key_entry> keys_;
  string_map<std::int64_t> access_tokens_;
  string_map<std::shared_ptr<session_entry>> sessions_;
};

}  // namespace mjgate::actors
