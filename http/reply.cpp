#include "http/reply.hpp"

namespace mjgate::http {

std::string dump_json(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

reply json_reply(int status, const nlohmann::ordered_json& j) {
  return reply{status, dump_json(j), {}};
}

}  // namespace mjgate::http
