#include "http/dialects/node/envelope.hpp"

#include <nlohmann/json.hpp>

namespace mjgate::http::node {

reply error_reply(int status, std::string_view description) {
  nlohmann::ordered_json j;
  j["code"] = 0;
  j["description"] = description;
  return json_reply(status, j);
}

reply invalid(std::string_view description) {
  return error_reply(400, description);
}

reply submit_ok(std::string_view uuid) {
  nlohmann::ordered_json j;
  j["code"] = 1;
  j["description"] = "成功";
  j["result"] = uuid;
  return json_reply(200, j);
}

reply task_missing() {
  return error_reply(400, "任务不存在");
}

reply method_not_allowed() {
  return error_reply(405, "method not allowed");
}

reply unauthorized() {
  return error_reply(401, "unauthorized");
}

}  // namespace mjgate::http::node
