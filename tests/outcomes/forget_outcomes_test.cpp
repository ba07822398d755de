// `outcome-lrs forget --plugin liboutcomes.so`, and POST /admin/forget on a server that loaded
// the plugin: the outcome plugin erases its part of a person in the erasure's transaction.
// Afterwards every figure of the dashboard, the learners, the roster and the KPI equal those of
// a second LRS that never heard of the person (so nothing of the others changed and nothing of
// the person is counted), the rollup audit finds nothing, and on SQLite the person is nowhere in
// the database file. Over HTTP without a restart: the plugin that erased is the one serving.
#include <chrono>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "tests/outcomes/outcome_http_test.h"

namespace outcomes::http_test {
namespace {

constexpr char kOutcome[] = "quality";
constexpr char kCourse[] = "https://lms.example.com/courses/quality/";
const char kCoursesRule[] = R"([{"activity": {"prefix": "https://lms.example.com/courses/"}}])";

// zed is the person erased: a learner of line-a and the manager of line-b.
constexpr char kRosterWithZed[] =
    "mbox,team,manager,segment\n"
    "zed.erasable@example.com,line-a,mia@example.com,employees\n"
    "bob@example.com,line-a,mia@example.com,employees\n"
    "carol@example.com,line-b,zed.erasable@example.com,contractors\n"
    "dave@example.com,line-b,zed.erasable@example.com,contractors\n";
constexpr char kRosterWithoutZed[] =
    "mbox,team,manager,segment\n"
    "bob@example.com,line-a,mia@example.com,employees\n"
    "carol@example.com,line-b,,contractors\n"
    "dave@example.com,line-b,,contractors\n";

class ForgetOutcomes : public OutcomeHttpTest {
 protected:
  // The outcome, the roster, the statements and the KPI of everyone, zed included or not.
  void Feed(OutcomeServer& s, bool with_zed) {
    ASSERT_TRUE(HasStatus(s.Put(kOutcome, Declaration(kOutcome, kCoursesRule)), 201));
    ASSERT_TRUE(HasStatus(s.admin().Put("/outcomes/roster", {},
                                        with_zed ? kRosterWithZed : kRosterWithoutZed, "text/csv"),
                          200));
    std::vector<std::string> batch;
    auto did = [&](const std::string& actor, const std::string& verb, const std::string& day,
                   double scaled, const std::string& instructor = "") {
      StatementJson st;
      st.Actor(actor).Verb(verb).Object(std::string(kCourse) + "unit-1");
      st.Timestamp("2026-03-" + day + "T09:00:00Z");
      if (scaled >= 0) st.Scaled(scaled);
      if (!instructor.empty()) st.Instructor(instructor);
      batch.push_back(st.Json());
    };
    if (with_zed) {
      did("zed.erasable", kVerbExperienced, "02", 0.9);
      did("zed.erasable", kVerbCompleted, "03", 1.0);
    }
    did("bob", kVerbExperienced, "02", 0.5);  // the same day as zed's first
    did("bob", kVerbCompleted, "05", -1);
    did("carol", kVerbExperienced, "03", 0.25);
    // zed taught dave: dave's statement stays, with a pseudonym as instructor, counted as before.
    did("dave", kVerbPassed, "04", 0.75, with_zed ? "zed.erasable" : "");
    s.StoreBatch(JsonArray(batch));
    std::string kpi = R"([
      {"date": "2026-03-06", "value": 8, "agent": {"mbox": "mailto:bob@example.com"}},
      {"date": "2026-03-06", "value": 6, "agent": {"mbox": "mailto:carol@example.com"}},
      {"date": "2026-03-07", "value": 5, "team": "line-a"},
      {"date": "2026-03-08", "value": 12})";
    if (with_zed) {
      kpi += R"(, {"date": "2026-03-06", "value": 4,
                   "agent": {"mbox": "mailto:zed.erasable@example.com"}})";
    }
    ASSERT_TRUE(HasStatus(s.admin().Post(OutcomePath(kOutcome) + "/kpi", kpi + "]"), 200));
    ASSERT_TRUE(s.WaitUntilTagged(kOutcome));
  }

  // What the dashboards answer, for comparing two servers: the dashboard (everyone, per team),
  // the learners, the roster and the KPI, each canonical.
  std::vector<std::string> Views(OutcomeServer& s) {
    std::vector<std::string> views;
    const ParamList range = {{"from", "2026-03-02"}, {"to", "2026-03-08"}, {"bucket", "week"}};
    for (const ParamList& extra : std::vector<ParamList>{{}, {{"team", "line-a"}}}) {
      ParamList params = range;
      params.insert(params.end(), extra.begin(), extra.end());
      HttpResult r = s.Get(OutcomePath(kOutcome) + "/dashboard", params);
      EXPECT_TRUE(HasStatus(r, 200));
      views.push_back(Canonical(r.body));
    }
    for (const std::string& target :
         {OutcomePath(kOutcome) + "/learners", std::string("/outcomes/roster"),
          OutcomePath(kOutcome) + "/kpi"}) {
      HttpResult r = s.Get(target);
      EXPECT_TRUE(HasStatus(r, 200)) << target;
      views.push_back(Canonical(r.body));
    }
    return views;
  }

  // Feeds a server with zed and one without, erases zed from the first with `erase` (which returns
  // the erasure's report), and compares their figures.
  void ExpectEqualToOneThatNeverHeardOfZed(
      const std::function<std::unique_ptr<json::Document>()>& erase) {
    OutcomeServer& with = server();
    Feed(with, /*with_zed=*/true);
    ASSERT_FALSE(HasFailure());
    OutcomeServer* without = AnotherServer();
    ASSERT_NE(without, nullptr);
    Feed(*without, /*with_zed=*/false);
    ASSERT_FALSE(HasFailure());
    const std::vector<std::string> before = Views(with);
    const std::vector<std::string> expected = Views(*without);
    ASSERT_NE(before, expected) << "the person counts before the erasure";

    auto report = erase();
    ASSERT_NE(report, nullptr);
    EXPECT_EQ(IntAt(*report, "statements_deleted"), 2) << json::Write(*report);
    EXPECT_EQ(IntAt(*report, "statements_pseudonymized"), 1) << json::Write(*report);

    const std::vector<std::string> after = Views(with);
    ASSERT_EQ(after.size(), expected.size());
    const char* names[] = {"dashboard", "dashboard of line-a", "learners", "roster", "kpi"};
    for (size_t i = 0; i < after.size(); ++i)
      EXPECT_EQ(after[i], expected[i]) << names[i];

    ASSERT_TRUE(with.Stop());
    CommandOutput audit = with.Command({"outcomes", "check"});
    EXPECT_TRUE(audit.status.clean()) << audit.out << audit.err;
    if (!with.lrs().on_postgres()) {
      std::ifstream in(with.lrs().db_path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      EXPECT_EQ(bytes.find("zed.erasable"), std::string::npos) << "zed is still in the file";
      EXPECT_NE(bytes.find("carol@example.com"), std::string::npos);
    }
    ASSERT_TRUE(with.Start());
  }
};

