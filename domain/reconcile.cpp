#include "domain/reconcile.hpp"

#include <algorithm>
#include <numeric>

#include "domain/prompt_key.hpp"

namespace mjgate::domain {

namespace {

// A pending job with its matching keys, updated as messages teach them.
struct candidate {
  const pending_job* job = nullptr;
  prompt_key key;
  std::vector<std::string> message_ids;
  std::string job_hash;
  std::optional<std::size_t> final_index;
  std::optional<std::size_t> progress_index;
};

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

bool same_family(const pending_job& j, const history_message& m) {
  return !m.action || *m.action == j.action;
}

// Cascade steps 3–6: keys that identify one job exactly.
bool exact_match(const candidate& c, const history_message& m) {
  const pending_job& j = *c.job;
  if (!j.interaction_id.empty() &&
      (m.interaction_id == j.interaction_id || m.triggering_interaction_id == j.interaction_id))
    return true;
  if (j.pick_index > 0 && !j.parent_message_id.empty() &&
      m.referenced_message_id == j.parent_message_id && m.image_index == j.pick_index)
    return true;
  if (!m.id.empty() && contains(c.message_ids, m.id)) return true;
  return !c.job_hash.empty() && m.job_hash == c.job_hash;
}

// Step 7: seed plus normalised prompt.
bool seed_match(const candidate& c, const prompt_key& mk, const history_message& m) {
  return m.mentions_user && same_family(*c.job, m) && !c.key.seed.empty() &&
         c.key.seed == mk.seed && c.key.text == mk.text;
}

candidate* find_candidate(std::vector<candidate>& cands, const history_message& m) {
  for (auto& c : cands)
    if (!c.final_index && exact_match(c, m)) return &c;
  const prompt_key mk = normalize_prompt(m.prompt);
  candidate* oldest = nullptr;
  for (auto& c : cands)
    if (!c.final_index && seed_match(c, mk, m) &&
        (!oldest || c.job->started_at < oldest->job->started_at))
      oldest = &c;
  return oldest;
}

}  // namespace

std::vector<reconcile_verdict> reconcile(const std::vector<pending_job>& tasks,
                                         const std::vector<history_message>& page,
                                         const reconcile_params& params) {
  std::vector<candidate> cands;
  cands.reserve(tasks.size());
  for (const auto& t : tasks) {
    candidate c{&t, normalize_prompt(t.prompt_full), t.message_ids, t.job_hash, {}, {}};
    if (!t.seed.empty()) c.key.seed = t.seed;
    cands.push_back(std::move(c));
  }

  std::vector<std::size_t> order(page.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return page[a].timestamp_ms < page[b].timestamp_ms;
  });

  for (std::size_t i : order) {
    const auto& m = page[i];
    candidate* c = find_candidate(cands, m);
    if (!c) continue;
    if (!m.id.empty() && !contains(c->message_ids, m.id)) c->message_ids.push_back(m.id);
    if (c->job_hash.empty()) c->job_hash = m.job_hash;
    if (m.final)
      c->final_index = i;
    else
      c->progress_index = i;
  }

  std::vector<reconcile_verdict> out;
  out.reserve(cands.size());
  for (const auto& c : cands) {
    reconcile_verdict v;
    v.task_id = c.job->task_id;
    v.message_index = c.final_index;
    v.progress_index = c.progress_index;
    v.job_hash = c.job_hash;
    if (c.final_index) {
      v.outcome = reconcile_outcome::finished;
    } else if (params.history_complete && params.now_ms - c.job->started_at >= params.max_age_ms) {
      v.outcome = reconcile_outcome::failed;
      v.reason = std::string{reconcile_lost_reason};
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::optional<std::int64_t> history_window(const std::vector<pending_job>& tasks) {
  if (tasks.empty()) return std::nullopt;
  auto oldest = std::min_element(tasks.begin(), tasks.end(), [](const auto& a, const auto& b) {
    return a.started_at < b.started_at;
  });
  return oldest->started_at - 5000;
}

}  // namespace mjgate::domain
