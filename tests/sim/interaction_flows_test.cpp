// Every Midjourney flow through the simulator's real HTTP + gateway surface: component clicks
// (§5.3), remix and modals (§5.4), the other slash commands and their replies (§5.5),
// attachment upload (§2.2), discovery with rotated versions (§2.4) and the seed DM.
#include <gtest/gtest.h>

#include "tests/sim/shape_checks.hpp"
#include "tests/sim/sim_fixture.hpp"

using namespace mjgate::sim;
using namespace mjgate::sim::testing;
using nlohmann::json;

namespace {

// The job hash of a result message, from its web link button (§5.2 source 1).
std::string hash_of(const json& m) {
  for (const auto& row : m["components"])
    for (const auto& c : row["components"])
      if (c.contains("url")) {
        auto url = c["url"].get<std::string>();
        return url.substr(url.size() - 36);
      }
  return {};
}

json job_with_nonce(std::uint16_t port, const std::string& nonce) {
  for (const auto& j : http_call(port, "GET", "/_sim/jobs").json())
    if (j["nonce"] == nonce) return j;
  return {};
}

// Reads the heartbeat ACK as the very next frame: proves nothing else was dispatched.
void expect_quiet(gateway_client& gw) {
  gw.send({{"op", 1}, {"d", nullptr}});
  auto next = gw.next();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ((*next)["op"], 11) << next->dump();
}

class InteractionFlows : public SimulatorTest {
 protected:
  std::string mention() const { return "<@" + account_.user_id + ">"; }
};

TEST_F(InteractionFlows, UpsamplePicksOneImageWithItsOwnButtons) {
  auto gw = connect();
  identify(*gw);
  auto grid = imagine_grid(*gw, "a red fox", "1001");
  auto grid_hash = hash_of(grid);
  ASSERT_EQ(
      post_interaction(click_body(grid["id"], "MJ::JOB::upsample::2::" + grid_hash, "1002")).status,
      204);
  auto created = gw->until_dispatch("INTERACTION_CREATE")["d"];
  EXPECT_EQ(created["nonce"], "1002");
  EXPECT_EQ(gw->until_dispatch("INTERACTION_SUCCESS")["d"], created);
  auto u = gw->until_dispatch("MESSAGE_CREATE")["d"];  // no waiting message for a U pick
  EXPECT_EQ(u["content"], "**a red fox --v 7.0** - Image #2 " + mention());
  EXPECT_EQ(u["message_reference"]["message_id"], grid["id"]);
  EXPECT_EQ(u["interaction_metadata"]["type"], 3);
  EXPECT_EQ(u["interaction_metadata"]["id"], created["id"]);
  EXPECT_EQ(u["interaction_metadata"]["interacted_message_id"], grid["id"]);
  auto hash = hash_of(u);
  EXPECT_TRUE(is_uuid_v4(hash));
  EXPECT_NE(hash, grid_hash);
  auto ids = custom_ids_of(u);
  for (const std::string& want :
       {"MJ::JOB::upsample_v7_2x_subtle::1::" + hash + "::SOLO",
        "MJ::JOB::upsample_v7_2x_creative::1::" + hash + "::SOLO",
        "MJ::JOB::low_variation::1::" + hash + "::SOLO",
        "MJ::JOB::high_variation::1::" + hash + "::SOLO", "MJ::Inpaint::1::" + hash + "::SOLO",
        "MJ::Outpaint::50::1::" + hash + "::SOLO", "MJ::Outpaint::75::1::" + hash + "::SOLO",
        "MJ::CustomZoom::" + hash, "MJ::JOB::pan_left::1::" + hash + "::SOLO",
        "MJ::JOB::pan_down::1::" + hash + "::SOLO", "MJ::JOB::animate_high::1::" + hash + "::SOLO",
        "MJ::BOOKMARK::" + hash})
    EXPECT_NE(std::find(ids.begin(), ids.end(), want), ids.end()) << want;
  auto png = http_call(port_, "GET", path_of(u["attachments"][0]["url"]));
  EXPECT_EQ(png.content_type, "image/png");
  auto job = job_with_nonce(port_, "1002");
  EXPECT_EQ(job["action"], "upsample");
  EXPECT_EQ(job["parent_hash"], grid_hash);
  EXPECT_EQ(job["custom_id"], "MJ::JOB::upsample::2::" + grid_hash);
  EXPECT_EQ(job["state"], "success");
  EXPECT_GT(job["final_sent_ms"].get<std::uint64_t>(), 1700000000000u);
  EXPECT_EQ(job["hash"], hash);
}

struct click_case {
  bool on_single;             // click on the U result (else on the grid)
  std::string id_template;    // "{H}" is replaced by the parent hash
  std::string tail;           // the final content after "** - "
  std::string progress_tail;  // a progress content's start after "** - " ("" = no progress)
};

TEST_F(InteractionFlows, EveryJobButtonRunsWithItsTail) {
  auto gw = connect();
  identify(*gw);
  auto grid = imagine_grid(*gw, "a castle", "2001");
  auto grid_hash = hash_of(grid);
  ASSERT_EQ(
      post_interaction(click_body(grid["id"], "MJ::JOB::upsample::1::" + grid_hash, "2002")).status,
      204);
  auto single = until_final(*gw);
  auto single_hash = hash_of(single);
  const std::string by = mention() + " (fast)";
  const std::vector<click_case> cases = {
      {false, "MJ::JOB::variation::3::{H}", "Variations (Strong) by " + by, "Variations"},
      {false, "MJ::JOB::reroll::0::{H}::SOLO", by, "<@"},
      {true, "MJ::JOB::high_variation::1::{H}::SOLO", "Variations (Strong) by " + by, "Var"},
      {true, "MJ::JOB::low_variation::1::{H}::SOLO", "Variations (Subtle) by " + by, "Var"},
      {true, "MJ::Outpaint::50::1::{H}::SOLO", "Zoom Out by " + by, "Zoom Out by"},
      {true, "MJ::Outpaint::75::1::{H}::SOLO", "Zoom Out by " + by, "Zoom Out by"},
      {true, "MJ::JOB::pan_left::1::{H}::SOLO", "Pan Left by " + by, "Pan Left by"},
      {true, "MJ::JOB::pan_up::1::{H}::SOLO", "Pan Up by " + by, "Pan Up by"},
      {true, "MJ::JOB::upsample_v7_2x_subtle::1::{H}::SOLO", "Upscaled (Subtle) by " + by,
       "Upscaling by"},
      {true, "MJ::JOB::upsample_v7_2x_creative::1::{H}::SOLO", "Upscaled (Creative) by " + by,
       "Upscaling by"},
      {true, "MJ::JOB::animate_high::1::{H}::SOLO", by, "<@"},
  };
  int n = 0;
  for (const auto& c : cases) {
    const auto& parent = c.on_single ? single : grid;
    auto parent_hash = c.on_single ? single_hash : grid_hash;
    auto custom_id = c.id_template;
    custom_id.replace(custom_id.find("{H}"), 3, parent_hash);
    auto nonce = std::to_string(3000 + n++);
    ASSERT_EQ(post_interaction(click_body(parent["id"], custom_id, nonce)).status, 204)
        << custom_id;
    EXPECT_EQ(gw->until_dispatch("INTERACTION_SUCCESS")["d"]["nonce"], nonce);
    auto waiting = gw->until_dispatch("MESSAGE_CREATE")["d"];
    EXPECT_EQ(waiting["nonce"], nonce) << custom_id;
    auto progress = gw->until_dispatch("MESSAGE_UPDATE")["d"]["content"].get<std::string>();
    auto after = progress.substr(progress.rfind("** - ") + 5);
    EXPECT_TRUE(after.starts_with(c.progress_tail)) << custom_id << ": " << progress;
    auto result = until_final(*gw);
    auto content = result["content"].get<std::string>();
    EXPECT_EQ(content.substr(content.rfind("** - ") + 5), c.tail) << custom_id;
    EXPECT_EQ(result["message_reference"]["message_id"], parent["id"]) << custom_id;
    EXPECT_NE(hash_of(result), parent_hash);
    auto job = job_with_nonce(port_, nonce);
    EXPECT_EQ(job["parent_hash"], parent_hash);
    EXPECT_EQ(job["custom_id"], custom_id);
    if (custom_id.find("animate") != std::string::npos) {
      EXPECT_NE(content.find("--video 1"), std::string::npos) << content;
      EXPECT_EQ(result["attachments"][0]["content_type"], "video/mp4");
      auto mp4 = http_call(port_, "GET", path_of(result["attachments"][0]["url"]));
      EXPECT_EQ(mp4.content_type, "video/mp4");
      EXPECT_EQ(mp4.body.substr(4, 4), "ftyp");
    }
  }
}

TEST_F(InteractionFlows, BadClicksGetDiscordErrorsAndBookmarkMakesNoJob) {
  auto gw = connect();
  identify(*gw);
  auto grid = imagine_grid(*gw, "a lake", "4001");
  auto hash = hash_of(grid);
  auto unknown = post_interaction(click_body("1234567", "MJ::JOB::upsample::1::" + hash, "4002"));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json(), json({{"message", "Unknown Message"}, {"code", 10008}}));
  auto foreign = post_interaction(click_body(grid["id"], "MJ::JOB::upsample::9::" + hash, "4003"));
  EXPECT_EQ(foreign.status, 400);
  EXPECT_EQ(foreign.json()["code"], 50035);

