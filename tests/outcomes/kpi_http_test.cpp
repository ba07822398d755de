// KPI observations over HTTP and from the command line, on a real outcome-lrs: POST and GET
// /outcomes/{id}/kpi (JSON and CSV bodies, replacing by date and subject, all or nothing, scopes,
// stores), `outcome-lrs kpi import|list`, and what deleting an outcome does to its observations.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/outcomes/outcome_http_test.h"

namespace outcomes::http_test {
namespace {

constexpr char kOutcome[] = "cut-errors";
const char kCoursesRule[] = R"([{"activity": {"prefix": "https://lms.example.com/courses/"}}])";

std::string KpiPath(const std::string& id) {
  return OutcomePath(id) + "/kpi";
}

// The lines of `text`.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// The whitespace-separated words of `line`.
std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string w; in >> w;)
    words.push_back(w);
  return words;
}

class KpiHttp : public OutcomeHttpTest {
 protected:
  void SetUp() override {
    OutcomeHttpTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    ASSERT_TRUE(HasStatus(server().Put(kOutcome, Declaration("", kCoursesRule)), 201));
  }

  // POST /outcomes/ID/kpi with `body` of `content_type`, by `client` (admin() when null).
  HttpResult Post(const std::string& body, const std::string& content_type = "application/json",
                  const XapiClient* client = nullptr, const std::string& id = kOutcome) {
    return (client ? *client : admin()).Post(KpiPath(id), body, content_type);
  }

  // The canonical "observations" of GET /outcomes/ID/kpi (a failure and "" unless 200 with the
  // outcome's id).
  std::string Observations(const ParamList& params = {}, const XapiClient* client = nullptr,
                           const std::string& id = kOutcome) {
    HttpResult r = server().Get(KpiPath(id), params, client);
    if (r.status != 200) {
      ADD_FAILURE() << "GET " << KpiPath(id) << " -> " << r.Describe();
      return "";
    }
    auto doc = ParseJson(r.body);
    EXPECT_EQ(StringAt(*doc, "outcome"), id) << r.body;
    const json::Value* list = At(*doc, "observations");
    if (list == nullptr || !list->IsArray()) {
      ADD_FAILURE() << "no \"observations\" array: " << r.body;
      return "";
    }
    return json::WriteCanonical(*list);
  }

  // How many observations GET /outcomes/ID/kpi lists (-1 and a failure unless 200).
  int64_t CountObservations(const std::string& id = kOutcome) {
    HttpResult r = server().Get(KpiPath(id));
    if (r.status != 200) {
      ADD_FAILURE() << "GET " << KpiPath(id) << " -> " << r.Describe();
      return -1;
    }
    const auto doc = ParseJson(r.body);
    const json::Value* list = At(*doc, "observations");
    return list != nullptr && list->IsArray() ? static_cast<int64_t>(list->Size()) : -1;
  }

  CommandOutput Kpi(std::vector<std::string> args) {
    args.insert(args.begin(), "kpi");
    return server().Command(args);
  }
};

// ---- POST and GET ----------------------------------------------------------------------------

TEST_F(KpiHttp, OneObservationIsRecordedAndReadBack) {
  HttpResult r = Post(R"({"date": "2026-03-02", "value": 9.5})");
  ASSERT_TRUE(HasStatus(r, 200));
  EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/json");
  EXPECT_EQ(Canonical(r.body), Canonical(R"({"outcome": "cut-errors", "recorded": 1})"));
  EXPECT_EQ(Observations(), Canonical(R"([{"date": "2026-03-02", "value": 9.5}])"));
}

