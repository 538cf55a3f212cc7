// The account's running jobs and the correlation cascade of
// discord-midjourney-protocol.md §6.2 (nonce → interaction id →
// interaction_metadata → message id → job hash → injected seed). Plain class,
// no CAF: the account actor owns one and tests drive it directly.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "discord/events.hpp"
#include "discord/mj_message.hpp"

namespace mjgate::actors {

struct job {
  std::string task_id;
  std::string nonce;
  std::string interaction_id;
  std::string progress_message_id;
  std::string job_hash;
  std::string seed;  ///< the --seed the prompt was sent with ("" if none)
  std::int64_t dispatched_at = 0;
};

class job_table {
 public:
  /// Registers a job before its interaction is sent (the nonce must be known
  /// before any gateway event can arrive).
  void add(job j);
  /// Registers one more nonce of a job (a modal submit's), before it is sent.
  void add_nonce(const std::string& task_id, const std::string& nonce);
  /// Removes a job and every key that points at it.
  void remove(const std::string& task_id);
  job* find(const std::string& task_id);
  /// Teaches keys learned outside the live cascade (restart hand-over,
  /// reconciliation): an interaction id, a message id, a job hash; "" = none.
  void learn_keys(const std::string& task_id, const std::string& interaction_id,
                  const std::string& message_id, const std::string& job_hash);
  std::size_t size() const { return jobs_.size(); }
  std::vector<std::string> task_ids() const;

  /// The task an event belongs to, by the first cascade step that hits;
  /// learns new keys (interaction id, message id, job hash) on the way.
  std::optional<std::string> correlate(const discord::gateway_event& ev,
                                       const discord::mj_reading& reading);

 private:
  void learn(job& j, const discord::gateway_event& ev, const discord::mj_reading& reading);
  std::optional<std::string> lookup(const std::unordered_map<std::string, std::string>& index,
                                    const std::string& key) const;

  std::map<std::string, job> jobs_;  ///< by task id
  std::unordered_map<std::string, std::string> by_nonce_;
  std::unordered_map<std::string, std::string> by_interaction_;
  std::unordered_map<std::string, std::string> by_message_;
  std::unordered_map<std::string, std::string> by_hash_;
  std::unordered_map<std::string, std::string> by_seed_;
};

}  // namespace mjgate::actors
