// Request-path handling done before routing (api-contracts.md §1.1, §3.1):
// normalisation, the mj speed prefixes and segment matching. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mjgate::http {

/// Collapses runs of '/' and drops one trailing '/' ("/" stays "/"). A path
/// without a leading '/' gets one.
std::string normalize_path(std::string_view path);

/// Speed mode fixed by the URL prefix of an mj route.
enum class speed_prefix { none, fast, relax, turbo };

/// An mj path split into its prefix and the route below it.
struct mj_path {
  speed_prefix speed = speed_prefix::none;
  std::string_view rest;  ///< e.g. "/submit/imagine"; views into the argument
};

/// Splits a normalised path under /mj, /mj-fast/mj, /mj-relax/mj or
/// /mj-turbo/mj; nullopt for any other prefix.
std::optional<mj_path> split_mj_prefix(std::string_view normalized);

/// Matches `path` against `pattern` segment by segment; a pattern segment
/// "{id}" matches any one non-empty segment, which is stored in `param`.
bool match_path(std::string_view pattern, std::string_view path, std::string& param);

}  // namespace mjgate::http
