// Appends compact JSON to a string without building a document first: the
// hot renderers (the Task JSON of every fetch and list) use it. Output is
// byte-identical to nlohmann's dump(-1, ' ', false, error_handler_t::replace).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mjgate::http {

/// Appends `s` as a JSON string literal: raw UTF-8, `"` `\` and control
/// characters escaped; invalid UTF-8 replaced by U+FFFD as nlohmann does.
void append_json_string(std::string& out, std::string_view s);

/// A forward-only writer; the caller keeps keys and values balanced.
class json_writer {
 public:
  explicit json_writer(std::string& out) : out_(out) {}

  json_writer& begin_object();
  json_writer& end_object();
  json_writer& begin_array();
  json_writer& end_array();
  /// `k` is written as is: it must need no escaping.
  json_writer& key(std::string_view k);
  json_writer& value(std::string_view s);
  json_writer& value(const char* s) { return value(std::string_view{s}); }
  json_writer& value(std::int64_t n);
  json_writer& value(int n) { return value(static_cast<std::int64_t>(n)); }
  json_writer& value(bool b);
  json_writer& null();
  /// Appends `json`, an already serialised JSON value, as the next value.
  json_writer& raw(std::string_view json);
  /// "" → null, else the string.
  json_writer& string_or_null(std::string_view s);

  /// key(k) then the value.
  template <class T>
  json_writer& field(std::string_view k, const T& v) {
    return key(k).value(v);
  }
  json_writer& field_or_null(std::string_view k, std::string_view v) {
    return key(k).string_or_null(v);
  }

 private:
  void before_value();

  std::string& out_;
  bool need_comma_ = false;
};

}  // namespace mjgate::http
