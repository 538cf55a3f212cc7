// Users: field validation, who may manage whom, and the login limiter
// (api-contracts.md §1.5, §7.2).
#include <gtest/gtest.h>

#include "domain/user.hpp"

namespace {

using namespace mjgate::domain;

const caller_role root{1, role_root};
const caller_role admin{2, role_admin};
const caller_role plain{3, role_user};

user make_user(std::int64_t id, int role, int status = user_enabled) {
  user u;
  u.id = id;
  u.name = "u" + std::to_string(id);
  u.role = role;
  u.status = status;
  return u;
}

user_edit create(std::string name, int role = 0) {
  user_edit e;
  e.has_name = true;
  e.name = std::move(name);
  if (role) {
    e.has_role = true;
    e.role = role;
  }
  return e;
}

TEST(user_rules, roles_and_backend_bits) {
  EXPECT_TRUE(is_valid_role(1));
  EXPECT_TRUE(is_valid_role(10));
  EXPECT_TRUE(is_valid_role(100));
  EXPECT_FALSE(is_valid_role(0));
  EXPECT_FALSE(is_valid_role(5));
  EXPECT_EQ(backend_role_bits(role_user), 1);
  EXPECT_EQ(backend_role_bits(role_admin), 3);
  EXPECT_EQ(backend_role_bits(role_root), 7);
}

TEST(user_rules, field_validation) {
  EXPECT_EQ(check_user_name("alice.b-1@x_y"), "");
  EXPECT_NE(check_user_name(""), "");
  EXPECT_NE(check_user_name("has space"), "");
  EXPECT_NE(check_user_name(std::string(65, 'a')), "");
  EXPECT_EQ(check_group("vip_1-a"), "");
  EXPECT_NE(check_group("a.b"), "");
  EXPECT_NE(check_group(""), "");
  EXPECT_EQ(check_password(""), "");  // no backend login
  EXPECT_EQ(check_password("12345678"), "");
  EXPECT_NE(check_password("1234567"), "");
  EXPECT_NE(check_password(std::string(129, 'x')), "");
  EXPECT_EQ(check_token_name(""), "");
  EXPECT_NE(check_token_name(std::string(65, 'x')), "");
}

TEST(user_rules, only_admins_create_and_never_at_or_above_their_role) {
  EXPECT_EQ(check_user_edit(plain, nullptr, create("a")).code, errc::forbidden);
  EXPECT_TRUE(check_user_edit(admin, nullptr, create("a")));
  EXPECT_TRUE(check_user_edit(admin, nullptr, create("a", role_user)));
  EXPECT_EQ(check_user_edit(admin, nullptr, create("a", role_admin)).code, errc::forbidden);
  EXPECT_EQ(check_user_edit(admin, nullptr, create("a", role_root)).code, errc::forbidden);
  EXPECT_TRUE(check_user_edit(root, nullptr, create("a", role_admin)));
  EXPECT_EQ(check_user_edit(root, nullptr, create("a", role_root)).code, errc::forbidden);
  EXPECT_EQ(check_user_edit(root, nullptr, create("a", 5)).code, errc::validation);
  user_edit nameless;
  EXPECT_EQ(check_user_edit(root, nullptr, nameless).code, errc::validation);
  auto bad_quota = create("a");
  bad_quota.has_quota = true;
  bad_quota.quota = -1;
  EXPECT_EQ(check_user_edit(root, nullptr, bad_quota).code, errc::validation);
}

TEST(user_rules, updates_need_a_higher_role_and_cannot_promote_to_it) {
  const auto u = make_user(7, role_user);
  const auto other_admin = make_user(8, role_admin);
  const auto root_user = make_user(1, role_root);
  user_edit promote;
  promote.has_role = true;
  promote.role = role_admin;
  EXPECT_EQ(check_user_edit(admin, &u, promote).code, errc::forbidden);  // only root manages admins
  EXPECT_TRUE(check_user_edit(root, &u, promote));
  user_edit disable;
  disable.has_status = true;
  disable.status = user_disabled;
  EXPECT_TRUE(check_user_edit(admin, &u, disable));
  EXPECT_EQ(check_user_edit(admin, &other_admin, disable).code, errc::forbidden);
  EXPECT_EQ(check_user_edit(admin, &root_user, disable).code, errc::forbidden);
  EXPECT_TRUE(check_user_edit(root, &other_admin, disable));
  disable.status = 3;
  EXPECT_EQ(check_user_edit(root, &u, disable).code, errc::validation);
}

TEST(user_rules, a_caller_changes_only_its_own_password) {
  const auto me = make_user(2, role_admin);
  user_edit pw;
  pw.has_password = true;
  pw.password = "new password";
  EXPECT_TRUE(check_user_edit(admin, &me, pw));
  user_edit same;  // echoed unchanged fields are fine
  same.has_role = true;
  same.role = role_admin;
  same.has_name = true;
  same.name = me.name;
  EXPECT_TRUE(check_user_edit(admin, &me, same));
  user_edit disable_self;
  disable_self.has_status = true;
  disable_self.status = user_disabled;
  EXPECT_EQ(check_user_edit(admin, &me, disable_self).code, errc::forbidden);
  const auto root_user = make_user(1, role_root);
  EXPECT_EQ(check_user_edit(root, &root_user, disable_self).code, errc::forbidden);
}

TEST(user_rules, secrets_of_self_or_lower_roles) {
  EXPECT_TRUE(check_user_secrets(admin, make_user(2, role_admin)));  // itself
  EXPECT_TRUE(check_user_secrets(admin, make_user(7, role_user)));
  EXPECT_EQ(check_user_secrets(admin, make_user(8, role_admin)).code, errc::forbidden);
  EXPECT_EQ(check_user_secrets(admin, make_user(1, role_root)).code, errc::forbidden);
  EXPECT_TRUE(check_user_secrets(root, make_user(1, role_root)));
  EXPECT_EQ(check_user_secrets(plain, make_user(3, role_user)).code, errc::forbidden);
  EXPECT_TRUE(check_user_view(admin, make_user(1, role_root)));
  EXPECT_EQ(check_user_view(plain, make_user(3, role_user)).code, errc::forbidden);
}

TEST(user_rules, apply_edit_changes_only_present_fields) {
  auto u = make_user(7, role_user);
  u.group = "g";
  u.quota = 5;
  user_edit e;
  e.has_quota = true;
  e.quota = 100;
  auto v = apply_user_edit(u, e);
  EXPECT_EQ(v.quota, 100);
  EXPECT_EQ(v.group, "g");
  EXPECT_EQ(v.name, u.name);
  EXPECT_EQ(v.role, role_user);
}

TEST(login_limiter, blocks_the_eleventh_attempt_within_a_minute) {
  login_limiter l{10, 60000};
  const std::string key = "127.0.0.1\nroot";
  for (int i = 0; i < 10; ++i) {
    EXPECT_FALSE(l.blocked(key, 1000 + i)) << i;
    l.failure(key, 1000 + i);
  }
  EXPECT_TRUE(l.blocked(key, 1010));
  EXPECT_FALSE(l.blocked("127.0.0.2\nroot", 1010));  // per IP and name
  EXPECT_FALSE(l.blocked("127.0.0.1\nother", 1010));
  EXPECT_TRUE(l.blocked(key, 60999));
  EXPECT_FALSE(l.blocked(key, 61000));  // the first failure left the window
}

TEST(login_limiter, success_resets_and_size_is_bounded) {
  login_limiter l{3, 60000, 4};
  l.failure("a", 1);
  l.failure("a", 2);
  l.success("a");
  l.failure("a", 3);
  EXPECT_FALSE(l.blocked("a", 4));
  for (int i = 0; i < 100; ++i) l.failure("k" + std::to_string(i), 10 + i);
  EXPECT_LE(l.size(), 4u);
  EXPECT_EQ(l.size(), 4u);
}

}  // namespace
