// The parameters of a node-api request (api-contracts.md §6.2): read from the
// JSON body, an urlencoded body, a multipart form and the query string; per
// field the first source that has it wins, in that order. Pure.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "http/reply.hpp"

namespace mjgate::http::node {

/// One request's named parameters, merged over its sources.
class params {
 public:
  /// The value of `key` from the first source that had it (JSON numbers
  /// and booleans as their JSON text); nullopt when no source had it.
  std::optional<std::string_view> get(std::string_view key) const;

  /// True when the JSON body gave `key` an object or an array: the field
  /// is present but cannot be read (the query string does not override it).
  bool malformed(std::string_view key) const;

  /// Adds a value unless an earlier source (or this one) already had `key`.
  void add(std::string key, std::string value);
  void add_malformed(std::string key);

 private:
  bool has(std::string_view key) const;
  std::map<std::string, std::string, std::less<>> values_;
  std::set<std::string, std::less<>> malformed_;
};

/// The raw inputs of a request (views into it).
struct request_parts {
  std::string_view content_type;  ///< "" when the header is absent
  std::string_view body;
  std::string_view query;  ///< the raw query string, without '?'
};

/// Reads every source. The body is JSON when its Content-Type says so or
/// it starts with '{' or '[' (api-contracts.md §1.1), multipart for
/// multipart/form-data, urlencoded for application/x-www-form-urlencoded or
/// when no Content-Type is sent; any other body is ignored. A JSON body that
/// does not parse or is not an object, and a multipart body without a
/// readable boundary or parts, are answered HTTP 400 (node envelope).
std::variant<params, reply> read_params(const request_parts& in);

using name_values = std::vector<std::pair<std::string, std::string>>;

/// `a=1&b=x+y&c=%E4%B8%80`, tolerantly: '+' is a space, %XX is decoded, a
/// malformed escape and raw bytes (unencoded UTF-8, ':' and '/' in URLs)
/// are kept as sent; a name without '=' has the value "". In order.
name_values decode_form(std::string_view text);

/// The text fields of a multipart/form-data body (parts with a filename are
/// files and skipped); nullopt when `content_type` has no valid boundary or
/// the body is not a complete multipart body.
std::optional<name_values> decode_multipart(std::string_view content_type, std::string_view body);

}  // namespace mjgate::http::node
