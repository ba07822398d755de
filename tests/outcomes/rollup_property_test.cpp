// The rollup invariant as a property, on a real outcome-lrs with the plugin: random sequences of
// stores, voids (of stored statements, and of statements not yet stored), redeclarations
// (retagging in the background), retirements and failed batches, of random sizes, and after
// every step `outcome-lrs outcomes check` must find the rollups equal to what the tags say
// (plain GROUP BY, not the folding code). Seeds are fixed, so a failure can be replayed;
// OUTCOME_LRS_TEST_SEED=N runs seed N instead.
#include <cstdlib>
#include <random>

#include "tests/outcomes/outcome_http_test.h"

namespace outcomes::http_test {
namespace {

constexpr char kPrefix[] = "https://lms.example.com/courses/";

class RollupProperty : public OutcomeHttpTest, public ::testing::WithParamInterface<uint32_t> {
 protected:
  uint32_t Seed() const {
    const char* forced = std::getenv("OUTCOME_LRS_TEST_SEED");
    return forced != nullptr ? static_cast<uint32_t>(std::strtoul(forced, nullptr, 10))
                             : GetParam();
  }

  // A random statement: one of 12 learners (and now and then an anonymous Group), a verb that
  // may complete, one of several activities (some outside every rule), over 20 days, with or
  // without a score.
  std::string RandomStatement(std::mt19937& rng, std::string* id) {
    static const char* verbs[] = {kVerbExperienced, kVerbAttempted, kVerbCompleted,
                                  kVerbPassed,      kVerbFailed,    kVerbAnswered};
    StatementJson s;
    *id = s.id();
    s.Actor("learner-" + std::to_string(rng() % 12));
    s.Verb(verbs[rng() % 6]);
    const uint32_t activity = rng() % 5;
    s.Object(activity == 4 ? "https://elsewhere.example.com/x"
                           : std::string(kPrefix) + (activity % 2 ? "safety/" : "sales/") +
                                 "unit-" + std::to_string(activity));
    if (rng() % 3 == 0) s.Scaled(static_cast<double>(rng() % 201) / 100.0 - 1.0);
    const uint32_t day = rng() % 20 + 1;
    s.Timestamp("2026-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day) + "T" +
                std::to_string(10 + rng() % 10) + ":00:00Z");
    std::string json = s.Json();
    if (rng() % 25 == 0) {
      // An anonymous Group as the actor: tagged, but in no learner list.
      const size_t at = json.find("\"actor\"");
      const size_t end = json.find('}', at);
      json.replace(
          at, end - at + 1,
          R"("actor": {"objectType": "Group", "member": [{"mbox": "mailto:g1@example.com"}]})");
    }
    return json;
  }

  ::testing::AssertionResult Check(const std::string& step) {
    CommandOutput check = server().Command({"outcomes", "check"});
    if (check.status.code == 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "after " << step << ":\n" << check.out << check.err;
  }
};

TEST_P(RollupProperty, TheRollupsEqualTheTagsAfterEveryStep) {
  const uint32_t seed = Seed();
  SCOPED_TRACE("seed " + std::to_string(seed) + " (OUTCOME_LRS_TEST_SEED replays it)");
  std::mt19937 rng(seed);
  const std::vector<std::string> rules = {
      R"([{"activity": {"prefix": "https://lms.example.com/courses/"}}])",
      R"([{"activity": {"prefix": "https://lms.example.com/courses/safety/"}}])",
      R"([{"verb": ")" + std::string(kVerbCompleted) + R"("}, {"verb": ")" + kVerbPassed + R"("}])",
      R"([{"activity": {"prefix": "https://lms.example.com/courses/sales/"}}, {"verb": ")" +
          std::string(kVerbFailed) + R"("}])",
  };
  std::vector<std::string> stored;   // ids, voided or not
  std::vector<std::string> pending;  // voided before they arrive: (statement json)
  std::map<std::string, bool> declared;
  for (const char* id : {"alpha", "beta"}) {
    ASSERT_TRUE(HasStatus(server().Put(id, Declaration("", rules[rng() % rules.size()])), 201));
    declared[id] = true;
  }
  for (int step = 0; step < 40 && !HasFailure(); ++step) {
    const uint32_t action = rng() % 10;
    std::string what;
    if (action < 5) {
      // A batch of 1 to 40 new statements, now and then voiding some stored one in it.
      std::vector<std::string> batch;
      const int n = 1 + static_cast<int>(rng() % 40);
      for (int i = 0; i < n; ++i) {
        std::string id;
        batch.push_back(RandomStatement(rng, &id));
        stored.push_back(id);
      }
      if (!stored.empty() && rng() % 3 == 0) {
        const std::string target = stored[rng() % stored.size()];
        batch.push_back(StatementJson().Voids(target).Json());
      }
      HttpResult r = admin().Post(kStatements, JsonArray(batch));
      ASSERT_EQ(r.status, 200) << r.Describe();
      what = "a batch of " + std::to_string(batch.size());
    } else if (action == 5 && !stored.empty()) {
      HttpResult r =
          admin().Post(kStatements, StatementJson().Voids(stored[rng() % stored.size()]).Json());
      EXPECT_TRUE(r.status == 200 || r.status == 400) << r.Describe();
      what = "a void";
    } else if (action == 6) {
      // A statement voided before it arrives, stored a step or more later.
      std::string id;
      std::string statement = RandomStatement(rng, &id);
      server().Store(StatementJson().Voids(id).Json());
      pending.push_back(statement);
      what = "a void ahead of its statement";
    } else if (action == 7 && !pending.empty()) {
      server().Store(pending.back());
      pending.pop_back();
      what = "a statement voided before it came";
    } else if (action == 8) {
      // Redeclare (new rules: retagged in the background), retire, or declare again.
      const std::string id = rng() % 2 ? "alpha" : "beta";
      if (declared[id] && rng() % 4 == 0) {
        EXPECT_TRUE(HasStatus(server().Delete(OutcomePath(id)), 204));
        declared[id] = false;
        what = "retiring " + id;
      } else {
        HttpResult r = server().Put(id, Declaration("", rules[rng() % rules.size()]));
        EXPECT_TRUE(r.status == 200 || r.status == 201) << r.Describe();
        declared[id] = true;
        what = "redeclaring " + id;
      }
    } else {
      // A batch that fails: a new statement and an old id sent with other content (409).
      if (stored.empty()) continue;
      std::string id;
      std::vector<std::string> batch = {RandomStatement(rng, &id)};
      StatementJson clash(stored[rng() % stored.size()]);
      clash.Actor("someone-else").Object(std::string(kPrefix) + "sales/clash");
      batch.push_back(clash.Json());
      HttpResult r = admin().Post(kStatements, JsonArray(batch));
      EXPECT_EQ(r.status, 409) << r.Describe();
      what = "a failed batch";
    }
    if (what.empty()) continue;
    ASSERT_TRUE(Check("step " + std::to_string(step) + ", " + what));
  }
  for (const auto& [id, live] : declared) {
    if (live) {
      ASSERT_TRUE(server().WaitUntilTagged(id, nullptr, std::chrono::seconds(30)));
    }
  }
  EXPECT_TRUE(Check("background tagging finished"));
}

INSTANTIATE_TEST_SUITE_P(Seeds, RollupProperty, ::testing::Values(1u, 2u, 3u));

}  // namespace
}  // namespace outcomes::http_test
