#include "actors/reconciler.hpp"

#include <algorithm>

#include "discord/message_history.hpp"
#include "discord/payloads.hpp"

namespace mjgate::actors {

void reconciler::request(std::string why) {
  if (!wanted_) reason_ = std::move(why);
  wanted_ = true;
}

void reconciler::touch(const std::string& task_id, std::int64_t now_ms) {
  auto& seen = last_seen_[task_id];
  seen = std::max(seen, now_ms);
}

void reconciler::forget(const std::string& task_id) {
  last_seen_.erase(task_id);
}

bool reconciler::check_stalls(const std::vector<std::string>& task_ids, std::int64_t now_ms) {
  bool stalled = false;
  for (const auto& id : task_ids) {
    auto [it, fresh] = last_seen_.try_emplace(id, now_ms);
    if (fresh || now_ms - it->second < settings_.stall_after.count()) continue;
    it->second = now_ms;  // one read per stall_after of silence
    stalled = true;
  }
  if (stalled)
    request("a running job was silent for " + std::to_string(settings_.stall_after.count() / 1000) +
            " s");
  return stalled;
}

std::optional<std::string> reconciler::start(const std::vector<domain::pending_job>& jobs) {
  if (!wanted_ || in_flight_) return std::nullopt;
  wanted_ = false;
  auto from = domain::history_window(jobs);
  if (!from) return std::nullopt;
  in_flight_ = true;
  pages_ = 0;
  complete_ = true;
  messages_.clear();
  cursor_ = std::to_string(discord::make_snowflake(*from, 0, 0, 0));
  return cursor_;
}

std::optional<std::string> reconciler::add_page(std::vector<discord::gateway_event> page,
                                                const std::string& channel_id) {
  ++pages_;
  const bool full = static_cast<int>(page.size()) >= settings_.page_size;
  for (auto& ev : page) {
    cursor_ = discord::later_snowflake(cursor_, ev.id);
    if (ev.channel_id == channel_id && discord::is_midjourney_author(ev))
      messages_.push_back(std::move(ev));
  }
  if (!full) return std::nullopt;
  if (pages_ >= settings_.max_pages) {
    complete_ = false;
    return std::nullopt;
  }
  return cursor_;
}

reconcile_result reconciler::finish(const std::vector<domain::pending_job>& jobs,
                                    const std::string& user_id, std::int64_t now_ms) {
  reconcile_result out;
  out.messages = std::move(messages_);
  out.complete = complete_;
  messages_.clear();
  in_flight_ = false;
  // Oldest first by the whole id: messages of one millisecond keep their order.
  std::stable_sort(out.messages.begin(), out.messages.end(), [](const auto& a, const auto& b) {
    return a.id.size() != b.id.size() ? a.id.size() < b.id.size() : a.id < b.id;
  });
  std::vector<domain::history_message> page;
  page.reserve(out.messages.size());
  for (const auto& ev : out.messages)
    page.push_back(discord::to_history_message(ev, discord::read_mj_message(ev), user_id));
  domain::reconcile_params params{now_ms, settings_.max_age.count(), complete_};
  out.verdicts = domain::reconcile(jobs, page, params);
  return out;
}

void reconciler::abort() {
  in_flight_ = false;
  messages_.clear();
}

}  // namespace mjgate::actors
