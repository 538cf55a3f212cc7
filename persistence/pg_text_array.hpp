// PostgreSQL array literals for `unnest(:a::text[], …)` batches: SOCI 4.0.3
// sends vector binds one row per round trip, so whole columns go as one value.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mjgate::persistence {

/// `{"a","b\"c",""}`: every element double-quoted, '"' and '\' backslash-
/// escaped; never NULL (an empty string stays ""). Bytes pass through
/// unchanged, so UTF-8 survives. Pure.
std::string pg_text_array(const std::vector<std::string>& items);

/// `{1,-2,3}` for bigint[] / int[] columns. Pure.
std::string pg_int_array(const std::vector<std::int64_t>& items);

}  // namespace mjgate::persistence
