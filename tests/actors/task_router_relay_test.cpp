// The router's midjourney-proxy relay (api-contracts.md §5.4): routing modes,
// the row committed before the upstream call and the upstream id before the
// answer, the SubmitResultVO verdicts (1/22 accepted, 3 skip, 23 next, 4/24
// to the client) and the hand-over to the channel's poller. Real router,
// fake store and a scripted fake task center; no account, no Discord.
#include <gtest/gtest.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <mutex>
#include <thread>
#include <tuple>
#include <variant>

#include "actors/task_board.hpp"
#include "actors/task_router.hpp"
#include "domain/cancel.hpp"

namespace mjgate::actors {
namespace {

using namespace std::chrono_literals;
using tasks = std::vector<domain::task>;

/// What the fakes saw, in order ("insert", "relay", "update", "adopt").
struct journal {
  std::mutex mtx;
  std::vector<std::string> events;
  std::vector<domain::task> inserts;
  std::vector<domain::task> updates;
  std::vector<mj_relay_submit> relays;
  std::vector<std::vector<std::int64_t>> routes;  ///< the excluded channels of each route ask
  std::vector<std::pair<std::int64_t, std::string>> adopts;

  void note(std::string e) {
    std::lock_guard guard{mtx};
    events.push_back(std::move(e));
  }
  template <class T>
  std::vector<T> copy(const std::vector<T>& xs) {
    std::lock_guard guard{mtx};
    return xs;
  }
};

store_actor::behavior_type fake_store(store_actor::pointer, std::shared_ptr<journal> j) {
  auto no = [] { return caf::make_error(domain::errc::internal); };
  return {
      [=](insert_atom, domain::task& t) -> caf::result<std::int64_t> {
        std::lock_guard guard{j->mtx};
        j->events.push_back("insert");
        j->inserts.push_back(t);
        return static_cast<std::int64_t>(j->inserts.size());
      },
      [=](update_atom, domain::task& t) -> caf::result<bool> {
        std::lock_guard guard{j->mtx};
        j->events.push_back("update");
        j->updates.push_back(t);
        return true;
      },
      [=](fetch_atom, std::string&) -> caf::result<tasks> { return tasks{}; },
      [=](resolve_atom, std::string&) -> caf::result<tasks> { return tasks{}; },
      [=](list_atom, domain::task_query&) -> caf::result<tasks> { return tasks{}; },
      [=](page_atom, domain::task_page_query&) -> caf::result<domain::task_page> {
        return domain::task_page{};
      },
      [=](unfinished_atom) -> caf::result<tasks> { return tasks{}; },
      [=](upsert_atom, domain::account&) -> caf::result<bool> { return no(); },
      [=](accounts_atom) -> caf::result<std::vector<domain::account>> {
        return std::vector<domain::account>{};
      },
      [=](kv_get_atom, std::string&) -> caf::result<std::string> { return std::string{}; },
      [=](kv_put_atom, std::string&, std::string&) -> caf::result<bool> { return no(); },
      [=](remove_atom, std::string&) -> caf::result<bool> { return no(); },
      [=](flush_atom) -> caf::result<bool> { return true; },
      [=](upsert_atom, domain::channel&) -> caf::result<domain::channel> { return no(); },
      [=](channels_atom) -> caf::result<std::vector<domain::channel>> {
        return std::vector<domain::channel>{};
      },
      [=](remove_atom, std::int64_t) -> caf::result<bool> { return no(); },
  };
}

/// Channels 9 and 10. The prompt scripts channel 9's answer: "ok" → 1,
/// "queued" → 22 (2 ahead), "bad" → 4, "banned" → 24, "busy" → 23,
/// "refuse" → 3 (then channel 10 answers 22 with 1 ahead), "down" → no
/// answer; "nochannel" → no channel at all.
task_center_actor::behavior_type fake_center(task_center_actor::pointer self,
                                             std::shared_ptr<journal> j) {
  // "slow" prompts: the upstream answers after 300 ms (a detached sleeper).
  auto sleeper = self->spawn<caf::detached>([]() -> caf::behavior {
    return {[](int ms) {
      std::this_thread::sleep_for(std::chrono::milliseconds{ms});
      return ms;
    }};
  });
  return {
      [](submit_atom, suno_submit_command&) -> caf::result<domain::task> {
        return caf::make_error(domain::errc::no_account);
      },
      [](fetch_atom, const principal&, std::vector<std::string>&) -> caf::result<tasks> {
        return tasks{};
      },
      [=](route_atom, const std::string&,
          const std::vector<std::int64_t>& excluded) -> caf::result<std::int64_t> {
        std::lock_guard guard{j->mtx};
        j->routes.push_back(excluded);
        std::int64_t pick = 0;
        for (std::int64_t c : {9, 10})
          if (std::find(excluded.begin(), excluded.end(), c) == excluded.end()) {
            pick = c;
            break;
          }
        if (pick == 0) return caf::make_error(domain::errc::no_account);
        return pick;
      },
      [=](relay_atom, mj_relay_submit& s) -> caf::result<mj_relay_answer> {
        std::lock_guard guard{j->mtx};
        j->events.push_back("relay");
        j->relays.push_back(s);
        const auto& p = s.request.prompt;
        auto has = [&](const char* w) { return p.find(w) != std::string::npos; };
        // Cancels: "up-1" cancelled, "up-q" already final there, "up-10" unreachable,
        // "up-gone" unknown there (404).
        if (s.request.kind == "cancel") {
          const auto& id = s.request.task_id;
          if (id == "up-q")
            return mj_relay_answer{
                9, 200, R"({"code":4,"description":"任务已结束，无法取消","result":null})"};
          if (id == "up-10") return mj_relay_answer{10, 0, ""};
          if (id == "up-gone")
            return mj_relay_answer{9, 404, R"({"code":4,"description":"任务不存在"})"};
          return mj_relay_answer{9, 200,
                                 R"({"code":1,"description":"取消成功","result":")" + id + "\"}"};
        }
        if (s.request.kind == "action" && s.request.custom_id.find("BOOKMARK") != std::string::npos)
          return mj_relay_answer{9, 200, R"({"code":1,"result":")" + s.request.task_id + "\"}"};
        if (s.request.kind == "action" && s.request.custom_id == "MJ::Job::PicReader::all")
          return mj_relay_answer{
              9, 200,
              R"({"code":22,"result":"pa1,pa2,pa3,pa4","properties":{"numberOfQueues":2}})"};
        if (has("slow")) {
          auto rp = self->make_response_promise<mj_relay_answer>();
          const bool busy = has("busy");
          const std::string upstream = has("gone") ? "up-gone" : "up-slow";
          self->request(sleeper, 5s, 300).then([rp, busy, upstream](int) mutable {
            rp.deliver(busy
                           ? mj_relay_answer{9, 200, R"({"code":23,"result":null})"}
                           : mj_relay_answer{9, 200, R"({"code":1,"result":")" + upstream + "\"}"});
          });
          return rp;
        }
        if (s.request.kind == "modal")
          return mj_relay_answer{9, 200, R"({"code":1,"result":")" + s.request.task_id + "\"}"};
        if (s.request.kind == "action" &&
            s.request.custom_id.find("upsample::2::") != std::string::npos)
          return mj_relay_answer{9, 200, R"({"code":23,"result":null})"};
        if (s.request.kind == "action" || s.request.kind == "change")
          return mj_relay_answer{9, 200, R"({"code":1,"result":"up-child"})"};
        if (has("remix"))
          return mj_relay_answer{
              9, 200, R"({"code":21,"result":"up-m","properties":{"finalPrompt":"cat --v 7"}})"};
        if (s.channel_id == 10)
          return mj_relay_answer{
              10, 200, R"({"code":22,"result":"up-10","properties":{"numberOfQueues":1}})"};
        if (has("queued"))
          return mj_relay_answer{
              9, 200, R"({"code":22,"result":"up-q","properties":{"numberOfQueues":2}})"};
        if (has("bad"))
          return mj_relay_answer{9, 200, R"({"code":4,"description":"prompt过长","result":null})"};
        if (has("banned"))
          return mj_relay_answer{
              9, 200,
              R"({"code":24,"description":"可能包含敏感词","result":null,"properties":{"promptEn":"x","bannedWord":"gore"}})"};
        if (has("busy")) return mj_relay_answer{9, 200, R"({"code":23,"result":null})"};
        if (has("refuse")) return mj_relay_answer{9, 200, R"({"code":3,"result":null})"};
        if (has("down")) return mj_relay_answer{9, 0, ""};
        return mj_relay_answer{9, 200, R"({"code":1,"description":"提交成功","result":"up-1"})"};
      },
      [=](adopt_atom, std::int64_t channel, const std::string&, const std::string& upstream,
          std::int64_t, task_actor) {
        std::lock_guard guard{j->mtx};
        j->events.push_back("adopt");
        j->adopts.emplace_back(channel, upstream);
      },
      [](callback_atom, std::int64_t, const std::string&, std::string&) -> caf::result<bool> {
        return true;
      },
      [](create_atom, const domain::channel_edit&) -> caf::result<domain::channel> {
        return caf::make_error(domain::errc::forbidden);
      },
      [](channels_atom) -> std::vector<domain::channel> { return {}; },
      [](fetch_atom, std::int64_t) -> caf::result<domain::channel> {
        return caf::make_error(domain::errc::not_found);
      },
      [](update_atom, const domain::channel_edit&) -> caf::result<domain::channel> {
        return caf::make_error(domain::errc::forbidden);
      },
      [](remove_atom, std::int64_t) -> caf::result<bool> {
        return caf::make_error(domain::errc::forbidden);
      },
  };
}

