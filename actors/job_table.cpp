#include "actors/job_table.hpp"

#include "domain/prompt.hpp"

namespace mjgate::actors {

void job_table::add(job j) {
  auto id = j.task_id;
  if (!j.nonce.empty()) by_nonce_[j.nonce] = id;
  if (!j.seed.empty()) by_seed_[j.seed] = id;
  jobs_[id] = std::move(j);
}

void job_table::add_nonce(const std::string& task_id, const std::string& nonce) {
  if (jobs_.count(task_id) && !nonce.empty()) by_nonce_[nonce] = task_id;
}

void job_table::remove(const std::string& task_id) {
  auto it = jobs_.find(task_id);
  if (it == jobs_.end()) return;
  for (auto* index : {&by_nonce_, &by_interaction_, &by_message_, &by_hash_, &by_seed_})
    std::erase_if(*index, [&](const auto& kv) { return kv.second == task_id; });
  jobs_.erase(it);
}

job* job_table::find(const std::string& task_id) {
  auto it = jobs_.find(task_id);
  return it == jobs_.end() ? nullptr : &it->second;
}

void job_table::learn_keys(const std::string& task_id, const std::string& interaction_id,
                           const std::string& message_id, const std::string& job_hash) {
  auto* j = find(task_id);
  if (!j) return;
  if (!interaction_id.empty()) {
    if (j->interaction_id.empty()) j->interaction_id = interaction_id;
    by_interaction_[interaction_id] = task_id;
  }
  if (!message_id.empty()) {
    if (j->progress_message_id.empty()) j->progress_message_id = message_id;
    by_message_[message_id] = task_id;
  }
  if (!job_hash.empty()) {
    if (j->job_hash.empty()) j->job_hash = job_hash;
    by_hash_[job_hash] = task_id;
  }
}

std::vector<std::string> job_table::task_ids() const {
  std::vector<std::string> ids;
  ids.reserve(jobs_.size());
  for (const auto& [id, j] : jobs_) ids.push_back(id);
  return ids;
}

std::optional<std::string> job_table::lookup(
    const std::unordered_map<std::string, std::string>& index, const std::string& key) const {
  if (key.empty()) return std::nullopt;
  auto it = index.find(key);
  if (it == index.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> job_table::correlate(const discord::gateway_event& ev,
                                                const discord::mj_reading& reading) {
  using discord::event_kind;
  const bool interaction_event = ev.kind == event_kind::interaction_create ||
                                 ev.kind == event_kind::interaction_success ||
                                 ev.kind == event_kind::interaction_failure ||
                                 ev.kind == event_kind::interaction_modal_create ||
                                 ev.kind == event_kind::interaction_iframe_modal_create;
  std::optional<std::string> hit = lookup(by_nonce_, ev.nonce);              // 1. nonce
  if (!hit && interaction_event) hit = lookup(by_interaction_, ev.id);       // 2. interaction id
  if (!hit) hit = lookup(by_interaction_, ev.interaction_metadata_id);       // 3. metadata
  if (!hit) hit = lookup(by_interaction_, ev.triggering_interaction_id);     //    (modal submit)
  if (!hit && !interaction_event) hit = lookup(by_message_, ev.id);          // 5. message id
  if (!hit) hit = lookup(by_hash_, reading.job_hash);                        // 6. job hash
  if (!hit) hit = lookup(by_seed_, domain::seed_parameter(reading.prompt));  // 7. seed
  if (hit) learn(jobs_.at(*hit), ev, reading);
  return hit;
}

void job_table::learn(job& j, const discord::gateway_event& ev,
                      const discord::mj_reading& reading) {
  using discord::event_kind;
  const bool message =
      ev.kind == event_kind::message_create || ev.kind == event_kind::message_update;
  // Every interaction of the job counts: the click, its modal, the submit.
  if (!message && !ev.id.empty()) {
    if (j.interaction_id.empty()) j.interaction_id = ev.id;
    by_interaction_[ev.id] = j.task_id;
  }
  if (message && !ev.id.empty()) {
    by_message_[ev.id] = j.task_id;
    if (j.progress_message_id.empty()) j.progress_message_id = ev.id;
  }
  if (!reading.job_hash.empty() && j.job_hash.empty()) {
    j.job_hash = reading.job_hash;
    by_hash_[reading.job_hash] = j.task_id;
  }
}

}  // namespace mjgate::actors
