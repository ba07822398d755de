// Hostile values and damaged rows on a real outcome-lrs with the plugin: KPI values too large for
// the figures are refused at import with the line named; values already stored that overflow
// give complete answers whose figures are null with a reason, never a truncated 200; a damaged
// rollup is an error that names the outcome and the day (never a smaller count in silence), and
// `outcomes check --repair` rebuilds it from the tags.
#include <sqlite3.h>

#include <tuple>

#include "tests/outcomes/outcome_http_test.h"

namespace outcomes::http_test {
namespace {

constexpr char kRule[] = R"([{"activity": {"prefix": "https://lms.example.com/courses/"}}])";

// Runs `sql` on the database file `db` (beside the running server: WAL lets both write, one
// after the other).
void ExecSql(const std::string& db, const std::string& sql) {
  sqlite3* conn = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &conn), SQLITE_OK);
  sqlite3_busy_timeout(conn, 10000);
  char* message = nullptr;
  const int rc = sqlite3_exec(conn, sql.c_str(), nullptr, nullptr, &message);
  EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(conn);
}

class DamageHttp : public OutcomeHttpTest {
 protected:
  void SetUp() override {
    OutcomeHttpTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    ASSERT_TRUE(HasStatus(server().Put("sales", Declaration("", kRule, "Sales")), 201));
    for (const char* actor : {"ann", "bob", "carol", "dave"}) {
      server().Store(StatementJson()
                         .Actor(actor)
                         .Verb(std::string(actor) == "ann" ? kVerbCompleted : kVerbExperienced)
                         .Object("https://lms.example.com/courses/negotiation")
                         .Timestamp("2026-03-02T09:00:00Z")
                         .Json());
    }
    ASSERT_TRUE(server().WaitUntilTagged("sales"));
  }

  HttpResult Dashboard() {
    return server().Get("/outcomes/sales/dashboard",
                        {{"from", "2026-03-01"}, {"to", "2026-03-31"}, {"bucket", "month"}});
  }
};

TEST_F(DamageHttp, KpiValuesTooLargeForTheFiguresAreRefusedWithTheLineNamed) {
  HttpResult csv = admin().Post("/outcomes/sales/kpi",
                                "date,value,agent\n"
                                "2026-03-05,12.5,ann@example.com\n"
                                "2026-03-05,1.7e308,bob@example.com\n"
                                "2026-03-06,-2e15,carol@example.com\n",
                                "text/csv");
  EXPECT_TRUE(IsError(csv, 400, {"line 3", "1.7e308", "line 4", "1e15"}));
  HttpResult json = admin().Post(
      "/outcomes/sales/kpi",
      R"([{"date": "2026-03-05", "value": 3}, {"date": "2026-03-06", "value": 1.7e308}])");
  EXPECT_TRUE(IsError(json, 400, {"[1].value", "1e15"}));
  const std::string file = WriteFile("kpi.csv", "date,value\n2026-03-05,4\n2026-03-06,9e300\n");
  CommandOutput imported = server().Command({"kpi", "import", "--outcome", "sales", file});
  EXPECT_EQ(imported.status.code, 1);
  EXPECT_NE(imported.err.find("line 3"), std::string::npos) << imported.err;
  // Nothing of any of them was recorded; values up to the bound are.
  HttpResult kpi = server().Get("/outcomes/sales/kpi");
  ASSERT_TRUE(HasStatus(kpi, 200));
  EXPECT_EQ(At(*ParseJson(kpi.body), "observations")->Size(), 0u) << kpi.body;
  EXPECT_TRUE(HasStatus(
      admin().Post("/outcomes/sales/kpi", R"({"date": "2026-03-05", "value": -1e15})"), 200));
}

