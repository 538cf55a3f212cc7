// Command discovery (protocol §2.4) and the stale-version error of §2.5.
#include "discord/command_discovery.hpp"

#include <gtest/gtest.h>

#include "tests/discord/test_data.hpp"

using namespace mjgate::discord;
using mjgate::discord::test::read_data;

TEST(command_discovery, search_answer_gives_per_bot_tables) {
  auto found = parse_command_search(read_data("rest_command_search.json"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->mj.size(), 2u);  // imagine, describe; the type 3 command is skipped
  EXPECT_EQ(found->niji.size(), 1u);
  auto imagine = found->find("MID_JOURNEY", "imagine");
  ASSERT_TRUE(imagine);
  EXPECT_EQ(imagine->id, "938956540159881230");
  EXPECT_EQ(imagine->version, "1300000000000000777");
  EXPECT_EQ(imagine->name, "imagine");
  auto niji = found->find("NIJI_JOURNEY", "imagine");
  ASSERT_TRUE(niji);
  EXPECT_EQ(niji->id, "1023054140580057099");
  EXPECT_EQ(niji->version, "1300000000000000779");
  EXPECT_FALSE(found->find("MID_JOURNEY", "blend"));
  EXPECT_FALSE(found->find("MID_JOURNEY", "Bookmark"));
}

TEST(command_discovery, resolve_falls_back_to_the_table) {
  auto found = parse_command_search(read_data("rest_command_search.json"));
  ASSERT_TRUE(found);
  EXPECT_EQ(resolve_command(*found, "MID_JOURNEY", "describe").version, "1300000000000000778");
  auto blend = resolve_command(*found, "MID_JOURNEY", "blend");
  EXPECT_EQ(blend.id, "1062880104792997970");
  EXPECT_EQ(blend.version, "1237876415471554624");
  EXPECT_EQ(resolve_command(discovered_commands{}, "NIJI_JOURNEY", "relax").id,
            "1023054140634579024");
}

TEST(command_discovery, unreadable_answers) {
  EXPECT_FALSE(parse_command_search("not json"));
  EXPECT_FALSE(parse_command_search("[]"));
  EXPECT_FALSE(parse_command_search(R"({"applications":[]})"));
  auto empty = parse_command_search(R"({"application_commands":[{"id":"1"},7]})");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->mj.empty());
}

TEST(command_discovery, invalid_version_is_told_apart_from_other_form_errors) {
  EXPECT_TRUE(is_invalid_version_error(read_data("rest_invalid_version.json")));
  EXPECT_FALSE(is_invalid_version_error(read_data("rest_invalid_form.json")));
  // Nesting path unconfirmed: found at any depth.
  EXPECT_TRUE(is_invalid_version_error(
      R"({"code":50035,"message":"x","errors":{"a":{"b":[{"_errors":[{"code":"INTERACTION_APPLICATION_COMMAND_INVALID_VERSION"}]}]}}})"));
  // Only a 50035 body counts.
  EXPECT_FALSE(is_invalid_version_error(
      R"({"code":10008,"errors":{"_errors":[{"code":"INTERACTION_APPLICATION_COMMAND_INVALID_VERSION"}]}})"));
  EXPECT_FALSE(is_invalid_version_error("INTERACTION_APPLICATION_COMMAND_INVALID_VERSION"));
}
