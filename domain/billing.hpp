// Quota arithmetic of api-contracts.md §5.3: what an action costs a user's
// group, whether a finished task keeps or gets back its hold, and the
// per-user submit rate limit. Pure; the store applies holds and refunds in
// its transactions, the router asks these functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/task.hpp"

namespace mjgate::domain {

/// Prices in quota units per call, by price key ("mj_imagine", …), and the
/// multiplier of each user group (absent group: 1).
struct price_table {
  std::map<std::string, std::int64_t, std::less<>> units;
  std::map<std::string, double, std::less<>> group_ratios;
  friend bool operator==(const price_table&, const price_table&) = default;
};

/// Every price key with its default: 0.1 USD per GPU job at 500,000 units
/// per USD (new-api's defaults), 0.05 for upscales and text jobs, video 0.5;
/// uploads are free; Suno music 0.1, lyrics 0.01.
price_table default_prices();

/// Applies "key=units" entries (billing.prices) and "group=ratio" entries
/// (billing.group_ratios) over `base`. Errors name the bad entry: unknown
/// key, not a number, negative.
std::variant<price_table, std::string> parse_prices(price_table base,
                                                    const std::vector<std::string>& prices,
                                                    const std::vector<std::string>& ratios);

/// "mj_imagine", "mj_upscale", … for Midjourney actions; "suno_music",
/// "suno_lyrics" for the task center.
std::string price_key(task_action action);

/// The units a task of `action` costs a user of `group` (rounded to the
/// nearest unit, never negative; an unknown key costs 0).
std::int64_t price_of(const price_table& table, task_action action, std::string_view group);

/// Where a held quota goes when its task ends (§5.3 rules 4–5): SUCCESS
/// settles; FAILURE refunds; CANCEL refunds only when the task never reached
/// Discord or the upstream (a running job is paid for: Midjourney finishes it).
enum class billing_outcome : std::uint8_t { settle, refund };
billing_outcome billing_on_end(task_status final_status, bool dispatched);

/// Ends a HELD task's hold as it ends (called with its terminal status set):
/// SETTLED, or REFUNDED with `quota` 0. `dispatched`: it had reached Discord
/// before this transition. The store applies the money by compare-and-set
/// on the stored state, so a refund happens once whoever writes it.
void end_hold(task& t, bool dispatched);

/// "NONE", "HELD", "SETTLED", "REFUNDED" (the task's billing_state).
inline constexpr std::string_view billing_none = "NONE";
inline constexpr std::string_view billing_held = "HELD";
inline constexpr std::string_view billing_settled = "SETTLED";
inline constexpr std::string_view billing_refunded = "REFUNDED";

/// A token bucket per user (auth.rate_limit submits per minute): `capacity`
/// submits at once, refilled evenly over the minute. Value type; the router
/// keeps one per user.
class rate_bucket {
 public:
  rate_bucket() = default;
  rate_bucket(int per_minute, std::int64_t now_ms);

  /// Takes one submit; nullopt when allowed, else the seconds to wait.
  std::optional<int> take(std::int64_t now_ms);
  /// Gives the last submit back (it was rejected for another reason).
  void give_back();
  /// True when full again (the router may forget the bucket).
  bool idle(std::int64_t now_ms) const;

 private:
  void refill(std::int64_t now_ms);
  double tokens_ = 0;
  double capacity_ = 0;
  double per_ms_ = 0;
  std::int64_t last_ms_ = 0;
};

}  // namespace mjgate::domain