  ASSERT_EQ(
      post_interaction(click_body(grid["id"], "MJ::JOB::upsample::1::" + hash, "4004")).status,
      204);
  auto single = until_final(*gw);
  ASSERT_EQ(
      post_interaction(click_body(single["id"], "MJ::BOOKMARK::" + hash_of(single), "4005")).status,
      204);
  EXPECT_EQ(gw->until_dispatch("INTERACTION_SUCCESS")["d"]["nonce"], "4005");
  expect_quiet(*gw);
}

// /settings, a click on "Remix mode", then V1 opens the remix modal; the submit runs it.
TEST_F(InteractionFlows, RemixModeTurnsVariationsIntoModals) {
  auto gw = connect();
  identify(*gw);
  ASSERT_EQ(post_interaction(slash_body("settings", json::array(), "5001")).status, 204);
  auto settings = gw->until_dispatch("MESSAGE_CREATE")["d"];
  EXPECT_EQ(settings["flags"], 64);
  EXPECT_EQ(settings["interaction_metadata"]["name"], "settings");
  auto remix = component_labelled(settings, "Remix mode");
  ASSERT_FALSE(remix.is_null());
  EXPECT_EQ(remix["style"], 2);
  EXPECT_EQ(component_labelled(settings, "Fast mode")["style"], 3);
  ASSERT_EQ(post_interaction(click_body(settings["id"], remix["custom_id"], "5002", 64)).status,
            204);
  auto updated = gw->until_dispatch("MESSAGE_UPDATE")["d"];
  EXPECT_EQ(updated["id"], settings["id"]);
  EXPECT_EQ(component_labelled(updated, "Remix mode")["style"], 3);
  auto stats = http_call(port_, "GET", "/_sim/stats").json();
  EXPECT_EQ(stats["wrong_message_flags"], 0);

  auto grid = imagine_grid(*gw, "a tower", "5003");
  auto hash = hash_of(grid);
  ASSERT_EQ(
      post_interaction(click_body(grid["id"], "MJ::JOB::variation::1::" + hash, "5004")).status,
      204);
  auto created = gw->until_dispatch("INTERACTION_CREATE")["d"];
  EXPECT_EQ(created["nonce"], "5004");
  auto modal = gw->next();
  ASSERT_TRUE(modal.has_value());
  ASSERT_EQ((*modal)["t"], "INTERACTION_MODAL_CREATE");
  const auto& d = (*modal)["d"];
  EXPECT_EQ(d["nonce"], "5004");
  EXPECT_EQ(d["custom_id"], "MJ::RemixModal::" + hash + "::1::1");
  EXPECT_EQ(d["application"]["id"], mj_app);
  const auto& field = d["components"][0]["components"][0];
  EXPECT_EQ(field["custom_id"], "MJ::RemixModal::new_prompt");
  EXPECT_EQ(field["value"], "a tower --v 7.0");

  auto wrong = submit_body(d, "x", "5005");
  wrong["data"]["id"] = "999";
  EXPECT_EQ(post_interaction(wrong).status, 400);
  ASSERT_EQ(post_interaction(submit_body(d, "a tower at night", "5006")).status, 204);
  EXPECT_EQ(gw->until_dispatch("INTERACTION_SUCCESS")["d"]["nonce"], "5006");
  auto result = until_final(*gw);
  EXPECT_EQ(result["content"],
            "**a tower at night --v 7.0** - Remix (Strong) by " + mention() + " (fast)");
  EXPECT_EQ(result["interaction_metadata"]["type"], 5);
  EXPECT_EQ(result["interaction_metadata"]["triggering_interaction_metadata"]["id"], created["id"]);
  EXPECT_EQ(post_interaction(submit_body(d, "again", "5007")).status, 400);  // modal closed
}

