// The account actor's typed interface: one actor per Discord account owns its
// gateway connection, its bounded queue and running set, and the correlation
// of Midjourney's messages to tasks.
#pragma once

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/task_actor.hpp"
#include "actors/type_ids.hpp"

namespace mjgate::actors {

using account_actor = caf::typed_actor<
    /// Reserve a queue place for a task about to be committed, in the relax
    /// lane or the fast one; answers the number of tasks ahead of it in that
    /// lane. Error: errc::queue_full.
    caf::replies_to<reserve_atom, std::string, bool>::with<int>,
    /// Run the committed task (what to send, its actor). Turns a reservation
    /// into a queue entry; without one (restart recovery) the task is queued
    /// even beyond queue_size: accepted work is never dropped.
    caf::reacts_to<enqueue_atom, job_request, task_actor>,
    /// Restart hand-over: a task that was SUBMITTED or IN_PROGRESS on
    /// Discord when mjgate stopped (its row carries nonce, interaction id,
    /// message ids, job hash, start time). Takes a slot and is reconciled
    /// from the channel history once READY; never sent again.
    caf::reacts_to<adopt_atom, job_request, task_actor, domain::task>,
    /// Forget a task: drop its reservation or queue entry, or free its slot
    /// (its timeout fired, or its row could not be committed).
    caf::reacts_to<release_atom, std::string>,
    /// A waiting task's new priority (backend PUT /task): it moves to its new
    /// place in its lane. False when it is not waiting here (running, gone).
    caf::replies_to<priority_atom, std::string, int>::with<bool>,
    /// Internal, from the Discord client's io thread.
    caf::reacts_to<event_atom, discord::gateway_event>,
    caf::reacts_to<ready_atom, discord::ready_info>,
    caf::reacts_to<link_atom, int, std::string, std::int64_t>,
    /// Internal: the attachment upload of a job ended.
    caf::reacts_to<upload_done>,
    /// Internal: the command search answered (HTTP status, body).
    caf::reacts_to<commands_atom, int, std::string>,
    /// Run /info and /settings now (the account list's sync).
    caf::reacts_to<sync_atom>,
    /// An account command: ("sync", ""), ("version", "<selector value>"),
    /// ("action", "<settings customId>"); answers once the settings message
    /// refreshed. Errors: queue_full (not connected), validation (not offered).
    caf::replies_to<sync_atom, std::string, std::string>::with<bool>,
    /// Upload images as a message in the account's channel (no slot taken);
    /// answers their CDN URLs in order. Error: internal with Discord's reason.
    caf::replies_to<upload_atom, std::vector<upload_file>>::with<std::vector<std::string>>,
    /// A click that starts no job (the ❤️ bookmark) on a message of the
    /// account's channel: the job_request's message id, flags, customId and
    /// bot type. Answers once Discord accepted the interaction (2xx).
    /// Errors: queue_full (not connected; no answer, 429 or 5xx from
    /// Discord), validation with Discord's reason when it refused the click.
    caf::replies_to<click_atom, job_request>::with<bool>,
    /// The seed of a finished job (hash, its message id): cached, or captured
    /// with the ✉️ reaction and the bot's DM. Answers when the DM arrives.
    caf::replies_to<seed_atom, std::string, std::string>::with<std::string>,
    /// Internal: the reaction for a job hash failed (hash, "", reason).
    caf::reacts_to<seed_atom, std::string, std::string, std::string>,
    /// Internal: the interaction POST for a task finished (task id, HTTP
    /// status or 0, request fully sent, error text, stale command version).
    caf::reacts_to<sent_atom, std::string, int, bool, std::string, bool>,
    /// Internal: read the channel history now (reason for the log), e.g.
    /// after RESUMED.
    caf::reacts_to<reconcile_atom, std::string>,
    /// Internal: a history page arrived (HTTP status or 0, body or error).
    caf::reacts_to<history_atom, int, std::string>,
    /// Internal: the periodic stall check of the running jobs.
    caf::reacts_to<stall_atom>,
    /// New settings from the admin API and this account's run timeout (ms).
    /// Sizes and timeouts apply at once (a smaller queue refuses only new
    /// reservations); the token and user agent at the next connect. `true`
    /// reconnects the gateway now: queued tasks stay queued and running ones
    /// stay tracked (reconciled from the history on the new session).
    caf::reacts_to<update_atom, domain::account, std::int64_t, bool>,
    /// Deleted or disabled by an admin: every queued and running task fails
    /// with `reason`, the gateway closes and the actor quits.
    caf::reacts_to<retire_atom, std::string>>;

}  // namespace mjgate::actors
