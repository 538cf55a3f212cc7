#include "http/dialects/backend/login.hpp"

#include "http/dialects/backend/envelope.hpp"

namespace mjgate::http::backend {

std::variant<login_fields, reply> parse_login(std::string_view body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return error_reply(code::invalid_request, "请求体必须是JSON对象");
  login_fields f;
  for (auto [key, out] : {std::pair{"name", &f.name}, std::pair{"password", &f.password}}) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
      return error_reply(code::invalid_request, std::string{key} + "不能为空");
    if (it->get_ref<const std::string&>().size() > 128)
      return error_reply(code::invalid_request, std::string{key} + "过长");
    *out = it->get<std::string>();
  }
  return f;
}

nlohmann::ordered_json render_login(const domain::user& u) {
  auto j = ok_envelope("ok");
  nlohmann::ordered_json data;
  data["uid"] = u.id;
  data["name"] = u.name;
  data["role"] = domain::backend_role_bits(u.role);
  data["perm"] = 0;
  j["data"] = std::move(data);
  return j;
}

}  // namespace mjgate::http::backend
