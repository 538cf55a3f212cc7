// The only CAF type-ID block of mjgate: every atom (verbs, ≤ 10 characters)
// and every message type, with their inspect() functions and the error enum.
#pragma once

#include <caf/error.hpp>
#include <caf/make_message.hpp>
#include <caf/meta/type_name.hpp>
#include <caf/type_id.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "actors/messages.hpp"
#include "discord/events.hpp"
#include "domain/account.hpp"
#include "domain/account_edit.hpp"
#include "domain/account_health.hpp"
#include "domain/channel.hpp"
#include "domain/channel_edit.hpp"
#include "domain/errc.hpp"
#include "domain/task.hpp"
#include "domain/task_machine.hpp"
#include "domain/task_page_query.hpp"
#include "domain/task_query.hpp"
#include "domain/user.hpp"

CAF_ERROR_CODE_ENUM(mjgate::domain::errc, "mjgate")

namespace mjgate::domain {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, button& x) {
  return f(caf::meta::type_name("button"), x.custom_id, x.emoji, x.label, x.type, x.style);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, task& x) {
  return f(caf::meta::type_name("task"), x.id, x.seq, x.uuid, x.user_id, x.action, x.custom_id,
           x.parent_id, x.index, x.status, x.progress, x.prompt, x.prompt_en, x.prompt_full,
           x.final_prompt, x.description, x.state, x.notify_hook, x.submit_time, x.start_time,
           x.finish_time, x.image_url, x.fail_reason, x.buttons, x.bot_type, x.mode, x.job_id,
           x.seed, x.account_id, x.nonce, x.interaction_id, x.message_id, x.progress_message_id,
           x.referenced_message_id, x.flags, x.priority, x.submit_code, x.api_key_id, x.origin,
           x.platform, x.user_group, x.quota, x.billing_state, x.channel_id, x.upstream_task_id,
           x.upstream_data, x.video_url, x.final_zh_prompt, x.type, x.input, x.note, x.deleted,
           x.revision, x.created_at, x.updated_at, x.parent_uuid, x.relay_attempts);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, account& x) {
  return f(caf::meta::type_name("account"), x.id, x.name, x.guild_id, x.channel_id, x.user_token,
           x.user_agent, x.enable, x.core_size, x.queue_size, x.relax_core_size, x.relax_queue_size,
           x.timeout_minutes, x.mj_bot_channel_id, x.niji_bot_channel_id, x.remix_auto_submit,
           x.remark, x.weight, x.source, x.created_at, x.updated_at, x.user_token_masked,
           x.queue_timeout_minutes, x.modal_timeout_minutes, x.allow_modes, x.day_draw_limit);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, account_patch& x) {
  return f(caf::meta::type_name("acct_patch"), x.values, x.sent);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, account_health& x) {
  return f(caf::meta::type_name("acct_health"), x.state, x.retry_at, x.disabled, x.locked, x.detail,
           x.fast_exhausted, x.link_up);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, task_query& x) {
  return f(caf::meta::type_name("task_query"), x.user_id, x.ids, x.statuses, x.before_id, x.limit,
           x.oldest_first);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, task_page_query& x) {
  return f(caf::meta::type_name("page_query"), x.user_id, x.page_number, x.page_size, x.sort_field,
           x.descending, x.id, x.ids, x.actions, x.statuses, x.instance_id, x.state, x.prompt,
           x.prompt_en, x.description, x.fail_reason, x.platform, x.excluded_platform, x.channel_id,
           x.submit_from, x.submit_to, x.task_center_id, x.before, x.offset, x.size_cap, x.seqs,
           x.count_only, x.with_user_names, x.task_center_ids);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, task_page& x) {
  return f(caf::meta::type_name("task_page"), x.content, x.total, x.user_names);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, task_patch& x) {
  return f(caf::meta::type_name("task_patch"), x.status, x.progress, x.at_ms, x.image_url,
           x.fail_reason, x.prompt, x.final_prompt, x.prompt_full, x.job_id, x.seed, x.mode,
           x.nonce, x.interaction_id, x.message_id, x.progress_message_id, x.flags, x.buttons,
           x.upstream_task_id, x.upstream_data, x.video_url);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, user& x) {
  return f(caf::meta::type_name("user"), x.id, x.name, x.role, x.status, x.group, x.quota,
           x.password_hash, x.access_token_hash, x.created_at, x.updated_at);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, api_token& x) {
  return f(caf::meta::type_name("api_token"), x.id, x.user_id, x.name, x.key_hash, x.key_mask,
           x.status, x.expires_at, x.remaining_quota, x.created_at);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, user_edit& x) {
  return f(caf::meta::type_name("user_edit"), x.id, x.has_name, x.name, x.has_role, x.role,
           x.has_group, x.group, x.has_status, x.status, x.has_password, x.password, x.has_quota,
           x.quota);
}

}  // namespace mjgate::domain

