// Pure helpers of persistence/: DSN parsing, PG array literals, button JSON,
// update coalescing.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "persistence/dsn.hpp"
#include "persistence/pg_text_array.hpp"
#include "persistence/store.hpp"
#include "persistence/task_repository.hpp"

namespace mjgate::persistence {
namespace {

dsn parsed(std::string_view text) {
  auto r = parse_dsn(text);
  EXPECT_TRUE(std::holds_alternative<dsn>(r)) << text;
  return std::holds_alternative<dsn>(r) ? std::get<dsn>(r) : dsn{};
}

TEST(pure_dsn, parses_every_form) {
  EXPECT_EQ(parsed("sqlite:mjgate.db"), (dsn{dsn::backend::sqlite, "mjgate.db"}));
  EXPECT_EQ(parsed("sqlite:/var/lib/x y.db"), (dsn{dsn::backend::sqlite, "/var/lib/x y.db"}));
  EXPECT_EQ(parsed("sqlite::memory:"), (dsn{dsn::backend::sqlite, ":memory:"}));
  EXPECT_EQ(parsed("postgresql://u:p@127.0.0.1:5432/db"),
            (dsn{dsn::backend::postgresql, "postgresql://u:p@127.0.0.1:5432/db"}));
  EXPECT_EQ(parsed("postgres://127.0.0.1/db"),
            (dsn{dsn::backend::postgresql, "postgres://127.0.0.1/db"}));
  EXPECT_EQ(parsed("postgresql:host=127.0.0.1 port=5432 dbname=x user=postgres"),
            (dsn{dsn::backend::postgresql, "host=127.0.0.1 port=5432 dbname=x user=postgres"}));
}

TEST(pure_dsn, rejects_unknown_and_empty) {
  for (auto bad : {"mysql://x", "", "sqlite:", "postgresql:", "SQLITE:x", "sqlite:a\"b.db"}) {
    auto r = parse_dsn(bad);
    ASSERT_TRUE(std::holds_alternative<std::string>(r)) << bad;
    EXPECT_NE(std::get<std::string>(r).find("storage:"), std::string::npos);
  }
}

TEST(pure_dsn, describe_hides_passwords) {
  auto uri = describe(dsn{dsn::backend::postgresql, "postgresql://bob:s3cret@h/db"});
  EXPECT_EQ(uri.find("s3cret"), std::string::npos);
  EXPECT_NE(uri.find("bob"), std::string::npos);
  auto kv = describe(dsn{dsn::backend::postgresql, "host=h password=s3cret dbname=x"});
  EXPECT_EQ(kv.find("s3cret"), std::string::npos);
  EXPECT_NE(kv.find("dbname=x"), std::string::npos);
  auto quoted = describe(dsn{dsn::backend::postgresql, "host=h password = 'se cr\\'et' user=u"});
  EXPECT_EQ(quoted, "host=h password = ******** user=u");
  auto query = describe(dsn{dsn::backend::postgresql, "postgresql://h/db?password=zz&sslmode=off"});
  EXPECT_EQ(query, "postgresql://h/db?password=********&sslmode=off");
}

TEST(pure_pg_array, quotes_and_escapes) {
  EXPECT_EQ(pg_text_array({}), "{}");
  EXPECT_EQ(pg_text_array({""}), R"({""})");
  EXPECT_EQ(pg_text_array({"", ""}), R"({"",""})");
  EXPECT_EQ(pg_text_array({"a", "b c"}), R"({"a","b c"})");
  EXPECT_EQ(pg_text_array({"say \"hi\""}), R"({"say \"hi\""})");
  EXPECT_EQ(pg_text_array({"back\\slash"}), R"({"back\\slash"})");
  EXPECT_EQ(pg_text_array({"a,b", "{x}", "NULL"}), R"({"a,b","{x}","NULL"})");
  EXPECT_EQ(pg_text_array({"猫 🐱"}), "{\"猫 🐱\"}");
  EXPECT_EQ(pg_text_array({"line\nbreak"}), "{\"line\nbreak\"}");
}

TEST(pure_pg_array, integers) {
  EXPECT_EQ(pg_int_array({}), "{}");
  EXPECT_EQ(pg_int_array({1, -2, 9223372036854775807}), "{1,-2,9223372036854775807}");
}

TEST(pure_buttons, json_round_trip) {
  std::vector<domain::button> bs{{"MJ::JOB::upsample::1::a", "", "U1", 2, 2},
                                 {"MJ::x", "🔄", "say \"hi\"", 2, 1}};
  auto text = buttons_to_json(bs);
  EXPECT_NE(text.find("\"customId\""), std::string::npos);
  EXPECT_EQ(buttons_from_json(text), bs);
  EXPECT_EQ(buttons_to_json({}), "[]");
  EXPECT_TRUE(buttons_from_json("[]").empty());
  EXPECT_THROW(buttons_from_json("[{"), std::runtime_error);
}

TEST(pure_coalesce, keeps_highest_revision_in_first_order) {
  auto t = [](std::string id, std::int64_t rev, std::string url) {
    domain::task x;
    x.id = std::move(id);
    x.revision = rev;
    x.image_url = std::move(url);
    return x;
  };
  auto out = coalesce_by_id(
      {t("a", 3, "a3"), t("b", 1, "b1"), t("a", 5, "a5"), t("a", 4, "a4"), t("b", 1, "b1-later")});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, "a");
  EXPECT_EQ(out[0].image_url, "a5");
  EXPECT_EQ(out[1].image_url, "b1-later");  // tie: the later write wins
}

TEST(pure_prepare_storage, opens_paths_with_spaces) {
  auto dir = std::filesystem::temp_directory_path() /
             ("mjgate persistence " + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  config::storage_config cfg;
  cfg.dsn = "sqlite:" + (dir / "my store.db").string();
  EXPECT_EQ(prepare_storage(cfg), "");
  EXPECT_TRUE(std::filesystem::exists(dir / "my store.db"));
  EXPECT_EQ(prepare_storage(cfg), "");  // migrations are idempotent across opens
  std::filesystem::remove_all(dir);
}

TEST(pure_prepare_storage, readable_open_errors) {
  config::storage_config cfg;
  cfg.dsn = "sqlite:/nonexistent-dir-mjgate/x/store.db";
  auto err = prepare_storage(cfg);
  EXPECT_NE(err.find("storage: cannot open sqlite file /nonexistent-dir-mjgate/x/store.db"),
            std::string::npos)
      << err;
  cfg.dsn = "oracle:x";
  EXPECT_NE(prepare_storage(cfg).find("unsupported dsn"), std::string::npos);
  cfg.dsn = "postgresql:host=127.0.0.1 port=1 connect_timeout=2 user=nobody password=hunter2";
  err = prepare_storage(cfg);
  EXPECT_NE(err.find("storage: cannot connect to postgresql"), std::string::npos) << err;
  EXPECT_EQ(err.find("hunter2"), std::string::npos) << err;
}

}  // namespace
}  // namespace mjgate::persistence
