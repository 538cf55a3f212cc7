// The channel poller against the simulator's Suno upstream over loopback:
// submit, progress to SUCCESS, batching, lost and timed-out tasks, and a
// channel that is down and then up. A fake owner records the patches; waits
// are bounded and event-driven (a condition variable).
#include "actors/channel_poller.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/after.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "discord/http_client.hpp"
#include "sim/simulator.hpp"

using namespace mjgate;
using namespace std::chrono_literals;

namespace {

/// What the fake owners saw, per task id.
struct patch_log {
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::string, std::vector<domain::task_patch>> by_task;

  void add(const std::string& id, const domain::task_patch& p) {
    std::lock_guard lock{mu};
    by_task[id].push_back(p);
    cv.notify_all();
  }

  /// The last patch of `id` once it is terminal (or nullopt after `limit`).
  std::optional<domain::task_patch> terminal(const std::string& id, std::chrono::seconds limit) {
    std::unique_lock lock{mu};
    std::optional<domain::task_patch> out;
    cv.wait_for(lock, limit, [&] {
      auto it = by_task.find(id);
      if (it == by_task.end() || it->second.empty()) return false;
      if (!domain::is_terminal(it->second.back().status)) return false;
      out = it->second.back();
      return true;
    });
    return out;
  }

  std::vector<domain::task_patch> of(const std::string& id) {
    std::lock_guard lock{mu};
    return by_task[id];
  }
};

actors::task_actor fake_owner(caf::actor_system& sys, std::string id,
                              std::shared_ptr<patch_log> log) {
  return sys.spawn([id, log]() -> actors::task_actor::behavior_type {
    return {
        [id, log](actors::patch_atom, const domain::task_patch& p) { log->add(id, p); },
        [](actors::cancel_atom) -> caf::result<bool> { return false; },
        [](actors::modal_atom, std::string&, std::int64_t) -> caf::result<bool> { return false; },
        [](actors::edit_atom, actors::task_edit&) -> caf::result<bool> { return false; },
        [](actors::expire_atom, std::uint64_t) {},
    };
  });
}

struct poller_fixture : ::testing::Test {
  poller_fixture() : work(boost::asio::make_work_guard(io)) {
    sim::options so;
    so.pace = sim::speed::bench;
    so.accounts = 1;
    so.suno_keys = {"good-key"};
    so.suno_step_ms = 40;
    simulator.emplace(so);
    simulator->start();
    cfg.add_message_types<caf::id_block::mjgate>();
    cfg.set("scheduler.max-threads", 2);
    sys.emplace(cfg);
    io_thread = std::thread{[this] { io.run(); }};
  }

  ~poller_fixture() override {
    for (auto& p : pollers) caf::anon_send_exit(p, caf::exit_reason::user_shutdown);
    sys->await_all_actors_done();
    work.reset();
    io.stop();
    io_thread.join();
    simulator->stop();
  }

  actors::channel_poller_actor poller(actors::poll_settings s = settings(),
                                      std::string key = "good-key") {
    domain::channel c;
    c.id = 1;
    c.base_url = simulator->base_url();
    c.key = std::move(key);
    pollers.push_back(actors::spawn_channel_poller(*sys, c, &http, s));
    return pollers.back();
  }

  static actors::poll_settings settings() {
    actors::poll_settings s;
    s.interval = 50ms;
    s.batch = 2;
    s.request_timeout = 2s;
    s.backoff_base = 100ms;
    s.backoff_max = 200ms;
    s.limits.lost_after = 2;
    s.limits.lost_min_age = 0ms;
    return s;
  }

  actors::relay_submit_result submit(const actors::channel_poller_actor& p,
                                     const std::string& prompt) {
    actors::relay_submit_result out;
    caf::scoped_actor self{*sys};
    self->request(p, 5s, actors::submit_atom_v, std::string{"MUSIC"},
                  nlohmann::json{{"prompt", prompt}}.dump(), std::int64_t{2000})
        .receive([&](actors::relay_submit_result& r) { out = r; },
                 [](const caf::error& err) { ADD_FAILURE() << to_string(err); });
    return out;
  }

  /// Submits and hands the task to the poller under local id `id`.
  void run(const actors::channel_poller_actor& p, const std::string& id,
           const std::string& prompt) {
    auto r = submit(p, prompt);
    ASSERT_EQ(r.status, 200);
    ASSERT_FALSE(r.upstream_id.empty());
    caf::anon_send(p, actors::adopt_atom_v, id, r.upstream_id, actors_now(),
                   fake_owner(*sys, id, log));
  }

  static std::int64_t actors_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  nlohmann::json sim_stats() {
    discord::http_request req;
    req.url = simulator->base_url() + "/_sim/suno";
    std::promise<std::string> body;
    http.send(req, [&](discord::http_response r) { body.set_value(r.body); });
    return nlohmann::json::parse(body.get_future().get());
  }

  void sim_control(const nlohmann::json& j) {
    discord::http_request req;
    req.method = "POST";
    req.url = simulator->base_url() + "/_sim/suno";
    req.body = j.dump();
    std::promise<int> status;
    http.send(req, [&](discord::http_response r) { status.set_value(r.status); });
    ASSERT_EQ(status.get_future().get(), 200);
  }

  std::optional<sim::simulator> simulator;
  caf::actor_system_config cfg;
  std::optional<caf::actor_system> sys;
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work;
  std::thread io_thread;
  discord::http_client http{io};
  std::vector<actors::channel_poller_actor> pollers;
  std::shared_ptr<patch_log> log = std::make_shared<patch_log>();
};

}  // namespace