namespace mjgate::actors {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, principal& x) {
  return f(caf::meta::type_name("principal"), x.user_id, x.admin, x.role, x.group, x.api_key_id,
           x.name);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, upload_file& x) {
  return f(caf::meta::type_name("upload_file"), x.filename, x.mime, x.bytes);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, submit_command& x) {
  return f(caf::meta::type_name("submit_cmd"), x.who, x.action, x.prompt, x.files, x.link,
           x.dimensions, x.speed, x.state, x.notify_hook, x.bot_type, x.instance_id, x.remark,
           x.remix, x.priority, x.origin, x.type, x.input, x.note);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, follow_up_command& x) {
  return f(caf::meta::type_name("follow_up"), x.who, x.parent_id, x.custom_id, x.change_action,
           x.index, x.state, x.notify_hook, x.enable_remix, x.speed, x.high_motion, x.extend,
           x.origin);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, modal_command& x) {
  return f(caf::meta::type_name("modal_cmd"), x.who, x.task_id, x.prompt, x.mask_base64);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, job_request& x) {
  return f(caf::meta::type_name("job_req"), x.task_id, x.action, x.prompt, x.message_id,
           x.message_flags, x.custom_id, x.modal_prompt, x.mask_base64, x.files, x.link,
           x.dimensions, x.requeues, x.bot_type, x.speed, x.priority, x.queued_at);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, upload_done& x) {
  return f(caf::meta::type_name("upload_done"), x.task_id, x.uploaded_filenames, x.urls, x.error);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, submit_result& x) {
  return f(caf::meta::type_name("submit_res"), x.task_id, x.account_id, x.queue_ahead, x.modal,
           x.final_prompt, x.urls, x.uuid, x.seq);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, task_edit& x) {
  return f(caf::meta::type_name("task_edit"), x.id, x.set_note, x.note, x.set_priority, x.priority,
           x.remove);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, account_load& x) {
  return f(caf::meta::type_name("acct_load"), x.account_id, x.health, x.running, x.core_size,
           x.queued, x.queue_size, x.relax_running, x.relax_core_size, x.relax_queued,
           x.relax_queue_size, x.remix, x.remix_auto_submit, x.username, x.mode, x.version,
           x.fast_time_remaining, x.subscription, x.info_updated);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, account_status& x) {
  return f(caf::meta::type_name("acct_status"), x.acct, x.load);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, notify_event& x) {
  return f(caf::meta::type_name("notify_ev"), x.task_id, x.url, x.body, x.revision, x.rank,
           x.terminal);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, user_page& x) {
  return f(caf::meta::type_name("user_page"), x.items, x.total);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, token_request& x) {
  return f(caf::meta::type_name("token_req"), x.user_id, x.name, x.expires_at, x.remaining_quota);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, token_grant& x) {
  return f(caf::meta::type_name("token_grant"), x.token, x.key);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, login_request& x) {
  return f(caf::meta::type_name("login_req"), x.ip, x.name, x.password);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, login_grant& x) {
  return f(caf::meta::type_name("login_grant"), x.user, x.session_id, x.session_hash, x.issued_at,
           x.expires_at);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, root_setup& x) {
  return f(caf::meta::type_name("root_setup"), x.config_key_hash, x.config_key_mask, x.password,
           x.generate_missing);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, root_report& x) {
  return f(caf::meta::type_name("root_report"), x.generated_key, x.generated_password,
           x.migrated_legacy_key);
}

}  // namespace mjgate::actors

