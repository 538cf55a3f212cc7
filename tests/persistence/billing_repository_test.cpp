// Quota holds, settlements and refunds over a real database (both backends):
// a hold takes user and key quota or nothing, a hold ends once whoever
// writes it, a confirmed modal holds on its update, an admin's new balance
// is audited (api-contracts.md §5.3).
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>
#include <tuple>
#include <vector>

#include "backend_fixture.hpp"
#include "domain/billing.hpp"
#include "persistence/billing_repository.hpp"
#include "persistence/task_repository.hpp"
#include "persistence/user_repository.hpp"

namespace mjgate::persistence::test {
namespace {

using domain::task_status;

class billing : public backend_fixture {
 protected:
  void SetUp() override {
    backend_fixture::SetUp();
    if (IsSkipped()) return;
    domain::user u;
    u.name = "payer";
    u.quota = 1000;
    user = insert_user(sql, target.kind, u).id;
    domain::api_token k;
    k.user_id = user;
    k.key_hash = "h1";
    k.remaining_quota = 250;
    limited_key = insert_api_token(sql, target.kind, k).id;
    k.key_hash = "h2";
    k.remaining_quota = -1;
    open_key = insert_api_token(sql, target.kind, k).id;
  }

  domain::task held(int n, std::int64_t price, std::int64_t key = 0) {
    auto t = full_task(task_id(n), user);
    t.status = task_status::not_start;
    t.start_time = 0;
    t.finish_time = 0;
    t.api_key_id = key;
    t.quota = price;
    t.billing_state = std::string{domain::billing_held};
    return t;
  }

  // Inserts `t` after its hold, as the store writer does; false when refused.
  bool admit(domain::task t) {
    soci::transaction tr(sql);
    if (!hold_quota(sql, t)) return false;
    std::vector<domain::task> rows{t};
    insert_tasks(sql, target.kind, rows);
    tr.commit();
    return true;
  }

  // One update as the writer applies it; false when refused.
  bool write(const domain::task& t) {
    soci::transaction tr(sql);
    if (!hold_on_update(sql, t)) {
      tr.commit();
      return false;
    }
    end_hold(sql, t);
    upsert_tasks(sql, target.kind, {t});
    tr.commit();
    return true;
  }

  std::int64_t key_quota(std::int64_t key) {
    long long q = 0;
    sql << "select remaining_quota from api_tokens where id = :k", soci::into(q), soci::use(key);
    return q;
  }

  std::vector<std::tuple<std::string, long long>> ledger(const std::string& task) {
    std::vector<std::tuple<std::string, long long>> out;
    soci::rowset<soci::row> rows = (sql.prepare << "select kind, amount from quota_ledger "
                                                   "where task_id = :t order by seq",
                                    soci::use(task));
    for (const auto& r : rows) out.emplace_back(r.get<std::string>(0), r.get<long long>(1));
    return out;
  }

