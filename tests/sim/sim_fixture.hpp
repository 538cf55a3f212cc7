// The shared fixture of the simulator's loopback tests: an in-process simulator at bench speed,
// gateway sessions, and the interaction bodies a client sends (types 2, 3 and 5).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "sim/simulator.hpp"
#include "tests/sim/test_client.hpp"

namespace mjgate::sim::testing {

inline constexpr const char* token1 = "sim-token-1";
inline constexpr const char* mj_app = "936929561302675456";
inline constexpr const char* niji_app = "1022952195194359889";

class SimulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options o;
    o.pace = speed::bench;
    o.accounts = 2;
    o.seed = 42;
    o.banned_words = {"Forbiddenword"};
    sim_ = std::make_unique<simulator>(o);
    sim_->start();
    port_ = sim_->port();
    account_ = make_sim_account(1);
  }
  void TearDown() override { sim_->stop(); }

  std::unique_ptr<gateway_client> connect(bool zlib = false, std::string path = "/gateway") {
    auto gw = std::make_unique<gateway_client>(
        port_, path + "?encoding=json&v=9" + (zlib ? "&compress=zlib-stream" : ""));
    auto hello = gw->next();
    EXPECT_TRUE(hello.has_value());
    if (hello) {
      EXPECT_EQ((*hello)["op"], 10);
    }
    return gw;
  }

  nlohmann::json identify(gateway_client& gw, const std::string& token = token1) {
    gw.send({{"op", 2}, {"d", {{"token", token}, {"capabilities", 16381}, {"compress", false}}}});
    return gw.until_dispatch("READY");
  }

  /// A type 2 command body for `name` with the §3 MJ (or Niji) id and version.
  nlohmann::json slash_body(const std::string& name, nlohmann::json options,
                            const std::string& nonce, const std::string& app = mj_app) {
    auto search =
        http_call(port_, "GET",
                  "/api/v9/channels/" + account_.channel_id + "/application-commands/search?type=1",
                  {}, token1)
            .json();
    nlohmann::json cmd;
    for (const auto& c : search["application_commands"])
      if (c["name"] == name && c["application_id"] == app) cmd = c;
    return {{"type", 2},
            {"application_id", app},
            {"guild_id", account_.guild_id},
            {"channel_id", account_.channel_id},
            {"session_id", "none"},
            {"nonce", nonce},
            {"data",
             {{"version", cmd.value("version", "")},
              {"id", cmd.value("id", "")},
              {"name", name},
              {"type", 1},
              {"options", std::move(options)},
              {"attachments", nlohmann::json::array()}}}};
  }

  nlohmann::json imagine_body(const std::string& prompt, const std::string& nonce,
                              const std::string& session = "none") {
    return {{"type", 2},
            {"application_id", mj_app},
            {"guild_id", account_.guild_id},
            {"channel_id", account_.channel_id},
            {"session_id", session},
            {"nonce", nonce},
            {"data",
             {{"version", "1237876415471554623"},
              {"id", "938956540159881230"},
              {"name", "imagine"},
              {"type", 1},
              {"options",
               nlohmann::json::array({{{"type", 3}, {"name", "prompt"}, {"value", prompt}}})},
              {"attachments", nlohmann::json::array()}}}};
  }

  /// A type 3 click on `message_id`'s component `custom_id`.
  nlohmann::json click_body(const std::string& message_id, const std::string& custom_id,
                            const std::string& nonce, int flags = 0) {
    return {{"type", 3},
            {"application_id", mj_app},
            {"guild_id", account_.guild_id},
            {"channel_id", account_.channel_id},
            {"session_id", "none"},
            {"nonce", nonce},
            {"message_flags", flags},
            {"message_id", message_id},
            {"data", {{"component_type", 2}, {"custom_id", custom_id}}}};
  }

  /// A type 5 modal submit copying the ids of an INTERACTION_MODAL_CREATE `d`.
  nlohmann::json submit_body(const nlohmann::json& modal, const std::string& value,
                             const std::string& nonce) {
    const auto& field = modal["components"][0]["components"][0];
    return {
        {"type", 5},
        {"application_id", modal["application"]["id"]},
        {"guild_id", account_.guild_id},
        {"channel_id", account_.channel_id},
        {"session_id", "none"},
        {"nonce", nonce},
        {"data",
         {{"id", modal["id"]},
          {"custom_id", modal["custom_id"]},
          {"components",
           nlohmann::json::array(
               {{{"type", 1},
                 {"components",
                  nlohmann::json::array(
                      {{{"type", 4}, {"custom_id", field["custom_id"]}, {"value", value}}})}}})}}}};
  }

  http_reply post_interaction(const nlohmann::json& body, const std::string& token = token1) {
    return http_call(port_, "POST", "/api/v9/interactions", body.dump(), token);
  }

  /// Reads dispatches until a MESSAGE_CREATE with an attachment and no nonce (a job result).
  nlohmann::json until_final(gateway_client& gw) {
    for (int i = 0; i < 40; ++i) {
      auto m = gw.until_dispatch("MESSAGE_CREATE")["d"];
      if (!m.contains("nonce") && !m["attachments"].empty()) return m;
    }
    ADD_FAILURE() << "no final message";
    return {};
  }

  /// Runs an imagine to its final grid message.
  nlohmann::json imagine_grid(gateway_client& gw, const std::string& prompt,
                              const std::string& nonce) {
    EXPECT_EQ(post_interaction(imagine_body(prompt, nonce)).status, 204);
    return until_final(gw);
  }

  // Polls the control API (no event exists for "finished while nobody listens").
  nlohmann::json wait_job_state(const std::string& nonce, const std::string& state) {
    for (int i = 0; i < 300; ++i) {
      auto jobs = http_call(port_, "GET", "/_sim/jobs").json();
      for (const auto& j : jobs)
        if (j["nonce"] == nonce && j["state"] == state) return j;
      std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
    ADD_FAILURE() << "job " << nonce << " never reached " << state;
    return {};
  }

  http_reply control(const std::string& path, const nlohmann::json& body) {
    return http_call(port_, "POST", "/_sim/" + path, body.dump());
  }

  std::string path_of(const std::string& url) { return url.substr(sim_->base_url().size()); }

  std::unique_ptr<simulator> sim_;
  std::uint16_t port_ = 0;
  sim_account account_;
};

/// Every custom_id of a message's components, in order.
inline std::vector<std::string> custom_ids_of(const nlohmann::json& m) {
  std::vector<std::string> out;
  for (const auto& row : m["components"])
    for (const auto& c : row["components"])
      if (c.contains("custom_id")) out.push_back(c["custom_id"]);
  return out;
}

/// The component with `label` (empty json when absent).
inline nlohmann::json component_labelled(const nlohmann::json& m, const std::string& label) {
  for (const auto& row : m["components"])
    for (const auto& c : row["components"])
      if (c.value("label", "") == label) return c;
  return {};
}

}  // namespace mjgate::sim::testing
