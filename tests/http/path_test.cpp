// Path normalisation, the mj prefixes and segment matching.
#include <gtest/gtest.h>

#include "http/path.hpp"

namespace {

using namespace mjgate::http;

TEST(path, normalize) {
  EXPECT_EQ(normalize_path("/mj//task///1/fetch/"), "/mj/task/1/fetch");
  EXPECT_EQ(normalize_path("/"), "/");
  EXPECT_EQ(normalize_path("//"), "/");
  EXPECT_EQ(normalize_path(""), "/");
  EXPECT_EQ(normalize_path("mj/x"), "/mj/x");
  EXPECT_EQ(normalize_path("/healthz/"), "/healthz");
}

TEST(path, mj_prefixes) {
  auto p = split_mj_prefix("/mj/submit/imagine");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->speed, speed_prefix::none);
  EXPECT_EQ(p->rest, "/submit/imagine");
  EXPECT_EQ(split_mj_prefix("/mj-fast/mj/task/list")->speed, speed_prefix::fast);
  EXPECT_EQ(split_mj_prefix("/mj-relax/mj/task/list")->speed, speed_prefix::relax);
  EXPECT_EQ(split_mj_prefix("/mj-turbo/mj/task/list")->speed, speed_prefix::turbo);
  EXPECT_EQ(split_mj_prefix("/mj-turbo/mj/task/list")->rest, "/task/list");
  EXPECT_FALSE(split_mj_prefix("/mj-slow/mj/task/list"));
  EXPECT_FALSE(split_mj_prefix("/mjx/task/list"));
  EXPECT_FALSE(split_mj_prefix("/mj-fast/task/list"));
  EXPECT_FALSE(split_mj_prefix("/api/mj/task/list"));
  EXPECT_EQ(split_mj_prefix("/mj")->rest, "");
}

TEST(path, match) {
  std::string id;
  EXPECT_TRUE(match_path("/task/{id}/fetch", "/task/123/fetch", id));
  EXPECT_EQ(id, "123");
  EXPECT_FALSE(match_path("/task/{id}/fetch", "/task/fetch", id));
  EXPECT_FALSE(match_path("/task/{id}/fetch", "/task/1/fetch/x", id));
  EXPECT_FALSE(match_path("/task/list", "/task/list-by-ids", id));
  EXPECT_TRUE(match_path("/task/list", "/task/list", id));
  EXPECT_FALSE(match_path("/task/list", "/task", id));
}

}  // namespace
