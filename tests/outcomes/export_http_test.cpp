// Exports for BI tools over HTTP, on a real outcome-lrs with the plugin: the tagged statements of
// an outcome as CSV and NDJSON (streamed, every page, the documented columns with the outcomes
// tagging each statement and the actor's team), a dashboard's series, the team view, errors as
// statuses, and a dashboard link's access.
#include <sstream>

#include "tests/outcomes/outcome_http_test.h"

namespace outcomes::http_test {
namespace {

constexpr char kCourses[] = R"([{"activity": {"prefix": "https://lms.example.com/courses/"}}])";
constexpr char kForklift[] =
    R"([{"activity": {"id": "https://lms.example.com/courses/forklift"}}])";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

class ExportHttp : public OutcomeHttpTest {
 protected:
  void SetUp() override {
    OutcomeHttpTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    ASSERT_TRUE(HasStatus(server().Put("skills", Declaration("", kCourses, "Skills")), 201));
    ASSERT_TRUE(HasStatus(server().Put("forklift", Declaration("", kForklift, "Forklift")), 201));
    HttpResult roster = admin().Put("/outcomes/roster", {},
                                    "mbox,team,manager\n"
                                    "ann@example.com,north,mia@example.com\n"
                                    "bob@example.com,south,mia@example.com\n",
                                    "text/csv");
    ASSERT_TRUE(HasStatus(roster, 200)) << roster.Describe();
  }

