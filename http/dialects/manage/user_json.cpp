#include "http/dialects/manage/user_json.hpp"

#include <charconv>
#include <limits>

#include <caf/error.hpp>
#include <caf/sec.hpp>

#include "domain/text.hpp"
#include "http/errors.hpp"

namespace mjgate::http::manage {

namespace {

using json = nlohmann::json;

std::optional<std::int64_t> to_int64(std::string_view text) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// Reads the optional fields of a user body into `e`; "" or the field at fault.
std::string read_user_fields(const json& j, domain::user_edit& e) {
  if (auto it = j.find("name"); it != j.end()) {
    if (!it->is_string()) return "name must be a string";
    e.has_name = true;
    e.name = it->get<std::string>();
  }
  if (auto it = j.find("role"); it != j.end()) {
    if (!it->is_number_integer()) return "role must be an integer";
    auto v = it->get<std::int64_t>();
    e.has_role = true;
    e.role = v < 0 || v > 1000 ? -1 : static_cast<int>(v);
  }
  if (auto it = j.find("group"); it != j.end()) {
    if (!it->is_string()) return "group must be a string";
    e.has_group = true;
    e.group = it->get<std::string>();
  }
  if (auto it = j.find("status"); it != j.end()) {
    if (!it->is_number_integer()) return "status must be an integer";
    auto v = it->get<std::int64_t>();
    e.has_status = true;
    e.status = v < 0 || v > 1000 ? -1 : static_cast<int>(v);
  }
  if (auto it = j.find("password"); it != j.end()) {
    if (!it->is_string()) return "password must be a string";
    e.has_password = true;
    e.password = it->get<std::string>();
  }
  if (auto it = j.find("quota"); it != j.end()) {
    if (!it->is_number_integer()) return "quota must be an integer";
    e.has_quota = true;
    e.quota = it->get<std::int64_t>();
  }
  return {};
}

std::variant<json, reply> object_body(std::string_view body, bool empty_ok) {
  if (empty_ok && domain::trim(body).empty()) return json::object();
  auto j = json::parse(body, nullptr, false);
  if (!j.is_object()) return error_reply(400, "the body must be a JSON object");
  return j;
}

}  // namespace

reply ok_reply(nlohmann::ordered_json data) {
  nlohmann::ordered_json j;
  j["code"] = 0;
  j["message"] = "";
  j["data"] = std::move(data);
  return json_reply(200, j);
}

reply error_reply(int status, std::string_view message) {
  nlohmann::ordered_json j;
  j["code"] = status;
  j["message"] = message;
  j["data"] = nullptr;
  return json_reply(status, j);
}

reply failure_reply(domain::errc code, std::string_view message) {
  using domain::errc;
  switch (code) {
    case errc::validation:
      return error_reply(400, message.empty() ? "invalid request" : message);
    case errc::unauthorized:
      return error_reply(401, "Unauthorized: invalid or missing API key");
    case errc::forbidden:
      return error_reply(403, message.empty() ? "forbidden" : message);
    case errc::not_found:
      return error_reply(404, message.empty() ? "not found" : message);
    case errc::conflict:
      return error_reply(409, message.empty() ? "conflict" : message);
    case errc::rate_limited:
      return error_reply(429, message.empty() ? "too many requests" : message);
    case errc::timeout:
      return error_reply(504, "timed out; try again");
    default:
      return error_reply(500, "internal error");
  }
}

reply failure_reply(const caf::error& err) {
  if (err == caf::sec::request_timeout) return failure_reply(domain::errc::timeout, {});
  auto code = domain_code(err);
  if (!code) return failure_reply(domain::errc::internal, {});
  return failure_reply(*code, context_string(err, 0, ""));
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  auto n = to_int64(text);
  if (!n || *n <= 0) return std::nullopt;
  return n;
}

std::variant<domain::user_edit, reply> parse_user_create(std::string_view body) {
  auto parsed = object_body(body, false);
  if (auto* rejected = std::get_if<reply>(&parsed)) return *rejected;
  domain::user_edit e;
  if (auto why = read_user_fields(std::get<json>(parsed), e); !why.empty())
    return error_reply(400, why);
  if (!e.has_name) return error_reply(400, "name is required");
  return e;
}

std::variant<domain::user_edit, reply> parse_user_update(std::string_view body, std::int64_t id) {
  auto parsed = object_body(body, false);
  if (auto* rejected = std::get_if<reply>(&parsed)) return *rejected;
  domain::user_edit e;
  e.id = id;
  if (auto why = read_user_fields(std::get<json>(parsed), e); !why.empty())
    return error_reply(400, why);
  if (!e.has_name && !e.has_role && !e.has_group && !e.has_status && !e.has_password &&
      !e.has_quota)
    return error_reply(400, "nothing to change: send name, role, group, status, password or quota");
  return e;
}

std::variant<actors::token_request, reply> parse_token_request(std::string_view body,
                                                               std::int64_t user_id) {
  auto parsed = object_body(body, true);
  if (auto* rejected = std::get_if<reply>(&parsed)) return *rejected;
  const auto& j = std::get<json>(parsed);
  actors::token_request t;
  t.user_id = user_id;
  if (auto it = j.find("name"); it != j.end()) {
    if (!it->is_string()) return error_reply(400, "name must be a string");
    t.name = it->get<std::string>();
  }
  if (auto it = j.find("expires_at"); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer())
      return error_reply(400, "expires_at must be an integer (epoch ms)");
    t.expires_at = it->get<std::int64_t>();
  }
  if (auto it = j.find("remaining_quota"); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer()) return error_reply(400, "remaining_quota must be an integer");
    t.remaining_quota = it->get<std::int64_t>();
  }
  return t;
}