caf::actor_system_config& configure(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::mjgate>();
  cfg.set("scheduler.max-threads", 2);
  return cfg;
}

struct env {
  explicit env(domain::routing_mode mode, bool with_center = true) : sys{configure(cfg)} {
    store = sys.spawn(fake_store, log);
    if (with_center) center = sys.spawn(fake_center, log);
    router_deps deps;
    deps.writer = store;
    deps.readers = {store};
    deps.board = board;
    deps.center = center;
    deps.settings.routing.fallback = mode;
    deps.settings.rate_limit_per_minute = 0;
    router = spawn_task_router(sys, std::move(deps));
  }
  ~env() {
    caf::anon_send_exit(router, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(store, caf::exit_reason::user_shutdown);
    if (center) caf::anon_send_exit(center, caf::exit_reason::user_shutdown);
  }

  template <class T, class... Ts>
  std::variant<T, caf::error> ask(Ts&&... xs) {
    caf::scoped_actor self{sys};
    std::variant<T, caf::error> out;
    self->request(router, 10s, std::forward<Ts>(xs)...)
        .receive([&](T& v) { out = std::move(v); }, [&](caf::error& err) { out = std::move(err); });
    return out;
  }

  std::variant<submit_result, caf::error> imagine(const std::string& prompt) {
    submit_command cmd;
    cmd.who = principal{5, false};
    cmd.prompt = prompt;
    cmd.files = {upload_file{"", "image/png", "png-bytes"}};
    cmd.speed = "RELAX";
    caf::scoped_actor self{sys};
    std::variant<submit_result, caf::error> out;
    self->request(router, 10s, submit_atom_v, std::move(cmd))
        .receive([&](submit_result& r) { out = std::move(r); },
                 [&](caf::error& err) { out = std::move(err); });
    return out;
  }

  caf::actor_system_config cfg;
  caf::actor_system sys;
  std::shared_ptr<journal> log = std::make_shared<journal>();
  std::shared_ptr<task_board> board = std::make_shared<task_board>(100);
  store_actor store;
  task_center_actor center;
  task_router_actor router;
};

domain::errc code_of(const std::variant<submit_result, caf::error>& r) {
  const auto* err = std::get_if<caf::error>(&r);
  if (!err) return domain::errc::none;
  return static_cast<domain::errc>(err->code());
}

TEST(router_relay, accepted_after_the_row_and_before_the_answer_with_the_upstream_id) {
  env e{domain::routing_mode::channels};
  auto r = e.imagine("a cat ok");
  ASSERT_TRUE(std::holds_alternative<submit_result>(r));
  const auto& res = std::get<submit_result>(r);
  EXPECT_EQ(res.queue_ahead, 0);
  EXPECT_FALSE(res.modal);
  auto events = e.log->copy(e.log->events);
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ((std::vector<std::string>{events[0], events[1], events[2]}),
            (std::vector<std::string>{"insert", "relay", "update"}));
  auto inserts = e.log->copy(e.log->inserts);
  ASSERT_EQ(inserts.size(), 1u);
  EXPECT_EQ(inserts[0].id, res.task_id);
  EXPECT_EQ(inserts[0].status, domain::task_status::not_start);
  EXPECT_EQ(inserts[0].channel_id, 9);
  EXPECT_TRUE(inserts[0].account_id.empty());
  auto updates = e.log->copy(e.log->updates);
  ASSERT_GE(updates.size(), 1u);
  EXPECT_EQ(updates[0].upstream_task_id, "up-1");
  EXPECT_EQ(updates[0].submit_code, 1);
  auto relays = e.log->copy(e.log->relays);
  ASSERT_EQ(relays.size(), 1u);
  EXPECT_EQ(relays[0].channel_id, 9);
  EXPECT_EQ(relays[0].speed, "RELAX");
  EXPECT_EQ(relays[0].request.kind, "imagine");
  EXPECT_EQ(relays[0].request.prompt, "a cat ok");  // no injected seed: the upstream adds its own
  EXPECT_EQ(relays[0].request.images,
            std::vector<std::string>{"data:image/png;base64,cG5nLWJ5dGVz"});
  EXPECT_TRUE(relays[0].request.notify_hook.empty());
  // The poller gets it (the answer may come just before the adopt is sent).
  for (int i = 0; i < 100 && e.log->copy(e.log->adopts).empty(); ++i)
    std::this_thread::sleep_for(10ms);
  auto adopts = e.log->copy(e.log->adopts);
  ASSERT_EQ(adopts.size(), 1u);
  EXPECT_EQ(adopts[0], (std::pair<std::int64_t, std::string>{9, "up-1"}));
}

TEST(router_relay, queued_upstream_answers_22_with_its_count) {
  env e{domain::routing_mode::channels};
  auto r = e.imagine("queued one");
  ASSERT_TRUE(std::holds_alternative<submit_result>(r));
  EXPECT_EQ(std::get<submit_result>(r).queue_ahead, 2);
}

TEST(router_relay, upstream_refusals_come_back_as_is_and_the_row_fails) {
  env e{domain::routing_mode::channels};
  auto bad = e.imagine("bad prompt");
  ASSERT_EQ(code_of(bad), domain::errc::validation);
  auto& err = std::get<caf::error>(bad);
  ASSERT_TRUE(err.context().match_element<std::string>(0));
  EXPECT_EQ(err.context().get_as<std::string>(0), "prompt过长");
  EXPECT_EQ(code_of(e.imagine("banned words")), domain::errc::banned_prompt);
  // Both rows were stored first, then failed through their owners.
  for (int i = 0; i < 100 && e.log->copy(e.log->updates).size() < 2; ++i)
    std::this_thread::sleep_for(10ms);
  auto updates = e.log->copy(e.log->updates);
  ASSERT_EQ(updates.size(), 2u);
  for (const auto& t : updates) {
    EXPECT_EQ(t.status, domain::task_status::failure);
    EXPECT_NE(t.fail_reason.find("上游拒绝"), std::string::npos) << t.fail_reason;
  }
  EXPECT_EQ(e.log->copy(e.log->relays).size(), 2u);  // never tried on another channel
}

TEST(router_relay, code_3_skips_the_channel_and_the_next_one_takes_it) {
  env e{domain::routing_mode::channels};
  auto r = e.imagine("refuse here");
  ASSERT_TRUE(std::holds_alternative<submit_result>(r));
  EXPECT_EQ(std::get<submit_result>(r).queue_ahead, 1);
  auto routes = e.log->copy(e.log->routes);
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[1], std::vector<std::int64_t>{9});
  auto updates = e.log->copy(e.log->updates);
  ASSERT_GE(updates.size(), 1u);
  EXPECT_EQ(updates[0].channel_id, 10);
  EXPECT_EQ(updates[0].upstream_task_id, "up-10");
  EXPECT_NE(updates[0].relay_attempts.find("code 3"), std::string::npos)
      << updates[0].relay_attempts;
  EXPECT_EQ(e.log->copy(e.log->inserts).size(), 1u);  // one row, whatever the channels tried
}

