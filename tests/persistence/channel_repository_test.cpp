// The channel repository contract (migration 9): relay channels are stored
// and read back identically on SQLite and PostgreSQL; config channels keep
// their ids and later API inserts never collide with them.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "backend_fixture.hpp"
#include "persistence/channel_repository.hpp"

namespace mjgate::persistence::test {
namespace {

class channels : public backend_fixture {
 protected:
  static domain::channel make(std::string name) {
    domain::channel c;
    c.type = domain::channel_type::suno;
    c.name = std::move(name);
    c.base_url = "http://127.0.0.1:9000/prefix";
    c.key = "enc:v1:c2VhbGVk";  // as the caller sealed it
    c.key_masked = "sk-a********wxyz";
    c.models = {"MUSIC", "chirp-v3-5"};
    c.priority = -3;
    c.weight = 7;
    c.enabled = false;
    c.source = "api";
    c.created_at = 1700000000001;
    c.updated_at = 1700000000002;
    return c;
  }
};

TEST_P(channels, insert_list_get_round_trip_every_field) {
  auto a = upsert_channel(sql, target.kind, make("a"));
  auto b = make("b 🎵");
  b.type = domain::channel_type::midjourney_proxy;
  b.models.clear();
  b.enabled = true;
  b.speed_prefix = true;  // midjourney-proxy flags (migration 10)
  b.callback = true;
  b.proxy = "enc:v1:cHJveHk=";  // sealed by the caller (migration 12)
  b.proxy_masked = "http://u:********@127.0.0.1:3128";
  b = upsert_channel(sql, target.kind, b);
  EXPECT_GT(a.id, 0);
  EXPECT_GT(b.id, a.id);
  auto all = list_channels(sql);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], a);
  EXPECT_EQ(all[1], b);
  EXPECT_EQ(get_channel(sql, b.id), b);
  EXPECT_FALSE(get_channel(sql, 999));
}

TEST_P(channels, update_by_id_and_delete) {
  auto a = upsert_channel(sql, target.kind, make("a"));
  a.base_url = "https://other.example.com";
  a.key = "enc:v1:bmV3";
  a.key_masked = "new-********6789";
  a.weight = 2;
  a.enabled = true;
  a.models = {};
  a.callback = true;
  a.proxy = "enc:v1:b3RoZXI=";
  a.proxy_masked = "http://127.0.0.1:8888";
  a.updated_at = 1700000000009;
  EXPECT_EQ(upsert_channel(sql, target.kind, a), a);
  EXPECT_EQ(get_channel(sql, a.id), a);
  EXPECT_EQ(list_channels(sql).size(), 1u);
  EXPECT_TRUE(delete_channel(sql, a.id));
  EXPECT_FALSE(delete_channel(sql, a.id));
  EXPECT_TRUE(list_channels(sql).empty());
}

TEST_P(channels, config_ids_are_kept_and_later_inserts_go_past_them) {
  auto config = make("from the file");
  config.id = 40;
  config.source = "config";
  EXPECT_EQ(upsert_channel(sql, target.kind, config).id, 40);
  config.weight = 3;  // the next start upserts it again
  upsert_channel(sql, target.kind, config);
  auto fresh = upsert_channel(sql, target.kind, make("api"));
  EXPECT_GT(fresh.id, 40);
  auto all = list_channels(sql);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], config);
  EXPECT_EQ(all[1].id, fresh.id);
}

TEST_P(channels, the_key_column_holds_only_what_the_caller_stored) {
  upsert_channel(sql, target.kind, make("a"));
  std::string stored, masked;
  sql << "select key_sealed, key_masked from channels", soci::into(stored), soci::into(masked);
  EXPECT_EQ(stored, "enc:v1:c2VhbGVk");
  EXPECT_EQ(masked, "sk-a********wxyz");
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(sqlite, channels, ::testing::Values("sqlite"));
INSTANTIATE_TEST_SUITE_P(postgres, channels, ::testing::Values("postgres"));

}  // namespace mjgate::persistence::test
