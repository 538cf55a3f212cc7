// A rendered HTTP answer as plain data: what pure handlers and the error map
// produce and what the bridge writes. Keeps RESTinio out of pure code.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace mjgate::http {

/// Content type of every JSON answer (api-contracts.md §1.1).
inline constexpr const char* json_content_type = "application/json;charset=UTF-8";

/// One HTTP answer: status, body and extra headers. The body is JSON unless
/// `headers` names a Content-Type (images).
struct reply {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  friend bool operator==(const reply&, const reply&) = default;
};

/// Serialises compactly with raw UTF-8 (no \u escapes); invalid UTF-8 is
/// replaced with U+FFFD instead of throwing.
std::string dump_json(const nlohmann::ordered_json& j);

/// A reply whose body is `j`.
reply json_reply(int status, const nlohmann::ordered_json& j);

}  // namespace mjgate::http