  HttpResult Export(const std::string& id, const std::string& what, const ParamList& params) {
    return server().Get(OutcomePath(id) + "/export/" + what, params);
  }
};

TEST_F(ExportHttp, StatementsAsCsvCarryTheDocumentedColumns) {
  const std::string forklift =
      server().Store(StatementJson()
                         .Actor("ann")
                         .Verb(kVerbPassed)
                         .Object("https://lms.example.com/courses/forklift")
                         .Scaled(0.8)
                         .Success(true)
                         .Timestamp("2026-03-02T10:00:00Z")
                         .Json());
  const std::string safety = server().Store(StatementJson()
                                                .Actor("bob")
                                                .Verb(kVerbAttempted)
                                                .Object("https://lms.example.com/courses/safety")
                                                .Timestamp("2026-03-01T10:00:00Z")
                                                .Json());
  server().Store(StatementJson().Actor("cy").Object("https://elsewhere.example.com/x").Json());
  ASSERT_TRUE(server().WaitUntilTagged("skills"));
  ASSERT_TRUE(server().WaitUntilTagged("forklift"));

  HttpResult r = Export("skills", "statements", {{"format", "csv"}});
  ASSERT_TRUE(HasStatus(r, 200));
  EXPECT_EQ(r.Header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_NE(r.Header("Content-Disposition").value_or("").find("skills-statements.csv"),
            std::string::npos);
  const std::vector<std::string> lines = Lines(r.body);
  ASSERT_EQ(lines.size(), 3u) << r.body;  // header, two tagged statements (oldest first)
  EXPECT_EQ(lines[0],
            "stored,timestamp,statement_id,actor,actor_name,verb,verb_display,activity,"
            "activity_type,activity_name,registration,result_success,result_completion,"
            "result_score_scaled,result_score_raw,result_score_min,result_score_max,"
            "result_duration,result_response,outcome_ids,team");
  EXPECT_NE(lines[1].find("," + forklift + ",mbox|mailto:ann@example.com,"), std::string::npos)
      << lines[1];
  EXPECT_NE(lines[1].find(std::string(",") + kVerbPassed + ","), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find(",true,,0.8,"), std::string::npos) << lines[1];
  // Both outcomes tag the forklift statement; ann is in team north.
  EXPECT_EQ(lines[1].substr(lines[1].size() - std::string(",forklift skills,north").size()),
            ",forklift skills,north")
      << lines[1];
  EXPECT_NE(lines[2].find("," + safety + ","), std::string::npos) << lines[2];
  EXPECT_EQ(lines[2].substr(lines[2].size() - std::string(",skills,south").size()), ",skills,south")
      << lines[2];
}

TEST_F(ExportHttp, StatementsAsNdjsonAreOneObjectPerLineWithNulls) {
  server().Store(StatementJson()
                     .Actor("ann")
                     .Verb(kVerbCompleted)
                     .Object("https://lms.example.com/courses/forklift")
                     .Json());
  ASSERT_TRUE(server().WaitUntilTagged("skills"));
  HttpResult r = Export("skills", "statements", {});
  ASSERT_TRUE(HasStatus(r, 200));
  EXPECT_EQ(r.Header("Content-Type"), "application/x-ndjson");
  const std::vector<std::string> lines = Lines(r.body);
  ASSERT_EQ(lines.size(), 1u) << r.body;
  auto row = ParseJson(lines[0]);
  EXPECT_EQ(StringAt(*row, "actor"), "mbox|mailto:ann@example.com");
  EXPECT_EQ(StringAt(*row, "verb"), kVerbCompleted);
  EXPECT_EQ(StringAt(*row, "outcome_ids"), "forklift skills");
  EXPECT_EQ(StringAt(*row, "team"), "north");
  ASSERT_NE(At(*row, "result_score_scaled"), nullptr);
  EXPECT_TRUE(At(*row, "result_score_scaled")->IsNull()) << lines[0];
}

TEST_F(ExportHttp, AnExportHoldsEveryPageAndFollowsTheTeamView) {
  std::vector<std::string> batch;
  for (int i = 0; i < 2500; ++i) {
    batch.push_back(StatementJson()
                        .Actor(i % 2 == 0 ? "ann" : "bob")
                        .Object("https://lms.example.com/courses/c" + std::to_string(i % 7))
                        .Json());
  }
  server().StoreAll(batch, 0, batch.size(), 250);
  ASSERT_TRUE(server().WaitUntilTagged("skills"));
  HttpResult all = Export("skills", "statements", {{"format", "csv"}});
  ASSERT_TRUE(HasStatus(all, 200));
  EXPECT_EQ(Lines(all.body).size(), 2501u);  // three pages of 1,000 at most, and the header
  HttpResult north = Export("skills", "statements", {{"format", "csv"}, {"team", "north"}});
  ASSERT_TRUE(HasStatus(north, 200));
  const std::vector<std::string> lines = Lines(north.body);
  ASSERT_EQ(lines.size(), 1251u);
  for (size_t i = 1; i < lines.size(); ++i) {
    ASSERT_NE(lines[i].find("mbox|mailto:ann@example.com"), std::string::npos) << lines[i];
  }
}

TEST_F(ExportHttp, ErrorsAreStatusesNotBrokenDownloads) {
  EXPECT_TRUE(IsError(Export("nope", "statements", {}), 404, {"nope"}));
  EXPECT_TRUE(IsError(Export("skills", "statements", {{"format", "xlsx"}}), 400, {"format"}));
  EXPECT_TRUE(IsError(Export("skills", "statements", {{"limit", "5"}}), 400, {"limit"}));
  EXPECT_TRUE(IsError(Export("skills", "statements", {{"team", "west"}}), 404, {"west"}));
  EXPECT_TRUE(IsError(Export("skills", "series", {{"bucket", "year"}}), 400, {"bucket"}));
  EXPECT_TRUE(HasStatus(server().Get(OutcomePath("skills") + "/export/other"), 404));
}

TEST_F(ExportHttp, TheSeriesHasOneRowPerBucket) {
  server().Store(StatementJson()
                     .Actor("ann")
                     .Verb(kVerbCompleted)
                     .Object("https://lms.example.com/courses/forklift")
                     .Timestamp("2026-03-03T10:00:00Z")
                     .Json());
  ASSERT_TRUE(server().WaitUntilTagged("skills"));
  HttpResult r =
      Export("skills", "series",
             {{"format", "csv"}, {"from", "2026-03-01"}, {"to", "2026-03-04"}, {"bucket", "day"}});
  ASSERT_TRUE(HasStatus(r, 200));
  const std::vector<std::string> lines = Lines(r.body);
  ASSERT_EQ(lines.size(), 5u) << r.body;
  EXPECT_EQ(lines[0],
            "start,kpi_mean,kpi_n,tagged_statements,active_learners,adoption_rate,completions,"
            "application_frequency,mean_scaled_score,mean_scaled_score_n,"
            "median_time_to_proficiency_days,median_time_to_proficiency_n");
  // No KPI yet (empty, n 0), one statement, one active learner, one completion.
  EXPECT_EQ(lines[3].rfind("2026-03-03,,0,1,1,", 0), 0u) << lines[3];
  EXPECT_EQ(lines[2].rfind("2026-03-02,,0,0,0,", 0), 0u) << lines[2];
}

TEST_F(ExportHttp, ALinkExportsItsTeamOnly) {
  server().Store(StatementJson().Actor("ann").Object("https://lms.example.com/courses/a").Json());
  server().Store(StatementJson().Actor("bob").Object("https://lms.example.com/courses/a").Json());
  ASSERT_TRUE(server().WaitUntilTagged("skills"));
  HttpResult issued =
      admin().Post("/outcomes/embed", R"({"outcomes": ["skills"], "team": "south"})");
  ASSERT_TRUE(HasStatus(issued, 201));
  const std::string token = StringAt(*ParseJson(issued.body), "token");
  HttpRequestSpec request;
  request.target = OutcomePath("skills") + "/export/statements";
  request.params = {{"format", "csv"}};
  request.omit = {"Authorization"};
  request.headers = {{"Authorization", "Bearer " + token}};
  HttpResult r = server().Anonymous().Send(request);
  ASSERT_TRUE(HasStatus(r, 200));
  const std::vector<std::string> lines = Lines(r.body);
  ASSERT_EQ(lines.size(), 2u) << r.body;
  EXPECT_NE(lines[1].find("bob@example.com"), std::string::npos);
  // The declaration has no team view: a team link reads it as it is.
  HttpRequestSpec declaration = request;
  declaration.target = OutcomePath("skills");
  declaration.params.clear();
  EXPECT_TRUE(HasStatus(server().Anonymous().Send(declaration), 200));
  // A team link cannot widen itself.
  request.params.emplace_back("team", "north");
  EXPECT_TRUE(IsError(server().Anonymous().Send(request), 403, {"team \"south\" only"}));
  // Issuing a link for a team the roster does not have fails.
  EXPECT_TRUE(
      IsError(admin().Post("/outcomes/embed", R"({"outcomes": ["skills"], "team": "x"})"), 404));
}

TEST_F(ExportHttp, CsvCellsAFormulaWouldRunAreNeutralisedAndNdjsonStaysExact) {
  // Names and responses come from statements, written by anyone with a write credential.
  const std::vector<std::string> hostile = {"=HYPERLINK(\"https://evil.example.com\",\"x\")",
                                            "+1+cmd|' /C calc'!A0",
                                            "-2+3",
                                            "@SUM(A1:A9)",
                                            "\tindented",
                                            "\rreturn"};
  std::vector<std::string> statements;
  for (size_t i = 0; i < hostile.size(); ++i) {
    statements.push_back(R"({"actor": {"mbox": "mailto:ann@example.com", "name": )" +
                         Quote(hostile[i]) +
                         R"(}, "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": "https://lms.example.com/courses/quiz"},
        "result": {"response": )" +
                         Quote(hostile[i]) + R"(, "score": {"scaled": -0.5}},
        "timestamp": "2026-03-0)" +
                         std::to_string(i + 1) + R"(T10:00:00Z"})");
  }
  server().StoreBatch(JsonArray(statements));
  ASSERT_TRUE(server().WaitUntilTagged("skills"));

  HttpResult csv = Export("skills", "statements", {{"format", "csv"}});
  ASSERT_TRUE(HasStatus(csv, 200));
  for (const std::string& text : hostile) {
    // Quoted (RFC 4180: a quote doubled) with an apostrophe first, so it is shown as text.
    std::string quoted = "\"'";
    for (char c : text) {
      if (c == '"') quoted.push_back('"');
      quoted.push_back(c);
    }
    quoted.push_back('"');
    size_t at = csv.body.find(quoted);
    EXPECT_NE(at, std::string::npos) << "actor_name " << quoted << " in " << csv.body;
    if (at != std::string::npos) {
      EXPECT_NE(csv.body.find(quoted, at + quoted.size()), std::string::npos)
          << "result_response " << quoted;
    }
  }
  // No cell of any line starts with a formula character unless it is a number.
  for (const std::string& line : Lines(csv.body)) {
    for (size_t i = 0; i < line.size(); ++i) {
      if (i > 0 && line[i - 1] != ',') continue;
      if (line[i] == '=' || line[i] == '+' || line[i] == '@') {
        ADD_FAILURE() << "a cell starts with " << line[i] << ": " << line;
      }
    }
  }
  // Numbers are numbers: the negative score is written as it is.
  EXPECT_NE(csv.body.find(",-0.5,"), std::string::npos) << csv.body;

  // NDJSON keeps every text exactly.
  HttpResult ndjson = Export("skills", "statements", {{"format", "ndjson"}});
  ASSERT_TRUE(HasStatus(ndjson, 200));
  std::vector<std::string> names;
  for (const std::string& line : Lines(ndjson.body)) {
    auto row = ParseJson(line);
    ASSERT_TRUE(row);
    names.push_back(StringAt(*row, "actor_name"));
    EXPECT_EQ(StringAt(*row, "actor_name"), StringAt(*row, "result_response"));
  }
  EXPECT_EQ(Sorted(names), Sorted(hostile));
}

}  // namespace
}  // namespace outcomes::http_test
