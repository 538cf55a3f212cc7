// The simulator's Suno upstream (sim/suno_upstream.hpp): auth, progress over
// time, faults and the down switch, driven with explicit times.
#include <gtest/gtest.h>

#include "sim/suno_upstream.hpp"

using namespace mjgate::sim;
using json = nlohmann::json;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000;

std::string submit_id(suno_upstream& up, const std::string& prompt, std::int64_t now = t0,
                      const char* action = "MUSIC") {
  auto r = up.submit(action, "Bearer k1", json{{"prompt", prompt}, {"title", "T"}}.dump(), now);
  EXPECT_EQ(r.status, 200) << r.body.dump();
  return r.body.value("data", "");
}

json fetch_one(suno_upstream& up, const std::string& id, std::int64_t now) {
  auto r = up.fetch("Bearer k1", json{{"ids", {id}}}.dump(), now);
  EXPECT_EQ(r.status, 200);
  return r.body["data"].empty() ? json{} : r.body["data"][0];
}

}  // namespace

TEST(SunoUpstream, RejectsWrongKeysAndActions) {
  suno_upstream up{{"k1", "k2"}, 1000};
  EXPECT_EQ(up.submit("MUSIC", "Bearer nope", "{}", t0).status, 401);
  EXPECT_EQ(up.submit("MUSIC", "k1", "{}", t0).status, 401);
  EXPECT_EQ(up.submit("music", "Bearer k2", R"({"prompt":"x"})", t0).status, 200);
  EXPECT_EQ(up.submit("VIDEO", "Bearer k1", R"({"prompt":"x"})", t0).status, 400);
  EXPECT_EQ(up.fetch("Bearer k1", R"({"ids":"x"})", t0).status, 400);
  EXPECT_EQ(up.stats()["rejected"], 2);
}

TEST(SunoUpstream, MusicProgressesOverTimeToClips) {
  suno_upstream up{{"k1"}, 1000};
  auto id = submit_id(up, "a song");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(fetch_one(up, id, t0)["status"], "SUBMITTED");
  EXPECT_EQ(fetch_one(up, id, t0 + 1000)["status"], "QUEUED");
  auto running = fetch_one(up, id, t0 + 2500);
  EXPECT_EQ(running["status"], "IN_PROGRESS");
  EXPECT_EQ(running["data"][0]["audio_url"], "");
  auto done = fetch_one(up, id, t0 + 4000);
  EXPECT_EQ(done["status"], "SUCCESS");
  EXPECT_EQ(done["action"], "MUSIC");
  ASSERT_EQ(done["data"].size(), 2u);
  EXPECT_NE(done["data"][0]["audio_url"].get<std::string>().find(".mp3"), std::string::npos);
  EXPECT_EQ(done["finish_time"], (t0 + 4000) / 1000);
}

TEST(SunoUpstream, LyricsEndWithText) {
  suno_upstream up{{"k1"}, 10};
  auto id = submit_id(up, "rain", t0, "LYRICS");
  auto done = fetch_one(up, id, t0 + 100);
  EXPECT_EQ(done["status"], "SUCCESS");
  EXPECT_NE(done["data"]["text"].get<std::string>().find("rain"), std::string::npos);
}

TEST(SunoUpstream, FaultMarkers) {
  suno_upstream up{{"k1"}, 10};
  EXPECT_EQ(suno_fault_of("x #suno:5xx-once"), suno_fault::server_error_once);
  EXPECT_EQ(suno_fault_of("x #suno:failure"), suno_fault::none);
  auto failing = submit_id(up, "x #suno:fail");
  auto failed = fetch_one(up, failing, t0 + 100);
  EXPECT_EQ(failed["status"], "FAILURE");
  EXPECT_FALSE(failed["fail_reason"].get<std::string>().empty());
  auto forgotten = submit_id(up, "y #suno:forget");
  EXPECT_TRUE(fetch_one(up, forgotten, t0 + 100).is_null());
  EXPECT_EQ(up.submit("MUSIC", "Bearer k1", R"({"prompt":"z #suno:5xx"})", t0).status, 500);
  EXPECT_EQ(up.submit("MUSIC", "Bearer k1", R"({"prompt":"z #suno:5xx"})", t0).status, 500);
  EXPECT_EQ(up.submit("MUSIC", "Bearer k1", R"({"prompt":"w #suno:5xx-once"})", t0).status, 500);
  EXPECT_EQ(up.submit("MUSIC", "Bearer k1", R"({"prompt":"w #suno:5xx-once"})", t0).status, 200);
  auto odd = submit_id(up, "v #suno:unknown", t0);
  EXPECT_EQ(fetch_one(up, odd, t0 + 25)["status"], "REVIEWING");
}

TEST(SunoUpstream, DownAnswers503UntilUp) {
  suno_upstream up{{"k1"}, 10};
  auto id = submit_id(up, "s");
  EXPECT_EQ(up.control(R"({"down":true})").status, 200);
  EXPECT_EQ(up.fetch("Bearer k1", json{{"ids", {id}}}.dump(), t0).status, 503);
  EXPECT_EQ(up.submit("MUSIC", "Bearer k1", R"({"prompt":"s"})", t0).status, 503);
  up.control(R"({"down":false,"step_ms":5})");
  EXPECT_EQ(up.stats()["step_ms"], 5);
  EXPECT_EQ(fetch_one(up, id, t0 + 100)["status"], "SUCCESS");
}
