// The callback body by origin (api-contracts.md §3.8, §6.6).
#include <gtest/gtest.h>

#include "http/dialects/mj/task_json.hpp"
#include "http/dialects/node/document.hpp"
#include "http/webhook_body.hpp"

namespace {

using namespace mjgate;
using domain::task_status;
namespace node = mjgate::http::node;

domain::task with(std::string origin, task_status s, int progress) {
  domain::task t;
  t.id = "1718000000000100";
  t.uuid = "8a2c5959-143b-46c5-adb6-242652ac8141";
  t.origin = std::move(origin);
  t.status = s;
  t.progress = progress;
  return t;
}

TEST(webhook_body, mj_tasks_post_the_task_json_on_every_event) {
  for (auto s : {task_status::submitted, task_status::in_progress, task_status::success}) {
    auto t = with("mj", s, 40);
    EXPECT_EQ(http::webhook_body(t, {}), http::mj::render_task(t));
  }
}

TEST(webhook_body, node_tasks_post_the_document_on_the_terminal_event_only) {
  node::options opts;
  for (auto s : {task_status::modal, task_status::submitted, task_status::in_progress})
    EXPECT_EQ(http::webhook_body(with("node", s, 40), opts), std::nullopt);
  for (auto s : {task_status::success, task_status::failure, task_status::cancel}) {
    auto t = with("node", s, 40);
    EXPECT_EQ(http::webhook_body(t, opts), node::render_document(t, opts.progress));
  }
  opts.notify_progress = true;
  opts.progress = node::progress_style::legacy;
  auto running = with("node", task_status::in_progress, 40);
  EXPECT_EQ(http::webhook_body(running, opts),
            node::render_document(running, node::progress_style::legacy));
}

}  // namespace
