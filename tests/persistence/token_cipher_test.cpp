// At-rest token encryption (persistence/token_cipher, secret_key_file):
// round trip, fresh nonces, wrong key, tampering, the text format, legacy
// clear values, key parsing and the key file's creation and permissions.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <random>

#include "persistence/secret_key_file.hpp"
#include "persistence/token_cipher.hpp"

namespace mjgate::persistence {
namespace {

secret_key key_of(unsigned char fill) {
  secret_key k;
  k.fill(fill);
  return k;
}

const std::string token = "MTA5ODc2NTQzMjEwOTg3NjU0.GhIjKl.abcdefghijklmnopqrstuvwxyz012345";

TEST(token_cipher, round_trip_with_a_fresh_nonce_each_time) {
  token_cipher c{key_of(7)};
  auto a = c.seal(token);
  auto b = c.seal(token);
  EXPECT_NE(a, b);  // random nonce per seal
  EXPECT_EQ(c.open(a), token);
  EXPECT_EQ(c.open(b), token);
  EXPECT_EQ(a.find(token), std::string::npos);
  EXPECT_EQ(a.find(token.substr(0, 8)), std::string::npos);
}

TEST(token_cipher, the_format_is_versioned_base64_of_nonce_and_box) {
  token_cipher c{key_of(1)};
  auto sealed = c.seal("abc");
  ASSERT_EQ(sealed.rfind("enc:v1:", 0), 0u);
  EXPECT_TRUE(is_sealed(sealed));
  EXPECT_FALSE(is_sealed("abc"));
  // 24-byte nonce + 16-byte MAC + 3 bytes = 43 bytes → 60 base64 characters.
  EXPECT_EQ(sealed.size(), std::string{"enc:v1:"}.size() + 60);
  auto body = sealed.substr(7);
  for (char ch : body)
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(ch)) || ch == '+' || ch == '/' || ch == '=')
        << body;
}

TEST(token_cipher, a_wrong_key_cannot_open) {
  token_cipher mine{key_of(1)};
  token_cipher other{key_of(2)};
  EXPECT_EQ(other.open(mine.seal(token)), std::nullopt);
}

TEST(token_cipher, any_altered_byte_is_detected) {
  token_cipher c{key_of(3)};
  auto sealed = c.seal(token);
  // Flip one base64 character at a time (never the prefix): every change fails.
  for (std::size_t i = 7; i < sealed.size(); ++i) {
    auto bad = sealed;
    if (bad[i] == '=') continue;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    EXPECT_EQ(c.open(bad), std::nullopt) << "position " << i;
  }
  EXPECT_EQ(c.open(sealed.substr(0, sealed.size() - 4)), std::nullopt);  // truncated
  EXPECT_EQ(c.open("enc:v1:"), std::nullopt);
  EXPECT_EQ(c.open("enc:v1:not base64!"), std::nullopt);
}

TEST(token_cipher, legacy_clear_values_open_as_themselves_and_seal_is_idempotent) {
  token_cipher c{key_of(4)};
  EXPECT_EQ(c.open("clear-token-from-before"), "clear-token-from-before");
  EXPECT_EQ(c.seal(""), "");
  EXPECT_EQ(c.open(""), "");
  auto sealed = c.seal(token);
  EXPECT_EQ(c.seal(sealed), sealed);
}

TEST(secret_key_text, hex_and_base64_forms_of_32_bytes) {
  auto hex = std::string(64, 'a');
  ASSERT_TRUE(parse_secret_key(hex));
  EXPECT_EQ((*parse_secret_key(hex))[0], 0xaa);
  EXPECT_EQ(to_hex(*parse_secret_key(hex)), hex);
  auto k = key_of(0xfb);
  // The same 32 bytes in four base64 variants.
  for (const char* text : {"+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/s=",
                           "+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/s",
                           "-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_s=",
                           "-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_s"}) {
    auto parsed = parse_secret_key(text);
    ASSERT_TRUE(parsed) << text;
    EXPECT_EQ(*parsed, k) << text;
  }
  for (const char* bad :
       {"", "short", "AAAA", "zz", "+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/s="})
    EXPECT_FALSE(parse_secret_key(bad)) << bad;
  EXPECT_FALSE(parse_secret_key(std::string(63, 'a')));
  EXPECT_FALSE(parse_secret_key(std::string(64, 'g')));
}

struct key_dir : ::testing::Test {
  void SetUp() override {
    std::random_device rd;
    dir = std::filesystem::temp_directory_path() / ("mjgate_key_" + std::to_string(rd()));
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::filesystem::path dir;
};

TEST_F(key_dir, created_once_with_mode_0600_then_read_back) {
  auto path = dir / "data" / "secret.key";
  auto first = load_or_create_key_file(path);
  ASSERT_TRUE(std::holds_alternative<key_file>(first)) << std::get<std::string>(first);
  EXPECT_TRUE(std::get<key_file>(first).created);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto second = load_or_create_key_file(path);
  ASSERT_TRUE(std::holds_alternative<key_file>(second));
  EXPECT_FALSE(std::get<key_file>(second).created);
  EXPECT_EQ(std::get<key_file>(second).key, std::get<key_file>(first).key);
  // What one start sealed, the next opens.
  token_cipher before{std::get<key_file>(first).key};
  token_cipher after{std::get<key_file>(second).key};
  EXPECT_EQ(after.open(before.seal(token)), token);
}

TEST_F(key_dir, a_damaged_file_is_an_error_that_never_shows_its_content) {
  std::filesystem::create_directories(dir);
  auto path = dir / "secret.key";
  std::ofstream{path} << "not-a-key-but-secret-looking-text";
  auto loaded = load_or_create_key_file(path);
  ASSERT_TRUE(std::holds_alternative<std::string>(loaded));
  const auto& why = std::get<std::string>(loaded);
  EXPECT_NE(why.find(path.string()), std::string::npos);
  EXPECT_EQ(why.find("secret-looking"), std::string::npos);
}

}  // namespace
}  // namespace mjgate::persistence