TEST_F(InteractionFlows, CustomZoomAlwaysOpensAModalAndChecksZoom) {
  auto gw = connect();
  identify(*gw);
  auto grid = imagine_grid(*gw, "a bridge", "6001");
  ASSERT_EQ(
      post_interaction(click_body(grid["id"], "MJ::JOB::upsample::1::" + hash_of(grid), "6002"))
          .status,
      204);
  auto single = until_final(*gw);
  auto hash = hash_of(single);
  for (const auto& [value, nonce] :
       {std::pair{"a bridge --zoom 3", "6003"}, std::pair{"a bridge --zoom 1.5", "6005"}}) {
    auto click_nonce = std::to_string(std::stoi(nonce) + 100);
    ASSERT_EQ(
        post_interaction(click_body(single["id"], "MJ::CustomZoom::" + hash, click_nonce)).status,
        204);
    auto d = gw->until_dispatch("INTERACTION_MODAL_CREATE")["d"];
    EXPECT_EQ(d["custom_id"], "MJ::OutpaintCustomZoomModal::" + hash);
    EXPECT_EQ(d["components"][0]["components"][0]["custom_id"],
              "MJ::OutpaintCustomZoomModal::prompt");
    EXPECT_EQ(d["components"][0]["components"][0]["value"], "a bridge --v 7.0 --zoom 2");
    ASSERT_EQ(post_interaction(submit_body(d, value, nonce)).status, 204);
    if (std::string{nonce} == "6003") {
      auto error = gw->until_dispatch("MESSAGE_CREATE")["d"];
      EXPECT_EQ(error["nonce"], nonce);
      EXPECT_EQ(error["embeds"][0]["title"], "Invalid parameter");
    } else {
      auto result = until_final(*gw);
      auto content = result["content"].get<std::string>();
      EXPECT_TRUE(content.ends_with("** - Zoom Out by " + mention() + " (fast)")) << content;
    }
  }
}