constexpr char kZed[] = R"({"mbox":"mailto:zed.erasable@example.com"})";

TEST_F(ForgetOutcomes, TheDashboardEqualsOneThatNeverHeardOfThePerson) {
  ExpectEqualToOneThatNeverHeardOfZed([this]() -> std::unique_ptr<json::Document> {
    EXPECT_TRUE(server().Stop());
    CommandOutput forgot = server().Command({"forget", "--agent", kZed});
    EXPECT_TRUE(forgot.status.clean()) << forgot.err;
    EXPECT_TRUE(server().Start());
    return ParseJson(forgot.out);
  });
}

TEST_F(ForgetOutcomes, TheDashboardEqualsOneThatNeverHeardOfThePersonErasedOverHttp) {
  ExpectEqualToOneThatNeverHeardOfZed([this]() -> std::unique_ptr<json::Document> {
    EXPECT_TRUE(server().AddCredential("root", "root-secret-1", "admin"));
    const XapiClient root = server().ClientFor("root", "root-secret-1");
    HttpResult submitted =
        root.Post("/admin/forget", std::string("{\"agent\":") + kZed + "}", "application/json");
    EXPECT_TRUE(HasStatus(submitted, 202));
    const std::string location = submitted.Header("Location").value_or("");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      HttpResult job = root.Get(location);
      auto doc = ParseJson(job.body);
      const std::string state = StringAt(*doc, "state");
      if (state == "done") {
        auto result = std::make_unique<json::Document>();
        result->CopyFrom(*At(*doc, "result"), result->GetAllocator());
        return result;
      }
      if (state != "queued" && state != "running") {
        ADD_FAILURE() << job.Describe();
        return nullptr;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "the erasure did not finish";
    return nullptr;
  });
}

}  // namespace
}  // namespace outcomes::http_test
