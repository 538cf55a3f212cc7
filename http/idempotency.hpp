// Idempotent submit (api-contracts.md §1.6) for every dialect: a request
// with an Idempotency-Key runs once per user and key; its answer is stored
// (through the idempotency keeper) before the client gets it, and a repeat
// within 24 h gets that answer byte for byte without running again.
#pragma once

#include <cstdint>
#include <functional>

#include <restinio/request_handler.hpp>

#include "actors/messages.hpp"
#include "http/bridge.hpp"
#include "http/reply.hpp"

namespace mjgate::http {

struct route_context;

/// The layer's own refusals; each dialect words them in its envelope.
enum class idem_refusal {
  invalid_key,    ///< not 1–128 visible ASCII characters
  still_running,  ///< a request with the same key ran past the 10 s wait
  unavailable,    ///< the keeper is not running or the database failed
  bad_request,    ///< the handler threw (e.g. a malformed query string)
};

using idem_reject = reply (*)(idem_refusal);

/// False for a transient answer a retry should not be denied: HTTP 429 or
/// ≥ 500, a Retry-After header, or an mj envelope with code 23 (saturation)
/// or 9 (system error). Such answers are not stored and the key stays free.
bool replayable(const reply& r);

/// The stored form of a reply and back (the headers in order).
actors::stored_response to_stored(const reply& r);
reply from_stored(const actors::stored_response& s);

/// Without an Idempotency-Key header: work(r) at once, on this thread. With
/// one: checks it, claims (user_id, key) at the keeper without blocking this
/// thread, then either replays the stored answer or runs work() with a
/// responder whose answer is stored first and then sent through r.
void run_idempotent(const route_context& ctx, const restinio::request_handle_t& req,
                    std::int64_t user_id, responder_ptr r, idem_reject reject,
                    std::function<void(responder_ptr)> work);

/// The wording of each dialect.
reply mj_idem_reject(idem_refusal why);
reply node_idem_reject(idem_refusal why);
reply backend_idem_reject(idem_refusal why);
reply suno_idem_reject(idem_refusal why);

}  // namespace mjgate::http