TEST(router_relay, a_busy_or_unreachable_channel_sends_new_tasks_to_the_next) {
  env e{domain::routing_mode::channels};
  for (const char* p : {"busy now", "down now"}) {
    auto r = e.imagine(p);
    ASSERT_TRUE(std::holds_alternative<submit_result>(r)) << p;
  }
  auto updates = e.log->copy(e.log->updates);
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0].channel_id, 10);
  EXPECT_EQ(updates[1].channel_id, 10);
}

/// A finished relayed parent on the board (channel 9, upstream id "up-p").
domain::task relayed_parent(env& e) {
  domain::task p;
  p.id = "1700000000000009";
  p.user_id = 5;
  p.status = domain::task_status::success;
  p.channel_id = 9;
  p.upstream_task_id = "up-p";
  p.job_id = "0f3c0000-0000-4000-8000-000000000001";
  p.buttons = {{"MJ::JOB::upsample::1::0f3c0000-0000-4000-8000-000000000001", "", "U1", 2, 2},
               {"MJ::JOB::upsample::2::0f3c0000-0000-4000-8000-000000000001", "", "U2", 2, 2}};
  e.board->publish(std::make_shared<const domain::task>(p));
  return p;
}

TEST(router_relay, follow_ups_go_to_the_parents_channel_against_its_upstream_id) {
  env e{domain::routing_mode::accounts};  // follow-ups go where the parent ran, whatever the mode
  auto parent = relayed_parent(e);
  follow_up_command cmd;
  cmd.who = principal{5, false};
  cmd.parent_id = parent.id;
  cmd.custom_id = parent.buttons[0].custom_id;
  auto r = e.ask<submit_result>(submit_atom_v, cmd);
  ASSERT_TRUE(std::holds_alternative<submit_result>(r));
  auto relays = e.log->copy(e.log->relays);
  ASSERT_EQ(relays.size(), 1u);
  EXPECT_EQ(relays[0].channel_id, 9);
  EXPECT_EQ(relays[0].request.kind, "action");
  EXPECT_EQ(relays[0].request.task_id, "up-p");
  EXPECT_EQ(relays[0].request.custom_id, parent.buttons[0].custom_id);
  EXPECT_TRUE(e.log->copy(e.log->routes).empty());  // pinned: no channel choice
  auto inserts = e.log->copy(e.log->inserts);
  ASSERT_EQ(inserts.size(), 1u);
  EXPECT_EQ(std::make_tuple(inserts[0].action, inserts[0].parent_id, inserts[0].channel_id),
            std::make_tuple(domain::task_action::upscale, parent.id, std::int64_t{9}));
  // U/V by index: /submit/change upstream.
  follow_up_command change;
  change.who = principal{5, false};
  change.parent_id = parent.id;
  change.change_action = domain::task_action::variation;
  change.index = 3;
  ASSERT_TRUE(std::holds_alternative<submit_result>(e.ask<submit_result>(submit_atom_v, change)));
  relays = e.log->copy(e.log->relays);
  ASSERT_EQ(relays.size(), 2u);
  EXPECT_EQ(std::make_tuple(relays[1].request.kind, relays[1].request.change_action,
                            relays[1].request.index),
            std::make_tuple(std::string{"change"}, std::string{"VARIATION"}, 3));
  // The parent's channel busy (the fake answers 23 for U2): 23, never another channel.
  cmd.custom_id = parent.buttons[1].custom_id;
  auto busy = e.ask<submit_result>(submit_atom_v, cmd);
  EXPECT_EQ(code_of(busy), domain::errc::queue_full);
  EXPECT_EQ(e.log->copy(e.log->relays).size(), 3u);
  EXPECT_TRUE(e.log->copy(e.log->routes).empty());
}