TEST_F(KpiHttp, AnArrayMixesAudienceLearnersAndTeamsListedByDateThenSubject) {
  // Subjects sort as "" (audience) < "agent:..." < "team:...".
  HttpResult r = Post(R"([
    {"date": "2026-03-03", "value": 3, "team": "night-shift"},
    {"date": "2026-03-03", "value": 7.25},
    {"date": "2026-03-02", "value": 4,
     "agent": {"objectType": "Agent", "name": "Ann", "mbox": "mailto:ann@example.com"}},
    {"date": "2026-03-03", "value": 5, "agent": {"account": {"homePage": "https://hr.example.com",
                                                            "name": "e-1044"}}},
    {"date": "2026-03-01", "value": -1.5}
  ])");
  ASSERT_TRUE(HasStatus(r, 200));
  EXPECT_EQ(Canonical(r.body), Canonical(R"({"outcome": "cut-errors", "recorded": 5})"));
  EXPECT_EQ(Observations(), Canonical(R"([
    {"date": "2026-03-01", "value": -1.5},
    {"date": "2026-03-02", "value": 4,
     "agent": {"objectType": "Agent", "name": "Ann", "mbox": "mailto:ann@example.com"}},
    {"date": "2026-03-03", "value": 7.25},
    {"date": "2026-03-03", "value": 5, "agent": {"account": {"homePage": "https://hr.example.com",
                                                            "name": "e-1044"}}},
    {"date": "2026-03-03", "value": 3, "team": "night-shift"}
  ])"));
}

TEST_F(KpiHttp, ACsvBodyIsReadLikeAnImport) {
  HttpResult r = Post(
      "Date,Value,Email,Team\r\n"
      "2026-03-01,9,,\r\n"
      "2026-03-02T23:30:00-02:00,8.5,,\r\n"  // 01:30 on the 3rd in UTC
      "2026-03-02,6,ann@example.com,\r\n"
      "2026-03-02,2,,\"night, shift\"\r\n",
      "text/csv");
  ASSERT_TRUE(HasStatus(r, 200));
  EXPECT_EQ(IntAt(*ParseJson(r.body), "recorded"), 4) << r.body;
  EXPECT_EQ(Observations(), Canonical(R"([
    {"date": "2026-03-01", "value": 9},
    {"date": "2026-03-02", "value": 6, "agent": {"mbox": "mailto:ann@example.com"}},
    {"date": "2026-03-02", "value": 2, "team": "night, shift"},
    {"date": "2026-03-03", "value": 8.5}
  ])"));
  // Parameters of the media type do not matter.
  EXPECT_TRUE(HasStatus(Post("date,value\n2026-03-04,1\n", "text/csv; charset=utf-8"), 200));
  EXPECT_EQ(CountObservations(), 5);
}

TEST_F(KpiHttp, TheSameDateAndSubjectReplacesOtherSubjectsDoNot) {
  ASSERT_TRUE(HasStatus(Post(R"([
    {"date": "2026-03-02", "value": 9},
    {"date": "2026-03-02", "value": 5, "agent": {"mbox": "mailto:ann@example.com"}},
    {"date": "2026-03-02", "value": 4, "team": "east"},
    {"date": "2026-03-02", "value": 1, "team": "west"},
    {"date": "2026-03-03", "value": 8}
  ])"),
                        200));
  EXPECT_EQ(CountObservations(), 5);
  // Ann again, known by the same mbox (the domain of an e-mail address has no case), the
  // audience and team east again, on the same date.
  ASSERT_TRUE(HasStatus(Post(R"([
    {"date": "2026-03-02", "value": 8.5},
    {"date": "2026-03-02", "value": 6, "agent": {"name": "Ann", "mbox": "mailto:ann@EXAMPLE.com"}},
    {"date": "2026-03-02", "value": 3, "team": "east"}
  ])"),
                        200));
  EXPECT_EQ(Observations(), Canonical(R"([
    {"date": "2026-03-02", "value": 8.5},
    {"date": "2026-03-02", "value": 6, "agent": {"name": "Ann", "mbox": "mailto:ann@EXAMPLE.com"}},
    {"date": "2026-03-02", "value": 3, "team": "east"},
    {"date": "2026-03-02", "value": 1, "team": "west"},
    {"date": "2026-03-03", "value": 8}
  ])"));
  // One value per subject and date within one request too: the last one wins.
  ASSERT_TRUE(HasStatus(Post(R"([{"date": "2026-03-03", "value": 7}, 
                                  {"date": "2026-03-03", "value": 6.5}])"),
                        200));
  EXPECT_EQ(Observations({{"from", "2026-03-03"}}),
            Canonical(R"([{"date": "2026-03-03", "value": 6.5}])"));
}

