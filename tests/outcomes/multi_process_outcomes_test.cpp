// The outcome plugin with three outcome-lrs servers on one PostgreSQL database, as behind a load
// balancer: statements stored through any server are tagged once, the rollups count each tagged
// statement once whichever process stored it (the rollup audit holds), a dashboard read from
// each server equals the one a single server on SQLite gives for the same statements, background
// re-tagging of a new declaration runs once across the processes and survives the death of one,
// and a server killed (SIGKILL) in the middle of batches leaves every acknowledged statement
// tagged. PostgreSQL only (ctest runs it as postgresql/OutcomesMultiProcess*).
//
// The concurrent-writers test is randomized: batch sizes, which server gets each batch, and the
// statements (learners, days, verbs, scores, voiding). Seeds 1 and 2 run by default;
// OUTCOME_LRS_TEST_SEED=N runs seed N instead.
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "tests/outcomes/outcome_http_test.h"
#include "tests/support/test_database.h"

namespace outcomes::http_test {
namespace {

using lrs::test_support::Backend;
using lrs::test_support::BackendUnderTest;

constexpr int kServers = 3;
constexpr char kRule[] = R"([{"activity": {"prefix": "https://lms.example.com/courses/"}}])";

class OutcomesMultiProcess : public ::testing::Test {
 protected:
  void SetUp() override {
    if (BackendUnderTest() != Backend::kPostgres) {
      GTEST_SKIP() << "several servers on one database need PostgreSQL (run as postgresql/...)";
    }
    LRS_SKIP_WITHOUT_BACKEND();
    std::unique_ptr<OutcomeServer> first;
    ASSERT_TRUE(OutcomeServer::Launch(&first));
    servers_.push_back(std::move(first));
    for (int i = 1; i < kServers; ++i) {
      std::unique_ptr<OutcomeServer> other;
      ASSERT_TRUE(OutcomeServer::LaunchOn(servers_[0]->db(), &other));
      servers_.push_back(std::move(other));
    }
  }

  void TearDown() override {
    // Each Finish runs the rollup audit (`outcomes check`) on the shared database.
    for (auto& s : servers_)
      s->Finish(HasFailure());
  }

  OutcomeServer& server(size_t i) { return *servers_[i]; }

  // GET /outcomes/ID/dashboard on server `i` over March 2026 by week, canonical, without
  // range.as_of (today's date, which a run across midnight would change); only its member
  // `part` when given.
  static std::string DashboardOf(OutcomeServer& s, const std::string& id,
                                 const char* part = nullptr) {
    HttpResult r = s.Get(OutcomePath(id) + "/dashboard",
                         {{"from", "2026-03-01"}, {"to", "2026-03-31"}, {"bucket", "week"}});
    if (!HasStatus(r, 200)) {
      ADD_FAILURE() << "dashboard of " << id << ": " << r.Describe();
      return "";
    }
    json::Document doc;
    if (!json::Parse(r.body, &doc).ok() || !doc.IsObject()) {
      ADD_FAILURE() << "not a JSON object: " << r.body;
      return "";
    }
    if (doc.HasMember("range") && doc["range"].IsObject()) doc["range"].RemoveMember("as_of");
    if (part == nullptr) return json::WriteCanonical(doc);
    if (!doc.HasMember(part)) {
      ADD_FAILURE() << "no " << part << " in " << r.body;
      return "";
    }
    json::Document member;
    member.CopyFrom(doc[part], member.GetAllocator());
    return json::WriteCanonical(member);
  }

