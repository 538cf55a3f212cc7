// The idempotency keeper over a real database (both backends): one claim
// runs, duplicates wait for its answer (or take over when it is dropped, or
// give up after the wait), a stored answer survives a new keeper (restart),
// and an expired one no longer counts (api-contracts.md §1.6).
#include <gtest/gtest.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <optional>

#include "backend_fixture.hpp"
#include "domain/idempotency.hpp"
#include "persistence/idempotency_keeper.hpp"

namespace mjgate::persistence::test {
namespace {

using namespace std::chrono_literals;
using actors::idem_claim;
using actors::stored_response;

caf::actor_system_config& system_config() {
  static caf::actor_system_config cfg = [] {
    caf::actor_system_config c;
    c.add_message_types<caf::id_block::mjgate>();
    c.set("scheduler.max-threads", 2);
    return c;
  }();
  return cfg;
}

class keeper : public backend_fixture {
 protected:
  void SetUp() override {
    backend_fixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    sys_ = std::make_unique<caf::actor_system>(system_config());
  }
  void TearDown() override {
    for (auto& a : spawned_) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    spawned_.clear();
    sys_.reset();
    backend_fixture::TearDown();
  }

  actors::idempotency_actor spawn(std::chrono::milliseconds wait = 10s) {
    idempotency_settings s;
    s.dsn = dsn_text;
    s.wait = wait;
    s.clock = [this] { return clock_.load(); };
    auto a = spawn_idempotency_keeper(*sys_, s);
    spawned_.push_back(a);
    return a;
  }

  /// The claim's answer, or the error's domain code.
  std::variant<idem_claim, domain::errc> claim(const actors::idempotency_actor& k,
                                               std::int64_t user, const std::string& key) {
    caf::scoped_actor self{*sys_};
    std::variant<idem_claim, domain::errc> out = domain::errc::internal;
    self->request(k, 20s, actors::idem_claim_atom_v, user, key)
        .receive([&](idem_claim& c) { out = c; },
                 [&](caf::error& e) { out = static_cast<domain::errc>(e.code()); });
    return out;
  }

  bool done(const actors::idempotency_actor& k, std::int64_t user, const std::string& key,
            stored_response r) {
    caf::scoped_actor self{*sys_};
    bool ok = false;
    self->request(k, 20s, actors::idem_done_atom_v, user, key, std::move(r))
        .receive([&](bool b) { ok = b; }, [&](caf::error&) {});
    return ok;
  }

  std::unique_ptr<caf::actor_system> sys_;
  std::vector<actors::idempotency_actor> spawned_;
  std::atomic<std::int64_t> clock_{1'700'000'000'000};
};

stored_response answer(std::string body) {
  return stored_response{200, {"X-New-Api-Other-Ratios", "{}"}, std::move(body), 0};
}

TEST_P(keeper, first_claim_runs_then_the_stored_answer_replays_across_a_restart) {
  auto k = spawn();
  auto first = claim(k, 7, "a");
  ASSERT_TRUE(std::holds_alternative<idem_claim>(first));
  EXPECT_FALSE(std::get<idem_claim>(first).replay);
  ASSERT_TRUE(done(k, 7, "a", answer(R"({"code":1,"result":"x"})")));
  auto again = std::get<idem_claim>(claim(k, 7, "a"));
  EXPECT_TRUE(again.replay);
  EXPECT_EQ(again.response.status, 200);
  EXPECT_EQ(again.response.body, R"({"code":1,"result":"x"})");
  EXPECT_EQ(again.response.headers, (std::vector<std::string>{"X-New-Api-Other-Ratios", "{}"}));
  // Scoped per user.
  EXPECT_FALSE(std::get<idem_claim>(claim(k, 8, "a")).replay);
  // A new keeper on the same database (a restart) still replays it.
  caf::anon_send_exit(k, caf::exit_reason::user_shutdown);
  auto k2 = spawn();
  auto after = std::get<idem_claim>(claim(k2, 7, "a"));
  EXPECT_TRUE(after.replay);
  EXPECT_EQ(after.response.body, R"({"code":1,"result":"x"})");
  // 24 h later it has expired: the key runs again.
  clock_ += domain::idempotency_ttl_ms;
  EXPECT_FALSE(std::get<idem_claim>(claim(k2, 7, "a")).replay);
}

TEST_P(keeper, a_duplicate_waits_for_the_first_answer) {
  auto k = spawn();
  ASSERT_FALSE(std::get<idem_claim>(claim(k, 1, "w")).replay);
  std::promise<idem_claim> p;
  auto waited = p.get_future();
  sys_->spawn([k, &p](caf::event_based_actor* a) {
    a->request(k, 20s, actors::idem_claim_atom_v, std::int64_t{1}, std::string{"w"})
        .then([&p](idem_claim& c) { p.set_value(c); },
              [&p](caf::error&) { p.set_value(idem_claim{}); });
  });
  EXPECT_EQ(waited.wait_for(200ms), std::future_status::timeout) << "it waits";
  EXPECT_TRUE(done(k, 1, "w", answer("first")));
  ASSERT_EQ(waited.wait_for(10s), std::future_status::ready);
  auto c = waited.get();
  EXPECT_TRUE(c.replay);
  EXPECT_EQ(c.response.body, "first");
}

TEST_P(keeper, a_dropped_answer_hands_the_key_to_the_next_waiter_and_waits_end) {
  auto k = spawn(300ms);
  ASSERT_FALSE(std::get<idem_claim>(claim(k, 1, "d")).replay);
  // Nobody reports within 300 ms: the duplicate gives up with conflict.
  auto busy = claim(k, 1, "d");
  ASSERT_TRUE(std::holds_alternative<domain::errc>(busy));
  EXPECT_EQ(std::get<domain::errc>(busy), domain::errc::conflict);
  // The first drops its (transient) answer: the key is free again.
  caf::anon_send(k, actors::idem_drop_atom_v, std::int64_t{1}, std::string{"d"});
  EXPECT_FALSE(std::get<idem_claim>(claim(k, 1, "d")).replay);
}

TEST_P(keeper, prune_removes_expired_rows) {
  auto k = spawn();
  ASSERT_FALSE(std::get<idem_claim>(claim(k, 3, "p")).replay);
  ASSERT_TRUE(done(k, 3, "p", answer("old")));
  clock_ += domain::idempotency_ttl_ms + 1;
  caf::scoped_actor self{*sys_};
  std::int32_t n = -2;
  self->request(k, 20s, actors::prune_atom_v)
      .receive([&](std::int32_t x) { n = x; }, [&](caf::error&) {});
  EXPECT_EQ(n, 1);
}

INSTANTIATE_TEST_SUITE_P(sqlite, keeper, ::testing::Values("sqlite"));
INSTANTIATE_TEST_SUITE_P(postgres, keeper, ::testing::Values("postgres"));

}  // namespace
}  // namespace mjgate::persistence::test
