// Error embeds and account health (§7, §9.5) triggered by #sim: tokens and the control API,
// and the gateway faults of §9.3 (RECONNECT, INVALID_SESSION, closes, lost ACKs and events).
#include <gtest/gtest.h>

#include "tests/sim/sim_fixture.hpp"

using namespace mjgate::sim;
using namespace mjgate::sim::testing;
using nlohmann::json;

namespace {

class Faults : public SimulatorTest {
 protected:
  // Submits an imagine and returns the first message it produces.
  json first_message(gateway_client& gw, const std::string& prompt, const std::string& nonce) {
    EXPECT_EQ(post_interaction(imagine_body(prompt, nonce)).status, 204);
    return gw.until_dispatch("MESSAGE_CREATE")["d"];
  }
};

TEST_F(Faults, ScenarioTokensAnswerTheirEmbeds) {
  auto gw = connect();
  identify(*gw);
  struct row {
    std::string prompt, title;
  };
  for (const auto& [prompt, title] :
       {row{"cat --ar 0:1", "Invalid parameter"}, row{"cat --bogus 3", "Invalid parameter"},
        row{"cat #sim:invalid", "Invalid parameter"}, row{"cat #sim:queuefull", "Queue full"},
        row{"cat #sim:subscription", "Subscription required"}}) {
    static int n = 100;
    auto nonce = std::to_string(++n);
    auto m = first_message(*gw, prompt, nonce);
    EXPECT_EQ(m["nonce"], nonce);
    ASSERT_EQ(m["embeds"].size(), 1u) << prompt;
    EXPECT_EQ(m["embeds"][0]["title"], title) << prompt;
    EXPECT_EQ(m["embeds"][0]["color"], 16711680);
    EXPECT_EQ(m["embeds"][0]["footer"]["text"].get<std::string>().substr(0, 9), "/imagine ");
  }
  auto queued = first_message(*gw, "cat #sim:jobqueued", "200");
  EXPECT_EQ(queued["embeds"][0]["title"], "Job queued");
  EXPECT_EQ(until_final(*gw)["content"].get<std::string>().find("cat #sim:jobqueued"), 2u);
}

TEST_F(Faults, AppealAndTosButtonsAnswerWithAnUpdate) {
  auto gw = connect();
  identify(*gw);
  auto appeal = first_message(*gw, "cat #sim:appeal", "301");
  EXPECT_EQ(appeal["embeds"][0]["title"], "Action needed to continue");
  auto ids = custom_ids_of(appeal);
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_TRUE(ids[0].starts_with("MJ::Prompts::Appeal::"));
  ASSERT_EQ(post_interaction(click_body(appeal["id"], ids[0], "302")).status, 204);
  auto updated = gw->until_dispatch("MESSAGE_UPDATE")["d"];
  EXPECT_EQ(updated["id"], appeal["id"]);

  auto tos = first_message(*gw, "cat #sim:tos", "303");
  EXPECT_EQ(tos["embeds"][0]["title"], "Tos not accepted");
  auto accept = component_labelled(tos, "Accept ToS");
  ASSERT_FALSE(accept.is_null());
  auto refused = first_message(*gw, "dog", "304");  // still not accepted
  EXPECT_EQ(refused["embeds"][0]["title"], "Tos not accepted");
  ASSERT_EQ(post_interaction(click_body(tos["id"], accept["custom_id"], "305")).status, 204);
  gw->until_dispatch("MESSAGE_UPDATE");
  EXPECT_FALSE(imagine_grid(*gw, "dog", "306").is_null());
}

TEST_F(Faults, CaptchaLocksUntilSolved) {
  auto gw = connect();
  identify(*gw);
  ASSERT_EQ(post_interaction(imagine_body("cat #sim:captcha", "401")).status, 204);
  auto d = gw->until_dispatch("INTERACTION_IFRAME_MODAL_CREATE")["d"];
  EXPECT_EQ(d["title"], "Action required to continue");
  EXPECT_EQ(d["nonce"], "401");
  auto hash = d["custom_id"].get<std::string>().substr(12);
  auto ack =
      http_call(port_, "GET",
                "/discordsays/" + std::string{mj_app} + "/captcha/api/c/" + hash + "/ack?hash=1");
  ASSERT_EQ(ack.status, 200);
  EXPECT_EQ(ack.json()["hash"], hash);
  ASSERT_EQ(post_interaction(imagine_body("dog", "402")).status, 204);  // still locked
  EXPECT_EQ(gw->until_dispatch("INTERACTION_IFRAME_MODAL_CREATE")["d"]["nonce"], "402");
  ASSERT_EQ(control("users/" + account_.user_id + "/solve-captcha", json::object()).status, 200);
  EXPECT_FALSE(imagine_grid(*gw, "dog", "403").is_null());
}

TEST_F(Faults, CreditsExhaustedUntilRelax) {
  auto gw = connect();
  identify(*gw);
  auto m = first_message(*gw, "cat #sim:credits", "501");
  EXPECT_EQ(m["embeds"][0]["title"], "Credits exhausted");
  EXPECT_NE(m["embeds"][0]["description"].get<std::string>().find("run out of fast hours"),
            std::string::npos);
  EXPECT_EQ(first_message(*gw, "dog", "502")["embeds"][0]["title"], "Credits exhausted");
  ASSERT_EQ(post_interaction(slash_body("info", json::array(), "503")).status, 204);
  auto info = gw->until_dispatch("MESSAGE_CREATE")["d"]["embeds"][0]["description"];
  EXPECT_NE(info.get<std::string>().find("**Fast Time Remaining**: 0.00/15.0 hours (0.00%)"),
            std::string::npos)
      << info;
  ASSERT_EQ(post_interaction(slash_body("relax", json::array(), "504")).status, 204);
  gw->until_dispatch("MESSAGE_CREATE");
  EXPECT_TRUE(imagine_grid(*gw, "dog", "505")["content"].get<std::string>().ends_with("(relaxed)"));
}

TEST_F(Faults, DisabledTokenGets401AndGateway4004) {
  auto gw = connect();
  identify(*gw);
  ASSERT_EQ(control("disable-token", {{"user", account_.user_id}}).status, 200);
  EXPECT_FALSE(gw->next().has_value());
  EXPECT_EQ(gw->close_code(), 4004);
  EXPECT_EQ(http_call(port_, "GET", "/api/v9/users/@me", {}, token1).status, 401);
  EXPECT_EQ(post_interaction(imagine_body("cat", "601")).status, 401);
  auto again = connect();
  again->send({{"op", 2}, {"d", {{"token", token1}}}});
  EXPECT_FALSE(again->next().has_value());
  EXPECT_EQ(again->close_code(), 4004);
  ASSERT_EQ(control("enable-token", {{"user", token1}}).status, 200);
  EXPECT_EQ(http_call(port_, "GET", "/api/v9/users/@me", {}, token1).status, 200);
}

TEST_F(Faults, RateLimiterAnswers429WithRetryAfter) {
  ASSERT_EQ(control("rate-limit", {{"user", 1}, {"per_second", 2}}).status, 200);
  EXPECT_EQ(http_call(port_, "GET", "/api/v9/users/@me", {}, token1).status, 200);
  EXPECT_EQ(http_call(port_, "GET", "/api/v9/users/@me", {}, token1).status, 200);
  auto limited = http_call(port_, "GET", "/api/v9/users/@me", {}, token1);
  ASSERT_EQ(limited.status, 429);
  auto body = limited.json();
  EXPECT_EQ(body["message"], "You are being rate limited.");
  EXPECT_GT(body["retry_after"].get<double>(), 0.0);
  EXPECT_LE(body["retry_after"].get<double>(), 1.0);
  EXPECT_EQ(body["global"], false);
  // The other user is not limited.
  EXPECT_EQ(http_call(port_, "GET", "/api/v9/users/@me", {}, "sim-token-2").status, 200);
}

TEST_F(Faults, ReconnectSendsOp7ThenCloses) {
  auto gw = connect();
  auto ready = identify(*gw);
  ASSERT_EQ(control("fault", {{"user", account_.user_id}, {"kind", "reconnect"}}).status, 200);
  auto op7 = gw->next();
  ASSERT_TRUE(op7.has_value());
  EXPECT_EQ((*op7)["op"], 7);
  EXPECT_FALSE(gw->next().has_value());
  EXPECT_EQ(gw->close_code(), 1000);
  auto resumed = connect(false, "/gateway/resume");
  resumed->send(
      {{"op", 6},
       {"d", {{"token", token1}, {"session_id", ready["d"]["session_id"]}, {"seq", ready["s"]}}}});
  EXPECT_EQ(resumed->until_dispatch("RESUMED")["op"], 0);
}

TEST_F(Faults, InvalidSessionForgetsTheSession) {
  auto gw = connect();
  auto ready = identify(*gw);
  ASSERT_EQ(control("fault", {{"user", token1}, {"kind", "invalid_session"}}).status, 200);
  auto op9 = gw->next();
  ASSERT_TRUE(op9.has_value());
  EXPECT_EQ((*op9)["op"], 9);
  EXPECT_EQ((*op9)["d"], false);
  auto fresh = identify(*gw);  // a new IDENTIFY on the same socket is allowed
  EXPECT_NE(fresh["d"]["session_id"], ready["d"]["session_id"]);
  auto stale = connect(false, "/gateway/resume");
  stale->send({{"op", 6},
               {"d", {{"token", token1}, {"session_id", ready["d"]["session_id"]}, {"seq", 1}}}});
  auto answer = stale->next();
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ((*answer)["op"], 9);
}

TEST_F(Faults, CloseKindsAndAbruptDrop) {
  {
    auto gw = connect();
    identify(*gw);
    ASSERT_EQ(control("fault", {{"user", 1}, {"kind", "close"}, {"code", 4009}}).status, 200);
    EXPECT_FALSE(gw->next().has_value());
    EXPECT_EQ(gw->close_code(), 4009);
  }
  {
    auto gw = connect();
    identify(*gw);
    ASSERT_EQ(control("fault", {{"user", 1}, {"kind", "abrupt"}}).status, 200);
    EXPECT_THROW(gw->next(), std::runtime_error);
    EXPECT_EQ(gw->close_code(), 0);  // no close frame
  }
  {
    auto gw = connect();
    identify(*gw);
    ASSERT_EQ(control("fault", {{"user", 1}, {"kind", "close_4004"}}).status, 200);
    EXPECT_FALSE(gw->next().has_value());
    EXPECT_EQ(gw->close_code(), 4004);
    EXPECT_EQ(http_call(port_, "GET", "/api/v9/users/@me", {}, token1).status, 401);
  }
  EXPECT_EQ(control("fault", {{"user", 1}, {"kind", "nonsense"}}).status, 400);
  EXPECT_EQ(control("fault", {{"user", "nobody"}, {"kind", "close"}}).status, 404);
}

TEST_F(Faults, DroppedAcksAndEvents) {
  auto gw = connect();
  identify(*gw);
  ASSERT_EQ(control("fault", {{"user", 1}, {"kind", "drop_acks"}, {"count", 1}}).status, 200);
  gw->send({{"op", 1}, {"d", nullptr}});
  gw->send({{"op", 1}, {"d", nullptr}});
  auto ack = gw->next();
  ASSERT_TRUE(ack.has_value());
  EXPECT_EQ((*ack)["op"], 11);
  EXPECT_EQ(http_call(port_, "GET", "/_sim/stats").json()["gateway"]["dropped_acks"], 1);

  ASSERT_EQ(control("fault", {{"user", 1}, {"kind", "drop_events"}, {"count", 2}}).status, 200);
  ASSERT_EQ(post_interaction(imagine_body("a quiet cat", "701")).status, 204);
  auto first = gw->next();  // INTERACTION_CREATE and _SUCCESS were dropped
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ((*first)["t"], "MESSAGE_CREATE");
  EXPECT_EQ((*first)["d"]["nonce"], "701");
  auto final_message = until_final(*gw);
  auto history =
      http_call(port_, "GET", "/api/v9/channels/" + account_.channel_id + "/messages", {}, token1)
          .json();
  EXPECT_EQ(history[0]["id"], final_message["id"]);
}

}  // namespace