  std::vector<std::unique_ptr<OutcomeServer>> servers_;
};

// Statements for `learners` learners over March 2026 (explicit timestamps, so their days do not
// depend on when they are stored): completions, passes with scores and plain experiences of
// courses the rule matches, some of an activity it does not, and voiding statements of some of
// them (after their targets in the list; sent concurrently they may arrive first).
std::vector<std::string> Workload(uint32_t seed, int count, int learners) {
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) {
    StatementJson s;
    s.Actor("learner" + std::to_string(rng() % static_cast<uint32_t>(learners)));
    const uint32_t kind = rng() % 10;
    s.Verb(kind < 3 ? kVerbCompleted : kind < 5 ? kVerbPassed : kVerbExperienced);
    s.Object(kind == 9 ? "https://elsewhere.example.com/page"
                       : "https://lms.example.com/courses/c" + std::to_string(rng() % 4));
    if (kind == 3 || kind == 4) s.Scaled(static_cast<double>(rng() % 1001) / 1000.0);
    const unsigned day = 1 + static_cast<unsigned>(rng() % 28);
    const unsigned hour = static_cast<unsigned>(rng() % 24);
    const unsigned minute = static_cast<unsigned>(rng() % 60);
    char stamp[40];
    std::snprintf(stamp, sizeof stamp, "2026-03-%02uT%02u:%02u:00Z", day, hour, minute);
    s.Timestamp(stamp);
    out.push_back(s.Json());
    ids.push_back(s.id());  // voidable: not a voiding statement, not voided yet
    if (rng() % 12 == 0) {
      const size_t target = rng() % ids.size();
      StatementJson v;
      v.Actor("admin").Voids(ids[target]);
      out.push_back(v.Json());
      ids.erase(ids.begin() + static_cast<long>(target));
    }
  }
  return out;
}

// Posts `statements` in random batches of 1..40, from three threads, each batch to a random
// server; every batch must be acknowledged.
void StoreConcurrently(std::vector<std::unique_ptr<OutcomeServer>>& servers,
                       const std::vector<std::string>& statements, uint32_t seed) {
  std::vector<std::pair<size_t, size_t>> batches;
  std::mt19937 rng(seed * 7919u);
  for (size_t at = 0; at < statements.size();) {
    const size_t n = std::min<size_t>(1 + rng() % 40, statements.size() - at);
    batches.emplace_back(at, at + n);
    at += n;
  }
  std::atomic<size_t> next{0};
  std::mutex mu;
  std::vector<std::string> failures;
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 pick(seed * 31u + static_cast<uint32_t>(t));
      for (size_t b = next++; b < batches.size(); b = next++) {
        OutcomeServer& s = *servers[pick() % servers.size()];
        std::vector<std::string> items(statements.begin() + static_cast<long>(batches[b].first),
                                       statements.begin() + static_cast<long>(batches[b].second));
        HttpResult r = s.admin().Post(kStatements, JsonArray(items));
        if (r.status != 200) {
          std::lock_guard<std::mutex> lock(mu);
          failures.push_back(r.Describe());
        }
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_TRUE(failures.empty()) << failures.size() << " batches failed, first: " << failures[0];
}

class OutcomesMultiProcessSeeds : public OutcomesMultiProcess,
                                  public ::testing::WithParamInterface<uint32_t> {
 protected:
  uint32_t Seed() const {
    const char* forced = std::getenv("OUTCOME_LRS_TEST_SEED");
    return forced != nullptr ? static_cast<uint32_t>(std::strtoul(forced, nullptr, 10))
                             : GetParam();
  }
};

TEST_P(OutcomesMultiProcessSeeds, ConcurrentWritersThroughThreeServersCountEachTagOnce) {
  const uint32_t seed = Seed();
  SCOPED_TRACE("seed " + std::to_string(seed));
  const std::vector<std::string> statements = Workload(seed, 1200, 40);
  const size_t half = statements.size() / 2;

  // Declared through one server before any statement (tagged at ingest), and through another
  // half-way (its history tagged in the background by whichever processes get to it, while
  // statements keep arriving through all three).
  ASSERT_TRUE(HasStatus(server(0).Put("early", Declaration("", kRule, "Early")), 201));
  StoreConcurrently(servers_, {statements.begin(), statements.begin() + static_cast<long>(half)},
                    seed);
  ASSERT_TRUE(HasStatus(server(1).Put("late", Declaration("", kRule, "Late")), 201));
  StoreConcurrently(servers_, {statements.begin() + static_cast<long>(half), statements.end()},
                    seed + 1000);
  for (size_t i = 0; i < servers_.size(); ++i)
    ASSERT_TRUE(server(i).WaitUntilTagged("late", nullptr, std::chrono::seconds(60)));

  // The same statements through one server on SQLite, one batch after another.
  auto sqlite_db =
      lrs::test_support::TestDatabase::Create(Backend::kSqlite, server(0).lrs().directory());
  ASSERT_TRUE(sqlite_db.ok()) << sqlite_db.error().message();
  std::unique_ptr<OutcomeServer> single;
  auto added =
      server(0).lrs().RunCommand({"credentials", "add", "--db", sqlite_db.value()->location(),
                                  "--scopes", "all", "--key", kAdminKey, "--secret", kAdminSecret});
  ASSERT_TRUE(added.ok() && added.value().status.clean());
  ASSERT_TRUE(OutcomeServer::LaunchOn(sqlite_db.value()->location(), &single));
  ASSERT_TRUE(HasStatus(single->Put("early", Declaration("", kRule, "Early")), 201));
  ASSERT_TRUE(HasStatus(single->Put("late", Declaration("", kRule, "Late")), 201));
  single->StoreAll(statements, 0, statements.size(), 50);

  const std::vector<std::string> expected = Sorted(single->TaggedIds("early", {{"limit", "500"}}));
  ASSERT_GT(expected.size(), 500u);
  for (const char* outcome : {"early", "late"}) {
    SCOPED_TRACE(outcome);
    const std::string reference = DashboardOf(*single, outcome);
    ASSERT_FALSE(reference.empty());
    for (size_t i = 0; i < servers_.size(); ++i) {
      SCOPED_TRACE("server " + std::to_string(i));
      EXPECT_EQ(Sorted(server(i).TaggedIds(outcome, {{"limit", "500"}})), expected);
      EXPECT_EQ(server(i).TaggedCount(outcome), static_cast<int64_t>(expected.size()));
      EXPECT_EQ(DashboardOf(server(i), outcome), reference);
    }
  }
  single->Finish(HasFailure());
}

INSTANTIATE_TEST_SUITE_P(Seeds, OutcomesMultiProcessSeeds, ::testing::Values(1u, 2u));

TEST_F(OutcomesMultiProcess, BackgroundTaggingRunsOnceAcrossServersAndSurvivesTheDeathOfOne) {
  ASSERT_TRUE(HasStatus(server(0).Put("at-ingest", Declaration("", kRule, "At ingest")), 201));
  const std::vector<std::string> statements = Workload(7, 3000, 60);
  server(0).StoreAll(statements, 0, statements.size(), 100);

  // Every process runs background passes; the writers' lock makes each step of the history
  // one transaction of one of them, with the progress in the database. Kill the process the
  // declaration went through shortly after: the others carry on from the committed progress.
  ASSERT_TRUE(HasStatus(server(1).Put("in-background", Declaration("", kRule, "Later")), 201));
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  const lrs::test_support::ExitStatus killed = server(1).Kill();
  EXPECT_EQ(killed.signal, 9) << killed.ToString();

  json::Document last;
  ASSERT_TRUE(server(2).WaitUntilTagged("in-background", &last, std::chrono::seconds(90)));
  EXPECT_EQ(IntAt(last, "tagging.processed"), IntAt(last, "tagging.total"));
  const std::vector<std::string> at_ingest = Sorted(server(0).TaggedIds("at-ingest"));
  ASSERT_GT(at_ingest.size(), 2000u);
  EXPECT_EQ(Sorted(server(2).TaggedIds("in-background")), at_ingest);
  EXPECT_EQ(server(0).TaggedCount("in-background"), static_cast<int64_t>(at_ingest.size()));
  EXPECT_EQ(DashboardOf(server(0), "in-background", "consumer"),
            DashboardOf(server(2), "at-ingest", "consumer"));
  EXPECT_EQ(DashboardOf(server(0), "in-background"), DashboardOf(server(2), "in-background"));
}

TEST_F(OutcomesMultiProcess,
       AServerKilledInTheMiddleOfBatchesLeavesEveryAcknowledgedStatementTagged) {
  ASSERT_TRUE(HasStatus(server(0).Put("sales", Declaration("", kRule, "Sales")), 201));
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::vector<std::thread> threads;
  for (size_t s = 0; s < servers_.size(); ++s) {
    threads.emplace_back([&, s] {
      XapiClient c = server(s).ClientFor(kAdminKey, kAdminSecret);
      c.SetTimeout(std::chrono::seconds(10));
      for (int n = 0; n < 200 && !stop.load(); ++n) {
        std::vector<std::string> batch, ids;
        for (int i = 0; i < 20; ++i) {
          StatementJson st;
          st.Actor("learner" + std::to_string((n * 20 + i) % 37))
              .Verb(i % 3 == 0 ? kVerbCompleted : kVerbExperienced)
              .Object("https://lms.example.com/courses/c" + std::to_string(i % 5))
              .Timestamp("2026-03-1" + std::to_string(i % 10) + "T10:00:00Z");
          batch.push_back(st.Json());
          ids.push_back(st.id());
        }
        HttpResult r = c.Post(kStatements, JsonArray(batch));
        if (r.status != 200) {
          if (s == 0) return;  // it is gone
          continue;
        }
        std::lock_guard<std::mutex> lock(mu);
        acknowledged.insert(acknowledged.end(), ids.begin(), ids.end());
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const lrs::test_support::ExitStatus killed = server(0).Kill();
  EXPECT_EQ(killed.signal, 9) << killed.ToString();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  for (auto& t : threads)
    t.join();
  ASSERT_FALSE(acknowledged.empty());

  // Every acknowledged statement is tagged, once, as the survivors tell it; what the killed
  // server had not acknowledged is tagged whole or not at all (the audit in TearDown checks the
  // rollups count exactly the tags).
  const std::vector<std::string> tagged = server(1).TaggedIds("sales", {{"limit", "500"}});
  const std::set<std::string> tagged_set(tagged.begin(), tagged.end());
  EXPECT_EQ(tagged_set.size(), tagged.size()) << "a statement is listed twice";
  for (const std::string& id : acknowledged)
    ASSERT_EQ(tagged_set.count(id), 1u) << "acknowledged statement " << id << " is not tagged";
  EXPECT_EQ(server(2).TaggedCount("sales"), static_cast<int64_t>(tagged.size()));
  EXPECT_EQ(DashboardOf(server(1), "sales"), DashboardOf(server(2), "sales"));
}

}  // namespace
}  // namespace outcomes::http_test
