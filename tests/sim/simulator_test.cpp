// The simulator driven over real loopback sockets by an independent test client: REST checks,
// gateway session rules, the imagine lifecycle (plain and zlib-stream), history and RESUME.
#include <gtest/gtest.h>

#include <thread>

#include "sim/simulator.hpp"
#include "tests/sim/shape_checks.hpp"
#include "tests/sim/sim_fixture.hpp"
#include "tests/sim/test_client.hpp"

using namespace mjgate::sim;
using namespace mjgate::sim::testing;
using nlohmann::json;

namespace {

// -- REST --

TEST_F(SimulatorTest, UsersMeKnowsTheTokenAndRejectsOthers) {
  auto ok = http_call(port_, "GET", "/api/v9/users/@me", {}, token1);
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(ok.json()["id"], account_.user_id);
  EXPECT_EQ(ok.json()["username"], "simuser1");
  auto bad = http_call(port_, "GET", "/api/v10/users/@me", {}, "Bot sim-token-1");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.json(), json({{"message", "401: Unauthorized"}, {"code", 0}}));
}

TEST_F(SimulatorTest, GatewayUrlAndCommandSearch) {
  auto gw = http_call(port_, "GET", "/api/v9/gateway");
  EXPECT_EQ(gw.json()["url"], "ws://127.0.0.1:" + std::to_string(port_) + "/gateway");
  auto search = http_call(port_, "GET",
                          "/api/v9/channels/" + account_.channel_id +
                              "/application-commands/search?type=1&include_applications=true",
                          {}, token1);
  ASSERT_EQ(search.status, 200);
  auto body = search.json();
  EXPECT_EQ(body["applications"][0]["id"], "936929561302675456");
  ASSERT_EQ(body["application_commands"].size(), 18u);  // MJ's nine, then Niji's nine
  EXPECT_EQ(body["applications"][1]["id"], "1022952195194359889");
  EXPECT_EQ(body["application_commands"][9]["application_id"], "1022952195194359889");
  const auto& imagine = body["application_commands"][0];
  EXPECT_EQ(imagine["name"], "imagine");
  EXPECT_EQ(imagine["id"], "938956540159881230");
  EXPECT_EQ(imagine["version"], "1237876415471554623");
  auto other = http_call(
      port_, "GET",
      "/api/v9/channels/" + make_sim_account(2).channel_id + "/application-commands/search?type=1",
      {}, token1);
  EXPECT_EQ(other.status, 403);
}

TEST_F(SimulatorTest, InteractionChecks) {
  auto unauthorized = post_interaction(imagine_body("cat", "1234"), "nope");
  EXPECT_EQ(unauthorized.status, 401);
  EXPECT_EQ(unauthorized.json()["code"], 0);

  auto stale = imagine_body("cat", "1235");
  stale["data"]["version"] = "1";
  auto r = post_interaction(stale);
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["code"], 50035);
  EXPECT_EQ(r.json()["errors"]["data"]["_errors"][0]["code"],
            "INTERACTION_APPLICATION_COMMAND_INVALID_VERSION");

  auto foreign = imagine_body("cat", "1236");
  foreign["channel_id"] = make_sim_account(2).channel_id;
  auto f = post_interaction(foreign);
  EXPECT_EQ(f.status, 403);
  EXPECT_EQ(f.json(), json({{"message", "Missing Access"}, {"code", 50001}}));

  auto bad_nonce = post_interaction(imagine_body("cat", "12345678901234567890123456"));
  EXPECT_EQ(bad_nonce.status, 400);

  auto stats = http_call(port_, "GET", "/_sim/stats").json();
  EXPECT_EQ(stats["jobs"]["started"], 0);
  EXPECT_EQ(stats["interactions"]["rejected"], 3);
}

// -- gateway session rules --