  std::int64_t user = 0;
  std::int64_t limited_key = 0;
  std::int64_t open_key = 0;
};

TEST_P(billing, a_hold_takes_the_balance_or_nothing) {
  EXPECT_TRUE(admit(held(1, 600)));
  EXPECT_EQ(user_quota(sql, user), 400);
  EXPECT_FALSE(admit(held(2, 600))) << "400 does not cover 600";
  EXPECT_EQ(user_quota(sql, user), 400);
  EXPECT_FALSE(fetch_task(sql, task_id(2)).has_value());
  EXPECT_TRUE(admit(held(3, 400)));
  EXPECT_EQ(user_quota(sql, user), 0);
  EXPECT_EQ(ledger(task_id(1)), (std::vector<std::tuple<std::string, long long>>{{"hold", 600}}));
  EXPECT_TRUE(ledger(task_id(2)).empty());
}

TEST_P(billing, a_limited_key_is_debited_and_restored_an_open_key_is_not) {
  EXPECT_TRUE(admit(held(1, 200, limited_key)));
  EXPECT_EQ(key_quota(limited_key), 50);
  EXPECT_FALSE(admit(held(2, 100, limited_key))) << "the key refuses although the user could pay";
  EXPECT_EQ(user_quota(sql, user), 800) << "a refused key leaves the balance alone";
  EXPECT_TRUE(admit(held(3, 100, open_key)));
  EXPECT_EQ(key_quota(open_key), -1);
  EXPECT_EQ(user_quota(sql, user), 700);

  auto t = held(1, 200, limited_key);
  t.status = task_status::failure;
  domain::end_hold(t, false);
  ASSERT_TRUE(write(t));
  EXPECT_EQ(key_quota(limited_key), 250);
  EXPECT_EQ(user_quota(sql, user), 900);
}

TEST_P(billing, a_hold_ends_once_whoever_writes_it) {
  ASSERT_TRUE(admit(held(1, 300)));
  ASSERT_TRUE(admit(held(2, 300)));
  auto failed = held(1, 300);
  failed.status = task_status::failure;
  domain::end_hold(failed, true);
  EXPECT_EQ(failed.billing_state, domain::billing_refunded);
  EXPECT_EQ(failed.quota, 0);
  failed.revision = 6;
  ASSERT_TRUE(write(failed));
  EXPECT_EQ(user_quota(sql, user), 700);
  failed.revision = 7;  // a second writer of the same end
  ASSERT_TRUE(write(failed));
  EXPECT_FALSE(end_hold(sql, failed));
  EXPECT_EQ(user_quota(sql, user), 700) << "refunded once";
  EXPECT_EQ(ledger(task_id(1)),
            (std::vector<std::tuple<std::string, long long>>{{"hold", 300}, {"refund", 300}}));

  auto done = held(2, 300);
  done.status = task_status::success;
  domain::end_hold(done, true);
  done.revision = 6;
  ASSERT_TRUE(write(done));
  EXPECT_EQ(user_quota(sql, user), 700) << "settled: the charge stands";
  auto row = fetch_task(sql, task_id(2));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->billing_state, domain::billing_settled);
  EXPECT_EQ(row->quota, 300);
  EXPECT_EQ(ledger(task_id(2)),
            (std::vector<std::tuple<std::string, long long>>{{"hold", 300}, {"settle", 300}}));
}

TEST_P(billing, a_confirmed_modal_holds_on_its_update_or_stays_modal) {
  auto modal = held(1, 0);
  modal.status = task_status::modal;
  modal.billing_state = std::string{domain::billing_none};
  ASSERT_TRUE(admit(modal));
  EXPECT_EQ(user_quota(sql, user), 1000);

  auto confirmed = held(1, 1200);  // more than the balance
  confirmed.revision = 6;
  EXPECT_FALSE(write(confirmed));
  auto row = fetch_task(sql, task_id(1));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->status, task_status::modal);
  EXPECT_EQ(row->billing_state, domain::billing_none);
  EXPECT_EQ(row->quota, 0);
  EXPECT_EQ(user_quota(sql, user), 1000);

  confirmed.quota = 400;
  EXPECT_TRUE(write(confirmed));
  EXPECT_EQ(user_quota(sql, user), 600);
  confirmed.revision = 7;  // a later NOT_START write (a requeue) holds nothing more
  EXPECT_TRUE(write(confirmed));
  EXPECT_EQ(user_quota(sql, user), 600);
  auto cancelled = confirmed;
  cancelled.status = task_status::cancel;
  domain::end_hold(cancelled, false);
  cancelled.revision = 8;
  EXPECT_TRUE(write(cancelled));
  EXPECT_EQ(user_quota(sql, user), 1000);
  EXPECT_EQ(ledger(task_id(1)),
            (std::vector<std::tuple<std::string, long long>>{{"hold", 400}, {"refund", 400}}));
}

TEST_P(billing, an_admin_balance_is_audited_and_a_profile_write_keeps_the_balance) {
  EXPECT_EQ(set_user_quota(sql, target.kind, user, 1500), 500);
  EXPECT_EQ(set_user_quota(sql, target.kind, user, 1500), 0);
  EXPECT_EQ(user_quota(sql, user), 1500);
  auto stale = fetch_user(sql, user);
  ASSERT_TRUE(stale.has_value());
  ASSERT_TRUE(admit(held(1, 100)));
  stale->group = "vip";
  ASSERT_TRUE(update_user(sql, *stale));  // its quota (1500) is stale
  EXPECT_EQ(user_quota(sql, user), 1400) << "a profile edit never rewrites the balance";
  long long adjusts = 0;
  long long sum = 0;
  sql << "select count(*), sum(amount) from quota_ledger where kind = 'adjust' and user_id = :u",
      soci::into(adjusts), soci::into(sum), soci::use(user);
  EXPECT_EQ(adjusts, 1);
  EXPECT_EQ(sum, 500);
}

INSTANTIATE_TEST_SUITE_P(sqlite, billing, ::testing::Values("sqlite"));
INSTANTIATE_TEST_SUITE_P(postgres, billing, ::testing::Values("postgres"));

}  // namespace
}  // namespace mjgate::persistence::test
