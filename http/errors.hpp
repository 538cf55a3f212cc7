// The one place where errors from the actor system (domain::errc inside a
// caf::error, or a caf::sec such as request_timeout) become wire answers.
#pragma once

#include <caf/fwd.hpp>

#include "http/reply.hpp"

namespace mjgate::http {

/// For /submit/* routes: a SubmitResultVO, HTTP 200 for every domain error
/// (api-contracts.md §3.3); 401/403 for auth errors. Timeouts → code 9.
/// insufficient_quota → code 4 "额度不足"; rate_limited (a per-user limit) →
/// code 23 with its text and properties.retryAfter.
reply submit_failure(const caf::error& err);

/// For task routes: task_not_found → 404 with the fetch body; timeouts →
/// 504; validation → 200 code 4; anything else → 500 code 9.
reply query_failure(const caf::error& err);

/// For the account admin routes (api-contracts.md §3.9): an unknown account
/// → HTTP 404 code 4 "账号不存在"; validation → HTTP 200 code 4 with its
/// text; queue_full → HTTP 200 code 23 with its text (default "账号未连接，请稍后
/// 重试"); everything else as query_failure.
reply account_failure(const caf::error& err);
/// For node-api routes (api-contracts.md §6.3): `{"code":0,"description"}`
/// with HTTP 400 for validation (unknown or foreign parent, banned prompt
/// included), 503 + Retry-After for saturation, 503 when no account can
/// serve, 429 + Retry-After for a per-user limit, 403 "额度不足" when the
/// balance does not cover the price, 401/403 for auth, 500 for anything
/// else (timeouts included).
reply node_failure(const caf::error& err);

}  // namespace mjgate::http