TEST_F(InteractionFlows, VaryRegionUsesTheIframeEditorAndSubmitJob) {
  auto gw = connect();
  identify(*gw);
  auto grid = imagine_grid(*gw, "a garden", "7001");
  ASSERT_EQ(
      post_interaction(click_body(grid["id"], "MJ::JOB::upsample::4::" + hash_of(grid), "7002"))
          .status,
      204);
  auto single = until_final(*gw);
  auto hash = hash_of(single);
  ASSERT_EQ(post_interaction(click_body(single["id"], "MJ::Inpaint::1::" + hash + "::SOLO", "7003"))
                .status,
            204);
  auto d = gw->until_dispatch("INTERACTION_IFRAME_MODAL_CREATE")["d"];
  EXPECT_EQ(d["nonce"], "7003");
  auto custom_id = d["custom_id"].get<std::string>();
  ASSERT_TRUE(custom_id.starts_with("MJ::iframe::"));
  auto frame = custom_id.substr(12);
  json bad = {{"customId", frame}, {"mask", "bm90IGEgcG5n"}, {"prompt", "roses"}};
  EXPECT_EQ(http_call(port_, "POST", "/inpaint/api/submit-job", bad.dump()).status, 400);
  json good = {{"customId", frame},
               {"mask", "iVBORw0KGgoAAAANSUhEUg=="},
               {"prompt", "a garden with roses"},
               {"userId", "0"},
               {"username", "0"}};
  auto r =
      http_call(port_, "POST", "/discordsays/" + std::string{mj_app} + "/inpaint/api/submit-job",
                good.dump());
  ASSERT_EQ(r.status, 200);
  auto result = until_final(*gw);
  EXPECT_EQ(result["content"],
            "**a garden with roses --v 7.0** - Variations (Region) by " + mention() + " (fast)");
  EXPECT_EQ(result["message_reference"]["message_id"], single["id"]);
  EXPECT_EQ(http_call(port_, "POST", "/inpaint/api/submit-job", good.dump()).status, 404);
}

