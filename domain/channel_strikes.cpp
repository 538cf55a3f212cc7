#include "domain/channel_strikes.hpp"

namespace mjgate::domain {

bool note_channel_answer(channel_strikes& strikes, channel_answer answer, std::int64_t now,
                         int disable_after, std::int64_t min_span_ms) {
  switch (answer) {
    case channel_answer::served:
      strikes = {};
      return false;
    case channel_answer::no_verdict:
      return false;
    case channel_answer::cannot_serve:
      if (strikes.count++ == 0) strikes.first_at = now;
      return disable_after > 0 && strikes.count >= disable_after &&
             now - strikes.first_at >= min_span_ms;
  }
  return false;
}

}  // namespace mjgate::domain
