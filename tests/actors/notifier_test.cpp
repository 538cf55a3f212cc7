// The notifier against a real loopback receiver: retries with backoff, order
// per task, 410 stops, flush. Real actor system and HTTP client; waits are
// bounded and event-driven (flush / the sink's condition variable).
#include "actors/notifier.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <thread>

#include "discord/http_client.hpp"
#include "tests/actors/webhook_sink.hpp"

using namespace mjgate;
using namespace std::chrono_literals;

namespace {

struct notifier_fixture : ::testing::Test {
  notifier_fixture() : work(boost::asio::make_work_guard(io)) {
    cfg.add_message_types<caf::id_block::mjgate>();
    cfg.set("scheduler.max-threads", 2);
    sys.emplace(cfg);
    io_thread = std::thread{[this] { io.run(); }};
    actors::notifier_settings s;
    s.backoff_base = 10ms;
    s.backoff_max = 40ms;
    s.max_attempts = 3;
    s.timeout = 2s;
    notifier = actors::spawn_notifier(*sys, &http, s);
  }

  ~notifier_fixture() override {
    caf::anon_send_exit(notifier, caf::exit_reason::user_shutdown);
    sys->await_all_actors_done();
    work.reset();
    io.stop();
    io_thread.join();
  }

  actors::notify_event event(const std::string& url, int rank, bool terminal,
                             std::int64_t revision) {
    return {"t1", url, "rank=" + std::to_string(rank), revision, rank, terminal};
  }

  bool flush() {
    bool done = false;
    caf::scoped_actor self{*sys};
    self->request(notifier, 10s, actors::flush_atom_v)
        .receive([&](bool) { done = true; }, [](const caf::error&) {});
    return done;
  }

  caf::actor_system_config cfg;
  std::optional<caf::actor_system> sys;
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work;
  std::thread io_thread;
  discord::http_client http{io};
  actors::notifier_actor notifier;
};

}  // namespace

TEST_F(notifier_fixture, retries_a_failed_terminal_event_until_delivered) {
  webhook_sink sink{{500, 503}};
  caf::anon_send(notifier, actors::notify_atom_v, event(sink.url(), 500, true, 3));
  ASSERT_TRUE(flush());
  auto got = sink.bodies();
  ASSERT_EQ(got.size(), 3u);  // 500, 503, then 200
  for (const auto& b : got) EXPECT_EQ(b, "rank=500");
}

TEST_F(notifier_fixture, delivers_in_rank_order_and_terminal_last) {
  webhook_sink sink;
  caf::anon_send(notifier, actors::notify_atom_v, event(sink.url(), 200, false, 1));
  caf::anon_send(notifier, actors::notify_atom_v, event(sink.url(), 315, false, 2));
  caf::anon_send(notifier, actors::notify_atom_v, event(sink.url(), 346, false, 3));
  caf::anon_send(notifier, actors::notify_atom_v, event(sink.url(), 500, true, 4));
  ASSERT_TRUE(flush());
  auto got = sink.bodies();
  ASSERT_GE(got.size(), 2u);  // progress may coalesce; first and terminal never do
  EXPECT_EQ(got.front(), "rank=200");
  EXPECT_EQ(got.back(), "rank=500");
  for (std::size_t i = 1; i < got.size(); ++i) EXPECT_LT(got[i - 1], got[i]);
}

TEST_F(notifier_fixture, gone_stops_every_later_delivery_of_the_task) {
  webhook_sink sink{{410}};
  caf::anon_send(notifier, actors::notify_atom_v, event(sink.url(), 200, false, 1));
  ASSERT_TRUE(flush());
  caf::anon_send(notifier, actors::notify_atom_v, event(sink.url(), 500, true, 2));
  ASSERT_TRUE(flush());
  // 410 = "stop": neither a retry nor the later terminal event is posted.
  EXPECT_EQ(sink.bodies().size(), 1u);
}

TEST_F(notifier_fixture, gives_up_after_max_attempts) {
  webhook_sink sink{{500, 500, 500, 500, 500}};
  caf::anon_send(notifier, actors::notify_atom_v, event(sink.url(), 500, true, 1));
  ASSERT_TRUE(flush());
  EXPECT_EQ(sink.bodies().size(), 3u);  // max_attempts, then dropped with a warning
}