TEST_F(SimulatorTest, ReadyAfterIdentify) {
  auto gw = connect();
  auto ready = identify(*gw);
  EXPECT_EQ(ready["s"], 1);
  const auto& d = ready["d"];
  EXPECT_EQ(d["user"]["id"], account_.user_id);
  EXPECT_EQ(d["user"]["discriminator"], "0");
  EXPECT_TRUE(is_hex(d["session_id"].get<std::string>(), 32));
  EXPECT_EQ(d["resume_gateway_url"], "ws://127.0.0.1:" + std::to_string(port_) + "/gateway/resume");
  EXPECT_EQ(d["guilds"][0]["id"], account_.guild_id);
  EXPECT_TRUE(d["private_channels"].is_array());
}

TEST_F(SimulatorTest, HeartbeatIsAcknowledged) {
  auto gw = connect();
  gw->send({{"op", 1}, {"d", nullptr}});
  auto ack = gw->next();
  ASSERT_TRUE(ack.has_value());
  EXPECT_EQ((*ack)["op"], 11);
}

TEST_F(SimulatorTest, ProtocolErrorsCloseWithDiscordCodes) {
  {
    auto gw = connect();
    gw->send({{"op", 2}, {"d", {{"token", "bad-token"}}}});
    EXPECT_FALSE(gw->next().has_value());
    EXPECT_EQ(gw->close_code(), 4004);
  }
  {
    auto gw = connect();
    gw->send({{"op", 3}, {"d", json::object()}});
    EXPECT_FALSE(gw->next().has_value());
    EXPECT_EQ(gw->close_code(), 4003);
  }
  {
    auto gw = connect();
    identify(*gw);
    gw->send({{"op", 2}, {"d", {{"token", token1}}}});
    EXPECT_FALSE(gw->next().has_value());
    EXPECT_EQ(gw->close_code(), 4005);
  }
  {
    auto gw = connect();
    identify(*gw);
    gw->send({{"op", 99}, {"d", nullptr}});
    EXPECT_FALSE(gw->next().has_value());
    EXPECT_EQ(gw->close_code(), 4001);
  }
  {
    auto gw = connect();
    gw->send("not an object");
    EXPECT_FALSE(gw->next().has_value());
    EXPECT_EQ(gw->close_code(), 4002);
  }
  {
    gateway_client gw{port_, "/gateway?v=9"};
    EXPECT_FALSE(gw.next().has_value());
    EXPECT_EQ(gw.close_code(), 4002);
  }
  {
    gateway_client gw{port_, "/gateway?encoding=json&v=6"};
    EXPECT_FALSE(gw.next().has_value());
    EXPECT_EQ(gw.close_code(), 4012);
  }
}

TEST(SimulatorHeartbeat, SilentClientIsClosedWith4009) {
  options o;
  o.pace = speed::bench;
  o.heartbeat_interval_ms = 100;
  simulator sim{o};
  sim.start();
  gateway_client gw{sim.port(), "/gateway?encoding=json&v=9"};
  auto hello = gw.next();
  ASSERT_TRUE(hello.has_value());
  EXPECT_EQ((*hello)["d"]["heartbeat_interval"], 100);
  auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(gw.next(std::chrono::seconds{3}).has_value());
  EXPECT_EQ(gw.close_code(), 4009);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds{100});
}

// -- imagine lifecycle --

class ImagineLifecycle : public SimulatorTest, public ::testing::WithParamInterface<bool> {};