TEST_F(KpiHttp, AnInvalidObservationIs400NamingItAndNothingIsRecorded) {
  ASSERT_TRUE(HasStatus(Post(R"({"date": "2026-02-01", "value": 10})"), 200));
  const std::string before = Observations();
  const std::string good = R"({"date": "2026-03-02", "value": 9})";
  struct Bad {
    std::string body;
    std::vector<std::string> fragments;
  };
  for (const Bad& bad : std::vector<Bad>{
           {"[" + good + R"(, {"date": "2026-03-03", "value": "high"}])", {"[1].value"}},
           {"[" + good + ", " + good + R"(, {"date": "2026-03-04"}])", {"[2]", "value"}},
           {"[" + good + R"(, {"date": "2026-02-30", "value": 1}])", {"[1].date", "2026-02-30"}},
           {R"({"date": "2026-02-30", "value": 1})", {"observation.date", "2026-02-30"}},
           {R"({"date": "2 March 2026", "value": 1})", {"observation.date"}},
           {R"({"date": "2026-03-02T10:00:00Z", "value": 1})", {"observation.date"}},
           {R"({"date": "2026-03-02", "value": 1, "colour": "blue"})", {"colour"}},
           {"[" + good + R"(, {"date": "2026-03-02", "value": 1, "team": "east",
                             "agent": {"mbox": "mailto:ann@example.com"}}])",
            {"[1]", "agent or a team"}},
           {R"({"date": "2026-03-02", "value": 1, "agent": {"mbox": "ann@example.com"}})",
            {"observation.agent"}},
           {R"({"date": "2026-03-02", "value": 1, "agent": {"name": "Nobody"}})",
            {"observation.agent"}},
           {R"({"date": "2026-03-02", "value": 1, "team": ""})", {"observation.team"}},
           {"[]", {"no observations"}},
           {"[" + good + ", 42]", {"[1]"}},
           {"{\"date\": ", {}},
           {"", {}},
       }) {
    SCOPED_TRACE(bad.body);
    EXPECT_TRUE(IsError(Post(bad.body), 400, bad.fragments));
  }
  EXPECT_EQ(Observations(), before);
}

TEST_F(KpiHttp, BadCsvRowsAre400NamingEveryLineAndNothingIsRecorded) {
  HttpResult r = Post(
      "date,value,agent,team\n"
      "2026-03-02,9,,\n"
      "2026-03-03,n/a,,\n"
      "2026-03-04,7,ann@example.com,east\n"
      "2026-03-05,6,,\n",
      "text/csv");
  EXPECT_TRUE(IsError(r, 400, {"line 3", "line 4", "nothing imported"}));
  EXPECT_EQ(StringAt(*ParseJson(r.body), "error.message").find("line 2"), std::string::npos)
      << r.body;
  EXPECT_TRUE(IsError(Post("", "text/csv"), 400));
  EXPECT_TRUE(IsError(Post("date,value\n", "text/csv"), 400));
  EXPECT_EQ(CountObservations(), 0);
}

// CSV values are decimal numbers: strtod, which reads them, also takes hexadecimal ("0x10" was
// once recorded as 16).
TEST_F(KpiHttp, CsvValuesAreDecimalNumbers) {
  ASSERT_TRUE(HasStatus(Post("date,value\n2026-03-02,-1.5e1\n2026-03-03,+2\n", "text/csv"), 200));
  EXPECT_EQ(Observations(), Canonical(R"([{"date": "2026-03-02", "value": -15},
                                          {"date": "2026-03-03", "value": 2}])"));
  for (const std::string value : {"0x10", "0x1p3", "inf", "nan", "1.5.2", "12 %"}) {
    SCOPED_TRACE(value);
    EXPECT_TRUE(
        IsError(Post("date,value\n2026-03-04," + value + "\n", "text/csv"), 400, {"line 2"}));
  }
  EXPECT_EQ(CountObservations(), 2);
}

TEST_F(KpiHttp, ObservationsAreSentAsJsonOrCsv) {
  const std::string body = R"({"date": "2026-03-02", "value": 9})";
  EXPECT_TRUE(IsError(Post(body, "text/plain"), 400, {"application/json", "text/csv"}));
  EXPECT_TRUE(IsError(Post(body, "application/xml"), 400));
  HttpRequestSpec untyped;
  untyped.method = "POST";
  untyped.target = KpiPath(kOutcome);
  untyped.body = body;
  EXPECT_TRUE(IsError(admin().Send(untyped), 400));
  EXPECT_EQ(CountObservations(), 0);
  EXPECT_TRUE(HasStatus(Post(body, "application/json; charset=utf-8"), 200));
  EXPECT_EQ(CountObservations(), 1);
}