TEST_F(DamageHttp, StoredValuesThatOverflowGiveCompleteAnswersWithNullsAndReasons) {
  // Observations recorded before the bound existed (written to the table directly), per
  // learner on one day: ann (who completed) 1.7e308, the three others -1.7e308.
  std::string rows;
  for (const char* actor : {"ann", "bob", "carol", "dave"}) {
    const std::string mbox = std::string("mailto:") + actor + "@example.com";
    rows += std::string(rows.empty() ? "" : ", ") + "(1, 'sales', 20514, 'agent:mbox|" + mbox +
            "', " + (std::string(actor) == "ann" ? "1.7e308" : "-1.7e308") + ", '{\"mbox\":\"" +
            mbox + "\"}', NULL, '2026-03-03')";
  }
  ExecSql(server().db(),
          "INSERT INTO outcome_kpi (store_id, outcome_id, day, subject, value, agent, team, "
          "recorded) VALUES " +
              rows + ";");
  HttpResult r = Dashboard();
  ASSERT_TRUE(HasStatus(r, 200));
  auto doc = ParseJson(r.body);  // complete, valid JSON
  ASSERT_TRUE(doc);
  ASSERT_TRUE(doc->HasMember("link")) << r.body;
  // The latest day's mean, an SQL AVG whose sum overflows: null, and why; and every figure
  // built on it.
  EXPECT_TRUE(At(*doc, "customer.latest.value")->IsNull()) << r.body;
  EXPECT_NE(StringAt(*doc, "customer.latest.reason").find("too large"), std::string::npos);
  EXPECT_TRUE(At(*doc, "customer.change_vs_baseline.absolute")->IsNull());
  EXPECT_TRUE(At(*doc, "customer.progress_to_target_percent")->IsNull());
  EXPECT_FALSE(StringAt(*doc, "customer.progress_reason").empty());
  // Means of huge values are computed without overflow.
  EXPECT_DOUBLE_EQ(NumberAt(*doc, "customer.series.0.value"), -1.7e308 / 2);
  EXPECT_DOUBLE_EQ(NumberAt(*doc, "link.completers_vs_non_completers.completers.mean_kpi"),
                   1.7e308);
  EXPECT_DOUBLE_EQ(NumberAt(*doc, "link.completers_vs_non_completers.non_completers.mean_kpi"),
                   -1.7e308);
  // Their difference does not fit a double: null, and why.
  EXPECT_TRUE(At(*doc, "link.completers_vs_non_completers.difference")->IsNull()) << r.body;
  EXPECT_FALSE(StringAt(*doc, "link.completers_vs_non_completers.reason").empty());

  // Every other answer built on them is whole too.
  for (const std::string& target :
       {std::string("/outcomes"), std::string("/outcomes/sales"),
        std::string("/outcomes/sales/learners?from=2026-03-01&to=2026-03-31"),
        std::string("/outcomes/sales/kpi")}) {
    HttpResult other = server().Get(target);
    ASSERT_TRUE(HasStatus(other, 200)) << target;
    EXPECT_TRUE(ParseJson(other.body)) << target << ": " << other.body;
  }
  HttpResult series = server().Get(
      "/outcomes/sales/export/series",
      {{"from", "2026-03-01"}, {"to", "2026-03-31"}, {"bucket", "month"}, {"format", "ndjson"}});
  ASSERT_TRUE(HasStatus(series, 200));
  EXPECT_TRUE(ParseJson(series.body.substr(0, series.body.find('\n'))));
}

