// Which answers the idempotency layer keeps, and the stored form of a reply
// (api-contracts.md §1.6): transient answers are never replayed.
#include "http/idempotency.hpp"

#include <gtest/gtest.h>

namespace mjgate::http {
namespace {

TEST(idempotency_rules, definite_answers_are_replayable) {
  EXPECT_TRUE(replayable({200, R"({"code":1,"description":"提交成功","result":"1"})", {}}));
  EXPECT_TRUE(replayable({200, R"({"code":22,"description":"排队中","result":"1"})", {}}));
  EXPECT_TRUE(replayable({200, R"({"code":4,"description":"参数错误","result":null})", {}}));
  EXPECT_TRUE(replayable({400, R"({"code":0,"description":"bad"})", {}}));
  EXPECT_TRUE(replayable({403, R"({"code":"insufficient_user_quota"})", {}}));
  EXPECT_TRUE(replayable({200, R"({"code":10102,"msg":"x","error":"invalid_request"})", {}}));
  EXPECT_TRUE(replayable({200, "not json", {}}));
}

TEST(idempotency_rules, transient_answers_are_not) {
  EXPECT_FALSE(replayable({200, R"({"code":23,"description":"队列已满"})", {}}));
  EXPECT_FALSE(replayable({200, R"({"code":9,"description":"系统异常"})", {}}));
  EXPECT_FALSE(replayable({429, R"({"code":0})", {}}));
  EXPECT_FALSE(replayable({500, "{}", {}}));
  EXPECT_FALSE(replayable({503, "{}", {}}));
  EXPECT_FALSE(replayable({504, "{}", {}}));
  EXPECT_FALSE(replayable({400, "{}", {{"retry-after", "10"}}}));
}

TEST(idempotency_rules, stored_form_round_trips_headers_in_order) {
  reply r{201,
          R"({"code":"success","data":"7"})",
          {{"X-New-Api-Other-Ratios", "{}"}, {"X-Total-Count", "3"}}};
  auto s = to_stored(r);
  EXPECT_EQ(s.status, 201);
  EXPECT_EQ(s.headers,
            (std::vector<std::string>{"X-New-Api-Other-Ratios", "{}", "X-Total-Count", "3"}));
  EXPECT_EQ(from_stored(s), r);
}

TEST(idempotency_rules, refusals_use_each_dialects_envelope) {
  auto mj = mj_idem_reject(idem_refusal::invalid_key);
  EXPECT_EQ(mj.status, 400);
  EXPECT_NE(mj.body.find(R"("code":4)"), std::string::npos);
  EXPECT_NE(mj.body.find("Idempotency-Key"), std::string::npos);
  auto busy = mj_idem_reject(idem_refusal::still_running);
  EXPECT_EQ(busy.status, 200);
  EXPECT_NE(busy.body.find(R"("code":23)"), std::string::npos);
  auto node = node_idem_reject(idem_refusal::invalid_key);
  EXPECT_EQ(node.status, 400);
  EXPECT_NE(node.body.find(R"("code":0)"), std::string::npos);
  EXPECT_EQ(node_idem_reject(idem_refusal::still_running).status, 409);
  auto backend = backend_idem_reject(idem_refusal::invalid_key);
  EXPECT_NE(backend.body.find(R"("code":10102)"), std::string::npos);
  auto suno = suno_idem_reject(idem_refusal::invalid_key);
  EXPECT_EQ(suno.status, 400);
  EXPECT_NE(suno.body.find(R"("code":"invalid_request")"), std::string::npos);
  EXPECT_EQ(suno_idem_reject(idem_refusal::still_running).status, 409);
}

}  // namespace
}  // namespace mjgate::http
