// The task router's typed interface: the front door of the actor system that
// http/ talks to for work. Owns id allocation, the live index and account
// choice. (Single-task reads go to the task board and the store readers.)
#pragma once

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/type_ids.hpp"

namespace mjgate::actors {

using task_router_actor = caf::typed_actor<
    /// Validate, choose an account, commit the task row, then answer.
    /// Errors: errc::validation / banned_prompt (context: word, promptEn) /
    /// no_account / queue_full / storage_failure.
    caf::replies_to<submit_atom, submit_command>::with<submit_result>,
    /// A follow-up click, pinned to the parent's account. Errors as submit,
    /// plus errc::parent_invalid (missing, not visible, not SUCCESS, no such
    /// button, its account gone) — never no_account.
    caf::replies_to<submit_atom, follow_up_command>::with<submit_result>,
    /// /submit/modal: a MODAL task of the principal gets its prompt (and
    /// mask) and is queued on its account. Errors: validation (not found,
    /// not visible, not MODAL, rule 9), queue_full, storage_failure.
    caf::replies_to<modal_atom, modal_command>::with<submit_result>,
    /// Cancel a task visible to the principal (task actor's cancel). Errors:
    /// errc::task_not_found, errc::validation when it is already finished.
    caf::replies_to<cancel_atom, principal, std::string>::with<bool>,
    /// A bounded list; query.user_id is forced to the principal unless admin.
    caf::replies_to<list_atom, principal, domain::task_query>::with<std::vector<domain::task>>,
    /// The seed of a visible SUCCESS task (api-contracts.md §3.5 image-seed):
    /// stored, or captured on its account within 20 s. Errors: task_not_found,
    /// validation (not SUCCESS, no job hash, account gone), queue_full (still
    /// capturing: try again).
    caf::replies_to<seed_atom, principal, std::string>::with<std::string>,
    /// Runs an account command (admins only): account id, kind ("sync",
    /// "version", "action"), value; answers the account's refreshed status.
    /// Errors: forbidden, account_not_found, queue_full (not connected), validation.
    caf::replies_to<sync_atom, principal, std::string, std::string,
                    std::string>::with<account_status>,
    /// Every account with its last reported load and health (admins only).
    caf::replies_to<status_atom, principal>::with<std::vector<account_status>>,
    /// One page of the task query; query.user_id is forced to the principal
    /// unless admin. Answered by a store reader.
    caf::replies_to<page_atom, principal, domain::task_page_query>::with<domain::task_page>,
    /// A backend edit of a task visible to the principal (note, priority,
    /// soft delete): a live task through its actor, a finished one as a new
    /// revision on the board and in storage; answers once committed.
    /// Errors: task_not_found, storage_failure.
    caf::replies_to<edit_atom, principal, task_edit>::with<bool>,
    /// Soft-deletes the principal's tasks (admins: anyone's) by seq; unknown,
    /// foreign and already deleted seqs are ignored; waiting or running tasks
    /// are cancelled first. Answers how many were removed.
    caf::replies_to<remove_atom, principal, std::vector<std::int64_t>>::with<std::int64_t>,
    /// An account reports its load (pushed on every change).
    caf::reacts_to<load_atom, account_load>,
    /// Admins only (api-contracts.md §3.9): a new account from an
    /// AccountCreate (token clear; sealed before it is stored), committed,
    /// then its actor spawned when enabled (connection asynchronous).
    /// Answers its id. Errors: forbidden, validation ("渠道已存在", id taken),
    /// storage_failure.
    caf::replies_to<create_atom, principal, domain::account_patch>::with<std::string>,
    /// Admins only: applies an AccountUpdate to account `id` and commits it;
    /// the account takes the new settings live, and reconnects when the bool
    /// says so. Disabling retires its actor (its tasks fail "账号已停用");
    /// enabling spawns it. Errors: forbidden, account_not_found, validation
    /// (config account, other guild/channel), queue_full (another change of
    /// that account in flight), storage_failure.
    caf::replies_to<update_atom, principal, std::string, domain::account_patch, bool>::with<bool>,
    /// Admins only: deletes an API account: its row goes, its actor fails its
    /// queued and running tasks with "账号已删除" and stops. Errors as update.
    caf::replies_to<remove_atom, principal, std::string>::with<bool>>;

}  // namespace mjgate::actors
