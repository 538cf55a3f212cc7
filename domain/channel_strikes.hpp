// When a midjourney-proxy channel that keeps answering code 3 ("cannot
// serve", api-contracts.md §5.4) is disabled: one answer only skips the
// channel for that request; a long run disables it. Pure; no I/O.
#pragma once

#include <cstdint>

namespace mjgate::domain {

/// A channel's current run of code-3 answers.
struct channel_strikes {
  int count = 0;              ///< consecutive code-3 answers
  std::int64_t first_at = 0;  ///< epoch ms of the first of them
};

/// What one submit answer of a channel means for its run.
enum class channel_answer : std::uint8_t {
  served,        ///< it took the task or judged it (1, 21, 22, 4, 24): the run ends
  cannot_serve,  ///< code 3: one more strike
  no_verdict,    ///< network error, 5xx, 23…: says nothing about code 3; the run stands
};

/// Records `answer` at `now` (epoch ms). True when the channel is to be
/// disabled: `disable_after` (> 0; 0 = never) consecutive code-3 answers
/// spanning at least `min_span_ms` — never on one answer or one burst.
bool note_channel_answer(channel_strikes& strikes, channel_answer answer, std::int64_t now,
                         int disable_after, std::int64_t min_span_ms);

}  // namespace mjgate::domain