namespace mjgate::discord {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, embed& x) {
  return f(caf::meta::type_name("embed"), x.title, x.description, x.footer, x.color, x.image_url);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, attachment& x) {
  return f(caf::meta::type_name("attachment"), x.id, x.filename, x.url, x.proxy_url, x.width,
           x.height);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, select_option& x) {
  return f(caf::meta::type_name("select_opt"), x.label, x.value, x.is_default);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, select_menu& x) {
  return f(caf::meta::type_name("select_menu"), x.custom_id, x.options);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, gateway_event& x) {
  return f(caf::meta::type_name("gw_event"), x.kind, x.seq, x.id, x.nonce, x.channel_id,
           x.author_id, x.author_is_bot, x.content, x.flags, x.type, x.attachments, x.embeds,
           x.buttons, x.link_urls, x.selects, x.interaction_metadata_id, x.interaction_name,
           x.interaction_user_id, x.interacted_message_id, x.triggering_interaction_id,
           x.referenced_message_id, x.custom_id, x.title, x.field_custom_id, x.field_value,
           x.iframe_path, x.application_id, x.partial);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ready_info& x) {
  return f(caf::meta::type_name("ready_info"), x.session_id, x.user_id, x.username,
           x.resume_gateway_url);
}

}  // namespace mjgate::discord

namespace mjgate::actors {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, suno_submit_command& x) {
  return f(caf::meta::type_name("suno_submit"), x.who, x.action, x.prompt, x.model, x.body);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, relay_submit_result& x) {
  return f(caf::meta::type_name("relay_submit"), x.status, x.upstream_id, x.body);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, mj_relay_submit& x) {
  auto& r = x.request;
  return f(caf::meta::type_name("mj_relay_submit"), x.channel_id, x.excluded, x.action, x.speed,
           r.kind, r.prompt, r.images, r.image, r.link, r.dimensions, r.bot_type, r.task_id,
           r.custom_id, r.change_action, r.index, r.mask_base64, r.enable_remix, r.notify_hook,
           x.timeout_ms);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, mj_relay_answer& x) {
  return f(caf::meta::type_name("mj_relay_answer"), x.channel_id, x.status, x.body);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, stored_response& x) {
  return f(caf::meta::type_name("stored_resp"), x.status, x.headers, x.body, x.created_at);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, idem_claim& x) {
  return f(caf::meta::type_name("idem_claim"), x.replay, x.response);
}

}  // namespace mjgate::actors

namespace mjgate::domain {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, channel& x) {
  return f(caf::meta::type_name("channel"), x.id, x.type, x.name, x.base_url, x.key, x.models,
           x.priority, x.weight, x.enabled, x.key_masked, x.source, x.created_at, x.updated_at,
           x.speed_prefix, x.callback, x.proxy, x.proxy_masked);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, channel_edit& x) {
  return f(caf::meta::type_name("channel_edit"), x.id, x.has_name, x.name, x.has_type, x.type,
           x.has_base_url, x.base_url, x.has_key, x.key, x.has_models, x.models, x.has_priority,
           x.priority, x.has_weight, x.weight, x.has_enabled, x.enabled, x.has_proxy, x.proxy,
           x.has_speed_prefix, x.speed_prefix, x.has_callback, x.callback);
}

}  // namespace mjgate::domain

CAF_BEGIN_TYPE_ID_BLOCK(mjgate, caf::first_custom_type_id)

CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::account_load))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::account_status))
CAF_ADD_TYPE_ID(mjgate, (std::vector<mjgate::actors::account_status>))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::follow_up_command))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::job_request))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::modal_command))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::notify_event))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::principal))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::submit_command))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::submit_result))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::upload_done))
CAF_ADD_TYPE_ID(mjgate, (std::vector<mjgate::actors::upload_file>))
CAF_ADD_TYPE_ID(mjgate, (std::vector<std::string>))
CAF_ADD_TYPE_ID(mjgate, (mjgate::discord::attachment))
CAF_ADD_TYPE_ID(mjgate, (mjgate::discord::embed))
CAF_ADD_TYPE_ID(mjgate, (mjgate::discord::gateway_event))
CAF_ADD_TYPE_ID(mjgate, (mjgate::discord::ready_info))
CAF_ADD_TYPE_ID(mjgate, (mjgate::domain::account))
CAF_ADD_TYPE_ID(mjgate, (mjgate::domain::button))
CAF_ADD_TYPE_ID(mjgate, (mjgate::domain::task))
CAF_ADD_TYPE_ID(mjgate, (mjgate::domain::task_page))
CAF_ADD_TYPE_ID(mjgate, (mjgate::domain::task_page_query))
CAF_ADD_TYPE_ID(mjgate, (mjgate::domain::task_patch))
CAF_ADD_TYPE_ID(mjgate, (mjgate::domain::task_query))
CAF_ADD_TYPE_ID(mjgate, (std::vector<mjgate::domain::account>))
CAF_ADD_TYPE_ID(mjgate, (std::vector<mjgate::domain::task>))

CAF_ADD_ATOM(mjgate, mjgate::actors, accounts_atom, "accounts")
CAF_ADD_ATOM(mjgate, mjgate::actors, adopt_atom, "adopt")
CAF_ADD_ATOM(mjgate, mjgate::actors, cancel_atom, "cancel")
CAF_ADD_ATOM(mjgate, mjgate::actors, commands_atom, "commands")
CAF_ADD_ATOM(mjgate, mjgate::actors, delivered_atom, "delivered")
CAF_ADD_ATOM(mjgate, mjgate::actors, enqueue_atom, "enqueue")
CAF_ADD_ATOM(mjgate, mjgate::actors, event_atom, "event")
CAF_ADD_ATOM(mjgate, mjgate::actors, expire_atom, "expire")
CAF_ADD_ATOM(mjgate, mjgate::actors, fetch_atom, "fetch")
CAF_ADD_ATOM(mjgate, mjgate::actors, flush_atom, "flush")
CAF_ADD_ATOM(mjgate, mjgate::actors, history_atom, "history")
CAF_ADD_ATOM(mjgate, mjgate::actors, insert_atom, "insert")
CAF_ADD_ATOM(mjgate, mjgate::actors, kv_get_atom, "kv_get")
CAF_ADD_ATOM(mjgate, mjgate::actors, kv_put_atom, "kv_put")
CAF_ADD_ATOM(mjgate, mjgate::actors, link_atom, "link")
CAF_ADD_ATOM(mjgate, mjgate::actors, list_atom, "list")
CAF_ADD_ATOM(mjgate, mjgate::actors, load_atom, "load")
CAF_ADD_ATOM(mjgate, mjgate::actors, modal_atom, "modal")
CAF_ADD_ATOM(mjgate, mjgate::actors, notify_atom, "notify")
CAF_ADD_ATOM(mjgate, mjgate::actors, page_atom, "page")
CAF_ADD_ATOM(mjgate, mjgate::actors, patch_atom, "patch")
CAF_ADD_ATOM(mjgate, mjgate::actors, ready_atom, "ready")
CAF_ADD_ATOM(mjgate, mjgate::actors, reconcile_atom, "reconcile")
CAF_ADD_ATOM(mjgate, mjgate::actors, release_atom, "release")
CAF_ADD_ATOM(mjgate, mjgate::actors, reserve_atom, "reserve")
CAF_ADD_ATOM(mjgate, mjgate::actors, retry_atom, "retry")
CAF_ADD_ATOM(mjgate, mjgate::actors, sent_atom, "sent")
CAF_ADD_ATOM(mjgate, mjgate::actors, seed_atom, "seed")
CAF_ADD_ATOM(mjgate, mjgate::actors, stall_atom, "stall")
CAF_ADD_ATOM(mjgate, mjgate::actors, status_atom, "status")
CAF_ADD_ATOM(mjgate, mjgate::actors, sync_atom, "sync")
CAF_ADD_ATOM(mjgate, mjgate::actors, submit_atom, "submit")
CAF_ADD_ATOM(mjgate, mjgate::actors, tick_atom, "tick")
CAF_ADD_ATOM(mjgate, mjgate::actors, unfinished_atom, "unfinished")
CAF_ADD_ATOM(mjgate, mjgate::actors, update_atom, "update")
CAF_ADD_ATOM(mjgate, mjgate::actors, upload_atom, "upload")
CAF_ADD_ATOM(mjgate, mjgate::actors, upsert_atom, "upsert")
CAF_ADD_ATOM(mjgate, mjgate::actors, click_atom, "click")
CAF_ADD_ATOM(mjgate, mjgate::actors, priority_atom, "priority")
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::task_edit))
CAF_ADD_TYPE_ID(mjgate, (std::vector<std::int64_t>))
CAF_ADD_ATOM(mjgate, mjgate::actors, edit_atom, "edit")
CAF_ADD_ATOM(mjgate, mjgate::actors, remove_atom, "remove")

