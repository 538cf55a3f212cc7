// What the gateway client does after a close code (discord-midjourney-protocol.md
// §4.4). A pure decision, kept apart from the socket code so it is tested per code.
#pragma once

#include <chrono>
#include <string>

namespace mjgate::discord {

enum class close_action : unsigned char {
  resume,               ///< reconnect (with backoff) and RESUME the session
  new_session,          ///< drop the session, reconnect and IDENTIFY
  disable,              ///< authentication refused: never reconnect
  backoff_then_resume,  ///< wait `delay`, then RESUME (4008 rate limited)
};

struct close_decision {
  close_action action = close_action::resume;
  std::chrono::milliseconds delay{0};  ///< minimum wait before reconnecting
  std::string reason;                  ///< "gateway 4004 Authentication failed (…)"
  bool client_bug = false;             ///< 4001/4002: we sent something wrong
};

/// Decides what to do after the connection closed with `code` (1006 when no
/// close frame arrived). `unknown_streak` counts the unknown 4xxx codes seen in
/// a row before this one (after 3, a new session is tried).
close_decision decide_close(int code, int unknown_streak = 0);

/// True for codes that are not in the table of §4.4 (unknown 4xxx).
bool is_unknown_close_code(int code);

}  // namespace mjgate::discord
