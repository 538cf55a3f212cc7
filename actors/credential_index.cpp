#include "actors/credential_index.hpp"

#include <mutex>

namespace mjgate::actors {

credential_index::credential_index(std::int64_t session_idle_ms, std::int64_t persist_every_ms)
    : idle_ms_(session_idle_ms), persist_every_ms_(persist_every_ms) {}

// -- reads --------------------------------------------------------------------------

credential_index::answer credential_index::user_answer_locked(std::int64_t user_id) const {
  auto it = users_.find(user_id);
  if (it == users_.end()) return {};
  const auto& u = it->second;
  answer a;
  a.who = principal{user_id, u.role, u.group, 0, u.name};
  a.result = u.status == domain::user_enabled ? outcome::ok : outcome::disabled;
  return a;
}

credential_index::answer credential_index::by_api_key(std::string_view key_hash,
                                                      std::int64_t now_ms) const {
  std::shared_lock lock{mtx_};
  auto it = keys_.find(key_hash);
  if (it == keys_.end()) return {};
  auto a = user_answer_locked(it->second.user_id);
  if (a.result == outcome::unknown) return a;
  a.who.api_key_id = it->second.id;
  if (a.result == outcome::ok && it->second.expires_at != 0 && it->second.expires_at <= now_ms)
    a.result = outcome::expired;
  return a;
}

credential_index::answer credential_index::by_access_token(std::string_view token_hash) const {
  std::shared_lock lock{mtx_};
  auto it = access_tokens_.find(token_hash);
  if (it == access_tokens_.end()) return {};
  return user_answer_locked(it->second);
}

credential_index::answer credential_index::by_user_id(std::int64_t user_id) const {
  std::shared_lock lock{mtx_};
  return user_answer_locked(user_id);
}

bool credential_index::session_dead(const session_entry& s, std::int64_t now_ms) const {
  return now_ms >= s.expires_at || now_ms - s.last_seen.load(std::memory_order_relaxed) > idle_ms_;
}

credential_index::session_answer credential_index::touch_session(std::string_view session_hash,
                                                                 std::int64_t now_ms) const {
  std::shared_lock lock{mtx_};
  auto it = sessions_.find(session_hash);
  if (it == sessions_.end()) return {};
  const auto& s = *it->second;
  session_answer out;
  if (session_dead(s, now_ms)) {
    out.result = outcome::expired;
    return out;
  }
  auto a = user_answer_locked(s.user_id);
  out.result = a.result;
  out.who = a.who;
  if (a.result != outcome::ok) return out;
  // Slide forward only; concurrent touches keep the latest instant.
  auto seen = s.last_seen.load(std::memory_order_relaxed);
  while (seen < now_ms && !s.last_seen.compare_exchange_weak(seen, now_ms)) {
  }
  auto persisted = s.persisted.load(std::memory_order_relaxed);
  out.persist = now_ms - persisted >= persist_every_ms_ &&
                s.persisted.compare_exchange_strong(persisted, now_ms);
  return out;
}

std::size_t credential_index::user_count() const {
  std::shared_lock lock{mtx_};
  return users_.size();
}

std::size_t credential_index::key_count() const {
  std::shared_lock lock{mtx_};
  return keys_.size();
}

std::size_t credential_index::session_count() const {
  std::shared_lock lock{mtx_};
  return sessions_.size();
}

// -- writes -------------------------------------------------------------------------

void credential_index::load(const std::vector<domain::user>& users,
                            const std::vector<domain::api_token>& keys,
                            const std::vector<domain::user_session>& sessions) {
  std::unique_lock lock{mtx_};
  users_.clear();
  keys_.clear();
  access_tokens_.clear();
  sessions_.clear();
  for (const auto& u : users) put_user_locked(u);
  for (const auto& k : keys)
    if (k.status == domain::token_active) keys_[k.key_hash] = {k.id, k.user_id, k.expires_at};
  for (const auto& s : sessions) put_session_locked(s);
}

void credential_index::put_user_locked(const domain::user& u) {
  auto& e = users_[u.id];
  if (!e.access_token_hash.empty() && e.access_token_hash != u.access_token_hash)
    access_tokens_.erase(e.access_token_hash);
  e = {u.name, u.role, u.status, u.group, u.access_token_hash};
  if (!u.access_token_hash.empty()) access_tokens_[u.access_token_hash] = u.id;
}

void credential_index::put_user(const domain::user& u) {
  std::unique_lock lock{mtx_};
  put_user_locked(u);
}

void credential_index::put_key(const domain::api_token& t) {
  std::unique_lock lock{mtx_};
  if (t.status == domain::token_active)
    keys_[t.key_hash] = {t.id, t.user_id, t.expires_at};
  else
    keys_.erase(t.key_hash);
}

void credential_index::put_session_locked(const domain::user_session& s) {
  if (s.revoked) {
    sessions_.erase(s.id);
    return;
  }
  auto e = std::make_shared<session_entry>();
  e->user_id = s.user_id;
  e->created_at = s.created_at;
  e->expires_at = s.expires_at;
  e->last_seen = s.last_seen;
  e->persisted = s.last_seen;
  sessions_[s.id] = std::move(e);
}

void credential_index::put_session(const domain::user_session& s) {
  std::unique_lock lock{mtx_};
  put_session_locked(s);
}

void credential_index::drop_session(std::string_view session_hash) {
  std::unique_lock lock{mtx_};
  if (auto it = sessions_.find(session_hash); it != sessions_.end()) sessions_.erase(it);
}

std::vector<std::string> credential_index::drop_user_sessions(std::int64_t user_id) {
  std::unique_lock lock{mtx_};
  std::vector<std::string> dropped;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (it->second->user_id == user_id) {
      dropped.push_back(it->first);
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
  return dropped;
}

std::vector<std::string> credential_index::prune_sessions(std::int64_t now_ms) {
  std::unique_lock lock{mtx_};
  std::vector<std::string> dropped;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (session_dead(*it->second, now_ms)) {
      dropped.push_back(it->first);
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
  return dropped;
}

}  // namespace mjgate::actors