TEST(router_relay, an_upstream_modal_waits_here_and_the_confirm_is_relayed_too) {
  env e{domain::routing_mode::channels};
  auto r = e.imagine("remix me");
  ASSERT_TRUE(std::holds_alternative<submit_result>(r));
  const auto res = std::get<submit_result>(r);
  EXPECT_TRUE(res.modal);
  EXPECT_EQ(res.final_prompt, "cat --v 7");
  auto updates = e.log->copy(e.log->updates);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(std::make_tuple(updates[0].status, updates[0].upstream_task_id, updates[0].submit_code),
            std::make_tuple(domain::task_status::modal, std::string{"up-m"}, 21));
  EXPECT_TRUE(e.log->copy(e.log->adopts).empty());  // nothing to poll until confirmed
  modal_command m;
  m.who = principal{5, false};
  m.task_id = res.task_id;
  m.prompt = "a dog";
  auto confirmed = e.ask<submit_result>(modal_atom_v, m);
  ASSERT_TRUE(std::holds_alternative<submit_result>(confirmed));
  auto relays = e.log->copy(e.log->relays);
  ASSERT_EQ(relays.size(), 2u);
  EXPECT_EQ(
      std::make_tuple(relays[1].request.kind, relays[1].request.task_id, relays[1].request.prompt),
      std::make_tuple(std::string{"modal"}, std::string{"up-m"}, std::string{"a dog"}));
  for (int i = 0; i < 100 && e.log->copy(e.log->adopts).empty(); ++i)
    std::this_thread::sleep_for(10ms);
  auto adopts = e.log->copy(e.log->adopts);
  ASSERT_EQ(adopts.size(), 1u);
  EXPECT_EQ(adopts[0], (std::pair<std::int64_t, std::string>{9, "up-m"}));
}

