// The node-api envelopes (api-contracts.md §6.3, §6.5): `{code, description}`
// for errors and `{code, description, result}` for an accepted submit. Pure.
#pragma once

#include <string_view>

#include "http/reply.hpp"

namespace mjgate::http::node {

/// `{"code":0,"description":d}` with HTTP `status`.
reply error_reply(int status, std::string_view description);

/// HTTP 400 `{"code":0,"description":d}` (validation).
reply invalid(std::string_view description);

/// HTTP 200 `{"code":1,"description":"成功","result":"<uuid>"}`.
reply submit_ok(std::string_view uuid);

/// HTTP 400 `{"code":0,"description":"任务不存在"}` (fetch: unknown or not visible).
reply task_missing();

/// HTTP 405 `{"code":0,"description":"method not allowed"}`.
reply method_not_allowed();

/// HTTP 401 `{"code":0,"description":"unauthorized"}`.
reply unauthorized();

}  // namespace mjgate::http::node
