#include "discord/close_policy.hpp"

#include <string_view>

namespace mjgate::discord {

namespace {

std::string_view meaning(int code) {
  switch (code) {
    case 1000:
      return "normal closure";
    case 1001:
      return "going away";
    case 1006:
      return "connection lost";
    case 4000:
      return "Unknown error";
    case 4001:
      return "Unknown opcode";
    case 4002:
      return "Decode error";
    case 4003:
      return "Not authenticated";
    case 4004:
      return "Authentication failed (token invalid or reset)";
    case 4005:
      return "Already authenticated";
    case 4007:
      return "Invalid seq";
    case 4008:
      return "Rate limited";
    case 4009:
      return "Session timed out";
    case 4010:
      return "Invalid shard";
    case 4011:
      return "Sharding required";
    case 4012:
      return "Invalid API version";
    case 4013:
      return "Invalid intent(s)";
    case 4014:
      return "Disallowed intent(s)";
    default:
      return "closed";
  }
}

std::string reason_for(int code) {
  return "gateway " + std::to_string(code) + " " + std::string{meaning(code)};
}

}  // namespace

bool is_unknown_close_code(int code) {
  return code >= 4000 && code <= 4999 && meaning(code) == "closed";
}

close_decision decide_close(int code, int unknown_streak) {
  close_decision d;
  d.reason = reason_for(code);
  switch (code) {
    case 4004:
    case 4010:
    case 4011:
    case 4012:
    case 4013:
    case 4014:
      d.action = close_action::disable;
      return d;
    case 4003:
    case 4005:
    case 4007:
    case 4009:
      d.action = close_action::new_session;
      return d;
    case 4008:
      d.action = close_action::backoff_then_resume;
      d.delay = std::chrono::seconds{60};
      return d;
    case 4001:
    case 4002:
      d.action = close_action::resume;
      d.client_bug = true;
      return d;
    default:
      break;
  }
  // 1000/1001/1006, transport errors, 4000 and unknown 4xxx resume; unknown
  // codes switch to a fresh session once three came in a row.
  d.action = is_unknown_close_code(code) && unknown_streak >= 2 ? close_action::new_session
                                                                : close_action::resume;
  return d;
}

}  // namespace mjgate::discord
