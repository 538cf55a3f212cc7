#include "http/dialects/backend/task_requests.hpp"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "domain/text.hpp"
#include "http/dialects/backend/envelope.hpp"
#include "http/dialects/mj/submit_fields.hpp"

namespace mjgate::http::backend {

namespace {

using json = nlohmann::json;

reply invalid(std::string_view msg) {
  return error_reply(code::invalid_request, msg);
}

std::variant<json, reply> parse_object(std::string_view body) {
  auto doc = json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return invalid("请求体不是合法的JSON对象");
  return doc;
}

bool present(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && !it->is_null();
}

// Code points of UTF-8 text (continuation bytes are not counted).
std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::optional<reply> read_id(const json& obj, std::int64_t& out) {
  std::optional<std::int64_t> v;
  if (!mj::read_optional_int(obj, "id", v) || !v || *v <= 0) return invalid("id参数错误");
  out = *v;
  return std::nullopt;
}

std::optional<reply> read_priority(const json& obj, int& out) {
  std::optional<std::int64_t> v;
  if (!mj::read_optional_int(obj, "priority", v) || (v && (*v < -128 || *v > 127)))
    return invalid("priority必须是-128到127的整数");
  if (v) out = static_cast<int>(*v);
  return std::nullopt;
}

std::optional<reply> read_note(const json& obj, std::string& out) {
  if (!mj::read_optional_string(obj, "note", out)) return invalid("note必须是字符串");
  if (code_points(out) > max_note_chars) return invalid("note不能超过255个字符");
  return std::nullopt;
}

// A non-negative decimal number without sign; nullopt otherwise.
std::optional<std::int64_t> non_negative(std::string_view s) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || n < 0) return std::nullopt;
  return n;
}

}  // namespace

std::variant<create_request, reply> parse_create(std::string_view body) {
  auto doc = parse_object(body);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  const auto& obj = std::get<json>(doc);
  create_request out;
  if (!mj::read_optional_string(obj, "type", out.type)) return invalid("type参数错误");
  if (out.type.empty()) return invalid("type不能为空");
  if (out.type != "image" && out.type != "video") return invalid("type必须是image或video");
  if (auto r = read_priority(obj, out.priority)) return std::move(*r);
  if (!mj::read_optional_string(obj, "input", out.input)) return invalid("input必须是字符串");
  if (domain::trim(out.input).empty()) return invalid("input不能为空");
  if (auto r = read_note(obj, out.note)) return std::move(*r);
  return out;
}

std::variant<video_input, reply> parse_video_input(std::string_view input) {
  auto text = domain::trim(input);
  auto space = text.find_first_of(" \t\r\n");
  auto url = text.substr(0, space);
  if (!mj::is_http_url(url)) return invalid("video的input必须以图片地址(http/https)开头");
  video_input out;
  out.image_url = std::string{url};
  if (space != std::string_view::npos) out.prompt = std::string{domain::trim(text.substr(space))};
  return out;
}

std::variant<update_request, reply> parse_update(std::string_view body) {
  auto doc = parse_object(body);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  const auto& obj = std::get<json>(doc);
  update_request out;
  if (auto r = read_id(obj, out.id)) return std::move(*r);
  if (present(obj, "note")) {
    std::string note;
    if (auto r = read_note(obj, note)) return std::move(*r);
    out.note = std::move(note);
  }
  if (present(obj, "priority")) {
    int priority = 0;
    if (auto r = read_priority(obj, priority)) return std::move(*r);
    out.priority = priority;
  }
  return out;
}

std::variant<status_request, reply> parse_status(std::string_view body) {
  auto doc = parse_object(body);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  const auto& obj = std::get<json>(doc);
  status_request out;
  if (auto r = read_id(obj, out.id)) return std::move(*r);
  std::optional<std::int64_t> status;
  if (!mj::read_optional_int(obj, "status", status) || !status) return invalid("status参数错误");
  out.status = *status;
  return out;
}

std::variant<std::vector<std::int64_t>, reply> parse_delete(std::string_view body) {
  std::vector<std::int64_t> out;
  if (domain::trim(body).empty()) return out;
  auto doc = parse_object(body);
  if (auto* r = std::get_if<reply>(&doc)) return std::move(*r);
  const auto& obj = std::get<json>(doc);
  if (!present(obj, "ids")) return out;
  const auto& ids = obj["ids"];
  if (!ids.is_array()) return invalid("ids必须是数组");
  if (ids.size() > max_delete_ids) return invalid("ids不能超过1000个");
  for (const auto& v : ids) {
    if (!v.is_number_integer() && !v.is_number_unsigned()) return invalid("ids必须是整数数组");
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
      continue;  // no such seq
    out.push_back(v.get<std::int64_t>());
  }
  return out;
}

std::variant<std::int64_t, reply> parse_task_id(std::optional<std::string_view> text) {
  auto n = text ? non_negative(domain::trim(*text)) : std::nullopt;
  if (!n || *n == 0) return invalid("id参数错误");
  return *n;
}

std::variant<page_request, reply> parse_page(std::optional<std::string_view> offset,
                                             std::optional<std::string_view> limit,
                                             std::optional<std::string_view> all) {
  page_request out;
  if (offset && !offset->empty()) {
    auto n = non_negative(*offset);
    if (!n) return invalid("offset必须是非负整数");
    out.offset = *n;
  }
  if (limit && !limit->empty()) {
    auto n = non_negative(*limit);
    if (!n) return invalid("limit必须是非负整数");
    out.limit = static_cast<int>(std::min<std::int64_t>(*n, max_page_limit));
  }
  if (all) out.all = *all == "1" || *all == "true";
  return out;
}

}  // namespace mjgate::http::backend
