// The node_api settings the HTTP layer applies (api-contracts.md §6): the
// anonymous user, the callback policy and the progress style. Plain values,
// filled from config/ by app/.
#pragma once

#include <cstdint>

namespace mjgate::http::node {

/// How a running task's progress is shown (api-contracts.md §6.4).
enum class progress_style : std::uint8_t {
  percent,  ///< "" queued, "NN%" running ("0%" until the first update), "done" at SUCCESS
  legacy,   ///< "" until "done" (clients that treat any non-empty progress as finished)
};

/// The `node_api` configuration section.
struct options {
  /// Requests without credentials run as this user (user rights, never
  /// admin); 0 = off (the default: they get 401).
  std::int64_t anonymous_user = 0;
  /// Callbacks on every progress change too (default: the terminal event only, §6.6).
  bool notify_progress = false;
  progress_style progress = progress_style::percent;
  friend bool operator==(const options&, const options&) = default;
};

}  // namespace mjgate::http::node