TEST_F(KpiHttp, UnknownOutcomesAre404AndUnknownParameters400) {
  const std::string body = R"({"date": "2026-03-02", "value": 9})";
  EXPECT_TRUE(IsError(Post(body, "application/json", nullptr, "no-such-outcome"), 404,
                      {"no-such-outcome"}));
  EXPECT_TRUE(IsError(server().Get(KpiPath("no-such-outcome")), 404, {"no-such-outcome"}));
  EXPECT_TRUE(IsError(admin().Post(KpiPath(kOutcome) + "?colour=blue", body), 400, {"colour"}));
  EXPECT_TRUE(IsError(server().Get(KpiPath(kOutcome), {{"colour", "blue"}}), 400, {"colour"}));
  EXPECT_TRUE(IsError(server().Get(KpiPath(kOutcome), {{"bucket", "week"}}), 400, {"bucket"}));
  EXPECT_EQ(CountObservations(), 0);
}

TEST_F(KpiHttp, FromAndToFilterTheListing) {
  ASSERT_TRUE(HasStatus(Post(R"([
    {"date": "2026-03-01", "value": 1}, {"date": "2026-03-02", "value": 2},
    {"date": "2026-03-03", "value": 3}, {"date": "2026-03-04", "value": 4},
    {"date": "2026-03-03", "value": 30, "team": "east"}
  ])"),
                        200));
  EXPECT_EQ(Observations({{"from", "2026-03-02"}, {"to", "2026-03-03"}}), Canonical(R"([
    {"date": "2026-03-02", "value": 2}, {"date": "2026-03-03", "value": 3},
    {"date": "2026-03-03", "value": 30, "team": "east"}
  ])"));
  EXPECT_EQ(Observations({{"from", "2026-03-04"}}),
            Canonical(R"([{"date": "2026-03-04", "value": 4}])"));
  EXPECT_EQ(Observations({{"to", "2026-03-01"}}),
            Canonical(R"([{"date": "2026-03-01", "value": 1}])"));
  EXPECT_EQ(Observations({{"from", "2026-03-05"}}), "[]");
  EXPECT_EQ(Observations({{"from", "2026-03-03"}, {"to", "2026-03-03"}}), Canonical(R"([
    {"date": "2026-03-03", "value": 3}, {"date": "2026-03-03", "value": 30, "team": "east"}
  ])"));
  EXPECT_TRUE(IsError(server().Get(KpiPath(kOutcome), {{"from", "2026-02-30"}}), 400, {"from"}));
  EXPECT_TRUE(IsError(server().Get(KpiPath(kOutcome), {{"to", "tomorrow"}}), 400, {"to"}));
  EXPECT_TRUE(IsError(server().Get(KpiPath(kOutcome), {{"to", "2026-3-4"}}), 400, {"to"}));
}

// ---- Scopes and stores -----------------------------------------------------------------------

TEST_F(KpiHttp, ReadingNeedsAnOutcomesScopeAndRecordingOutcomesWrite) {
  ASSERT_TRUE(server().AddCredential("reader", "reader-secret", "outcomes/read"));
  ASSERT_TRUE(server().AddCredential("writer", "writer-secret", "outcomes/write"));
  ASSERT_TRUE(server().AddCredential("xapi", "xapi-secret", "statements/read,statements/write"));
  ASSERT_TRUE(server().AddCredential("all-reader", "all-reader-secret", "all/read"));
  XapiClient reader = server().ClientFor("reader", "reader-secret");
  XapiClient writer = server().ClientFor("writer", "writer-secret");
  XapiClient xapi = server().ClientFor("xapi", "xapi-secret");
  XapiClient all_reader = server().ClientFor("all-reader", "all-reader-secret");
  XapiClient anonymous = server().Anonymous();

  EXPECT_TRUE(
      HasStatus(Post(R"({"date": "2026-03-02", "value": 9})", "application/json", &writer), 200));
  const std::string recorded = Canonical(R"([{"date": "2026-03-02", "value": 9}])");
  EXPECT_EQ(Observations({}, &reader), recorded);
  EXPECT_EQ(Observations({}, &writer), recorded);
  EXPECT_EQ(Observations({}, &all_reader), recorded);

  const std::string change = R"({"date": "2026-03-02", "value": 1})";
  EXPECT_TRUE(IsError(Post(change, "application/json", &reader), 403, {"outcomes/write"}));
  EXPECT_TRUE(IsError(Post(change, "application/json", &all_reader), 403, {"outcomes/write"}));
  EXPECT_TRUE(IsError(Post(change, "application/json", &xapi), 403, {"outcomes/write"}));
  EXPECT_TRUE(IsError(server().Get(KpiPath(kOutcome), {}, &xapi), 403, {"outcomes/read"}));
  EXPECT_TRUE(IsError(Post(change, "application/json", &anonymous), 401));
  EXPECT_TRUE(IsError(server().Get(KpiPath(kOutcome), {}, &anonymous), 401));
  // Before anything else: no scope, no answer about whether the outcome exists.
  EXPECT_TRUE(IsError(Post(change, "application/json", &reader, "no-such-outcome"), 403));
  EXPECT_EQ(Observations(), recorded);
}

