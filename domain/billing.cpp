#include "domain/billing.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "domain/text.hpp"

namespace mjgate::domain {

namespace {

constexpr std::int64_t units_per_usd = 500000;

constexpr std::int64_t usd(double amount) {
  return static_cast<std::int64_t>(amount * units_per_usd);
}

// "key=value" → (key, value) trimmed; nullopt without '='.
std::optional<std::pair<std::string, std::string>> split_entry(std::string_view entry) {
  auto eq = entry.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  return std::pair{std::string{trim(entry.substr(0, eq))}, std::string{trim(entry.substr(eq + 1))}};
}

}  // namespace

price_table default_prices() {
  price_table t;
  for (auto a :
       {task_action::imagine, task_action::variation, task_action::reroll, task_action::blend,
        task_action::pan, task_action::zoom, task_action::upscale_hd, task_action::edit})
    t.units[price_key(a)] = usd(0.1);
  for (auto a : {task_action::upscale, task_action::describe, task_action::shorten})
    t.units[price_key(a)] = usd(0.05);
  t.units[price_key(task_action::video)] = usd(0.5);
  t.units[price_key(task_action::upload)] = 0;
  // The task center (new-api's defaults): a song 0.1 USD, lyrics 0.01.
  t.units[price_key(task_action::music)] = usd(0.1);
  t.units[price_key(task_action::lyrics)] = usd(0.01);
  return t;
}

std::string price_key(task_action action) {
  if (action == task_action::music || action == task_action::lyrics)
    return "suno_" + to_lower(to_string(action));
  return "mj_" + to_lower(to_string(action));
}

std::variant<price_table, std::string> parse_prices(price_table base,
                                                    const std::vector<std::string>& prices,
                                                    const std::vector<std::string>& ratios) {
  for (const auto& entry : prices) {
    auto kv = split_entry(entry);
    if (!kv) return "billing.prices: \"" + entry + "\" is not key=units";
    auto it = base.units.find(kv->first);
    if (it == base.units.end()) return "billing.prices: unknown price key \"" + kv->first + "\"";
    std::int64_t units = 0;
    const auto& v = kv->second;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), units);
    if (ec != std::errc{} || end != v.data() + v.size() || units < 0)
      return "billing.prices: \"" + entry + "\" needs a whole number of units ≥ 0";
    it->second = units;
  }
  for (const auto& entry : ratios) {
    auto kv = split_entry(entry);
    if (!kv || kv->first.empty())
      return "billing.group_ratios: \"" + entry + "\" is not group=ratio";
    char* end = nullptr;
    double ratio = std::strtod(kv->second.c_str(), &end);
    if (kv->second.empty() || *end != '\0' || !std::isfinite(ratio) || ratio < 0)
      return "billing.group_ratios: \"" + entry + "\" needs a ratio ≥ 0";
    base.group_ratios[kv->first] = ratio;
  }
  return base;
}

std::int64_t price_of(const price_table& table, task_action action, std::string_view group) {
  auto it = table.units.find(price_key(action));
  if (it == table.units.end()) return 0;
  double ratio = 1.0;
  if (auto g = table.group_ratios.find(group); g != table.group_ratios.end()) ratio = g->second;
  return std::max<std::int64_t>(0, std::llround(static_cast<double>(it->second) * ratio));
}

billing_outcome billing_on_end(task_status final_status, bool dispatched) {
  if (final_status == task_status::success) return billing_outcome::settle;
  if (final_status == task_status::cancel && dispatched) return billing_outcome::settle;
  return billing_outcome::refund;
}

void end_hold(task& t, bool dispatched) {
  if (t.billing_state != billing_held || !is_terminal(t.status)) return;
  if (billing_on_end(t.status, dispatched) == billing_outcome::settle) {
    t.billing_state = std::string{billing_settled};
  } else {
    t.billing_state = std::string{billing_refunded};
    t.quota = 0;
  }
}

rate_bucket::rate_bucket(int per_minute, std::int64_t now_ms)
    : tokens_(per_minute), capacity_(per_minute), per_ms_(per_minute / 60000.0), last_ms_(now_ms) {}

void rate_bucket::refill(std::int64_t now_ms) {
  if (now_ms > last_ms_) {
    tokens_ = std::min(capacity_, tokens_ + static_cast<double>(now_ms - last_ms_) * per_ms_);
    last_ms_ = now_ms;
  }
}

std::optional<int> rate_bucket::take(std::int64_t now_ms) {
  refill(now_ms);
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return std::nullopt;
  }
  if (per_ms_ <= 0) return 60;
  auto wait_ms = (1.0 - tokens_) / per_ms_;
  return std::max(1, static_cast<int>(std::ceil(wait_ms / 1000.0)));
}

void rate_bucket::give_back() {
  tokens_ = std::min(capacity_, tokens_ + 1.0);
}

bool rate_bucket::idle(std::int64_t now_ms) const {
  auto t = std::min(capacity_, tokens_ + static_cast<double>(now_ms - last_ms_) * per_ms_);
  return t >= capacity_;
}

}  // namespace mjgate::domain
