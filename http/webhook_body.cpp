#include "http/webhook_body.hpp"

#include "http/dialects/mj/task_json.hpp"
#include "http/dialects/node/document.hpp"

namespace mjgate::http {

std::optional<std::string> webhook_body(const domain::task& t, const node::options& node) {
  if (t.origin != "node") return mj::render_task(t);
  if (!domain::is_terminal(t.status) && !node.notify_progress) return std::nullopt;
  return node::render_document(t, node.progress);
}

}  // namespace mjgate::http
