// The single error map: every errc and caf::sec a route can see.
#include <gtest/gtest.h>

#include <caf/error.hpp>
#include <caf/sec.hpp>

#include <nlohmann/json.hpp>

#include "actors/type_ids.hpp"
#include "http/dialects/mj/envelope.hpp"
#include "http/errors.hpp"

namespace {

using namespace mjgate::http;
using mjgate::domain::errc;

nlohmann::json body(const reply& r) {
  return nlohmann::json::parse(r.body);
}

TEST(errors, submit_validation_uses_context_text) {
  auto r = submit_failure(caf::make_error(errc::validation, std::string{"关联任务状态错误"}));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"code":4,"description":"关联任务状态错误","result":null,"properties":{}})");
  EXPECT_EQ(body(submit_failure(
                caf::make_error(errc::parent_invalid, std::string{"gone"})))["description"],
            "gone");
}

TEST(errors, submit_codes) {
  auto no_account = submit_failure(caf::make_error(errc::no_account));
  EXPECT_EQ(no_account.status, 200);
  EXPECT_EQ(no_account.body,
            R"({"code":3,"description":"无可用的账号实例","result":null,"properties":{}})");
  auto full = body(submit_failure(caf::make_error(errc::queue_full)));
  EXPECT_EQ(full["code"], 23);
  EXPECT_EQ(full["description"], "队列已满，请稍后尝试");
  EXPECT_EQ(full["properties"]["retryAfter"], 10);
  EXPECT_EQ(body(submit_failure(caf::make_error(errc::queue_full, 30)))["properties"]["retryAfter"],
            30);
  for (auto e : {errc::storage_failure, errc::internal}) {
    auto r = submit_failure(caf::make_error(e));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(body(r)["code"], 9);
    EXPECT_EQ(body(r)["description"], "提交失败，系统异常");
  }
}

TEST(errors, submit_banned_prompt) {
  auto r = submit_failure(
      caf::make_error(errc::banned_prompt, std::string{"gore"}, std::string{"much gore"}));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"code":24,"description":"可能包含敏感词","result":null,)"
                    R"("properties":{"promptEn":"much gore","bannedWord":"gore"}})");
}

TEST(errors, submit_timeout_is_code_9_http_200) {
  auto r = submit_failure(caf::make_error(caf::sec::request_timeout));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(body(r)["code"], 9);
  EXPECT_EQ(submit_failure(caf::make_error(caf::sec::request_receiver_down)).status, 200);
}

TEST(errors, query_mapping) {
  auto nf = query_failure(caf::make_error(errc::task_not_found));
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(nf.body, R"({"code":4,"description":"任务不存在","result":null,"properties":{}})");
  EXPECT_EQ(query_failure(caf::make_error(caf::sec::request_timeout)).status, 504);
  EXPECT_EQ(query_failure(caf::make_error(errc::timeout)).status, 504);
  EXPECT_EQ(query_failure(caf::make_error(errc::storage_failure)).status, 500);
  EXPECT_EQ(query_failure(caf::make_error(caf::sec::request_receiver_down)).status, 500);
  EXPECT_EQ(query_failure(caf::make_error(errc::forbidden)).status, 403);
  auto v = query_failure(caf::make_error(errc::validation, std::string{"bad"}));
  EXPECT_EQ(v.status, 200);
  EXPECT_EQ(body(v)["description"], "bad");
  // A relayed cancel whose channel cannot be reached: 23 in the envelope, with the reason.
  auto busy = query_failure(caf::make_error(errc::queue_full, std::string{"上游渠道暂不可用"}));
  EXPECT_EQ(busy.status, 200);
  EXPECT_EQ(body(busy)["code"], 23);
  EXPECT_EQ(body(busy)["description"], "上游渠道暂不可用");
  EXPECT_GT(body(busy)["properties"]["retryAfter"].get<int>(), 0);
}

