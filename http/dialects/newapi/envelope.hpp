// The new-api dashboard envelope `{success, message, data}` (api-contracts.md
// §4.4): the list page around pre-rendered items, and the failure body. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "http/reply.hpp"

namespace mjgate::http::newapi {

/// The seed's text for a list that could not be read (storage error, timeout).
inline constexpr const char* list_failure_message = "获取任务列表失败";

/// `{"success":false,"message":<message>}` with the given HTTP status.
reply failure_reply(int http_status, std::string_view message);

/// `{"success":true,"message":"","data":{"page","page_size","total","items"}}`,
/// keys in that order; `items` are JSON texts and the array is `[]`, never
/// null, when there are none.
std::string render_list(int page, int page_size, std::int64_t total,
                        const std::vector<std::string>& items);

}  // namespace mjgate::http::newapi