TEST_F(KpiHttp, ObservationsBelongToTheStoreOfTheCredential) {
  ASSERT_TRUE(server().AddCredential("other-admin", "other-secret", "all", "other"));
  XapiClient other = server().ClientFor("other-admin", "other-secret");
  ASSERT_TRUE(HasStatus(Post(R"({"date": "2026-03-02", "value": 9})"), 200));

  // The outcome does not exist in the other store.
  EXPECT_TRUE(IsError(server().Get(KpiPath(kOutcome), {}, &other), 404));
  EXPECT_TRUE(
      IsError(Post(R"({"date": "2026-03-02", "value": 1})", "application/json", &other), 404));

  // The same id there is another outcome with observations of its own.
  ASSERT_TRUE(HasStatus(server().Put(kOutcome, Declaration("", kCoursesRule), &other), 201));
  EXPECT_EQ(Observations({}, &other), "[]");
  ASSERT_TRUE(
      HasStatus(Post(R"([{"date": "2026-03-02", "value": 1}, {"date": "2026-03-05", "value": 2}])",
                     "application/json", &other),
                200));
  EXPECT_EQ(Observations({}, &other), Canonical(R"([{"date": "2026-03-02", "value": 1},
                                                    {"date": "2026-03-05", "value": 2}])"));
  EXPECT_EQ(Observations(), Canonical(R"([{"date": "2026-03-02", "value": 9}])"));

  // Deleting it there forgets only its own.
  ASSERT_TRUE(HasStatus(server().Delete(OutcomePath(kOutcome), &other), 204));
  EXPECT_EQ(Observations(), Canonical(R"([{"date": "2026-03-02", "value": 9}])"));
}

TEST_F(KpiHttp, DeletingAnOutcomeForgetsItsObservations) {
  ASSERT_TRUE(HasStatus(Post(R"([{"date": "2026-03-02", "value": 9},
                                 {"date": "2026-03-02", "value": 4, "team": "east"}])"),
                        200));
  ASSERT_TRUE(HasStatus(server().Put("kept", Declaration("", kCoursesRule)), 201));
  ASSERT_TRUE(HasStatus(
      Post(R"({"date": "2026-03-02", "value": 3})", "application/json", nullptr, "kept"), 200));

  ASSERT_TRUE(HasStatus(server().Delete(OutcomePath(kOutcome)), 204));
  EXPECT_TRUE(IsError(server().Get(KpiPath(kOutcome)), 404));
  EXPECT_TRUE(IsError(Post(R"({"date": "2026-03-02", "value": 1})"), 404));
  ASSERT_TRUE(HasStatus(server().Put(kOutcome, Declaration("", kCoursesRule)), 201));
  EXPECT_EQ(Observations(), "[]");
  EXPECT_EQ(Observations({}, nullptr, "kept"),
            Canonical(R"([{"date": "2026-03-02", "value": 3}])"));
}

// ---- outcome-lrs kpi -------------------------------------------------------------------------