TEST_P(ImagineLifecycle, EventsInOrderAndFinalGrid) {
  const bool zlib = GetParam();
  auto gw = connect(zlib);
  auto ready = identify(*gw);
  auto session = ready["d"]["session_id"].get<std::string>();
  int last_s = ready["s"].get<int>();
  const std::string nonce = "1300000000000000777";
  auto r =
      post_interaction(imagine_body("  a   red cat \xE2\x80\x94"
                                    "ar 3:2 ",
                                    nonce, session));
  auto answered = std::chrono::steady_clock::now();
  ASSERT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  const std::string echo = "a red cat --ar 3:2 --v 7.0";
  const std::string mention = "<@" + account_.user_id + ">";

  std::vector<json> events;
  for (int i = 0; i < 50; ++i) {
    auto p = gw->next();
    ASSERT_TRUE(p.has_value());
    ASSERT_EQ((*p)["op"], 0);
    EXPECT_EQ((*p)["s"], ++last_s);
    if (events.empty()) {  // nothing for the interaction until >= 50 ms after the 204
      EXPECT_GE(std::chrono::steady_clock::now() - answered, std::chrono::milliseconds{45});
    }
    events.push_back(*p);
    if ((*p)["t"] == "MESSAGE_CREATE" && !(*p)["d"].contains("nonce")) break;
  }
  std::vector<std::string> types;
  for (const auto& e : events) types.push_back(e["t"]);
  EXPECT_EQ(types, (std::vector<std::string>{"INTERACTION_CREATE", "INTERACTION_SUCCESS",
                                             "MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_UPDATE",
                                             "MESSAGE_DELETE", "MESSAGE_CREATE"}));
  ASSERT_EQ(types.size(), 7u);
  auto interaction_id = events[0]["d"]["id"];
  EXPECT_EQ(events[0]["d"]["nonce"], nonce);
  EXPECT_EQ(events[1]["d"], events[0]["d"]);

  const auto& m1 = events[2]["d"];
  EXPECT_EQ(m1["nonce"], nonce);
  EXPECT_EQ(m1["content"], "**" + echo + "** - " + mention + " (Waiting to start)");
  EXPECT_EQ(m1["author"]["id"], "936929561302675456");
  EXPECT_EQ(m1["author"]["bot"], true);
  EXPECT_EQ(m1["interaction_metadata"]["id"], interaction_id);
  EXPECT_EQ(m1["interaction"]["name"], "imagine");
  EXPECT_EQ(m1["channel_id"], account_.channel_id);
  for (int k : {3, 4}) {
    const auto& up = events[static_cast<std::size_t>(k)]["d"];
    EXPECT_EQ(up["id"], m1["id"]);
    EXPECT_FALSE(up.contains("nonce"));
    auto content = up["content"].get<std::string>();
    EXPECT_TRUE(content.starts_with("**" + echo + "** - " + mention + " (")) << content;
    EXPECT_TRUE(content.ends_with("%) (fast)")) << content;
    auto url = up["attachments"][0]["url"].get<std::string>();
    EXPECT_TRUE(url.ends_with("_grid_0.webp")) << url;
    auto preview = http_call(port_, "GET", path_of(url));
    EXPECT_EQ(preview.content_type, "image/webp");
    EXPECT_EQ(preview.body.substr(0, 4), "RIFF");
  }
  EXPECT_EQ(events[5]["d"]["id"], m1["id"]);

  const auto& m2 = events[6]["d"];
  EXPECT_NE(m2["id"], m1["id"]);
  EXPECT_EQ(m2["content"], "**" + echo + "** - " + mention + " (fast)");
  EXPECT_EQ(m2["interaction_metadata"]["id"], interaction_id);
  EXPECT_EQ(m2["flags"], 0);
  // Buttons: U1..U4 + reroll, V1..V4, and one link button.
  ASSERT_EQ(m2["components"].size(), 3u);
  std::vector<std::string> ids;
  for (const auto& row : m2["components"])
    for (const auto& b : row["components"])
      if (b.contains("custom_id")) ids.push_back(b["custom_id"]);
  ASSERT_EQ(ids.size(), 9u);
  auto hash = ids[0].substr(ids[0].rfind("::") + 2);
  EXPECT_TRUE(is_uuid_v4(hash)) << hash;
  for (int i = 1; i <= 4; ++i) {
    EXPECT_EQ(ids[static_cast<std::size_t>(i - 1)],
              "MJ::JOB::upsample::" + std::to_string(i) + "::" + hash);
    EXPECT_EQ(ids[static_cast<std::size_t>(i + 4)],
              "MJ::JOB::variation::" + std::to_string(i) + "::" + hash);
  }
  EXPECT_EQ(ids[4], "MJ::JOB::reroll::0::" + hash + "::SOLO");
  const auto& link = m2["components"][2]["components"][0];
  EXPECT_EQ(link["style"], 5);
  EXPECT_EQ(link["url"], sim_->base_url() + "/mjweb/jobs/" + hash);

  const auto& att = m2["attachments"][0];
  EXPECT_EQ(att["filename"], "simuser1_a_red_cat_" + hash + ".png");
  EXPECT_EQ(att["width"], 64);
  auto png = http_call(port_, "GET", path_of(att["url"]));
  ASSERT_EQ(png.status, 200);
  EXPECT_EQ(png.content_type, "image/png");
  EXPECT_EQ(png.body.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png.body.size(), att["size"].get<std::size_t>());
  EXPECT_EQ(static_cast<unsigned char>(png.body[19]), 64);  // IHDR width, low byte
  EXPECT_EQ(static_cast<unsigned char>(png.body[23]), 64);  // IHDR height, low byte

  if (zlib) {
    EXPECT_GT(gw->binary_frames(), 7);
    EXPECT_EQ(gw->text_frames(), 0);
    EXPECT_TRUE(gw->zlib_header_seen());
    EXPECT_TRUE(gw->all_binary_frames_flushed());
  } else {
    EXPECT_EQ(gw->binary_frames(), 0);
  }

  // History: newest first, final message present, deleted progress message gone.
  auto history = http_call(
      port_, "GET", "/api/v9/channels/" + account_.channel_id + "/messages?limit=10", {}, token1);
  ASSERT_EQ(history.status, 200);
  auto msgs = history.json();
  ASSERT_FALSE(msgs.empty());
  EXPECT_EQ(msgs[0]["id"], m2["id"]);
  for (const auto& m : msgs) EXPECT_NE(m["id"], m1["id"]);
  auto after = http_call(port_, "GET",
                         "/api/v9/channels/" + account_.channel_id +
                             "/messages?limit=10&after=" + m2["id"].get<std::string>(),
                         {}, token1);
  EXPECT_TRUE(after.json().empty());

  auto jobs = http_call(port_, "GET", "/_sim/jobs").json();
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0]["hash"], hash);
  EXPECT_EQ(jobs[0]["state"], "success");
  EXPECT_EQ(jobs[0]["nonce"], nonce);
}

