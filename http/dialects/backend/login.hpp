// The backend login's request and answer (api-contracts.md §7.2): pure
// parsing of {"name","password"} and rendering of the LoginData envelope.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "domain/user.hpp"
#include "http/reply.hpp"

namespace mjgate::http::backend {

struct login_fields {
  std::string name;
  std::string password;
};

/// A JSON object with non-empty string `name` and `password` (≤ 128 bytes
/// each); else the 10102 answer naming the field.
std::variant<login_fields, reply> parse_login(std::string_view body);

/// {"code":0,"msg":"ok","error":"","data":{"uid","name","role","perm"}} with
/// role as the §7.2 bitmask and perm 0.
nlohmann::ordered_json render_login(const domain::user& u);

}  // namespace mjgate::http::backend
