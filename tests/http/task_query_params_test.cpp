// POST /mj/task/query: page request parsing (bounds, sort whitelist, filters)
// and the Spring-style page envelope.
#include <gtest/gtest.h>

#include "http/dialects/mj/task_query_params.hpp"

namespace {

namespace mj = mjgate::http::mj;
using mj::task_page_query;
using mj::task_sort_field;
using mjgate::domain::task_action;
using mjgate::domain::task_status;
using mjgate::http::reply;

reply envelope4(int status, std::string_view description) {
  return reply{status,
               R"({"code":4,"description":")" + std::string{description} +
                   R"(","result":null,"properties":{}})",
               {}};
}

task_page_query parsed(std::string_view body) {
  auto r = mj::parse_task_query(body, 10);
  EXPECT_TRUE(std::holds_alternative<task_page_query>(r)) << body;
  return std::holds_alternative<task_page_query>(r) ? std::get<task_page_query>(r)
                                                    : task_page_query{};
}

TEST(task_query_params, defaults) {
  auto q = parsed("{}");
  EXPECT_EQ(q, task_page_query{});
  EXPECT_EQ(q.page_number, 0);
  EXPECT_EQ(q.page_size, 10);
  EXPECT_EQ(q.sort_field, task_sort_field::id);
  EXPECT_TRUE(q.descending);
}

TEST(task_query_params, paging_values) {
  struct row {
    const char* body;
    int number;
    int size;
  };
  const row rows[] = {
      {R"({"pageNumber":3,"pageSize":25})", 3, 25},
      {R"({"pageNumber":"2","pageSize":"50"})", 2, 50},
      {R"({"pageSize":101})", 0, 100},
      {R"({"pageSize":100000000000})", 0, 100},
      {R"({"pageSize":0})", 0, 1},
      {R"({"page":4,"size":5})", 4, 5},
      {R"({"pageNumber":1,"page":4})", 1, 10},
      {R"({"pageNumber":null,"pageSize":null})", 0, 10},
      {R"({"pageNumber":99999999999})", 2147483647, 10},
  };
  for (const auto& [body, number, size] : rows) {
    auto q = parsed(body);
    EXPECT_EQ(q.page_number, number) << body;
    EXPECT_EQ(q.page_size, size) << body;
  }
}

TEST(task_query_params, sort_whitelist) {
  const std::tuple<const char*, task_sort_field, bool> rows[] = {
      {R"({"sort":"id,desc"})", task_sort_field::id, true},
      {R"({"sort":"submitTime,ASC"})", task_sort_field::submit_time, false},
      {R"({"sort":" finishTime , desc "})", task_sort_field::finish_time, true},
      {R"({"sort":"status"})", task_sort_field::status, false},
      {R"({"sort":"action,asc"})", task_sort_field::action, false},
      {R"({"sort":""})", task_sort_field::id, true},
  };
  for (const auto& [body, field, desc] : rows) {
    auto q = parsed(body);
    EXPECT_EQ(q.sort_field, field) << body;
    EXPECT_EQ(q.descending, desc) << body;
  }
}

TEST(task_query_params, filters) {
  auto q =
      parsed(R"({"id":"17","ids":["3","1","3"],"action":"UPSCALE","status":"SUCCESS",)"
             R"("statusSet":["FAILURE","SUCCESS"],"instanceId":"acc","state":"st","prompt":"cat",)"
             R"("promptEn":"dog","description":"/imagine","failReason":"timeout","other":{}})");
  task_page_query want;
  want.id = "17";
  want.ids = {"3", "1"};
  want.actions = {task_action::upscale};
  want.statuses = {task_status::success, task_status::failure};
  want.instance_id = "acc";
  want.state = "st";
  want.prompt = "cat";
  want.prompt_en = "dog";
  want.description = "/imagine";
  want.fail_reason = "timeout";
  EXPECT_EQ(q, want);
}