INSTANTIATE_TEST_SUITE_P(PlainAndZlib, ImagineLifecycle, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "zlib" : "plain"; });

TEST_F(SimulatorTest, BannedPromptGetsTheEmbedAndNoJob) {
  auto gw = connect();
  identify(*gw);
  for (const std::string prompt : {"a #sim:banned dog", "a forbiddenword dog"}) {
    const std::string nonce = prompt.size() == 17 ? "1111" : "2222";
    ASSERT_EQ(post_interaction(imagine_body(prompt, nonce)).status, 204);
    gw->until_dispatch("INTERACTION_SUCCESS");
    auto m = gw->until_dispatch("MESSAGE_CREATE")["d"];
    EXPECT_EQ(m["nonce"], nonce);
    ASSERT_EQ(m["embeds"].size(), 1u);
    const auto& e = m["embeds"][0];
    EXPECT_EQ(e["title"], "Banned prompt detected");
    EXPECT_EQ(e["color"], 16711680);
    EXPECT_TRUE(e["description"].get<std::string>().starts_with("Sorry! Our AI moderators"));
    EXPECT_EQ(e["footer"]["text"], "/imagine " + prompt + " --v 7.0");
  }
  auto jobs = http_call(port_, "GET", "/_sim/jobs").json();
  ASSERT_EQ(jobs.size(), 2u);
  for (const auto& j : jobs) EXPECT_EQ(j["state"], "banned");
}

