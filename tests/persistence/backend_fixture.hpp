// The contract suite's fixture: a fresh database per test, either a temporary
// SQLite file (WAL) or a private schema in the PostgreSQL of MJGATE_TEST_PG_DSN.
#pragma once

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "domain/task.hpp"
#include "persistence/dsn.hpp"
#include "persistence/migrations.hpp"

namespace mjgate::persistence::test {

/// Parameter "sqlite" or "postgres"; tests see `sql` (migrated) and `dsn_text`.
class backend_fixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::random_device rd;
    auto tag = std::to_string(rd()) + std::to_string(rd() % 1000);
    if (GetParam() == "postgres") {
      const char* env = std::getenv("MJGATE_TEST_PG_DSN");
      if (env == nullptr || *env == '\0') GTEST_SKIP() << "MJGATE_TEST_PG_DSN not set";
      schema_ = "t_" + tag;
      admin_.open(soci::postgresql, env);
      admin_ << "create schema " + schema_;
      dsn_text = std::string{"postgresql:"} + env + " options=-csearch_path=" + schema_;
    } else {
      dir_ = std::filesystem::temp_directory_path() / ("mjgate_persistence_" + tag);
      std::filesystem::create_directories(dir_);
      dsn_text = "sqlite:" + (dir_ / "store.db").string();
    }
    auto parsed = parse_dsn(dsn_text);
    ASSERT_TRUE(std::holds_alternative<dsn>(parsed));
    target = std::get<dsn>(parsed);
    open_session(sql, target);
    version = migrate(sql, target.kind);
  }

  void TearDown() override {
    if (sql.get_backend() != nullptr) sql.close();
    if (!schema_.empty()) admin_ << "drop schema " + schema_ + " cascade";
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::string dsn_text;
  dsn target;
  soci::session sql;
  int version = 0;

 private:
  soci::session admin_;
  std::string schema_;
  std::filesystem::path dir_;
};

/// A task with every field set to something distinctive.
inline domain::task full_task(const std::string& id, std::int64_t user = 7) {
  domain::task t;
  t.id = id;
  t.uuid = "2f1c9a4e-8d3b-4c1a-9e7f-" + id.substr(id.size() > 12 ? id.size() - 12 : 0);
  t.user_id = user;
  t.action = domain::task_action::upscale_hd;
  t.custom_id = "MJ::JOB::upsample::2::abc";
  t.parent_id = "1700000000000001";
  t.parent_uuid = "9b0e4f2a-1c3d-4e5f-8a6b-7c8d9e0f1a2b";
  t.index = 2;
  t.status = domain::task_status::in_progress;
  t.progress = 42;
  t.prompt = "猫 🐱 \"quoted\" 'single' back\\slash, {braces} ,comma";
  t.prompt_en = "cat, \"a\" {b} \\c";
  t.prompt_full = "cat --seed 123 --v 6";
  t.final_prompt = "**cat** - <@123> (fast)";
  t.description = "/imagine 猫";
  t.state = "line1\nline2\ttab";
  t.notify_hook = "http://127.0.0.1:9/hook?a=1&b=2";
  t.submit_time = 1700000000123;
  t.start_time = 1700000001123;
  t.finish_time = 1700000002123;
  t.image_url = "https://cdn.example/x.png";
  t.fail_reason = "";
  t.buttons = {{"MJ::JOB::upsample::1::abc", "", "U1", 2, 2},
               {"MJ::JOB::reroll::0::abc::SOLO", "🔄", "", 2, 1}};
  t.bot_type = "NIJI_JOURNEY";
  t.mode = "FAST";
  t.job_id = "abc-def";
  t.seed = "123";
  t.account_id = "1234567890";
  t.nonce = "1300000000000000001";
  t.interaction_id = "1300000000000000002";
  t.message_id = "1300000000000000003";
  t.progress_message_id = "1300000000000000004";
  t.referenced_message_id = "1300000000000000005";
  t.flags = 64;
  t.priority = -3;
  t.submit_code = 22;
  t.revision = 5;
  t.created_at = 1700000000100;
  t.updated_at = 1700000002200;
  return t;
}

/// 16-digit task id for number n.
inline std::string task_id(int n) {
  auto s = std::to_string(n);
  return "17" + std::string(14 - s.size(), '0') + s;
}

}  // namespace mjgate::persistence::test