TEST(router_relay, overflow_takes_the_channels_when_no_account_can) {
  env e{domain::routing_mode::accounts_then_channels};
  auto r = e.imagine("overflow ok");
  ASSERT_TRUE(std::holds_alternative<submit_result>(r));
  EXPECT_EQ(e.log->copy(e.log->relays).size(), 1u);
}

TEST(router_relay, accounts_only_never_asks_the_channels) {
  env e{domain::routing_mode::accounts};
  EXPECT_EQ(code_of(e.imagine("a cat ok")), domain::errc::no_account);
  EXPECT_TRUE(e.log->copy(e.log->routes).empty());
  EXPECT_TRUE(e.log->copy(e.log->inserts).empty());
}

TEST(router_relay, without_a_center_the_accounts_answer) {
  env e{domain::routing_mode::channels, false};
  EXPECT_EQ(code_of(e.imagine("a cat ok")), domain::errc::no_account);
}

/// The status on the board once it is `want` (bounded wait).
domain::task_status board_status(env& e, const std::string& id, domain::task_status want) {
  for (int i = 0; i < 200; ++i) {
    auto t = e.board->find(id);
    if (t && t->status == want) return want;
    std::this_thread::sleep_for(10ms);
  }
  auto t = e.board->find(id);
  return t ? t->status : domain::task_status::unknown;
}

