// The task-center dialect (api-contracts.md §5.1): request parsing for
// POST /suno/submit/{action} and POST /suno/fetch, the
// `{"code","message","data"}` envelopes and the error table. Pure.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <caf/error.hpp>

#include "actors/messages.hpp"
#include "domain/task.hpp"
#include "http/reply.hpp"

namespace mjgate::http::suno {

/// The default `mv` of a music submit.
inline constexpr std::string_view default_music_model = "chirp-v3-0";
/// The most ids one fetch may name.
inline constexpr std::size_t max_fetch_ids = 1000;

/// A parsed submit: everything but the principal.
struct submit_request {
  domain::task_action action = domain::task_action::music;
  std::string prompt;
  std::string model;
  std::string body;  ///< forwarded upstream: the client's object with mv defaulted
};

/// Parses the `{action}` path segment (music/lyrics, any case) and the JSON
/// body; the §5.1 error reply otherwise (invalid_action, invalid_request,
/// prompt_empty).
std::variant<submit_request, reply> parse_submit(std::string_view action, std::string_view body);

/// A parsed fetch: the ids (may be empty) and the optional action filter.
struct fetch_request {
  std::vector<std::string> ids;
  std::string action;  ///< "" = any; else MUSIC / LYRICS (upper-cased)
};

/// `{"ids":[strings…], "action"?}` with at most max_fetch_ids ids; else
/// invalid_request.
std::variant<fetch_request, reply> parse_fetch(std::string_view body);

/// `{"code":"<code>","message":"<message>","data":null}` with `http_status`.
reply error_reply(int http_status, std::string_view code, std::string_view message);

/// 401 unauthorized.
reply unauthorized();

/// The task_not_exist answer of GET /suno/fetch/{id}.
reply task_not_exist();

/// The submit answer: data = the task's task-center id (§4.6), plus the
/// `X-New-Api-Other-Ratios: {}` compat header.
reply submit_ok(const domain::task& t);

/// `{"code":"success","message":"","data":[items…]}` (the §4.6 self view),
/// keeping only tasks of `action` when it is not empty.
reply fetch_ok(const std::vector<domain::task>& tasks, std::string_view action);

/// `{"code":"success","message":"","data":item}`.
reply fetch_one_ok(const domain::task& t);

/// The §5.1 answer of an actor error: no_account → 503
/// no_available_channel; upstream_failed → 502 fail_to_fetch_task (the
/// error's sanitised text); queue_full → 503 upstream_saturated with
/// Retry-After; validation → 400 invalid_request; a timeout → 504 timeout;
/// anything else → 500 internal_error.
reply failure(const caf::error& err);

}  // namespace mjgate::http::suno