TEST_F(KpiHttp, ImportFindsColumnsByNameAndTakesEmailAddressesForAgents) {
  const std::string file = WriteFile("errors.csv",
                                     "Team,EMAIL,KPI,Day\n"
                                     ",ann@example.com,4.5,2026-03-02\n"
                                     ",,9,2026-03-02\n"
                                     "night-shift,,8,2026-03-03\n"
                                     ",mailto:bob@example.com,6,2026-03-03\n"
                                     ",\"{\"\"mbox\"\": \"\"mailto:carol@example.com\"\"}\",7,"
                                     "2026-03-04\n");
  CommandOutput imported = Kpi({"import", "--outcome", kOutcome, file});
  ASSERT_TRUE(imported.status.clean())
      << imported.status.ToString() << "\nstdout: " << imported.out << "\nstderr: " << imported.err;
  EXPECT_EQ(Lines(imported.out), std::vector<std::string>{"imported 5 observations of cut-errors "
                                                          "from " +
                                                          file});
  EXPECT_EQ(Observations(), Canonical(R"([
    {"date": "2026-03-02", "value": 9},
    {"date": "2026-03-02", "value": 4.5, "agent": {"mbox": "mailto:ann@example.com"}},
    {"date": "2026-03-03", "value": 6, "agent": {"mbox": "mailto:bob@example.com"}},
    {"date": "2026-03-03", "value": 8, "team": "night-shift"},
    {"date": "2026-03-04", "value": 7, "agent": {"mbox": "mailto:carol@example.com"}}
  ])"));

  CommandOutput list = Kpi({"list", "--outcome", kOutcome});
  ASSERT_TRUE(list.status.clean()) << list.status.ToString() << ": " << list.err;
  const std::vector<std::string> lines = Lines(list.out);
  ASSERT_EQ(lines.size(), 6u) << list.out;
  EXPECT_EQ(Words(lines[0]), (std::vector<std::string>{"DATE", "VALUE", "FOR"}));
  EXPECT_EQ(Words(lines[1]), (std::vector<std::string>{"2026-03-02", "9", "audience"}));
  EXPECT_EQ(Words(lines[2]), (std::vector<std::string>{"2026-03-02", "4.5",
                                                       R"({"mbox":"mailto:ann@example.com"})"}));
  EXPECT_EQ(Words(lines[4]), (std::vector<std::string>{"2026-03-03", "8", "team", "night-shift"}));
}

TEST_F(KpiHttp, ImportWithoutAHeaderReadsDateValueAgentTeam) {
  const std::string file = WriteFile("plain.csv",
                                     "2026-03-02,9\n"
                                     "\n"
                                     "2026-03-03,8,ann@example.com\n"
                                     "2026-03-04,7,,east\n");
  CommandOutput imported = Kpi({"import", "--outcome", kOutcome, file});
  ASSERT_TRUE(imported.status.clean()) << imported.status.ToString() << ": " << imported.err;
  EXPECT_EQ(Observations(), Canonical(R"([
    {"date": "2026-03-02", "value": 9},
    {"date": "2026-03-03", "value": 8, "agent": {"mbox": "mailto:ann@example.com"}},
    {"date": "2026-03-04", "value": 7, "team": "east"}
  ])"));
}

TEST_F(KpiHttp, ImportingBadRowsNamesEachLineAndImportsNothing) {
  ASSERT_TRUE(HasStatus(Post(R"({"date": "2026-01-15", "value": 10})"), 200));
  const std::string before = Observations();
  const std::string file = WriteFile("bad.csv",
                                     "date,value,agent,team\n"              // line 1
                                     "2026-03-02,9,,\n"                     // 2: good
                                     "2026-03-03,n/a,,\n"                   // 3: value
                                     "2026-13-01,8,,\n"                     // 4: date
                                     "2026-03-05,7,ann@example.com,east\n"  // 5: both
                                     "2026-03-06,6,,\n"                     // 6: good
                                     "2026-03-07,5,{not json,\n"            // 7: agent
                                     "2026-03-08,4,,,extra\n");             // 8: fields
  CommandOutput imported = Kpi({"import", "--outcome", kOutcome, file});
  EXPECT_EQ(imported.status.code, 1) << imported.status.ToString() << ": " << imported.err;
  for (const std::string line : {"line 3", "line 4", "line 5", "line 7", "line 8"}) {
    EXPECT_NE(imported.err.find(line), std::string::npos) << line << " in " << imported.err;
  }
  EXPECT_NE(imported.err.find("5 bad rows"), std::string::npos) << imported.err;
  EXPECT_NE(imported.err.find("nothing imported"), std::string::npos) << imported.err;
  EXPECT_NE(imported.err.find("bad.csv"), std::string::npos) << imported.err;
  for (const std::string line : {"line 2", "line 6"}) {
    EXPECT_EQ(imported.err.find(line), std::string::npos) << line << " in " << imported.err;
  }
  EXPECT_EQ(Observations(), before);
}