std::variant<bool, caf::error> cancel(env& e, const std::string& id) {
  return e.ask<bool>(cancel_atom_v, principal{5, false}, id);
}

std::string error_text(const std::variant<bool, caf::error>& r) {
  const auto* err = std::get_if<caf::error>(&r);
  if (!err || !err->context().match_element<std::string>(0)) return {};
  return err->context().get_as<std::string>(0);
}

TEST(router_relay_cancel, goes_to_the_tasks_channel_then_the_task_is_cancel_here) {
  env e{domain::routing_mode::channels};
  auto r = e.imagine("a cat ok");
  ASSERT_TRUE(std::holds_alternative<submit_result>(r));
  auto id = std::get<submit_result>(r).task_id;
  auto done = cancel(e, id);
  ASSERT_TRUE(std::holds_alternative<bool>(done)) << to_string(std::get<caf::error>(done));
  auto relays = e.log->copy(e.log->relays);
  ASSERT_EQ(relays.size(), 2u);
  EXPECT_EQ(
      std::make_tuple(relays[1].channel_id, relays[1].request.kind, relays[1].request.task_id),
      std::make_tuple(std::int64_t{9}, std::string{"cancel"}, std::string{"up-1"}));
  EXPECT_EQ(board_status(e, id, domain::task_status::cancel), domain::task_status::cancel);
  auto updates = e.log->copy(e.log->updates);
  ASSERT_FALSE(updates.empty());
  EXPECT_EQ(std::make_tuple(updates.back().status, updates.back().fail_reason),
            std::make_tuple(domain::task_status::cancel, std::string{domain::cancel_reason}));
  // Cancelled: a second cancel is refused like any finished task's.
  EXPECT_EQ(error_text(cancel(e, id)), "任务已结束，无法取消");
}