// The learners listing counts a learner's KPI as the link does (CountLearner, one definition):
// it once summed the values itself, so two huge values of one learner were a null "too large"
// mean in the listing while the link showed them.
TEST_F(DamageHttp, TheLearnersListingMeansAHugeKpiAsTheLinkDoes) {
  std::string rows;
  for (const auto& [actor, day, value] : std::vector<std::tuple<std::string, int, std::string>>{
           {"ann", 20515, "1.7e308"}, {"ann", 20516, "1.7e308"}, {"bob", 20515, "-1.7e308"}}) {
    const std::string mbox = "mailto:" + actor + "@example.com";
    rows += std::string(rows.empty() ? "" : ", ") + "(1, 'sales', " + std::to_string(day) +
            ", 'agent:mbox|" + mbox + "', " + value + ", '{\"mbox\":\"" + mbox +
            "\"}', NULL, '2026-03-03')";
  }
  ExecSql(server().db(),
          "INSERT INTO outcome_kpi (store_id, outcome_id, day, subject, value, agent, team, "
          "recorded) VALUES " +
              rows + ";");
  HttpResult dashboard = Dashboard();
  ASSERT_TRUE(HasStatus(dashboard, 200));
  auto d = ParseJson(dashboard.body);
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ(NumberAt(*d, "link.completers_vs_non_completers.completers.mean_kpi"), 1.7e308)
      << dashboard.body;
  HttpResult listing =
      server().Get("/outcomes/sales/learners", {{"from", "2026-03-01"}, {"to", "2026-03-31"}});
  ASSERT_TRUE(HasStatus(listing, 200));
  auto l = ParseJson(listing.body);
  ASSERT_TRUE(l);
  int checked = 0;
  for (const json::Value& learner : At(*l, "learners")->GetArray()) {
    const std::string mbox = StringAt(learner, "agent.mbox");
    if (mbox == "mailto:ann@example.com") {
      EXPECT_DOUBLE_EQ(NumberAt(learner, "kpi_in_range.mean"), 1.7e308) << listing.body;
      EXPECT_EQ(IntAt(learner, "kpi_in_range.n"), 2);
      EXPECT_EQ(At(learner, "kpi_in_range.reason"), nullptr) << listing.body;
      ++checked;
    } else if (mbox == "mailto:bob@example.com") {
      EXPECT_DOUBLE_EQ(NumberAt(learner, "kpi_in_range.mean"), -1.7e308) << listing.body;
      EXPECT_DOUBLE_EQ(NumberAt(*d, "link.completers_vs_non_completers.non_completers.mean_kpi"),
                       -1.7e308);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2) << listing.body;
}

TEST_F(DamageHttp, ADamagedRollupIsAnErrorNamingTheOutcomeAndDayUntilRepaired) {
  HttpResult before = Dashboard();
  ASSERT_TRUE(HasStatus(before, 200));
  const int64_t active = IntAt(*ParseJson(before.body), "consumer.totals.active_learners");
  ASSERT_EQ(active, 4);
  // One day's learner list loses its last byte (a varint cut short).
  ExecSql(server().db(),
          "UPDATE outcome_daily SET learners = substr(learners, 1, length(learners) - 1) "
          "WHERE day = 20514;");  // 2026-03-02

  // Read: an error that says where, never a smaller count.
  EXPECT_TRUE(IsError(Dashboard(), 500, {"\"sales\"", "2026-03-02", "damaged"}));
  EXPECT_TRUE(IsError(server().Get("/outcomes/sales/learners"), 500, {"2026-03-02"}));
  // A statement of that day is stored (its tag waits in the tag log), but folding the log into
  // the damaged row fails, so every read that folds first says why instead of counting short.
  server().Store(StatementJson()
                     .Actor("erin")
                     .Object("https://lms.example.com/courses/x")
                     .Timestamp("2026-03-02T10:00:00Z")
                     .Json());
  EXPECT_TRUE(IsError(server().Get("/outcomes/sales"), 500, {"\"sales\"", "2026-03-02"}));
  EXPECT_NE(server().lrs().ServerLog().find("2026-03-02 is damaged"), std::string::npos);

  // The check finds it; the repair rebuilds it from the tags.
  CommandOutput check = server().Command({"outcomes", "check"});
  EXPECT_EQ(check.status.code, 1) << check.out << check.err;
  EXPECT_NE(check.out.find("2026-03-02: the learner list is damaged"), std::string::npos)
      << check.out;
  CommandOutput repair = server().Command({"outcomes", "check", "--repair"});
  EXPECT_EQ(repair.status.code, 0) << repair.out << repair.err;
  EXPECT_NE(repair.out.find("repaired: "), std::string::npos) << repair.out;
  HttpResult after = Dashboard();
  ASSERT_TRUE(HasStatus(after, 200));
  EXPECT_EQ(IntAt(*ParseJson(after.body), "consumer.totals.active_learners"), 5);
  EXPECT_EQ(IntAt(*ParseJson(after.body), "consumer.totals.tagged_statements"), 5);
  server().Store(StatementJson()
                     .Actor("erin")
                     .Object("https://lms.example.com/courses/x")
                     .Timestamp("2026-03-02T11:00:00Z")
                     .Json());
  EXPECT_EQ(server().TaggedCount("sales"), 6);
}

TEST_F(DamageHttp, TheCheckFindsRollupsThatDisagreeWithTheTags) {
  ExecSql(server().db(),
          "UPDATE outcome_daily SET statements = statements + 1 WHERE day = 20514;"
          "UPDATE outcome_learners SET completed_us = NULL WHERE agent LIKE '%ann%';"
          "INSERT INTO outcome_learners (outcome_key, agent, ordinal, first_us, completed_us) "
          "SELECT outcome_key, 'mbox|mailto:ghost@example.com', 99, 0, NULL FROM outcome_learners "
          "LIMIT 1;");
  CommandOutput check = server().Command({"outcomes", "check"});
  EXPECT_EQ(check.status.code, 1);
  EXPECT_NE(check.out.find("2026-03-02: 5 statements"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("the tags say first"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("ghost@example.com"), std::string::npos) << check.out;
  EXPECT_EQ(server().Command({"outcomes", "check", "--repair"}).status.code, 0);
  EXPECT_EQ(server().Command({"outcomes", "check"}).status.code, 0);
  HttpResult dashboard = Dashboard();
  ASSERT_TRUE(HasStatus(dashboard, 200));
  auto doc = ParseJson(dashboard.body);
  EXPECT_EQ(IntAt(*doc, "consumer.totals.tagged_statements"), 4);
  EXPECT_EQ(IntAt(*doc, "consumer.totals.completions"), 1);
}

// The KPI series the impact estimate reads (outcome_kpi_series, kept by triggers): a damaged one
// is an error naming its subject, never a smaller panel; the check compares every series with
// the observations, value by value, and the repair rebuilds them.
TEST_F(DamageHttp, ADamagedKpiSeriesIsAnErrorNamingItUntilRepaired) {
  ASSERT_TRUE(HasStatus(admin().Post("/outcomes/sales/kpi",
                                     "date,agent,value\n"
                                     "2026-02-10,ann@example.com,18.5\n"
                                     "2026-03-10,ann@example.com,17.25\n"
                                     "2026-02-10,bob@example.com,19\n"
                                     "2026-03-10,bob@example.com,0.1\n",
                                     "text/csv"),
                        200));
  HttpResult before = server().Get("/outcomes/sales/impact");
  ASSERT_TRUE(HasStatus(before, 200));
  EXPECT_EQ(IntAt(*ParseJson(before.body), "counts.observations"), 4);
  EXPECT_EQ(server().Command({"outcomes", "check"}).status.code, 0);

  ExecSql(server().db(),
          "UPDATE outcome_kpi_series SET series = series || ';20545:x' WHERE subject LIKE "
          "'%ann%';"
          "UPDATE outcome_kpi_series SET series = replace(series, ':0.1', ':0.2') WHERE subject "
          "LIKE '%bob%';"
          "INSERT INTO outcome_kpi_series VALUES (1, 'sales', 'agent:mbox|mailto:ghost@example."
          "com', 1, 20500, '20500:1');");
  EXPECT_TRUE(IsError(server().Get("/outcomes/sales/impact"), 500,
                      {"ann@example.com", "damaged", "outcome_kpi_series"}));
  CommandOutput check = server().Command({"outcomes", "check"});
  EXPECT_EQ(check.status.code, 1);
  EXPECT_NE(check.out.find("mailto:ann@example.com\" does not parse"), std::string::npos)
      << check.out;
  EXPECT_NE(check.out.find("mailto:bob@example.com\" differs on 2026-03-10"), std::string::npos)
      << check.out;
  EXPECT_NE(check.out.find("ghost@example.com\" exists, but the subject has no observation"),
            std::string::npos)
      << check.out;
  EXPECT_EQ(server().Command({"outcomes", "check", "--repair"}).status.code, 0);
  EXPECT_EQ(server().Command({"outcomes", "check"}).status.code, 0);
  HttpResult after = server().Get("/outcomes/sales/impact");
  ASSERT_TRUE(HasStatus(after, 200));
  EXPECT_EQ(after.body, before.body);
}

// A database whose observations were recorded before migration 005_kpi_series.sql gets their
// series when the migration runs (here: the migration undone, then run again by a restart).
TEST_F(DamageHttp, TheKpiSeriesMigrationBuildsTheSeriesOfObservationsAlreadyStored) {
  ASSERT_TRUE(HasStatus(admin().Post("/outcomes/sales/kpi",
                                     "date,agent,value\n"
                                     "2026-02-10,ann@example.com,18.5\n"
                                     "2026-03-10,ann@example.com,17.25\n"
                                     "2026-02-10,bob@example.com,19\n"
                                     "2026-03-11,bob@example.com,1e-7\n"
                                     "2026-03-12,,42\n",
                                     "text/csv"),
                        200));
  HttpResult before = server().Get("/outcomes/sales/impact", {{"window", "none"}});
  ASSERT_TRUE(HasStatus(before, 200));
  ASSERT_TRUE(server().Stop());
  ExecSql(server().db(),
          "DROP TRIGGER outcome_kpi_series_first;"
          "DROP TRIGGER outcome_kpi_series_append;"
          "DROP TRIGGER outcome_kpi_series_insert_earlier;"
          "DROP TRIGGER outcome_kpi_series_after_value;"
          "DROP TRIGGER outcome_kpi_series_after_move;"
          "DROP TRIGGER outcome_kpi_series_after_delete;"
          "DROP TABLE outcome_kpi_series;"
          "DELETE FROM extension_migrations WHERE owner = 'outcomes' AND name LIKE '005%';");
  ASSERT_TRUE(server().Start());
  EXPECT_EQ(server().Command({"outcomes", "check"}).status.code, 0);
  HttpResult after = server().Get("/outcomes/sales/impact", {{"window", "none"}});
  ASSERT_TRUE(HasStatus(after, 200));
  EXPECT_EQ(after.body, before.body);
}

// The KPI series follow every kind of write: a day after the last (appended), an earlier day
// (rebuilt), a new value for a day, the same value again, and the outcome's deletion; the check
// compares them with the observations after each step.
TEST_F(DamageHttp, TheKpiSeriesFollowEveryWrite) {
  auto post = [&](const std::string& rows) {
    ASSERT_TRUE(HasStatus(
        admin().Post("/outcomes/sales/kpi", "date,agent,value\n" + rows, "text/csv"), 200));
    CommandOutput check = server().Command({"outcomes", "check"});
    EXPECT_EQ(check.status.code, 0) << rows << check.out;
  };
  post("2026-02-10,ann@example.com,18\n");
  post("2026-03-10,ann@example.com,17\n2026-03-10,bob@example.com,19\n");  // appended, new
  post("2026-01-10,ann@example.com,20\n");                                 // earlier: rebuilt
  post("2026-02-10,ann@example.com,16.5\n");                               // a new value
  post("2026-02-10,ann@example.com,16.5\n");                               // the same again
  post("2026-04-10,bob@example.com,0.30000000000000004\n");                // 17 digits
  HttpResult r = server().Get("/outcomes/sales/impact", {{"window", "none"}});
  ASSERT_TRUE(HasStatus(r, 200));
  EXPECT_EQ(IntAt(*ParseJson(r.body), "counts.observations"), 5);
  EXPECT_EQ(IntAt(*ParseJson(r.body), "counts.units"), 2);
  ASSERT_TRUE(HasStatus(server().Delete("/outcomes/sales"), 204));
  EXPECT_EQ(server().Command({"outcomes", "check"}).status.code, 0);
}

}  // namespace
}  // namespace outcomes::http_test