TEST(envelope, submit_accepted) {
  EXPECT_EQ(mj::submit_accepted({"17", "acc", 0, false, {}, {}, {}}).dump(),
            R"({"code":1,"description":"提交成功","result":"17",)"
            R"("properties":{"discordInstanceId":"acc"}})");
  EXPECT_EQ(mj::submit_accepted({"17", "acc", 2, false, {}, {}, {}}).dump(),
            R"({"code":22,"description":"排队中，前面还有2个任务","result":"17",)"
            R"("properties":{"discordInstanceId":"acc","numberOfQueues":2}})");
  EXPECT_EQ(mj::submit_accepted({"17", "acc", 0, true, "a cat --ar 2:3", {}, {}}).dump(),
            R"({"code":21,"description":"Waiting for window confirm","result":"17",)"
            R"("properties":{"discordInstanceId":"acc","finalPrompt":"a cat --ar 2:3",)"
            R"("remix":true}})");
  EXPECT_EQ(
      mj::submit_accepted({"17", "acc", 0, false, {}, {"https://a/1.png", "https://a/2.png"}, {}})
          .dump(),
      R"({"code":1,"description":"提交成功","result":["https://a/1.png","https://a/2.png"],)"
      R"("properties":{"discordInstanceId":"acc"}})");
  // PicReader "all": one answer for its children, the last one's place in the queue.
  EXPECT_EQ(mj::submit_accepted({"17,18,19,20", "acc", 3, false, {}, {}, {}}).dump(),
            R"({"code":22,"description":"排队中，前面还有3个任务","result":"17,18,19,20",)"
            R"("properties":{"discordInstanceId":"acc","numberOfQueues":3}})");
}

TEST(errors, node_failures_use_the_node_envelope_and_http_statuses) {
  struct expectation {
    caf::error err;
    int status;
    const char* body;
  };
  for (const auto& x : std::vector<expectation>{
           {caf::make_error(errc::validation, std::string{"prompt过长"}), 400,
            R"({"code":0,"description":"prompt过长"})"},
           {caf::make_error(errc::parent_invalid, std::string{"关联任务状态错误"}), 400,
            R"({"code":0,"description":"关联任务状态错误"})"},
           {caf::make_error(errc::parent_invalid), 400,
            R"({"code":0,"description":"关联任务不存在或已失效"})"},
           {caf::make_error(errc::task_not_found), 400,
            R"({"code":0,"description":"关联任务不存在或已失效"})"},
           {caf::make_error(errc::banned_prompt, std::string{"gore"}, std::string{"much gore"}),
            400, R"({"code":0,"description":"可能包含敏感词: gore"})"},
           {caf::make_error(errc::no_account), 503,
            R"({"code":0,"description":"无可用的账号实例"})"},
           {caf::make_error(errc::unauthorized), 401, R"({"code":0,"description":"unauthorized"})"},
           {caf::make_error(errc::forbidden), 403, R"({"code":0,"description":"forbidden"})"},
           {caf::make_error(errc::storage_failure), 500, R"({"code":0,"description":"系统异常"})"},
           {caf::make_error(errc::internal), 500, R"({"code":0,"description":"系统异常"})"},
           {caf::make_error(caf::sec::request_timeout), 500,
            R"({"code":0,"description":"系统异常"})"},
       }) {
    auto r = node_failure(x.err);
    EXPECT_EQ(r.status, x.status) << x.body;
    EXPECT_EQ(r.body, x.body);
    EXPECT_TRUE(r.headers.empty()) << x.body;
  }
  auto full = node_failure(caf::make_error(errc::queue_full, 30));
  EXPECT_EQ(full.status, 503);
  EXPECT_EQ(full.body, R"({"code":0,"description":"队列已满，请稍后尝试"})");
  EXPECT_EQ(full.headers,
            (std::vector<std::pair<std::string, std::string>>{{"Retry-After", "30"}}));
  EXPECT_EQ(node_failure(caf::make_error(errc::queue_full)).headers.at(0).second, "10");
}

}  // namespace
