// Parsing of the mj task-list inputs (limit/before query parameters and the
// {ids:[...]} body of list-by-condition): pure, bounded, unit-tested.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "http/reply.hpp"

namespace mjgate::http::mj {

/// A `limit` query value: absent/empty → `def`; digits → clamped to
/// [1, max]; anything else (negative, non-numeric) → nullopt (a validation
/// error, api-contracts.md §1.2).
std::optional<int> parse_limit(std::optional<std::string_view> raw, int def, int max);

/// A `before` task id: absent/empty → ""; all decimal digits → itself;
/// anything else → nullopt.
std::optional<std::string> parse_before(std::optional<std::string_view> raw);

/// The ids of a list-by-condition body, duplicates removed (first occurrence
/// kept). `ids` null or missing → empty. Non-JSON → HTTP 400 code 4; ids not
/// an array of strings, or more than `max_ids` → HTTP 200 code 4.
std::variant<std::vector<std::string>, reply> parse_ids_body(std::string_view body,
                                                             std::size_t max_ids);

}  // namespace mjgate::http::mj
