#include "http/dialects/node/params.hpp"

#include <nlohmann/json.hpp>

#include "domain/text.hpp"
#include "http/dialects/node/envelope.hpp"
#include "http/form_data.hpp"

namespace mjgate::http::node {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode_component(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
               hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += c;  // a stray '%' or a raw byte is kept as sent
    }
  }
  return out;
}

// The media type ("type/subtype", lower case) of a Content-Type value.
std::string media_type(std::string_view content_type) {
  return domain::to_lower(domain::trim(content_type.substr(0, content_type.find(';'))));
}

bool is_json_body(std::string_view type, std::string_view body) {
  if (type == "application/json" || type.ends_with("+json")) return true;
  auto start = body.find_first_not_of(" \t\r\n");
  return start != std::string_view::npos && (body[start] == '{' || body[start] == '[');
}

std::optional<reply> add_json(std::string_view body, params& out) {
  auto doc = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (doc.is_discarded()) return invalid("请求体不是合法的JSON");
  if (!doc.is_object()) return invalid("请求体必须是JSON对象");
  for (auto& [key, value] : doc.items()) {
    if (value.is_null()) continue;
    if (value.is_string())
      out.add(key, value.get<std::string>());
    else if (value.is_object() || value.is_array())
      out.add_malformed(key);
    else
      out.add(key, value.dump());  // numbers and booleans as their JSON text
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> params::get(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return std::string_view{it->second};
}

bool params::malformed(std::string_view key) const {
  return malformed_.find(key) != malformed_.end();
}

bool params::has(std::string_view key) const {
  return values_.find(key) != values_.end() || malformed(key);
}

void params::add(std::string key, std::string value) {
  if (has(key)) return;
  values_.emplace(std::move(key), std::move(value));
}

void params::add_malformed(std::string key) {
  if (has(key)) return;
  malformed_.insert(std::move(key));
}

name_values decode_form(std::string_view text) {
  name_values out;
  while (!text.empty()) {
    auto amp = text.find('&');
    auto pair = text.substr(0, amp);
    text.remove_prefix(amp == std::string_view::npos ? text.size() : amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto name = decode_component(pair.substr(0, eq));
    auto value =
        eq == std::string_view::npos ? std::string{} : decode_component(pair.substr(eq + 1));
    if (!name.empty()) out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

std::optional<name_values> decode_multipart(std::string_view content_type, std::string_view body) {
  auto parts = parse_form_data(content_type, body);
  if (!parts) return std::nullopt;
  name_values out;
  for (auto& part : *parts)
    if (!part.filename)  // a file: node-api has no file fields
      out.emplace_back(std::move(part.name), std::string{part.body});
  return out;
}

std::variant<params, reply> read_params(const request_parts& in) {
  params out;
  const auto type = media_type(in.content_type);
  if (!in.body.empty()) {
    if (is_json_body(type, in.body)) {
      if (auto rejected = add_json(in.body, out)) return std::move(*rejected);
    } else if (type == "multipart/form-data") {
      auto fields = decode_multipart(in.content_type, in.body);
      if (!fields) return invalid("multipart请求体错误");
      for (auto& [k, v] : *fields) out.add(std::move(k), std::move(v));
    } else if (type == "application/x-www-form-urlencoded" || type.empty()) {
      for (auto& [k, v] : decode_form(in.body)) out.add(std::move(k), std::move(v));
    }
  }
  for (auto& [k, v] : decode_form(in.query)) out.add(std::move(k), std::move(v));
  return out;
}

}  // namespace mjgate::http::node