TEST(task_query_params, rejections) {
  const std::pair<std::string, reply> cases[] = {
      {"", envelope4(400, "请求体不是合法的JSON")},
      {"pageNumber=1", envelope4(400, "请求体不是合法的JSON")},
      {"[1]", envelope4(200, "请求体必须是JSON对象")},
      {R"({"pageNumber":-1})", envelope4(200, "pageNumber参数错误")},
      {R"({"pageNumber":"one"})", envelope4(200, "pageNumber参数错误")},
      {R"({"pageNumber":1.5})", envelope4(200, "pageNumber参数错误")},
      {R"({"page":-2})", envelope4(200, "pageNumber参数错误")},
      {R"({"pageSize":-10})", envelope4(200, "pageSize参数错误")},
      {R"({"pageSize":"+5"})", envelope4(200, "pageSize参数错误")},
      {R"({"sort":"prompt,desc"})", envelope4(200, "sort参数错误")},
      {R"({"sort":"id,down"})", envelope4(200, "sort参数错误")},
      {R"({"sort":["id","desc"]})", envelope4(200, "sort参数错误")},
      {R"({"ids":"1"})", envelope4(200, "ids必须是字符串数组")},
      {R"({"ids":[1]})", envelope4(200, "ids必须是字符串数组")},
      {R"({"ids":["1","2","3","4","5","6","7","8","9","10","11"]})",
       envelope4(200, "ids数量超过上限10")},
      {R"({"action":"DANCE"})", envelope4(200, "action参数错误")},
      {R"({"status":"DONE"})", envelope4(200, "status参数错误")},
      {R"({"statusSet":"SUCCESS"})", envelope4(200, "statusSet必须是数组")},
      {R"({"statusSet":["SUCCESS",3]})", envelope4(200, "status参数错误")},
      {R"({"prompt":")" + std::string(129, 'p') + "\"}", envelope4(200, "prompt过长")},
      {R"({"failReason":5})", envelope4(200, "failReason必须是字符串")},
      {R"({"id":5})", envelope4(200, "id必须是字符串")},
  };
  for (const auto& [body, expected] : cases) {
    auto r = mj::parse_task_query(body, 10);
    ASSERT_TRUE(std::holds_alternative<reply>(r)) << body;
    EXPECT_EQ(std::get<reply>(r), expected) << body;
  }
  std::string cjk;
  for (int i = 0; i < 128; ++i) cjk += "猫";
  EXPECT_EQ(parsed(R"({"prompt":")" + cjk + "\"}").prompt, cjk);
}

TEST(task_query_params, render_page) {
  EXPECT_EQ(mj::render_page({}, 0, 0, 10),
            R"({"content":[],"totalElements":0,"totalPages":0,"size":10,"number":0,)"
            R"("first":true,"last":true,"numberOfElements":0,"empty":true})");
  EXPECT_EQ(mj::render_page({R"({"id":"1"})", R"({"id":"2"})"}, 5, 0, 2),
            R"({"content":[{"id":"1"},{"id":"2"}],"totalElements":5,"totalPages":3,"size":2,)"
            R"("number":0,"first":true,"last":false,"numberOfElements":2,"empty":false})");
  EXPECT_EQ(mj::render_page({R"({"id":"5"})"}, 5, 2, 2),
            R"({"content":[{"id":"5"}],"totalElements":5,"totalPages":3,"size":2,)"
            R"("number":2,"first":false,"last":true,"numberOfElements":1,"empty":false})");
  // Past the end: an empty last page that still reports the totals.
  EXPECT_EQ(mj::render_page({}, 4, 7, 2),
            R"({"content":[],"totalElements":4,"totalPages":2,"size":2,"number":7,)"
            R"("first":false,"last":true,"numberOfElements":0,"empty":true})");
  EXPECT_EQ(mj::to_string(task_sort_field::submit_time), "submitTime");
}

}  // namespace
