// Teams and managers on a real outcome-lrs: the roster imported by `outcome-lrs roster import`
// and PUT /outcomes/roster (all or nothing, every bad row named by its line), listed by GET
// /outcomes/roster, and the team view (team=, manager=) of every dashboard endpoint, checked
// against figures worked out by hand; unknown teams and scopes.
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/outcomes/outcome_http_test.h"

namespace outcomes::http_test {
namespace {

constexpr char kOutcome[] = "quality";
constexpr char kRosterPath[] = "/outcomes/roster";
constexpr char kCourse[] = "https://lms.example.com/courses/quality/";
const char kCoursesRule[] = R"([{"activity": {"prefix": "https://lms.example.com/courses/"}}])";

// The roster: line-a (ann, bob; manager mia), line-b (carol, dave, erin; manager max), line-c
// (gus; manager mia). frank is in no team. erin has no statement.
constexpr char kRoster[] =
    "mbox,team,manager,segment\n"
    "ann@example.com,line-a,mia@example.com,employees\n"
    "mailto:bob@example.com,line-a,mia@example.com,employees\n"
    "carol@example.com,line-b,max@example.com,contractors\n"
    "dave@example.com,line-b,max@example.com,contractors\n"
    "erin@example.com,line-b,,contractors\n"
    "gus@example.com,line-c,mia@example.com,\n";

// One ISO week, Monday 2026-03-02 to Sunday 2026-03-08, every statement tagged:
//
//   actor  timestamp          verb          scaled  team
//   ann    03-02 09:00        experienced   0.5     line-a
//   ann    03-03 09:00        completed     1.0     line-a   ann completes after 1 day
//   bob    03-04 09:00        experienced   -       line-a
//   carol  03-02 09:00        experienced   0.25    line-b
//   carol  03-05 09:00        passed        -       line-b   carol completes after 3 days
//   dave   03-06 09:00        experienced   0.75    line-b
//   frank  03-03 09:00        completed     0.0     -        frank completes at once
//   gus    03-04 09:00        experienced   -       line-c
//
// line-a: size 2, active 2, 3 statements, adoption 1, 1 completion (rate 0.5), application
// frequency 3/2, mean score (0.5+1)/2 = 0.75 (n 2), time to proficiency 1 day.
// line-b: size 3, active 2, 3 statements, adoption 2/3, 1 completion (rate 0.5), application
// frequency 3/2, mean score (0.25+0.75)/2 = 0.5 (n 2), time to proficiency 3 days.
// Manager mia (line-a and line-c): size 3, active 3, 4 statements, 1 completion.
// Everyone: active 6, 8 statements, 3 completions, adoption 6/100.
//
// KPI (per learner, in the range): ann 4, bob 8, carol 6, frank 10; team line-a 5; the whole
// audience 12. line-a's link: completers {ann: 4}, non-completers {bob: 8}.
class RosterHttp : public OutcomeHttpTest {
 protected:
  CommandOutput Roster(std::vector<std::string> args) {
    args.insert(args.begin(), "roster");
    return server().Command(args);
  }

  HttpResult PutRoster(const std::string& csv, const XapiClient* client = nullptr) {
    const XapiClient& c = client != nullptr ? *client : admin();
    return c.Put(kRosterPath, {}, csv, "text/csv");
  }

  std::unique_ptr<json::Document> GetJson(const std::string& target, const ParamList& params) {
    HttpResult r = server().Get(target, params);
    EXPECT_TRUE(HasStatus(r, 200)) << target;
    return ParseJson(r.body);
  }

  // The outcome, the roster, the statements of the table above and the observations.
  void MakeFixture() {
    ASSERT_TRUE(HasStatus(server().Put(kOutcome, Declaration(kOutcome, kCoursesRule)), 201));
    ASSERT_TRUE(HasStatus(PutRoster(kRoster), 200));
    auto did = [&](const std::string& actor, const std::string& verb, const std::string& day,
                   double scaled = -1) {
      StatementJson s;
      s.Actor(actor).Verb(verb).Object(std::string(kCourse) + "unit-1");
      s.Timestamp("2026-03-" + day + "T09:00:00Z");
      if (scaled >= 0) s.Scaled(scaled);
      ids_[actor].push_back(s.id());
      return s.Json();
    };
    server().StoreBatch(JsonArray({
        did("ann", kVerbExperienced, "02", 0.5),
        did("ann", kVerbCompleted, "03", 1.0),
        did("bob", kVerbExperienced, "04"),
        did("carol", kVerbExperienced, "02", 0.25),
        did("carol", kVerbPassed, "05"),
        did("dave", kVerbExperienced, "06", 0.75),
        did("frank", kVerbCompleted, "03", 0.0),
        did("gus", kVerbExperienced, "04"),
    }));
    const std::string kpi = R"([
      {"date": "2026-03-06", "value": 4, "agent": {"mbox": "mailto:ann@example.com"}},
      {"date": "2026-03-06", "value": 8, "agent": {"mbox": "mailto:bob@example.com"}},
      {"date": "2026-03-06", "value": 6, "agent": {"mbox": "mailto:carol@example.com"}},
      {"date": "2026-03-06", "value": 10, "agent": {"mbox": "mailto:frank@example.com"}},
      {"date": "2026-03-07", "value": 5, "team": "line-a"},
      {"date": "2026-03-08", "value": 12}])";
    ASSERT_TRUE(HasStatus(admin().Post(OutcomePath(kOutcome) + "/kpi", kpi), 200));
  }