TEST_F(poller_fixture, a_wrong_key_is_a_failed_submit_not_an_error) {
  auto p = poller(settings(), "bad-key");
  auto r = submit(p, "x");
  EXPECT_EQ(r.status, 401);
  EXPECT_TRUE(r.upstream_id.empty());
  EXPECT_EQ(submit(poller(), "y #suno:5xx").status, 500);
}

TEST_F(poller_fixture, tasks_progress_to_success_in_batches) {
  // Each status lasts 300 ms, six polling intervals: a progress patch is seen
  // before SUCCESS even when a loaded machine stretches a round.
  sim_control({{"step_ms", 300}});
  auto p = poller();
  for (int i = 0; i < 5; ++i) run(p, "t" + std::to_string(i), "song " + std::to_string(i));
  for (int i = 0; i < 5; ++i) {
    auto id = "t" + std::to_string(i);
    auto last = log->terminal(id, 10s);
    ASSERT_TRUE(last) << id;
    EXPECT_EQ(last->status, domain::task_status::success);
    EXPECT_NE(last->upstream_data.find(".mp3"), std::string::npos);
    auto all = log->of(id);
    EXPECT_GE(all.size(), 2u);                    // progress before the result
    for (std::size_t k = 1; k < all.size(); ++k)  // only changes are sent
      EXPECT_FALSE(all[k].status == all[k - 1].status &&
                   all[k].upstream_data == all[k - 1].upstream_data);
  }
  auto stats = sim_stats();
  // Five ids in batches of two: every round asks at most 2 ids per call.
  EXPECT_GE(stats["fetches"].get<int>(), 3);
  caf::scoped_actor self{*sys};
  self->request(p, 5s, actors::status_atom_v)
      .receive([](std::size_t n) { EXPECT_EQ(n, 0u); }, [](const caf::error&) { FAIL(); });
}

TEST_F(poller_fixture, upstream_failure_forgotten_and_timed_out_tasks_fail) {
  auto p = poller();
  run(p, "bad", "x #suno:fail");
  run(p, "gone", "y #suno:forget");
  auto failed = log->terminal("bad", 10s);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, domain::task_status::failure);
  EXPECT_FALSE(failed->fail_reason.empty());
  auto lost = log->terminal("gone", 10s);
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->fail_reason, domain::relay_lost_reason);

  auto s = settings();
  s.limits.task_timeout = 300ms;
  auto slow = poller(s);
  sim_control({{"step_ms", 60000}});
  run(slow, "slow", "z");
  auto timed_out = log->terminal("slow", 10s);
  ASSERT_TRUE(timed_out);
  EXPECT_EQ(timed_out->fail_reason, domain::relay_timeout_reason);
}

TEST_F(poller_fixture, a_channel_that_is_down_backs_off_and_then_finishes_its_tasks) {
  auto p = poller();
  sim_control({{"step_ms", 60000}});
  run(p, "storm", "through the storm");
  sim_control({{"down", true}, {"step_ms", 40}});
  EXPECT_FALSE(log->terminal("storm", 1s));  // nothing lost while the upstream is down
  auto fetches_while_down = sim_stats()["fetches"].get<int>();
  sim_control({{"down", false}});
  auto done = log->terminal("storm", 10s);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, domain::task_status::success);
  EXPECT_GT(sim_stats()["fetches"].get<int>(), fetches_while_down);
}

// Admin update (issue 6): a new key takes effect from the next call, and the
// tasks in flight stay with the poller.
TEST_F(poller_fixture, an_update_changes_the_key_live_and_keeps_tasks_in_flight) {
  sim_control({{"step_ms", 60000}});  // nothing finishes on its own
  auto p = poller();
  run(p, "kept", "held in flight");
  domain::channel c;
  c.id = 1;
  c.base_url = simulator->base_url();
  c.key = "bad-key";
  caf::anon_send(p, actors::update_atom_v, c);
  EXPECT_EQ(submit(p, "with the new key").status, 401);
  c.key = "good-key";
  caf::anon_send(p, actors::update_atom_v, c);
  EXPECT_EQ(submit(p, "key restored").status, 200);
  caf::scoped_actor self{*sys};
  self->request(p, 5s, actors::status_atom_v)
      .receive([](std::size_t n) { EXPECT_EQ(n, 1u); }, [](const caf::error&) { FAIL(); });
  sim_control({{"step_ms", 40}});
}

// Admin delete (issue 6): every task in flight fails with the reason, once,
// and the poller quits; later upstream answers reach nobody.
TEST_F(poller_fixture, retire_fails_every_task_in_flight_once_and_quits) {
  sim_control({{"step_ms", 60000}});
  auto p = poller();
  for (int i = 0; i < 3; ++i) run(p, "r" + std::to_string(i), "in flight " + std::to_string(i));
  caf::scoped_actor self{*sys};
  self->monitor(p);
  caf::anon_send(p, actors::retire_atom_v, std::string{"渠道已删除"});
  for (int i = 0; i < 3; ++i) {
    auto id = "r" + std::to_string(i);
    auto last = log->terminal(id, 10s);
    ASSERT_TRUE(last) << id;
    EXPECT_EQ(last->status, domain::task_status::failure);
    EXPECT_EQ(last->fail_reason, "渠道已删除");
  }
  bool down = false;
  self->receive([&](caf::down_msg& dm) { down = dm.source == p.address(); },
                caf::after(5s) >> [] {});
  EXPECT_TRUE(down);
  sim_control({{"step_ms", 40}});
  // One terminal patch each, and it is the last: the poller is gone.
  for (int i = 0; i < 3; ++i) {
    auto all = log->of("r" + std::to_string(i));
    EXPECT_EQ(std::count_if(all.begin(), all.end(),
                            [](const auto& p) { return domain::is_terminal(p.status); }),
              1);
    EXPECT_EQ(all.back().fail_reason, "渠道已删除");
  }
}