TEST_F(SimulatorTest, FailScenarioRepliesFailure) {
  auto gw = connect();
  identify(*gw);
  ASSERT_EQ(post_interaction(imagine_body("x #sim:fail", "3333")).status, 204);
  auto m = gw->until_dispatch("MESSAGE_CREATE")["d"];
  EXPECT_EQ(m["content"], "Failed to process your command");
  EXPECT_EQ(m["nonce"], "3333");
}

TEST_F(SimulatorTest, DropFinalKeepsTheFinalOnlyInHistory) {
  auto gw = connect();
  identify(*gw);
  ASSERT_EQ(post_interaction(imagine_body("quiet #sim:dropfinal", "4444")).status, 204);
  gw->until_dispatch("MESSAGE_DELETE");
  auto job = wait_job_state("4444", "success");
  ASSERT_EQ(job["message_ids"].size(), 2u);
  auto final_id = job["message_ids"][1];
  auto msgs =
      http_call(port_, "GET", "/api/v9/channels/" + account_.channel_id + "/messages", {}, token1)
          .json();
  ASSERT_FALSE(msgs.empty());
  EXPECT_EQ(msgs[0]["id"], final_id);
  // Nothing more was dispatched: a heartbeat's ACK is the next frame.
  gw->send({{"op", 1}, {"d", nullptr}});
  auto next = gw->next();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ((*next)["op"], 11);
}

TEST_F(SimulatorTest, ResumeReplaysMissedEvents) {
  std::string session;
  int last_s = 0;
  {
    auto gw = connect(true);
    auto ready = identify(*gw);
    session = ready["d"]["session_id"];
    last_s = ready["s"];
    gw->close(4000);
  }
  ASSERT_EQ(post_interaction(imagine_body("missed cat", "5555", session)).status, 204);
  wait_job_state("5555", "success");

  auto gw = connect(true, "/gateway/resume");
  gw->send({{"op", 6}, {"d", {{"token", token1}, {"session_id", session}, {"seq", last_s}}}});
  std::vector<std::string> types;
  for (int i = 0; i < 20; ++i) {
    auto p = gw->next();
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ((*p)["s"], last_s + 1 + i);
    types.push_back((*p)["t"]);
    if ((*p)["t"] == "RESUMED") break;
  }
  EXPECT_EQ(types, (std::vector<std::string>{"INTERACTION_CREATE", "INTERACTION_SUCCESS",
                                             "MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_UPDATE",
                                             "MESSAGE_DELETE", "MESSAGE_CREATE", "RESUMED"}));

  auto stranger = connect(false, "/gateway/resume");
  stranger->send({{"op", 6}, {"d", {{"token", token1}, {"session_id", "0123"}, {"seq", 1}}}});
  auto invalid = stranger->next();
  ASSERT_TRUE(invalid.has_value());
  EXPECT_EQ((*invalid)["op"], 9);
  EXPECT_EQ((*invalid)["d"], false);
}

TEST_F(SimulatorTest, StallStopsAfterTheFirstProgressUpdate) {
  auto gw = connect();
  identify(*gw);
  ASSERT_EQ(post_interaction(imagine_body("slow #sim:stall", "6666")).status, 204);
  auto update = gw->until_dispatch("MESSAGE_UPDATE");
  EXPECT_TRUE(update["d"]["content"].get<std::string>().ends_with("(0%) (fast)"));
  EXPECT_EQ(wait_job_state("6666", "stalled")["progress"], 0);
  // No further dispatch follows the stalled update: the ACK is next.
  gw->send({{"op", 1}, {"d", nullptr}});
  auto next = gw->next();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ((*next)["op"], 11);
}

TEST_F(SimulatorTest, EveryLiveSessionOfTheUserGetsTheEvents) {
  auto a = connect();
  auto b = connect(true);
  auto other = connect();
  identify(*a);
  identify(*b);
  identify(*other, "sim-token-2");
  ASSERT_EQ(post_interaction(imagine_body("shared", "7777")).status, 204);
  EXPECT_EQ(a->until_dispatch("INTERACTION_CREATE")["d"]["nonce"], "7777");
  EXPECT_EQ(b->until_dispatch("INTERACTION_CREATE")["d"]["nonce"], "7777");
  wait_job_state("7777", "success");
  other->send({{"op", 1}, {"d", nullptr}});
  auto next = other->next();  // the other user saw nothing of it
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ((*next)["op"], 11);
}