// Upload (§2.2), then describe with the upload, then PicReader 2 → a prefilled modal → imagine.
TEST_F(InteractionFlows, UploadDescribeAndPicReader) {
  auto gw = connect();
  identify(*gw);
  const std::string bytes = "\x89PNG\r\n\x1a\nfake-image-bytes";
  json files = {
      {"files", json::array({{{"filename", "t1.png"}, {"file_size", bytes.size()}, {"id", "0"}}})}};
  auto slots = http_call(port_, "POST", "/api/v9/channels/" + account_.channel_id + "/attachments",
                         files.dump(), token1);
  ASSERT_EQ(slots.status, 200);
  auto slot = slots.json()["attachments"][0];
  EXPECT_EQ(slot["id"], "0");
  auto upload_filename = slot["upload_filename"].get<std::string>();
  EXPECT_TRUE(upload_filename.ends_with("/t1.png"));
  EXPECT_EQ(http_call(port_, "PUT", path_of(slot["upload_url"]), "short").status, 400);
  ASSERT_EQ(http_call(port_, "PUT", path_of(slot["upload_url"]), bytes).status, 200);

  auto body = slash_body("describe", json::array({{{"type", 11}, {"name", "image"}, {"value", 0}}}),
                         "8001");
  body["data"]["attachments"] =
      json::array({{{"id", "0"}, {"filename", "t1.png"}, {"uploaded_filename", upload_filename}}});
  ASSERT_EQ(post_interaction(body).status, 204);
  auto described = gw->until_dispatch("MESSAGE_CREATE")["d"];
  EXPECT_EQ(described["nonce"], "8001");
  EXPECT_EQ(described["interaction_metadata"]["name"], "describe");
  auto description = described["embeds"][0]["description"].get<std::string>();
  EXPECT_TRUE(description.starts_with("1\xEF\xB8\x8F\xE2\x83\xA3 ")) << description;
  EXPECT_NE(description.find("\n\n4\xEF\xB8\x8F\xE2\x83\xA3 "), std::string::npos);
  auto image = http_call(port_, "GET", path_of(described["embeds"][0]["image"]["url"]));
  EXPECT_EQ(image.body, bytes);
  auto ids = custom_ids_of(described);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "MJ::Job::PicReader::2"), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "MJ::Picread::Retry"), ids.end());

  ASSERT_EQ(post_interaction(click_body(described["id"], "MJ::Job::PicReader::2", "8002")).status,
            204);
  auto d = gw->until_dispatch("INTERACTION_MODAL_CREATE")["d"];
  EXPECT_EQ(d["custom_id"], "MJ::Picreader::Modal::2");
  auto line2 = description.substr(description.find("2\xEF\xB8\x8F\xE2\x83\xA3 ") + 8);
  line2 = line2.substr(0, line2.find('\n'));
  EXPECT_EQ(d["components"][0]["components"][0]["value"], line2);
  ASSERT_EQ(post_interaction(submit_body(d, line2, "8003")).status, 204);
  auto result = until_final(*gw);
  EXPECT_EQ(result["content"], "**" + line2 + " --v 7.0** - " + mention() + " (fast)");

  ASSERT_EQ(post_interaction(click_body(described["id"], "MJ::Picread::Retry", "8004")).status,
            204);
  auto again = gw->until_dispatch("MESSAGE_CREATE")["d"];
  EXPECT_EQ(again["nonce"], "8004");
  EXPECT_EQ(again["embeds"][0]["image"]["url"], described["embeds"][0]["image"]["url"]);

  auto link = slash_body(
      "describe", json::array({{{"type", 3}, {"name", "link"}, {"value", "https://x/y.png"}}}),
      "8005");
  ASSERT_EQ(post_interaction(link).status, 204);
  EXPECT_EQ(gw->until_dispatch("MESSAGE_CREATE")["d"]["embeds"][0]["image"]["url"],
            "https://x/y.png");
  auto unknown = slash_body("describe",
                            json::array({{{"type", 11}, {"name", "image"}, {"value", 0}}}), "8006");
  unknown["data"]["attachments"] =
      json::array({{{"id", "0"}, {"filename", "x.png"}, {"uploaded_filename", "nope/x.png"}}});
  EXPECT_EQ(post_interaction(unknown).status, 400);

  // Upload step 3 for imagine: the user's own message carries CDN URLs.
  auto second = http_call(port_, "POST", "/api/v9/channels/" + account_.channel_id + "/attachments",
                          files.dump(), token1)
                    .json()["attachments"][0];
  ASSERT_EQ(http_call(port_, "PUT", path_of(second["upload_url"]), bytes).status, 200);
  json post = {{"content", ""},
               {"channel_id", account_.channel_id},
               {"type", 0},
               {"sticker_ids", json::array()},
               {"nonce", "8007"},
               {"attachments", json::array({{{"id", "0"},
                                             {"filename", "t1.png"},
                                             {"uploaded_filename", second["upload_filename"]}}})}};
  auto posted = http_call(port_, "POST", "/api/v9/channels/" + account_.channel_id + "/messages",
                          post.dump(), token1);
  ASSERT_EQ(posted.status, 200);
  auto url = posted.json()["attachments"][0]["url"].get<std::string>();
  EXPECT_NE(url.find("?ex="), std::string::npos);
  EXPECT_EQ(http_call(port_, "GET", path_of(url.substr(0, url.find('?')))).body, bytes);
  EXPECT_EQ(gw->until_dispatch("MESSAGE_CREATE")["d"]["nonce"], "8007");
}