std::variant<page_params, reply> parse_page(std::optional<std::string_view> offset,
                                            std::optional<std::string_view> limit) {
  page_params p;
  if (offset && !offset->empty()) {
    auto n = to_int64(*offset);
    if (!n || *n < 0) return error_reply(400, "offset must be a non-negative integer");
    p.offset = *n;
  }
  if (limit && !limit->empty()) {
    auto n = to_int64(*limit);
    if (!n || *n < 0) return error_reply(400, "limit must be a non-negative integer");
    p.limit = static_cast<int>(std::min<std::int64_t>(*n, 100));
  }
  return p;
}

nlohmann::ordered_json render_user(const domain::user& u) {
  nlohmann::ordered_json j;
  j["id"] = u.id;
  j["name"] = u.name;
  j["role"] = u.role;
  j["status"] = u.status;
  j["group"] = u.group;
  j["quota"] = u.quota;
  j["has_password"] = !u.password_hash.empty();
  j["has_access_token"] = !u.access_token_hash.empty();
  j["created_at"] = u.created_at;
  j["updated_at"] = u.updated_at;
  return j;
}

nlohmann::ordered_json render_user_page(const actors::user_page& page, const page_params& p) {
  nlohmann::ordered_json j;
  j["total"] = page.total;
  j["offset"] = p.offset;
  j["limit"] = p.limit;
  j["items"] = nlohmann::ordered_json::array();
  for (const auto& u : page.items) j["items"].push_back(render_user(u));
  return j;
}

nlohmann::ordered_json render_token(const domain::api_token& t) {
  nlohmann::ordered_json j;
  j["id"] = t.id;
  j["user_id"] = t.user_id;
  j["name"] = t.name;
  j["key"] = t.key_mask;
  j["status"] = t.status;
  j["expires_at"] = t.expires_at;
  j["remaining_quota"] = t.remaining_quota;
  j["created_at"] = t.created_at;
  return j;
}

nlohmann::ordered_json render_token_grant(const actors::token_grant& g) {
  auto j = render_token(g.token);
  j["key"] = g.key;
  return j;
}

}  // namespace mjgate::http::manage