TEST(SimulatorConcurrency, JobsAbovePlanConcurrencyAreQueuedThenRun) {
  options o;
  o.pace = speed::bench;
  o.plan_concurrency = 1;
  simulator sim{o};
  sim.start();
  auto acc = make_sim_account(1);
  gateway_client gw{sim.port(), "/gateway?encoding=json&v=9"};
  ASSERT_TRUE(gw.next().has_value());
  gw.send({{"op", 2}, {"d", {{"token", acc.token}}}});
  gw.until_dispatch("READY");
  for (const char* nonce : {"801", "802"}) {
    json body = {{"type", 2},
                 {"application_id", "936929561302675456"},
                 {"channel_id", acc.channel_id},
                 {"session_id", "x"},
                 {"nonce", nonce},
                 {"data",
                  {{"version", "1237876415471554623"},
                   {"id", "938956540159881230"},
                   {"name", "imagine"},
                   {"options", json::array({{{"name", "prompt"}, {"value", "cat"}}})}}}};
    ASSERT_EQ(http_call(sim.port(), "POST", "/api/v9/interactions", body.dump(), acc.token).status,
              204);
  }
  bool queued_seen = false;
  int finals = 0;
  for (int i = 0; i < 40 && finals < 2; ++i) {
    auto m = gw.until_dispatch("MESSAGE_CREATE")["d"];
    if (!m["embeds"].empty() && m["embeds"][0]["title"] == "Job queued") {
      queued_seen = true;
      EXPECT_EQ(m["nonce"], "802");
      EXPECT_EQ(m["flags"], 64);
      EXPECT_EQ(finals, 0);
    }
    if (!m.contains("nonce")) ++finals;
  }
  EXPECT_TRUE(queued_seen);
  EXPECT_EQ(finals, 2);
}

TEST(SimulatorPace, TestProfileTakesAtLeast200ms) {
  options o;
  o.pace = speed::test;
  simulator sim{o};
  sim.start();
  auto acc = make_sim_account(1);
  gateway_client gw{sim.port(), "/gateway?encoding=json&v=9"};
  ASSERT_TRUE(gw.next().has_value());
  gw.send({{"op", 2}, {"d", {{"token", acc.token}}}});
  gw.until_dispatch("READY");
  json body = {{"type", 2},
               {"application_id", "936929561302675456"},
               {"channel_id", acc.channel_id},
               {"nonce", "901"},
               {"data",
                {{"version", "1237876415471554623"},
                 {"id", "938956540159881230"},
                 {"name", "imagine"},
                 {"options", json::array({{{"name", "prompt"}, {"value", "cat"}}})}}}};
  auto sent = std::chrono::steady_clock::now();
  ASSERT_EQ(http_call(sim.port(), "POST", "/api/v9/interactions", body.dump(), acc.token).status,
            204);
  int updates = 0;
  for (int i = 0; i < 20; ++i) {
    auto p = gw.next();
    ASSERT_TRUE(p.has_value());
    if ((*p)["t"] == "MESSAGE_UPDATE") ++updates;
    if ((*p)["t"] == "MESSAGE_CREATE" && !(*p)["d"].contains("nonce")) break;
  }
  EXPECT_EQ(updates, 3);
  EXPECT_GE(std::chrono::steady_clock::now() - sent, std::chrono::milliseconds{200});
  auto jobs = http_call(sim.port(), "GET", "/_sim/jobs").json();
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0]["state"], "success");
}

TEST_F(SimulatorTest, ControlHealth) {
  auto h = http_call(port_, "GET", "/_sim/health").json();
  EXPECT_EQ(h["ok"], true);
  EXPECT_EQ(h["seed"], 42);
}

}  // namespace
