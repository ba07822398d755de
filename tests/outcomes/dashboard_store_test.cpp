// What a dashboard reads, on the backend under test: store::ListKpiValues (from the KPI series)
// gives the observations store::ListKpi gives (from outcome_kpi), in the same order, value for
// value, whatever order they were recorded in and after replacements; store::TeamLearners (one
// query for the whole team) gives each member's learner row by ordinal.
#include <stdlib.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lrs/store/database.h"
#include "plugin/store/kpi_store.h"
#include "plugin/store/roster_store.h"
#include "plugin/store/sql_catalog.h"
#include "tests/outcomes/dashboard_fixture.h"
#include "tests/support/test_database.h"

namespace outcomes {
namespace {

using lrs::test_support::BackendUnderTest;
using lrs::test_support::TestDatabase;

constexpr int64_t kStore = 1;

class DashboardStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LRS_SKIP_WITHOUT_BACKEND();
    std::string pattern =
        (std::filesystem::temp_directory_path() / "dashboard-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto made = TestDatabase::Create(BackendUnderTest(), dir_);
    ASSERT_TRUE(made.ok()) << made.error().message();
    db_ = std::move(made).value();
    auto opened = lrs::store::OpenDatabase(db_->location(), {});
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    store_ = std::move(opened).value();
    ASSERT_TRUE(sql::UseDialect(store_->SqlDialect()).ok());
    Status migrated = store_->ApplyMigrations("outcomes", sql::Migrations());
    ASSERT_TRUE(migrated.ok()) << migrated.error().message();
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  void Write(const std::function<Status(lrs::ext::SqlConnection&)>& work) {
    Status s = store_->Write(work);
    ASSERT_TRUE(s.ok()) << s.error().message();
  }
  void Read(const std::function<Status(lrs::ext::SqlConnection&)>& work) {
    Status s = store_->Read(work);
    ASSERT_TRUE(s.ok()) << s.error().message();
  }

  std::string dir_;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<lrs::store::Database> store_;
};

// Identities whose byte order differs from the order they are recorded in: numbers of different
// lengths, upper and lower case, bytes above 0x7f.
std::string Identity(int64_t i) {
  static const char* const kForms[] = {
      "mbox|mailto:learner%lld@example.com", "mbox|mailto:Learner%lld@example.com",
      "account|https://idp.example.com|\xc3\xa9l\xc3\xa8ve-%lld", "mbox_sha1sum|%lld0f3c2e1d"};
  char text[96];
  std::snprintf(text, sizeof text, kForms[i % 4], static_cast<long long>(i * 7 % 23));
  return text;
}

TEST_F(DashboardStoreTest, TheValuesADashboardReadsAreTheObservationsInTheirOrder) {
  fixture::Random rnd(20261205);
  const int64_t first_day = 20200;
  // Observations of every kind on 40 days, recorded in a shuffled order, a fifth of them
  // recorded again with another value; and another outcome's, which must not show.
  std::vector<KpiObservation> all;
  for (int64_t day = first_day; day < first_day + 40; ++day) {
    auto value = [&] {
      switch (rnd.Int(0, 3)) {
        case 0:
          return static_cast<double>(rnd.Int(-100000, 100000)) / 1000.0;
        case 1:
          return static_cast<double>(rnd.Next() >> 11) / 9007199254740992.0 * 2e15 - 1e15;
        case 2:
          return static_cast<double>(rnd.Next() >> 11) / 9007199254740992.0 / 3e5;
        default:
          return 0.1 * static_cast<double>(rnd.Int(0, 30)) + 0.2;
      }
    };
    if (rnd.Chance(50)) {
      KpiObservation o;
      o.day = day;
      o.value = value();
      all.push_back(o);
    }
    for (int64_t i = 0; i < 30; ++i) {
      if (!rnd.Chance(30)) continue;
      KpiObservation o;
      o.day = day;
      o.value = value();
      o.agent_key = Identity(i);
      o.agent = "{\"mbox\":\"mailto:x" + std::to_string(i) + "@example.com\"}";
      all.push_back(o);
    }
    for (const char* team : {"team-10", "team-9", "Team \xe2\x82\xac"}) {
      if (!rnd.Chance(40)) continue;
      KpiObservation o;
      o.day = day;
      o.value = value();
      o.team = team;
      all.push_back(o);
    }
  }
  for (size_t i = all.size(); i > 1; --i)
    std::swap(all[i - 1], all[static_cast<size_t>(rnd.Int(0, static_cast<int64_t>(i) - 1))]);
  Write([&](lrs::ext::SqlConnection& txn) -> Status {
    for (const KpiObservation& o : all) {
      LRS_RETURN_IF_ERROR(store::PutKpi(txn, kStore, "kpi-order", o, "2026-12-05T00:00:00.000Z"));
      if (rnd.Chance(20)) {
        KpiObservation again = o;
        again.value = -o.value / 3;
        LRS_RETURN_IF_ERROR(
            store::PutKpi(txn, kStore, "kpi-order", again, "2026-12-05T00:00:01.000Z"));
      }
      LRS_RETURN_IF_ERROR(store::PutKpi(txn, kStore, "other", o, "2026-12-05T00:00:00.000Z"));
    }
    return Status();
  });

  const std::vector<std::pair<int64_t, int64_t>> ranges = {
      {first_day - 100, first_day + 100}, {first_day + 5, first_day + 17},
      {first_day + 39, first_day + 39},   {first_day - 10, first_day - 1},
      {first_day + 20, first_day + 300},
  };
  int64_t compared = 0;
  for (const auto& range : ranges) {
    const int64_t from = range.first;
    const int64_t to = range.second;
    SCOPED_TRACE(std::to_string(from) + " to " + std::to_string(to));
    Read([&](lrs::ext::SqlConnection& txn) -> Status {
      auto listed = store::ListKpi(txn, kStore, "kpi-order", from, to);
      if (!listed.ok()) return listed.error();
      auto read = store::ListKpiValues(txn, kStore, "kpi-order", from, to);
      if (!read.ok()) return read.error();
      const std::vector<KpiObservation>& want = listed.value();
      const std::vector<KpiObservation>& got = read.value();
      EXPECT_EQ(got.size(), want.size());
      for (size_t i = 0; i < want.size() && i < got.size(); ++i) {
        SCOPED_TRACE("observation " + std::to_string(i));
        EXPECT_EQ(got[i].day, want[i].day);
        EXPECT_EQ(std::memcmp(&got[i].value, &want[i].value, sizeof(double)), 0)
            << got[i].value << " against " << want[i].value;
        EXPECT_EQ(got[i].agent_key, want[i].agent_key);
        EXPECT_EQ(got[i].team, want[i].team);
        ++compared;
      }
      return Status();
    });
  }
  EXPECT_GT(compared, 500);
}

TEST_F(DashboardStoreTest, ATeamsLearnersAreItsMembersWithALearnerRowByOrdinal) {
  constexpr int64_t kKey = 7;
  Team team;
  std::vector<LearnerRollup> want;
  Write([&](lrs::ext::SqlConnection& txn) -> Status {
    for (int64_t i = 0; i < 60; ++i) {
      LearnerRollup l;
      l.ordinal = (i * 37) % 60;  // learners recorded out of their ordinals' order
      l.agent = Identity(i) + (i % 5 == 0 ? "\"quoted\\" : "");
      l.first_us = 1000 * i;
      if (i % 3 == 0) l.completed_us = 1000 * i + 500;
      LRS_RETURN_IF_ERROR(store::InsertLearner(txn, kKey, l));
      LRS_RETURN_IF_ERROR(store::InsertLearner(txn, kKey + 1, l));  // another generation's
      if (i % 2 == 0) {
        team.agents.push_back(l.agent);
        want.push_back(l);
      }
    }
    return Status();
  });
  team.agents.push_back("mbox|mailto:never-learned@example.com");  // a member with no row
  std::sort(team.agents.begin(), team.agents.end());
  std::sort(want.begin(), want.end(),
            [](const LearnerRollup& a, const LearnerRollup& b) { return a.ordinal < b.ordinal; });
  Read([&](lrs::ext::SqlConnection& txn) -> Status {
    auto got = store::TeamLearners(txn, kKey, team);
    if (!got.ok()) return got.error();
    EXPECT_EQ(got.value().size(), want.size());
    for (size_t i = 0; i < want.size() && i < got.value().size(); ++i) {
      const LearnerRollup& g = got.value()[i];
      EXPECT_EQ(g.ordinal, want[i].ordinal);
      EXPECT_EQ(g.agent, want[i].agent);
      EXPECT_EQ(g.first_us, want[i].first_us);
      EXPECT_EQ(g.completed_us, want[i].completed_us);
    }
    auto none = store::TeamLearners(txn, kKey, Team());
    if (!none.ok()) return none.error();
    EXPECT_TRUE(none.value().empty());
    return Status();
  });
}

}  // namespace
}  // namespace outcomes
