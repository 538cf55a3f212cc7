#include "actors/task_board.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace mjgate::actors {
namespace {

task_board::snapshot make(std::string id, domain::task_status s, std::int64_t revision = 1) {
  auto t = std::make_shared<domain::task>();
  t->id = std::move(id);
  t->status = s;
  t->revision = revision;
  return t;
}

TEST(TaskBoard, OwnerPublishReplacesTheEntry) {
  task_board b{10};
  b.publish(make("1", domain::task_status::not_start, 1));
  b.publish(make("1", domain::task_status::in_progress, 2));
  auto s = b.find("1");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->status, domain::task_status::in_progress);
  EXPECT_EQ(s->revision, 2);
  EXPECT_FALSE(b.find("2"));
}

TEST(TaskBoard, RememberNeverOverwritesAndIgnoresLiveRows) {
  task_board b{10};
  b.publish(make("1", domain::task_status::success, 5));
  b.remember(make("1", domain::task_status::success, 3));
  EXPECT_EQ(b.find("1")->revision, 5);
  b.remember(make("2", domain::task_status::in_progress));
  EXPECT_FALSE(b.find("2"));
  b.remember(make("3", domain::task_status::failure));
  EXPECT_TRUE(b.find("3"));
}

TEST(TaskBoard, FinishedTasksAreEvictedOldestFirstLiveOnesNever) {
  task_board b{4, 1};  // one shard: exact order
  for (int i = 0; i < 10; ++i)
    b.publish(make("live" + std::to_string(i), domain::task_status::submitted));
  for (int i = 0; i < 6; ++i)
    b.publish(make("done" + std::to_string(i), domain::task_status::success));
  EXPECT_FALSE(b.find("done0"));
  EXPECT_FALSE(b.find("done1"));
  for (int i = 2; i < 6; ++i) EXPECT_TRUE(b.find("done" + std::to_string(i))) << i;
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(b.find("live" + std::to_string(i))) << i;
  auto c = b.count();
  EXPECT_EQ(c.live, 10u);
  EXPECT_EQ(c.finished, 4u);
}

TEST(TaskBoard, ALiveTaskThatFinishesCountsAsFinished) {
  task_board b{1, 1};
  b.publish(make("a", domain::task_status::in_progress));
  b.publish(make("a", domain::task_status::success));
  b.publish(make("b", domain::task_status::failure));
  EXPECT_FALSE(b.find("a"));
  EXPECT_TRUE(b.find("b"));
  EXPECT_EQ(b.count().finished, 1u);
  EXPECT_EQ(b.count().live, 0u);
}

TEST(TaskBoard, ZeroCapacityKeepsOnlyLiveTasks) {
  task_board b{0};
  b.publish(make("a", domain::task_status::in_progress));
  b.publish(make("b", domain::task_status::success));
  b.remember(make("c", domain::task_status::success));
  EXPECT_TRUE(b.find("a"));
  EXPECT_FALSE(b.find("b"));
  EXPECT_FALSE(b.find("c"));
}

TEST(TaskBoard, ForgetDropsAnEntry) {
  task_board b{10};
  b.publish(make("a", domain::task_status::in_progress));
  b.forget("a");
  EXPECT_FALSE(b.find("a"));
  b.forget("missing");
  EXPECT_EQ(b.count().live, 0u);
}

TEST(TaskBoard, ConcurrentWritersAndReadersSeeWholeSnapshots) {
  task_board b{1000};
  constexpr int n = 2000;
  std::thread writer{[&] {
    for (int i = 0; i < n; ++i) {
      auto id = std::to_string(i % 50);
      b.publish(make(id, domain::task_status::in_progress, i));
    }
  }};
  for (int i = 0; i < n; ++i)
    if (auto s = b.find(std::to_string(i % 50))) {
      EXPECT_EQ(s->id, std::to_string(i % 50));
    }
  writer.join();
  EXPECT_EQ(b.count().live, 50u);
}

}  // namespace
}  // namespace mjgate::actors