TEST_F(InteractionFlows, BlendNeedsTwoUploadsAndRunsAGrid) {
  auto gw = connect();
  identify(*gw);
  json atts = json::array();
  json options = json::array();
  for (int i = 0; i < 2; ++i) {
    json files = {{"files", json::array({{{"filename", "b" + std::to_string(i) + ".png"},
                                          {"file_size", 4},
                                          {"id", std::to_string(i)}}})}};
    auto slot = http_call(port_, "POST", "/api/v9/channels/" + account_.channel_id + "/attachments",
                          files.dump(), token1)
                    .json()["attachments"][0];
    ASSERT_EQ(http_call(port_, "PUT", path_of(slot["upload_url"]), "abcd").status, 200);
    atts.push_back({{"id", std::to_string(i)},
                    {"filename", "b.png"},
                    {"uploaded_filename", slot["upload_filename"]}});
    options.push_back({{"type", 11}, {"name", "image" + std::to_string(i + 1)}, {"value", i}});
  }
  auto one = slash_body("blend", json::array({options[0]}), "9001");
  one["data"]["attachments"] = atts;
  EXPECT_EQ(post_interaction(one).status, 400);
  options.push_back({{"type", 3}, {"name", "dimensions"}, {"value", "--ar 2:3"}});
  auto body = slash_body("blend", options, "9002");
  body["data"]["attachments"] = atts;
  ASSERT_EQ(post_interaction(body).status, 204);
  auto waiting = gw->until_dispatch("MESSAGE_CREATE")["d"];
  EXPECT_EQ(waiting["interaction_metadata"]["name"], "blend");
  auto result = until_final(*gw);
  auto content = result["content"].get<std::string>();
  EXPECT_TRUE(content.starts_with("**<" + sim_->base_url() + "/cdn/attachments/")) << content;
  EXPECT_NE(content.find("--ar 2:3 --v 7.0** - " + mention() + " (fast)"), std::string::npos);
  EXPECT_EQ(job_with_nonce(port_, "9002")["action"], "blend");
}