TEST_F(KpiHttp, ReimportingAFileReplacesItsObservations) {
  const std::string file = WriteFile("weekly.csv",
                                     "date,value,agent\n"
                                     "2026-03-02,9,\n"
                                     "2026-03-02,5,ann@example.com\n"
                                     "2026-03-09,8,\n");
  ASSERT_TRUE(Kpi({"import", "--outcome", kOutcome, file}).status.clean());
  ASSERT_TRUE(Kpi({"import", "--outcome", kOutcome, file}).status.clean());
  EXPECT_EQ(CountObservations(), 3) << "the same file twice counts once";

  // The system of record corrected a value and added a week.
  WriteFile("weekly.csv",
            "date,value,agent\n"
            "2026-03-02,9,\n"
            "2026-03-02,4,ann@example.com\n"
            "2026-03-09,7.5,\n"
            "2026-03-16,7,\n");
  ASSERT_TRUE(Kpi({"import", "--outcome", kOutcome, file}).status.clean());
  EXPECT_EQ(Observations(), Canonical(R"([
    {"date": "2026-03-02", "value": 9},
    {"date": "2026-03-02", "value": 4, "agent": {"mbox": "mailto:ann@example.com"}},
    {"date": "2026-03-09", "value": 7.5},
    {"date": "2026-03-16", "value": 7}
  ])"));
}

TEST_F(KpiHttp, KpiCommandFailuresAndUsageErrors) {
  const std::string file = WriteFile("one.csv", "date,value\n2026-03-02,9\n");
  EXPECT_EQ(Kpi({}).status.code, 2);
  EXPECT_EQ(Kpi({"frobnicate", "--outcome", kOutcome}).status.code, 2);
  CommandOutput no_outcome = Kpi({"import", file});
  EXPECT_EQ(no_outcome.status.code, 2) << no_outcome.err;
  EXPECT_NE(no_outcome.err.find("--outcome"), std::string::npos) << no_outcome.err;
  EXPECT_EQ(Kpi({"import", "--outcome", kOutcome}).status.code, 2);
  EXPECT_EQ(Kpi({"import", "--outcome", kOutcome, file, file}).status.code, 2);
  EXPECT_EQ(Kpi({"list", "--outcome", kOutcome, file}).status.code, 2);
  EXPECT_EQ(Kpi({"import", "--outcome"}).status.code, 2);

  CommandOutput unknown = Kpi({"import", "--outcome", "no-such-outcome", file});
  EXPECT_EQ(unknown.status.code, 1);
  EXPECT_NE(unknown.err.find("no-such-outcome"), std::string::npos) << unknown.err;
  EXPECT_EQ(Kpi({"list", "--outcome", "no-such-outcome"}).status.code, 1);
  CommandOutput missing = Kpi({"import", "--outcome", kOutcome, file + ".missing"});
  EXPECT_EQ(missing.status.code, 1);
  EXPECT_NE(missing.err.find("one.csv.missing"), std::string::npos) << missing.err;
  CommandOutput nowhere = Kpi({"import", "--outcome", kOutcome, "--store", "nowhere", file});
  EXPECT_EQ(nowhere.status.code, 1);
  EXPECT_NE(nowhere.err.find("nowhere"), std::string::npos) << nowhere.err;
  EXPECT_EQ(CountObservations(), 0);

  // --store chooses the outcome's store.
  ASSERT_TRUE(server().AddCredential("tenant", "tenant-secret", "all", "tenant-b"));
  XapiClient tenant = server().ClientFor("tenant", "tenant-secret");
  ASSERT_TRUE(HasStatus(server().Put(kOutcome, Declaration("", kCoursesRule), &tenant), 201));
  CommandOutput stored = Kpi({"import", "--outcome", kOutcome, "--store", "tenant-b", file});
  ASSERT_TRUE(stored.status.clean()) << stored.status.ToString() << ": " << stored.err;
  EXPECT_EQ(Observations({}, &tenant), Canonical(R"([{"date": "2026-03-02", "value": 9}])"));
  EXPECT_EQ(CountObservations(), 0);
}

}  // namespace
}  // namespace outcomes::http_test