// Users, keys and logins (user registry, password hasher).
CAF_ADD_TYPE_ID(mjgate, (mjgate::domain::api_token))
CAF_ADD_TYPE_ID(mjgate, (mjgate::domain::user))
CAF_ADD_TYPE_ID(mjgate, (mjgate::domain::user_edit))
CAF_ADD_TYPE_ID(mjgate, (std::vector<mjgate::domain::api_token>))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::login_grant))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::login_request))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::root_report))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::root_setup))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::token_grant))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::token_request))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::user_page))
CAF_ADD_ATOM(mjgate, mjgate::actors, access_atom, "access")
CAF_ADD_ATOM(mjgate, mjgate::actors, hash_atom, "hash")
CAF_ADD_ATOM(mjgate, mjgate::actors, login_atom, "login")
CAF_ADD_ATOM(mjgate, mjgate::actors, logout_atom, "logout")
CAF_ADD_ATOM(mjgate, mjgate::actors, prune_atom, "prune")
CAF_ADD_ATOM(mjgate, mjgate::actors, revoke_atom, "revoke")
CAF_ADD_ATOM(mjgate, mjgate::actors, root_atom, "root")
CAF_ADD_ATOM(mjgate, mjgate::actors, token_atom, "token")
CAF_ADD_ATOM(mjgate, mjgate::actors, tokens_atom, "tokens")
CAF_ADD_ATOM(mjgate, mjgate::actors, touch_atom, "touch")
CAF_ADD_ATOM(mjgate, mjgate::actors, verify_atom, "verify")
// Account administration (issue 5).
CAF_ADD_TYPE_ID(mjgate, (mjgate::domain::account_patch))
CAF_ADD_ATOM(mjgate, mjgate::actors, create_atom, "create")
CAF_ADD_ATOM(mjgate, mjgate::actors, retire_atom, "retire")
CAF_ADD_ATOM(mjgate, mjgate::actors, resolve_atom, "resolve")
// Relay channels and the task center (issue 6).
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::suno_submit_command))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::relay_submit_result))
// The midjourney-proxy relay (issue 6).
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::mj_relay_submit))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::mj_relay_answer))
CAF_ADD_ATOM(mjgate, mjgate::actors, relay_atom, "relay")
CAF_ADD_ATOM(mjgate, mjgate::actors, callback_atom, "callback")
CAF_ADD_ATOM(mjgate, mjgate::actors, route_atom, "route")
// Channel administration (issue 6).
CAF_ADD_TYPE_ID(mjgate, (mjgate::domain::channel))
CAF_ADD_TYPE_ID(mjgate, (mjgate::domain::channel_edit))
CAF_ADD_TYPE_ID(mjgate, (std::vector<mjgate::domain::channel>))
CAF_ADD_ATOM(mjgate, mjgate::actors, channels_atom, "channels")
// Idempotent submit (api-contracts.md §1.6).
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::stored_response))
CAF_ADD_TYPE_ID(mjgate, (mjgate::actors::idem_claim))
CAF_ADD_ATOM(mjgate, mjgate::actors, idem_claim_atom, "idem_claim")
CAF_ADD_ATOM(mjgate, mjgate::actors, idem_done_atom, "idem_done")
CAF_ADD_ATOM(mjgate, mjgate::actors, idem_drop_atom, "idem_drop")
CAF_ADD_ATOM(mjgate, mjgate::actors, idem_wait_atom, "idem_wait")

CAF_END_TYPE_ID_BLOCK(mjgate)