  std::unique_ptr<json::Document> Dashboard(const ParamList& extra) {
    ParamList params = {{"from", "2026-03-02"}, {"to", "2026-03-08"}, {"bucket", "week"}};
    params.insert(params.end(), extra.begin(), extra.end());
    return GetJson(OutcomePath(kOutcome) + "/dashboard", params);
  }

  std::map<std::string, std::vector<std::string>> ids_;  // statement ids by actor
};

void ExpectFigure(const json::Value& doc, const std::string& path, double value, int64_t n) {
  const json::Value* figure = At(doc, path);
  ASSERT_NE(figure, nullptr) << path << " in " << json::Write(doc);
  EXPECT_NEAR(NumberAt(*figure, "value"), value, 1e-9) << path;
  EXPECT_EQ(IntAt(*figure, "n"), n) << path;
}

// ---- Import ------------------------------------------------------------------------------------

TEST_F(RosterHttp, CliImportStoresTheRosterAndListsIt) {
  const std::string file = WriteFile("roster.csv", kRoster);
  CommandOutput imported = Roster({"import", file});
  ASSERT_TRUE(imported.status.clean()) << imported.status.ToString() << ": " << imported.err;
  EXPECT_NE(imported.out.find("imported a roster of 6 learners"), std::string::npos)
      << imported.out;

  auto roster = GetJson(kRosterPath, {});
  ASSERT_TRUE(roster);
  EXPECT_EQ(Canonical(JsonAt(*roster, "teams")), Canonical(R"([
    {"name": "line-a", "size": 2, "managers": ["mia@example.com"]},
    {"name": "line-b", "size": 3, "managers": ["max@example.com"]},
    {"name": "line-c", "size": 1, "managers": ["mia@example.com"]}])"));
  EXPECT_EQ(Canonical(JsonAt(*roster, "roster.0")),
            Canonical(R"({"agent": {"mbox": "mailto:ann@example.com"}, "team": "line-a",
                          "manager": "mia@example.com", "segment": "employees"})"));
  EXPECT_EQ(StringAt(*roster, "roster.5.agent.mbox"), "mailto:gus@example.com");
  EXPECT_TRUE(At(*roster, "roster.5.segment")->IsNull());

  auto team = GetJson(kRosterPath, {{"team", "line-b"}});
  ASSERT_TRUE(team);
  EXPECT_EQ(At(*team, "roster")->Size(), 3u);
  EXPECT_EQ(StringAt(*team, "team.name"), "line-b");
  EXPECT_EQ(IntAt(*team, "team.size"), 3);
  auto mia = GetJson(kRosterPath, {{"manager", "mia@example.com"}});
  ASSERT_TRUE(mia);
  EXPECT_EQ(Canonical(JsonAt(*mia, "team.teams")), Canonical(R"(["line-a", "line-c"])"));
  EXPECT_EQ(IntAt(*mia, "team.size"), 3);

  CommandOutput list = Roster({"list", "--team", "line-a"});
  ASSERT_TRUE(list.status.clean()) << list.err;
  EXPECT_NE(list.out.find("mbox|mailto:bob@example.com"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find("carol"), std::string::npos) << list.out;

  // A second import replaces the roster as a whole.
  ASSERT_TRUE(Roster({"import", WriteFile("small.csv", "mbox,team\nzoe@example.com,solo\n")})
                  .status.clean());
  auto replaced = GetJson(kRosterPath, {});
  ASSERT_TRUE(replaced);
  EXPECT_EQ(At(*replaced, "roster")->Size(), 1u);
  EXPECT_TRUE(IsError(server().Get(kRosterPath, {{"team", "line-a"}}), 404, {"line-a"}));
}

TEST_F(RosterHttp, BadRowsAreNamedByLineAndNothingIsStoredByCliOrHttp) {
  ASSERT_TRUE(HasStatus(PutRoster(kRoster), 200));
  const std::string bad =
      "mbox,team,manager\n"
      "ann@example.com,line-z,\n"
      "bob@example.com,,mia\n"
      "nobody,line-z,\n"
      "ann@example.com,line-y,\n";
  CommandOutput imported = Roster({"import", WriteFile("bad.csv", bad)});
  EXPECT_EQ(imported.status.code, 1) << imported.status.ToString() << ": " << imported.err;
  for (const char* part : {"bad.csv", "3 bad rows, nothing imported", "line 3: team is empty",
                           "line 4: mbox \"nobody\" is not an e-mail address",
                           "line 5: the learner is already on line 2"}) {
    EXPECT_NE(imported.err.find(part), std::string::npos) << part << " in " << imported.err;
  }
  EXPECT_TRUE(
      IsError(PutRoster(bad), 400,
              {"3 bad rows, nothing imported", "line 3: team is empty", "line 4:", "line 5:"}));
  EXPECT_TRUE(IsError(admin().Put(kRosterPath, {}, "{}", "application/json"), 400, {"text/csv"}));
  // The roster imported first is intact.
  auto roster = GetJson(kRosterPath, {});
  ASSERT_TRUE(roster);
  EXPECT_EQ(At(*roster, "roster")->Size(), 6u);
  EXPECT_TRUE(IsError(server().Get(kRosterPath, {{"team", "line-z"}}), 404, {"line-z"}));
}

TEST_F(RosterHttp, RosterNeedsOutcomeScopesAndIsPerStore) {
  ASSERT_TRUE(server().AddCredential("reader", "reader-secret", "outcomes/read"));
  ASSERT_TRUE(server().AddCredential("writer", "writer-secret", "outcomes/write"));
  ASSERT_TRUE(server().AddCredential("xapi", "xapi-secret", "statements/read"));
  ASSERT_TRUE(server().AddCredential("other", "other-secret", "all", "other"));
  XapiClient reader = server().ClientFor("reader", "reader-secret");
  XapiClient writer = server().ClientFor("writer", "writer-secret");
  XapiClient xapi = server().ClientFor("xapi", "xapi-secret");
  XapiClient other = server().ClientFor("other", "other-secret");
  EXPECT_TRUE(IsError(PutRoster(kRoster, &reader), 403, {"outcomes/write"}));
  EXPECT_TRUE(IsError(PutRoster(kRoster, &xapi), 403));
  EXPECT_TRUE(HasStatus(PutRoster(kRoster, &writer), 200));
  EXPECT_TRUE(HasStatus(reader.Get(kRosterPath, {{"team", "line-a"}}), 200));
  EXPECT_TRUE(IsError(xapi.Get(kRosterPath), 403, {"outcomes/read"}));
  EXPECT_TRUE(IsError(server().Anonymous().Get(kRosterPath), 401));
  // Another store has no roster, and no team line-a.
  auto mine = other.Get(kRosterPath);
  ASSERT_TRUE(HasStatus(mine, 200));
  EXPECT_EQ(JsonAt(*ParseJson(mine.body), "roster"), "[]");
  EXPECT_TRUE(IsError(other.Get(kRosterPath, {{"team", "line-a"}}), 404));
  HttpRequestSpec remove;
  remove.method = "DELETE";
  remove.target = kRosterPath;
  EXPECT_TRUE(IsError(admin().Send(remove), 405));
  // "roster" cannot be an outcome's id: PUT /outcomes/roster is the roster, and a declaration
  // of that id is refused elsewhere too.
  const std::string file = WriteFile("roster.json", Declaration("roster", kCoursesRule));
  CommandOutput applied = server().Command({"outcomes", "apply", file});
  EXPECT_EQ(applied.status.code, 1) << applied.err;
  EXPECT_NE(applied.err.find("\"roster\" is reserved"), std::string::npos) << applied.err;
  EXPECT_TRUE(
      IsError(server().Put("roster", Declaration("roster", kCoursesRule)), 400, {"reserved"}));
}

// ---- The team view ----------------------------------------------------------------------------

TEST_F(RosterHttp, DashboardCountsOnlyTheTeamsLearners) {
  MakeFixture();
  auto all = Dashboard({});
  ASSERT_TRUE(all);
  EXPECT_EQ(At(*all, "team"), nullptr);
  EXPECT_EQ(IntAt(*all, "consumer.totals.active_learners"), 6);
  EXPECT_EQ(IntAt(*all, "consumer.totals.tagged_statements"), 8);
  EXPECT_EQ(IntAt(*all, "consumer.totals.completions"), 3);
  ExpectFigure(*all, "consumer.totals.adoption_rate", 0.06, 6);

  auto a = Dashboard({{"team", "line-a"}});
  ASSERT_TRUE(a);
  EXPECT_EQ(StringAt(*a, "team.name"), "line-a");
  EXPECT_EQ(IntAt(*a, "team.size"), 2);
  EXPECT_EQ(Canonical(JsonAt(*a, "team.managers")), Canonical(R"(["mia@example.com"])"));
  EXPECT_EQ(IntAt(*a, "consumer.audience.size"), 2);
  EXPECT_EQ(IntAt(*a, "consumer.totals.tagged_statements"), 3);
  EXPECT_EQ(IntAt(*a, "consumer.totals.active_learners"), 2);
  EXPECT_EQ(IntAt(*a, "consumer.totals.completions"), 1);
  ExpectFigure(*a, "consumer.totals.adoption_rate", 1.0, 2);
  ExpectFigure(*a, "consumer.totals.completion_rate", 0.5, 2);
  ExpectFigure(*a, "consumer.totals.application_frequency", 1.5, 2);
  ExpectFigure(*a, "consumer.totals.mean_scaled_score", 0.75, 2);
  ExpectFigure(*a, "consumer.totals.median_time_to_proficiency_days", 1.0, 1);
  EXPECT_EQ(IntAt(*a, "consumer.series.0.tagged_statements"), 3);
  EXPECT_EQ(IntAt(*a, "consumer.series.0.active_learners"), 2);
  // The link: ann (4) completed, bob (8) did not; frank and carol are in no / another team.
  EXPECT_EQ(StringAt(*a, "link.basis"), "per_learner");
  EXPECT_EQ(NumberAt(*a, "link.completers_vs_non_completers.completers.mean_kpi"), 4);
  EXPECT_EQ(IntAt(*a, "link.completers_vs_non_completers.completers.n"), 1);
  EXPECT_EQ(NumberAt(*a, "link.completers_vs_non_completers.non_completers.mean_kpi"), 8);
  EXPECT_EQ(NumberAt(*a, "link.completers_vs_non_completers.difference"), -4);
  EXPECT_EQ(IntAt(*a, "link.correlations.0.n"), 2);
  // The customer figures are the whole outcome's, as without a team.
  EXPECT_EQ(JsonAt(*a, "customer"), JsonAt(*all, "customer"));
  EXPECT_NE(StringAt(*a, "team.note").find("customer figures are the whole outcome's"),
            std::string::npos);
  EXPECT_EQ(StringAt(*a, "trace.learners"),
            "/outcomes/quality/learners?from=2026-03-02&to=2026-03-08&team=line-a");

  auto b = Dashboard({{"team", "line-b"}});
  ASSERT_TRUE(b);
  EXPECT_EQ(IntAt(*b, "consumer.audience.size"), 3);
  EXPECT_EQ(IntAt(*b, "consumer.totals.tagged_statements"), 3);
  EXPECT_EQ(IntAt(*b, "consumer.totals.active_learners"), 2);
  ExpectFigure(*b, "consumer.totals.adoption_rate", 2.0 / 3.0, 2);
  ExpectFigure(*b, "consumer.totals.completion_rate", 0.5, 2);
  ExpectFigure(*b, "consumer.totals.mean_scaled_score", 0.5, 2);
  ExpectFigure(*b, "consumer.totals.median_time_to_proficiency_days", 3.0, 1);
  EXPECT_EQ(IntAt(*b, "link.completers_vs_non_completers.completers.n"), 1);
  EXPECT_EQ(IntAt(*b, "link.completers_vs_non_completers.non_completers.n"), 0);

  // A manager's teams: line-a and line-c.
  auto mia = Dashboard({{"manager", "mia@example.com"}});
  ASSERT_TRUE(mia);
  EXPECT_EQ(Canonical(JsonAt(*mia, "team.teams")), Canonical(R"(["line-a", "line-c"])"));
  EXPECT_EQ(IntAt(*mia, "consumer.audience.size"), 3);
  EXPECT_EQ(IntAt(*mia, "consumer.totals.active_learners"), 3);
  EXPECT_EQ(IntAt(*mia, "consumer.totals.tagged_statements"), 4);
  EXPECT_EQ(IntAt(*mia, "consumer.totals.completions"), 1);
}

TEST_F(RosterHttp, ListingsAndHeadlinesOfATeam) {
  MakeFixture();
  // The statements of line-a's learners only, newest first.
  std::vector<std::string> a_ids = ids_["ann"];
  a_ids.insert(a_ids.end(), ids_["bob"].begin(), ids_["bob"].end());
  EXPECT_EQ(Sorted(server().TaggedIds(kOutcome, {{"team", "line-a"}})), Sorted(a_ids));
  // Paging keeps the team.
  EXPECT_EQ(Sorted(server().TaggedIds(kOutcome, {{"team", "line-a"}, {"limit", "1"}})),
            Sorted(a_ids));
  EXPECT_EQ(server().TaggedIds(kOutcome).size(), 8u);
  EXPECT_EQ(server().TaggedIds(kOutcome, {{"manager", "mia@example.com"}}).size(), 4u);

  // The learners of line-b with a tagged statement (erin has none).
  auto learners = GetJson(OutcomePath(kOutcome) + "/learners",
                          {{"from", "2026-03-02"}, {"to", "2026-03-08"}, {"team", "line-b"}});
  ASSERT_TRUE(learners);
  ASSERT_EQ(At(*learners, "learners")->Size(), 2u) << json::Write(*learners);
  EXPECT_EQ(StringAt(*learners, "learners.0.agent.mbox"), "mailto:carol@example.com");
  EXPECT_TRUE(At(*learners, "learners.0.completed_in_range")->GetBool());
  EXPECT_EQ(NumberAt(*learners, "learners.0.kpi_in_range.mean"), 6);
  EXPECT_EQ(StringAt(*learners, "learners.1.agent.mbox"), "mailto:dave@example.com");
  EXPECT_EQ(IntAt(*learners, "team.size"), 3);
  auto page =
      GetJson(OutcomePath(kOutcome) + "/learners",
              {{"from", "2026-03-02"}, {"to", "2026-03-08"}, {"team", "line-b"}, {"limit", "1"}});
  ASSERT_TRUE(page);
  EXPECT_EQ(At(*page, "learners")->Size(), 1u);
  EXPECT_NE(StringAt(*page, "more").find("&team=line-b"), std::string::npos);

  // The KPI of line-a: its learners' and its own observations, not the whole audience's.
  auto kpi = GetJson(OutcomePath(kOutcome) + "/kpi", {{"team", "line-a"}});
  ASSERT_TRUE(kpi);
  EXPECT_EQ(Canonical(JsonAt(*kpi, "observations")), Canonical(R"([
    {"date": "2026-03-06", "value": 4, "agent": {"mbox": "mailto:ann@example.com"}},
    {"date": "2026-03-06", "value": 8, "agent": {"mbox": "mailto:bob@example.com"}},
    {"date": "2026-03-07", "value": 5, "team": "line-a"}])"));

  // Headlines, all time: line-a has 2 learners of 2, 1 completed.
  auto headlines = GetJson(kOutcomes, {{"team", "line-a"}});
  ASSERT_TRUE(headlines);
  EXPECT_EQ(StringAt(*headlines, "team.name"), "line-a");
  EXPECT_EQ(IntAt(*headlines, "outcomes.0.headline.consumer.learners"), 2);
  EXPECT_EQ(IntAt(*headlines, "outcomes.0.headline.consumer.completions"), 1);
  ExpectFigure(*headlines, "outcomes.0.headline.consumer.adoption_rate", 1.0, 2);
  ExpectFigure(*headlines, "outcomes.0.headline.consumer.completion_rate", 0.5, 2);
  auto everyone = GetJson(kOutcomes, {});
  ASSERT_TRUE(everyone);
  EXPECT_EQ(IntAt(*everyone, "outcomes.0.headline.consumer.learners"), 6);
}

TEST_F(RosterHttp, UnknownTeamsAreNotFoundEverywhere) {
  MakeFixture();
  const std::string base = OutcomePath(kOutcome);
  for (const std::string& target : {std::string(kOutcomes), base + "/dashboard", base + "/learners",
                                    base + "/statements", base + "/kpi"}) {
    EXPECT_TRUE(IsError(server().Get(target, {{"team", "line-z"}}), 404,
                        {"no team \"line-z\" in the roster"}))
        << target;
    EXPECT_TRUE(IsError(server().Get(target, {{"manager", "nobody"}}), 404, {"nobody"})) << target;
    EXPECT_TRUE(IsError(server().Get(target, {{"team", "line-a"}, {"manager", "mia"}}), 400,
                        {"cannot be combined"}))
        << target;
  }
  ASSERT_TRUE(server().AddCredential("reader", "reader-secret", "outcomes/read"));
  XapiClient reader = server().ClientFor("reader", "reader-secret");
  EXPECT_TRUE(HasStatus(reader.Get(base + "/dashboard", {{"team", "line-a"}}), 200));
}

}  // namespace
}  // namespace outcomes::http_test