TEST(router_relay_cancel, final_upstream_or_unreachable_answers_and_changes_nothing) {
  env e{domain::routing_mode::channels};
  auto over = e.imagine("queued one");   // up-q: already final at the upstream
  auto away = e.imagine("refuse here");  // up-10: its channel does not answer
  ASSERT_TRUE(std::holds_alternative<submit_result>(over));
  ASSERT_TRUE(std::holds_alternative<submit_result>(away));
  auto r1 = cancel(e, std::get<submit_result>(over).task_id);
  ASSERT_TRUE(std::holds_alternative<caf::error>(r1));
  EXPECT_EQ(std::get<caf::error>(r1), domain::errc::validation);
  EXPECT_EQ(error_text(r1), "任务已结束，无法取消");
  auto r2 = cancel(e, std::get<submit_result>(away).task_id);
  ASSERT_TRUE(std::holds_alternative<caf::error>(r2));
  EXPECT_EQ(std::get<caf::error>(r2), domain::errc::queue_full);
  EXPECT_NE(error_text(r2).find("上游渠道暂不可用"), std::string::npos) << error_text(r2);
  // Both still follow their upstream: nothing changed here.
  for (const auto& r : {over, away})
    EXPECT_EQ(e.board->find(std::get<submit_result>(r).task_id)->status,
              domain::task_status::not_start);
}

TEST(router_relay_cancel, unknown_upstream_task_is_cancelled_here) {
  env e{domain::routing_mode::channels};
  auto r = e.imagine("slow gone");
  ASSERT_TRUE(std::holds_alternative<submit_result>(r));
  auto id = std::get<submit_result>(r).task_id;
  ASSERT_TRUE(std::holds_alternative<bool>(cancel(e, id)));
  EXPECT_EQ(board_status(e, id, domain::task_status::cancel), domain::task_status::cancel);
}

/// The id of the first stored row, once stored (bounded wait).
std::string first_insert(env& e) {
  for (int i = 0; i < 200 && e.log->copy(e.log->inserts).empty(); ++i)
    std::this_thread::sleep_for(5ms);
  auto inserts = e.log->copy(e.log->inserts);
  return inserts.empty() ? std::string{} : inserts[0].id;
}

TEST(router_relay_cancel, during_the_submit_call_it_is_cancelled_upstream_once_taken) {
  env e{domain::routing_mode::channels};
  std::variant<submit_result, caf::error> submitted;
  std::thread client{[&] { submitted = e.imagine("slow ok"); }};
  auto id = first_insert(e);
  ASSERT_FALSE(id.empty());
  auto done = cancel(e, id);  // while the upstream call is under way
  client.join();
  ASSERT_TRUE(std::holds_alternative<submit_result>(submitted));  // the upstream took it
  ASSERT_TRUE(std::holds_alternative<bool>(done)) << to_string(std::get<caf::error>(done));
  auto relays = e.log->copy(e.log->relays);
  ASSERT_EQ(relays.size(), 2u);
  EXPECT_EQ(std::make_tuple(relays[1].request.kind, relays[1].request.task_id),
            std::make_tuple(std::string{"cancel"}, std::string{"up-slow"}));
  EXPECT_EQ(board_status(e, id, domain::task_status::cancel), domain::task_status::cancel);
}

TEST(router_relay_cancel, before_any_upstream_took_it_it_is_never_sent_again) {
  env e{domain::routing_mode::channels};
  std::variant<submit_result, caf::error> submitted;
  std::thread client{[&] { submitted = e.imagine("slow busy"); }};  // channel 9: 23 after 300 ms
  auto id = first_insert(e);
  ASSERT_FALSE(id.empty());
  auto done = cancel(e, id);
  client.join();
  ASSERT_TRUE(std::holds_alternative<bool>(done)) << to_string(std::get<caf::error>(done));
  ASSERT_TRUE(std::holds_alternative<caf::error>(submitted));
  EXPECT_EQ(std::get<caf::error>(submitted), domain::errc::validation);
  EXPECT_EQ(e.log->copy(e.log->relays).size(), 1u);  // channel 10 never asked
  EXPECT_EQ(board_status(e, id, domain::task_status::cancel), domain::task_status::cancel);
  auto updates = e.log->copy(e.log->updates);
  ASSERT_FALSE(updates.empty());
  EXPECT_EQ(updates.back().status, domain::task_status::cancel);
}

