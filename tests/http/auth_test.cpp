// API key extraction and the root-key check (api-contracts.md §1.5, §3.2).
#include <gtest/gtest.h>

#include "http/auth.hpp"

namespace {

using namespace mjgate::http;
using mjgate::actors::principal;

TEST(auth, extract_order) {
  EXPECT_EQ(extract_api_key("Bearer sk-abc", "other"), "sk-abc");
  EXPECT_EQ(extract_api_key("bearer abc", std::nullopt), "abc");
  EXPECT_EQ(extract_api_key("abc", std::nullopt), "abc");                   // bare key
  EXPECT_EQ(extract_api_key("Bearer Bearer x", std::nullopt), "Bearer x");  // only one strip
  EXPECT_EQ(extract_api_key("Bearer midjourney-proxy", "sk-real"), "sk-real");
  EXPECT_EQ(extract_api_key("midjourney-proxy", "real"), "real");
  EXPECT_EQ(extract_api_key("Bearer ", "real"), "real");
  EXPECT_EQ(extract_api_key(std::nullopt, "real"), "real");
  EXPECT_EQ(extract_api_key(std::nullopt, std::nullopt), "");
}

TEST(auth, hash_strips_one_sk_prefix) {
  // sha256("abc")
  const std::string abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  EXPECT_EQ(hash_api_key("abc"), abc);
  EXPECT_EQ(hash_api_key("sk-abc"), abc);
  EXPECT_NE(hash_api_key("sk-sk-abc"), abc);
}

TEST(auth, authenticate_root_key) {
  auth_settings s{true, hash_api_key("secret")};
  const principal root{1, true};
  EXPECT_EQ(authenticate(s, "Bearer sk-secret", std::nullopt), root);
  EXPECT_EQ(authenticate(s, "secret", std::nullopt), root);
  EXPECT_EQ(authenticate(s, std::nullopt, "sk-secret"), root);
  EXPECT_EQ(authenticate(s, "Bearer midjourney-proxy", "secret"), root);
  EXPECT_EQ(authenticate(s, "Bearer wrong", "secret"), std::nullopt);
  EXPECT_EQ(authenticate(s, std::nullopt, std::nullopt), std::nullopt);
  EXPECT_EQ(authenticate(s, "Bearer sk-", std::nullopt), std::nullopt);
}

TEST(auth, configured_hash_is_case_insensitive) {
  auto upper = hash_api_key("secret");
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(authenticate(auth_settings{true, upper}, "secret", std::nullopt));
}

TEST(auth, empty_root_hash_rejects_everyone) {
  EXPECT_EQ(authenticate(auth_settings{true, ""}, "secret", std::nullopt), std::nullopt);
}

TEST(auth, disabled_is_root) {
  EXPECT_EQ(authenticate(auth_settings{false, ""}, std::nullopt, std::nullopt),
            (principal{1, true}));
}

}  // namespace
