// The channels admin API's bodies (issue 6, docs/api.md "Channels"): pure
// parsing of create/update requests and rendering of channels in the
// management envelope. A channel is always rendered with its masked key.
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/channel.hpp"
#include "domain/channel_edit.hpp"
#include "http/dialects/manage/user_json.hpp"
#include "http/reply.hpp"

namespace mjgate::http::manage {

/// A create or update body: {name, type, base_url, key, models (array of
/// strings, or one comma-separated string), priority, weight, enabled}. Wrong
/// JSON types → 400 naming the field; rules (required fields, ranges, the
/// URL policy) are the task center's (domain/channel_edit). `id` is the
/// channel updated (0 on create); an update must send at least one field.
std::variant<domain::channel_edit, reply> parse_channel_body(std::string_view body,
                                                             std::int64_t id);

/// {"id","name","type","base_url","key" (masked),"models","priority",
///  "weight","enabled","source","created_at","updated_at"}.
nlohmann::ordered_json render_channel(const domain::channel& c);

/// {"total":n,"offset":o,"limit":l,"items":[channel…]} of `all` (ordered).
nlohmann::ordered_json render_channel_page(const std::vector<domain::channel>& all,
                                           const page_params& p);

}  // namespace mjgate::http::manage