TEST_F(InteractionFlows, InfoShortenFastRelaxAndNiji) {
  auto gw = connect();
  identify(*gw);
  ASSERT_EQ(post_interaction(slash_body("info", json::array(), "10001")).status, 204);
  auto info = gw->until_dispatch("MESSAGE_CREATE")["d"];
  EXPECT_EQ(info["flags"], 64);
  EXPECT_EQ(info["nonce"], "10001");
  auto title = info["embeds"][0]["title"].get<std::string>();
  EXPECT_TRUE(title.starts_with("Your info")) << title;
  auto d = info["embeds"][0]["description"].get<std::string>();
  EXPECT_NE(d.find("**Fast Time Remaining**: 14.32/15.0 hours (95.47%)"), std::string::npos) << d;
  EXPECT_NE(d.find("**Job Mode**: Fast"), std::string::npos);

  ASSERT_EQ(post_interaction(slash_body("shorten",
                                        json::array({{{"type", 3},
                                                      {"name", "prompt"},
                                                      {"value", "a very long and ornate prompt"}}}),
                                        "10002"))
                .status,
            204);
  auto shorten = gw->until_dispatch("MESSAGE_CREATE")["d"];
  auto sd = shorten["embeds"][0]["description"].get<std::string>();
  EXPECT_TRUE(sd.starts_with("## Important tokens\n")) << sd;
  EXPECT_NE(sd.find("## Shortened prompts\n1\xEF\xB8\x8F\xE2\x83\xA3 "), std::string::npos);
  EXPECT_NE(shorten["embeds"][0]["footer"]["text"].get<std::string>().find(
                "Click on a button to imagine one of the shortened prompts"),
            std::string::npos);
  auto analyzer = custom_ids_of(shorten)[2];
  ASSERT_EQ(post_interaction(click_body(shorten["id"], analyzer, "10003")).status, 204);
  auto modal = gw->until_dispatch("INTERACTION_MODAL_CREATE")["d"];
  EXPECT_FALSE(modal["components"][0]["components"][0]["value"].get<std::string>().empty());

  ASSERT_EQ(post_interaction(slash_body("relax", json::array(), "10004")).status, 204);
  EXPECT_EQ(gw->until_dispatch("MESSAGE_CREATE")["d"]["flags"], 64);
  auto relaxed = imagine_grid(*gw, "slow boat", "10005");
  EXPECT_TRUE(relaxed["content"].get<std::string>().ends_with("(relaxed)"));
  ASSERT_EQ(post_interaction(slash_body("info", json::array(), "10006")).status, 204);
  EXPECT_NE(
      gw->until_dispatch("MESSAGE_CREATE")["d"]["embeds"][0]["description"].get<std::string>().find(
          "**Job Mode**: Relaxed"),
      std::string::npos);
  ASSERT_EQ(post_interaction(slash_body("fast", json::array(), "10007")).status, 204);
  gw->until_dispatch("MESSAGE_CREATE");

  auto niji =
      slash_body("imagine", json::array({{{"type", 3}, {"name", "prompt"}, {"value", "a koi"}}}),
                 "10008", niji_app);
  EXPECT_EQ(niji["data"]["id"], "1023054140580057099");
  ASSERT_EQ(post_interaction(niji).status, 204);
  auto niji_final = until_final(*gw);
  EXPECT_EQ(niji_final["author"]["id"], niji_app);
  EXPECT_EQ(niji_final["application_id"], niji_app);
  auto mj_with_niji_id = slash_body("imagine", niji["data"]["options"], "10009");
  mj_with_niji_id["data"]["id"] = niji["data"]["id"];
  EXPECT_EQ(post_interaction(mj_with_niji_id).status, 400);
}