TEST(router_relay, bookmark_goes_to_the_parents_channel_and_makes_no_task) {
  env e{domain::routing_mode::accounts};
  auto parent = relayed_parent(e);
  parent.buttons.push_back(
      {"MJ::BOOKMARK::0f3c0000-0000-4000-8000-000000000001", "❤️", "", 2, 2});
  e.board->publish(std::make_shared<const domain::task>(parent));
  follow_up_command cmd;
  cmd.who = principal{5, false};
  cmd.parent_id = parent.id;
  cmd.custom_id = parent.buttons.back().custom_id;
  auto r = e.ask<submit_result>(submit_atom_v, cmd);
  ASSERT_TRUE(std::holds_alternative<submit_result>(r)) << to_string(std::get<caf::error>(r));
  EXPECT_EQ(std::get<submit_result>(r).task_id, parent.id);
  auto relays = e.log->copy(e.log->relays);
  ASSERT_EQ(relays.size(), 1u);
  EXPECT_EQ(
      std::make_tuple(relays[0].channel_id, relays[0].request.kind, relays[0].request.task_id,
                      relays[0].request.custom_id),
      std::make_tuple(std::int64_t{9}, std::string{"action"}, std::string{"up-p"}, cmd.custom_id));
  EXPECT_TRUE(e.log->copy(e.log->inserts).empty());
}

TEST(router_relay, picreader_all_makes_one_child_per_upstream_child) {
  env e{domain::routing_mode::accounts};
  domain::task p;
  p.id = "1700000000000019";
  p.user_id = 5;
  p.action = domain::task_action::describe;
  p.status = domain::task_status::success;
  p.channel_id = 9;
  p.upstream_task_id = "up-d";
  p.prompt =
      "1️⃣ a red fox --ar 1:1\n\n2️⃣ a blue bird\n\n3️⃣ a green frog\n\n4️⃣ a gold "
      "fish";
  for (int n = 1; n <= 4; ++n)
    p.buttons.push_back({"MJ::Job::PicReader::" + std::to_string(n), "", std::to_string(n), 2, 2});
  p.buttons.push_back({"MJ::Job::PicReader::all", "", "Imagine all", 2, 2});
  e.board->publish(std::make_shared<const domain::task>(p));
  follow_up_command cmd;
  cmd.who = principal{5, false};
  cmd.parent_id = p.id;
  cmd.custom_id = "MJ::Job::PicReader::all";
  cmd.state = "s";
  auto r = e.ask<submit_result>(submit_atom_v, cmd);
  ASSERT_TRUE(std::holds_alternative<submit_result>(r)) << to_string(std::get<caf::error>(r));
  const auto& res = std::get<submit_result>(r);
  EXPECT_EQ(res.queue_ahead, 2);
  auto inserts = e.log->copy(e.log->inserts);
  ASSERT_EQ(inserts.size(), 4u);
  std::string joined;
  for (const auto& t : inserts) joined += (joined.empty() ? "" : ",") + t.id;
  EXPECT_EQ(res.task_id, joined);  // ours, in pick order
  for (int n = 1; n <= 4; ++n) {
    const auto& t = inserts[n - 1];
    EXPECT_EQ(
        std::make_tuple(t.action, t.parent_id, t.channel_id, t.custom_id, t.state),
        std::make_tuple(domain::task_action::imagine, p.id, std::int64_t{9},
                        "MJ::Job::PicReader::" + std::to_string(n), "s::" + std::to_string(n)));
  }
  EXPECT_EQ(inserts[1].prompt, "a blue bird");
  auto relays = e.log->copy(e.log->relays);
  ASSERT_EQ(relays.size(), 1u);  // one click upstream
  EXPECT_EQ(std::make_tuple(relays[0].request.kind, relays[0].request.task_id,
                            relays[0].request.custom_id),
            std::make_tuple(std::string{"action"}, std::string{"up-d"}, cmd.custom_id));
  for (int i = 0; i < 100 && e.log->copy(e.log->adopts).size() < 4; ++i)
    std::this_thread::sleep_for(10ms);
  auto adopts = e.log->copy(e.log->adopts);
  std::sort(adopts.begin(), adopts.end());
  EXPECT_EQ(adopts, (std::vector<std::pair<std::int64_t, std::string>>{
                        {9, "pa1"}, {9, "pa2"}, {9, "pa3"}, {9, "pa4"}}));
  auto updates = e.log->copy(e.log->updates);
  ASSERT_EQ(updates.size(), 4u);
  for (const auto& u : updates) {
    auto n = std::stoi(u.custom_id.substr(u.custom_id.rfind(':') + 1));
    EXPECT_EQ(u.upstream_task_id, "pa" + std::to_string(n)) << u.custom_id;
    EXPECT_EQ(u.submit_code, 22);
  }
}

}  // namespace
}  // namespace mjgate::actors