TEST_F(InteractionFlows, RotatedVersionsFailUntilRediscovered) {
  auto old_body = slash_body(
      "imagine", json::array({{{"type", 3}, {"name", "prompt"}, {"value", "a cat"}}}), "11001");
  ASSERT_EQ(control("rotate-versions", json::object()).status, 200);
  auto stale = post_interaction(old_body);
  ASSERT_EQ(stale.status, 400);
  EXPECT_EQ(stale.json()["errors"]["data"]["_errors"][0]["code"],
            "INTERACTION_APPLICATION_COMMAND_INVALID_VERSION");
  auto fresh = slash_body("imagine", old_body["data"]["options"], "11002");
  EXPECT_NE(fresh["data"]["version"], old_body["data"]["version"]);
  EXPECT_EQ(fresh["data"]["id"], old_body["data"]["id"]);
  EXPECT_EQ(post_interaction(fresh).status, 204);
  auto filtered = http_call(port_, "GET",
                            "/api/v9/channels/" + account_.channel_id +
                                "/application-commands/search?type=1&application_id=" + niji_app,
                            {}, token1)
                      .json();
  EXPECT_EQ(filtered["application_commands"].size(), 9u);
}

TEST_F(InteractionFlows, ShowInTheDmThenEnvelopeReactionSendsTheSeed) {
  auto gw = connect();
  identify(*gw);
  auto grid = imagine_grid(*gw, "a comet --seed 1234", "12001");
  auto hash = hash_of(grid);
  auto dm = http_call(port_, "POST", "/api/v9/users/@me/channels",
                      json({{"recipient_id", mj_app}}).dump(), token1);
  ASSERT_EQ(dm.status, 200);
  auto dm_id = dm.json()["id"].get<std::string>();
  EXPECT_EQ(dm.json()["type"], 1);
  EXPECT_EQ(dm.json()["recipients"][0]["id"], mj_app);
  EXPECT_EQ(http_call(port_, "POST", "/api/v9/users/@me/channels",
                      json({{"recipients", json::array({mj_app})}}).dump(), token1)
                .json()["id"],
            dm_id);

  auto show = slash_body("show", json::array({{{"type", 3}, {"name", "job_id"}, {"value", hash}}}),
                         "12002");
  show["channel_id"] = dm_id;
  show.erase("guild_id");
  ASSERT_EQ(post_interaction(show).status, 204);
  auto shown = gw->until_dispatch("MESSAGE_CREATE")["d"];
  EXPECT_EQ(shown["channel_id"], dm_id);
  EXPECT_EQ(shown["nonce"], "12002");
  EXPECT_FALSE(shown.contains("guild_id"));
  EXPECT_EQ(hash_of(shown), hash);
  EXPECT_EQ(shown["content"], grid["content"]);

  auto react = http_call(port_, "PUT",
                         "/api/v9/channels/" + dm_id + "/messages/" +
                             shown["id"].get<std::string>() + "/reactions/%E2%9C%89%EF%B8%8F/@me",
                         {}, token1);
  ASSERT_EQ(react.status, 204);
  auto seed = gw->until_dispatch("MESSAGE_CREATE")["d"];
  EXPECT_EQ(seed["channel_id"], dm_id);
  EXPECT_EQ(seed["content"],
            "**a comet --seed 1234 --v 7.0**\n**Job ID**: " + hash + "\n**seed** 1234");
  EXPECT_EQ(job_with_nonce(port_, "12001")["seed"], 1234);
  auto history =
      http_call(port_, "GET", "/api/v9/channels/" + dm_id + "/messages?limit=5", {}, token1);
  ASSERT_EQ(history.status, 200);
  EXPECT_EQ(history.json()[0]["id"], seed["id"]);
  EXPECT_EQ(http_call(port_, "PUT",
                      "/api/v9/channels/" + dm_id + "/messages/1/reactions/%E2%9C%89%EF%B8%8F/@me",
                      {}, token1)
                .status,
            404);
}

}  // namespace
