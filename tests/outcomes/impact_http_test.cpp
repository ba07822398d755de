// GET /outcomes/{id}/impact and /outcomes/{id}/export/impact on a real outcome-lrs: the numbers
// over HTTP are EstimateImpact's on the same panel built here (statements and KPI observations
// sent as an LMS and a CRM would), every parameter is accepted or refused naming itself, every
// "not enough data" reason is an answer with its words, per-team and whole-audience KPIs, team
// views and signed links, and the export's rows are the answer's figures. Every answer is
// checked against schemas/impact.schema.json.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>

#include "plugin/model/schema_check.h"
#include "tests/outcomes/impact_http_data.h"
#include "tests/outcomes/impact_simulation.h"

namespace outcomes::http_test {
namespace {

constexpr char kPrefix[] = "https://lms.example.com/handling/";

std::string ReadSource(const std::string& relative) {
  std::ifstream in(std::string(OUTCOME_LRS_SOURCE_DIR) + "/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const SchemaCheck& ImpactSchema() {
  static const SchemaCheck check(ReadSource("schemas/impact.schema.json"));
  return check;
}

// The panel most tests send: 150 learners over 8 months from January 2025, 60 % completing in
// March, April or May, two observations a month each, an effect of -2 from completion.
ImpactPanel TestPanel(uint64_t seed = 7, double effect = -2.0) {
  Simulation s;
  s.units = 150;
  s.periods = 8;
  s.completer_share = 0.6;
  s.first_completion = 2;
  s.last_completion = 4;
  s.effect = effect;
  s.observations_per_period = 2;
  return Simulate(s, seed);
}

const std::vector<std::string>& Months() {
  static const std::vector<std::string> months = {"2025-01-01", "2025-02-01", "2025-03-01",
                                                  "2025-04-01", "2025-05-01", "2025-06-01",
                                                  "2025-07-01", "2025-08-01"};
  return months;
}

// What the server should compute for `panel`: the estimator's options for the test
// declaration's words and `overrides`.
ImpactOptions ExpectedOptions() {
  ImpactOptions o;
  o.window_last_event_time = 2;  // 90 days of months
  o.window_days = 90;
  o.baseline = 20;
  o.direction = KpiDirection::kDecrease;
  o.words.kpi = "average handling time";
  o.words.kpi_unit = "minutes";
  o.words.population = "employees";
  return o;
}

bool Near(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b));
}

// Success when the JSON number at `path` of `doc` is `expected` (within 1e-9 relative), or null
// when `expected` is absent.
::testing::AssertionResult NumberIs(const json::Value& doc, const std::string& path,
                                    std::optional<double> expected) {
  const json::Value* v = At(doc, path);
  if (v == nullptr) return ::testing::AssertionFailure() << path << " is missing";
  if (!expected) {
    if (v->IsNull()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << path << " is " << json::Write(*v) << ", not null";
  }
  if (!v->IsNumber() || !Near(v->GetDouble(), *expected)) {
    return ::testing::AssertionFailure()
           << path << " is " << json::Write(*v) << ", expected " << *expected;
  }
  return ::testing::AssertionSuccess();
}

void ExpectEstimate(const json::Value& doc, const std::string& path, const ImpactEstimate& e) {
  EXPECT_TRUE(NumberIs(doc, path + ".att", e.att));
  EXPECT_TRUE(NumberIs(doc, path + ".se", e.se));
  EXPECT_TRUE(NumberIs(doc, path + ".ci_low", e.ci_low));
  EXPECT_TRUE(NumberIs(doc, path + ".ci_high", e.ci_high));
  EXPECT_TRUE(NumberIs(doc, path + ".bootstrap_se", e.bootstrap_se));
}

// Every figure of `r` (EstimateImpact's) is in the answer `doc`, periods named by their first
// day.
void ExpectSameAsEstimator(const json::Value& doc, const ImpactResult& r) {
  const auto& periods = r.periods;
  ASSERT_EQ(JsonAt(doc, "periods").size() > 2, true);
  EXPECT_EQ(IntAt(doc, "counts.in_panel"), r.n_units);
  EXPECT_EQ(IntAt(doc, "counts.left_out"), r.dropped_units);
  ASSERT_EQ(At(doc, "groups")->Size(), r.groups.size());
  for (size_t k = 0; k < r.groups.size(); ++k) {
    const std::string g = "groups." + std::to_string(k);
    EXPECT_EQ(StringAt(doc, g + ".group"), periods[static_cast<size_t>(r.groups[k].group)]);
    EXPECT_EQ(IntAt(doc, g + ".units"), r.groups[k].units);
  }
  ASSERT_EQ(At(doc, "att_gt")->Size(), r.att_gt.size());
  for (size_t k = 0; k < r.att_gt.size(); ++k) {
    const AttGtCell& c = r.att_gt[k];
    const std::string p = "att_gt." + std::to_string(k);
    EXPECT_EQ(StringAt(doc, p + ".group"), periods[static_cast<size_t>(c.group)]) << p;
    EXPECT_EQ(StringAt(doc, p + ".time"), periods[static_cast<size_t>(c.time)]) << p;
    EXPECT_EQ(StringAt(doc, p + ".base"), periods[static_cast<size_t>(c.base)]) << p;
    EXPECT_EQ(IntAt(doc, p + ".e"), c.time - c.group) << p;
    EXPECT_EQ(StringAt(doc, p + ".status"), CellStatusName(c.status)) << p;
    EXPECT_TRUE(NumberIs(doc, p + ".att", c.att));
    EXPECT_TRUE(NumberIs(doc, p + ".se", c.se));
    EXPECT_EQ(IntAt(doc, p + ".n_treated"), c.n_treated) << p;
    EXPECT_EQ(IntAt(doc, p + ".n_control"), c.n_control) << p;
  }
  ASSERT_EQ(At(doc, "event_study")->Size(), r.event_study.size());
  for (size_t k = 0; k < r.event_study.size(); ++k) {
    const EventStudyPoint& e = r.event_study[k];
    const std::string p = "event_study." + std::to_string(k);
    EXPECT_EQ(IntAt(doc, p + ".e"), e.e);
    EXPECT_TRUE(NumberIs(doc, p + ".att", e.estimate.att));
    if (!e.reference) {
      EXPECT_TRUE(NumberIs(doc, p + ".se", e.estimate.se));
      EXPECT_TRUE(NumberIs(doc, p + ".ci_low", e.estimate.ci_low));
      EXPECT_TRUE(NumberIs(doc, p + ".ci_high", e.estimate.ci_high));
    }
    EXPECT_TRUE(NumberIs(doc, p + ".band_low", e.band_low));
    EXPECT_TRUE(NumberIs(doc, p + ".band_high", e.band_high));
    EXPECT_TRUE(NumberIs(doc, p + ".bootstrap_se", e.estimate.bootstrap_se));
    EXPECT_EQ(IntAt(doc, p + ".n_treated"), e.n_treated) << p;
    EXPECT_EQ(IntAt(doc, p + ".n_control"), e.n_control) << p;
    EXPECT_EQ(IntAt(doc, p + ".groups"), e.groups) << p;
  }
  EXPECT_TRUE(NumberIs(doc, "band_critical_value", r.band_critical_value));
  if (r.overall) {
    ExpectEstimate(doc, "overall", *r.overall);
  } else {
    EXPECT_EQ(JsonAt(doc, "overall"), "null");
  }
  if (r.window) {
    ExpectEstimate(doc, "window", r.window->estimate);
    EXPECT_EQ(IntAt(doc, "window.n_treated"), r.window->n_treated);
    EXPECT_EQ(IntAt(doc, "window.n_control"), r.window->n_control);
    EXPECT_TRUE(NumberIs(doc, "window.percent_of_baseline", r.window->percent_of_baseline));
    EXPECT_EQ(StringAt(doc, "window.sentence"), r.window->sentence);
    EXPECT_EQ(StringAt(doc, "headline"), r.window->sentence);
    EXPECT_EQ(At(doc, "window.event_times")->Size(), r.window->event_times.size());
    EXPECT_EQ(At(doc, "window.groups")->Size(), r.window->groups.size());
  } else {
    EXPECT_EQ(JsonAt(doc, "window"), "null");
  }
  if (r.pretrend) {
    EXPECT_TRUE(NumberIs(doc, "pretrend.chi2", r.pretrend->chi2));
    EXPECT_EQ(IntAt(doc, "pretrend.df"), r.pretrend->df);
    EXPECT_TRUE(NumberIs(doc, "pretrend.p", r.pretrend->p));
    EXPECT_EQ(StringAt(doc, "pretrend.sentence"), r.pretrend->sentence);
  } else {
    EXPECT_EQ(JsonAt(doc, "pretrend"), "null");
  }
  if (r.not_enough_data) {
    EXPECT_EQ(StringAt(doc, "not_enough_data.reason"),
              NotEnoughDataReasonName(r.not_enough_data->reason));
    EXPECT_EQ(StringAt(doc, "not_enough_data.message"), r.not_enough_data->message);
  } else {
    EXPECT_EQ(JsonAt(doc, "not_enough_data"), "null");
  }
}

// `panel` with its periods named as the server names them (it numbers units by their first
// observation's subject, which for these learners is their index: the same order).
ImpactPanel Named(ImpactPanel panel) {
  panel.periods = Months();
  return panel;
}

// Only the units `keep` says, renumbered in order.
ImpactPanel Subpanel(const ImpactPanel& panel, const std::function<bool(size_t)>& keep) {
  ImpactPanel out;
  out.periods = panel.periods;
  std::vector<int64_t> index(panel.units.size(), -1);
  for (size_t i = 0; i < panel.units.size(); ++i) {
    if (!keep(i)) continue;
    index[i] = static_cast<int64_t>(out.units.size());
    out.units.push_back(panel.units[i]);
  }
  for (const ImpactObservation& o : panel.observations)
    if (index[o.unit] >= 0)
      out.observations.push_back({static_cast<size_t>(index[o.unit]), o.period, o.value});
  return out;
}

class ImpactHttp : public OutcomeHttpTest {
 protected:
  // GET /outcomes/ID/impact (by `client`, admin() when null), expecting 200 and an answer that
  // follows schemas/impact.schema.json.
  std::unique_ptr<json::Document> Impact(const std::string& id, const ParamList& params = {},
                                         const XapiClient* client = nullptr) {
    HttpResult r = server().Get(OutcomePath(id) + "/impact", params, client);
    EXPECT_TRUE(HasStatus(r, 200)) << id;
    auto doc = ParseJson(r.body);
    if (!doc) return std::make_unique<json::Document>();
    const lrs::Status valid = ImpactSchema().Check(*doc, "impact");
    EXPECT_TRUE(valid.ok()) << (valid.ok() ? "" : valid.error().message()) << "\n" << r.body;
    EXPECT_EQ(StringAt(*doc, "outcome"), id);
    return doc;
  }

  // Declares `p` and sends `panel` with it.
  void Send(const PanelOverHttp& p, const ImpactPanel& panel) {
    ASSERT_TRUE(DeclarePanel(server(), p));
    ASSERT_TRUE(SendPanel(server(), p, panel));
    ASSERT_TRUE(server().WaitUntilTagged(p.outcome));
  }

  static PanelOverHttp Handling() {
    PanelOverHttp p;
    p.outcome = "handling";
    p.activity_prefix = kPrefix;
    return p;
  }

  // A roster of the panel's learners: unit i in team "team-(i % teams)", teams of even index
  // managed by mia, the others by max.
  void PutRoster(const PanelOverHttp& p, size_t units, size_t teams) {
    std::string csv = "mbox,team,manager\n";
    for (size_t i = 0; i < units; ++i) {
      csv += PanelLearner(p, i) + "@example.com,team-" + std::to_string(i % teams) + "," +
             (i % teams % 2 == 0 ? "mia" : "max") + "\n";
    }
    ASSERT_TRUE(HasStatus(admin().Put("/outcomes/roster", {}, csv, "text/csv"), 200));
  }

  // POST /outcomes/embed for `body`: the token.
  std::string Issue(const std::string& body) {
    HttpResult r = admin().Post("/outcomes/embed", body);
    EXPECT_TRUE(HasStatus(r, 201));
    auto doc = ParseJson(r.body);
    return doc ? StringAt(*doc, "token") : "";
  }

  HttpResult WithToken(const std::string& token, const std::string& target) {
    HttpRequestSpec request;
    request.target = target;
    request.omit = {"Authorization", "X-Experience-API-Version"};
    request.headers = {{"Authorization", "Bearer " + token}};
    return server().Anonymous().Send(request);
  }
};

TEST_F(ImpactHttp, NumbersOverHttpAreTheEstimatorsOnTheSamePanel) {
  const ImpactPanel panel = TestPanel();
  const PanelOverHttp p = Handling();
  Send(p, panel);
  PutRoster(p, panel.units.size(), 20);  // team-(i % 20): the simulation's clusters

  struct Case {
    ParamList params;
    std::function<void(ImpactOptions*)> options;
  };
  const std::vector<Case> cases = {
      {{}, [](ImpactOptions*) {}},
      {{{"window", "90d"}, {"bootstrap", "999"}}, [](ImpactOptions*) {}},
      {{{"control", "never"}, {"base", "universal"}, {"anticipation", "1"}, {"bootstrap", "0"}},
       [](ImpactOptions* o) {
         o->control = ImpactControl::kNever;
         o->base = ImpactBase::kUniversal;
         o->anticipation = 1;
         o->bootstrap = 0;
       }},
      {{{"window", "none"}, {"min_units", "30"}},
       [](ImpactOptions* o) {
         o->window_last_event_time.reset();
         o->window_days = 0;
         o->min_units = 30;
       }},
      {{{"window", "60d"}, {"cluster", "team"}, {"bootstrap", "199"}},
       [](ImpactOptions* o) {
         o->window_last_event_time = 1;
         o->window_days = 60;
         o->cluster = true;
         o->bootstrap = 199;
       }},
  };
  for (size_t k = 0; k < cases.size(); ++k) {
    const Case& c = cases[k];
    SCOPED_TRACE("case " + std::to_string(k));
    ImpactOptions o = ExpectedOptions();
    c.options(&o);
    const auto expected = EstimateImpact(Named(panel), o);
    ASSERT_TRUE(expected.ok());
    auto doc = Impact(p.outcome, c.params);
    EXPECT_EQ(StringAt(*doc, "method"), "callaway_santanna_2021");
    EXPECT_EQ(StringAt(*doc, "unit"), "learner");
    EXPECT_EQ(StringAt(*doc, "evidence"), "comparison_group");
    EXPECT_EQ(JsonAt(*doc, "periods"),
              R"(["2025-01-01","2025-02-01","2025-03-01","2025-04-01","2025-05-01",)"
              R"("2025-06-01","2025-07-01","2025-08-01"])");
    EXPECT_EQ(IntAt(*doc, "counts.units"), static_cast<int64_t>(panel.units.size()));
    EXPECT_EQ(IntAt(*doc, "counts.observations"), static_cast<int64_t>(panel.observations.size()));
    ExpectSameAsEstimator(*doc, expected.value());
  }
  // The headline of the default answer, in the declaration's words.
  auto doc = Impact(p.outcome);
  EXPECT_EQ(StringAt(*doc, "headline").rfind("completers' average handling time fell ", 0), 0u)
      << StringAt(*doc, "headline");
  EXPECT_NE(StringAt(*doc, "headline").find("within 90 days of completing; 95 % CI"),
            std::string::npos);
  EXPECT_NE(StringAt(*doc, "headline").find(" comparison employees"), std::string::npos);
  EXPECT_EQ(StringAt(*doc, "kpi.name"), "Average handling time");
  EXPECT_EQ(StringAt(*doc, "kpi.direction"), "decrease");
  EXPECT_EQ(IntAt(*doc, "seed"), static_cast<int64_t>(kDefaultImpactSeed));
  // HEAD answers like GET, without a body.
  HttpResult head = admin().Head(OutcomePath(p.outcome) + "/impact");
  EXPECT_TRUE(HasStatus(head, 200));
  EXPECT_TRUE(head.body.empty());
}

TEST_F(ImpactHttp, EveryParameterIsAcceptedAndSaysSo) {
  const ImpactPanel panel = TestPanel(11);
  const PanelOverHttp p = Handling();
  Send(p, panel);
  PutRoster(p, panel.units.size(), 4);
  auto echo = [&](const ParamList& params, const std::string& path, const std::string& value) {
    auto doc = Impact(p.outcome, params);
    EXPECT_EQ(JsonAt(*doc, path), value) << params.front().first << "=" << params.front().second;
  };
  echo({{"period", "week"}}, "period", R"("week")");
  echo({{"period", "quarter"}}, "period", R"("quarter")");
  echo({{"period", "month"}}, "period", R"("month")");
  echo({{"control", "never"}}, "control", R"("never")");
  echo({{"control", "not_yet"}}, "control", R"("not_yet")");
  echo({{"base", "universal"}}, "base", R"("universal")");
  echo({{"base", "varying"}}, "base", R"("varying")");
  echo({{"anticipation", "2"}}, "anticipation", "2");
  echo({{"window", "120d"}}, "window_asked", R"({"days":120,"last_event_time":3})");
  echo({{"window", "none"}}, "window_asked", R"({"days":null,"last_event_time":null})");
  echo({{"min_units", "5"}}, "min_units", "5");
  echo({{"bootstrap", "0"}}, "band_critical_value", "null");
  echo({{"bootstrap", "25"}}, "bootstrap", "25");
  echo({{"cluster", "team"}}, "cluster", R"("team")");
  echo({{"cluster", "none"}}, "cluster", R"("none")");
  echo({{"team_share", "0.75"}}, "team_share", "null");  // learner units: not used
  echo({{"launch", "2025-03-01"}}, "unit", R"("learner")");
  echo({{"from", "2025-02-01"}, {"to", "2025-07-31"}}, "range",
       R"({"from":"2025-02-01","to":"2025-07-31"})");
  echo({{"from", "2025-02-01"}}, "periods.0", R"("2025-02-01")");
  echo({{"team", "team-1"}}, "team.name", R"("team-1")");
  echo({{"manager", "mia"}}, "team.teams", R"(["team-0","team-2"])");
  // The range restricts the periods, and so the cells.
  auto narrow = Impact(p.outcome, {{"from", "2025-02-10"}, {"to", "2025-06-20"}});
  EXPECT_EQ(At(*narrow, "periods")->Size(), 5u);
  // A quarter's 90 days is its first quarter only; a week's, 13 weeks.
  EXPECT_EQ(JsonAt(*Impact(p.outcome, {{"period", "quarter"}}), "window_asked.last_event_time"),
            "0");
  EXPECT_EQ(JsonAt(*Impact(p.outcome, {{"period", "week"}}), "window_asked.last_event_time"), "12");
}

TEST_F(ImpactHttp, BadParametersAreRefusedNamingThem) {
  const PanelOverHttp p = Handling();
  Send(p, TestPanel(3));
  const std::vector<std::pair<ParamList, std::string>> bad = {
      {{{"period", "day"}}, "period"},
      {{{"period", ""}}, "period"},
      {{{"control", "nobody"}}, "control"},
      {{{"base", "fixed"}}, "base"},
      {{{"anticipation", "-1"}}, "anticipation"},
      {{{"anticipation", "53"}}, "anticipation"},
      {{{"anticipation", "x"}}, "anticipation"},
      {{{"window", "90"}}, "window"},
      {{{"window", "0d"}}, "window"},
      {{{"window", "3661d"}}, "window"},
      {{{"window", "3m"}}, "window"},
      {{{"min_units", "0"}}, "min_units"},
      {{{"min_units", "1.5"}}, "min_units"},
      {{{"bootstrap", "10000"}}, "bootstrap"},
      {{{"bootstrap", "-5"}}, "bootstrap"},
      {{{"cluster", "learner"}}, "cluster"},
      {{{"team_share", "0"}}, "team_share"},
      {{{"team_share", "1.5"}}, "team_share"},
      {{{"team_share", "half"}}, "team_share"},
      {{{"team_share", "nan"}}, "team_share"},
      {{{"launch", "2025-02-30"}}, "launch"},
      {{{"from", "yesterday"}}, "from"},
      {{{"to", "2025-13-01"}}, "to"},
      {{{"from", "2025-06-01"}, {"to", "2025-05-01"}}, "is after to"},
      {{{"team", ""}}, "team"},
      {{{"team", "a"}, {"manager", "b"}}, "team and manager"},
      {{{"seed", "1"}}, "unknown parameter \"seed\""},
      {{{"bucket", "week"}}, "unknown parameter \"bucket\""},
      {{{"period", "week"}, {"from", "2015-01-01"}}, "more than 260 weeks"},
  };
  for (const auto& [params, fragment] : bad) {
    const std::string what = params.front().first + "=" + params.front().second;
    EXPECT_TRUE(IsError(server().Get(OutcomePath(p.outcome) + "/impact", params), 400, {fragment}))
        << what;
    EXPECT_TRUE(
        IsError(server().Get(OutcomePath(p.outcome) + "/export/impact", params), 400, {fragment}))
        << what;
  }
  EXPECT_TRUE(IsError(server().Get(OutcomePath("nothing") + "/impact"), 404, {"nothing"}));
  EXPECT_TRUE(IsError(server().Get(OutcomePath(p.outcome) + "/impact", {{"team", "nowhere"}}), 404,
                      {"nowhere"}));
  EXPECT_TRUE(IsError(server().Get(OutcomePath(p.outcome) + "/export/impact", {{"format", "xls"}}),
                      400, {"format"}));
  HttpRequestSpec post;
  post.method = "POST";
  post.target = OutcomePath(p.outcome) + "/impact";
  post.body = "{}";
  EXPECT_TRUE(IsError(admin().Send(post), 405, {"GET"}));
}

TEST_F(ImpactHttp, NotEnoughDataIsAnAnswerWithItsReason) {
  // Checks one answer: its reason, its words as the headline, and no window nor overall.
  auto expect_reason = [&](const std::string& id, const ParamList& params,
                           const std::string& reason, const std::string& words) {
    auto doc = Impact(id, params);
    EXPECT_EQ(StringAt(*doc, "not_enough_data.reason"), reason) << id << ": " << json::Write(*doc);
    const std::string message = StringAt(*doc, "not_enough_data.message");
    EXPECT_EQ(message.rfind("not enough data: ", 0), 0u) << message;
    EXPECT_NE(message.find(words), std::string::npos) << message;
    EXPECT_EQ(StringAt(*doc, "headline"), message);
    EXPECT_EQ(JsonAt(*doc, "window"), "null");
    EXPECT_EQ(JsonAt(*doc, "overall"), "null");
    return doc;
  };

  // Declared, no KPI yet.
  PanelOverHttp empty = Handling();
  empty.outcome = "empty";
  empty.activity_prefix = "https://lms.example.com/empty/";
  ASSERT_TRUE(DeclarePanel(server(), empty));
  auto none = expect_reason("empty", {}, "no_kpi_data", "no KPI observations");
  EXPECT_EQ(JsonAt(*none, "unit"), "null");
  EXPECT_EQ(JsonAt(*none, "method"), "null");
  expect_reason("empty", {{"from", "2025-01-01"}}, "no_kpi_data", "from 2025-01-01 to the end");

  // One month of data only.
  {
    ImpactPanel panel = TestPanel(5);
    panel.observations.erase(
        std::remove_if(panel.observations.begin(), panel.observations.end(),
                       [](const ImpactObservation& o) { return o.period != 3; }),
        panel.observations.end());
    PanelOverHttp p = Handling();
    p.outcome = "one-month";
    p.activity_prefix = "https://lms.example.com/one-month/";
    Send(p, panel);
    expect_reason(p.outcome, {}, "fewer_than_two_periods", "fewer than two periods");
  }
  // Nobody completed.
  {
    ImpactPanel panel = TestPanel(6);
    for (ImpactUnit& u : panel.units)
      u.group.reset();
    PanelOverHttp p = Handling();
    p.outcome = "nobody";
    p.activity_prefix = "https://lms.example.com/nobody/";
    Send(p, panel);
    expect_reason(p.outcome, {}, "no_completers", "has completed yet");
  }
  // Everybody who completed did so in the first month.
  {
    ImpactPanel panel = TestPanel(8);
    for (ImpactUnit& u : panel.units)
      if (u.group) u.group = 0;
    PanelOverHttp p = Handling();
    p.outcome = "all-at-once";
    p.activity_prefix = "https://lms.example.com/all-at-once/";
    Send(p, panel);
    expect_reason(p.outcome, {}, "no_pre_period", "no before");
    // ... or before the range asked for: left out and counted.
    auto doc = expect_reason(p.outcome, {{"from", "2025-02-01"}}, "no_pre_period", "no before");
    EXPECT_GT(IntAt(*doc, "counts.completed_before_range"), 0);
    EXPECT_GT(At(*doc, "notes")->Size(), 0u);
  }
  // Too few units for every cell, and a window not followed for long enough yet.
  {
    const PanelOverHttp p = Handling();
    Send(p, TestPanel(9));
    expect_reason(p.outcome, {{"min_units", "1000"}}, "too_few_units", "fewer than 1000");
    expect_reason(p.outcome, {{"window", "365d"}}, "window_not_observed", "whole 365 days");
    // With no window, the overall effect is the answer (and there is no headline).
    auto doc = Impact(p.outcome, {{"window", "none"}});
    EXPECT_EQ(JsonAt(*doc, "not_enough_data"), "null");
    EXPECT_EQ(JsonAt(*doc, "headline"), "null");
    EXPECT_TRUE(At(*doc, "overall.att")->IsNumber());
  }
}

TEST_F(ImpactHttp, TeamKpisMakeTeamUnitsGroupedByTheirShareOfCompleters) {
  // 24 teams of 5 learners: team k's members complete in month 2 + k % 4 (k % 4 == 3: never), all
  // at once except that in teams k % 6 == 0 only two of five complete (below half: never).
  PanelOverHttp p = Handling();
  p.outcome = "team-errors";
  p.activity_prefix = "https://lms.example.com/team-errors/";
  ASSERT_TRUE(DeclarePanel(server(), p));
  ImpactPanel learners;
  std::string roster = "mbox,team\n";
  std::string kpi = "date,team,value\n";
  NormalDraws draw(99);
  for (int k = 0; k < 24; ++k) {
    const std::string team = "t" + std::to_string(k);
    for (int m = 0; m < 5; ++m) {
      const size_t unit = learners.units.size();
      ImpactUnit u;
      if (k % 4 != 3 && (k % 6 != 0 || m < 2)) u.group = 2 + k % 4;
      learners.units.push_back(u);
      roster += PanelLearner(p, unit) + "@example.com," + team + "\n";
    }
    for (int t = 0; t < 8; ++t) {
      const bool treated = k % 4 != 3 && k % 6 != 0 && t >= 2 + k % 4;
      kpi += PanelDate(p, t, 28) + "," + team + "," +
             std::to_string(30 + k % 5 + draw.Normal() - (treated ? 3.0 : 0.0)) + "\n";
    }
  }
  learners.periods = Months();
  ASSERT_TRUE(SendPanel(server(), p, learners));  // the statements (no learner observations)
  ASSERT_TRUE(server().WaitUntilTagged(p.outcome));
  // One team has observations but is not in the roster.
  kpi += "2025-03-28,ghost-team,40\n";
  ASSERT_TRUE(HasStatus(admin().Put("/outcomes/roster", {}, roster, "text/csv"), 200));
  ASSERT_TRUE(HasStatus(admin().Post(OutcomePath(p.outcome) + "/kpi", kpi, "text/csv"), 200));

  auto doc = Impact(p.outcome, {{"min_units", "2"}});
  EXPECT_EQ(StringAt(*doc, "unit"), "team");
  EXPECT_EQ(StringAt(*doc, "population"), "teams");
  EXPECT_EQ(JsonAt(*doc, "team_share"), "0.5");
  EXPECT_EQ(IntAt(*doc, "counts.units"), 24);
  EXPECT_EQ(IntAt(*doc, "counts.teams_not_in_roster"), 1);
  // Teams k % 4 == 3 never complete; of the others, those with k % 6 == 0 (k = 0, 6, 12, 18)
  // have two of five: never at half.
  EXPECT_EQ(IntAt(*doc, "counts.never_completed"), 6 + 4);
  EXPECT_EQ(JsonAt(*doc, "groups"),
            R"([{"group":"2025-03-01","units":4},{"group":"2025-04-01","units":6},)"
            R"({"group":"2025-05-01","units":4}])");
  EXPECT_NE(JsonAt(*doc, "notes").find("team_share"), std::string::npos);
  EXPECT_NE(JsonAt(*doc, "notes").find("not in the roster"), std::string::npos);
  // At a share of 0.4, two of five is enough: the k % 6 == 0 teams complete too.
  auto lower = Impact(p.outcome, {{"min_units", "2"}, {"team_share", "0.4"}});
  EXPECT_EQ(JsonAt(*lower, "team_share"), "0.4");
  EXPECT_EQ(IntAt(*lower, "counts.never_completed"), 6);
  // The estimate is the estimator's on these teams.
  EXPECT_NE(StringAt(*doc, "headline").find("completing teams"), std::string::npos)
      << StringAt(*doc, "headline");
  EXPECT_NE(StringAt(*doc, "headline").find("comparison teams"), std::string::npos);
  EXPECT_LT(NumberAt(*doc, "window.att"), -1.5);
  // A team view keeps its own teams.
  auto team = Impact(p.outcome, {{"team", "t1"}, {"min_units", "1"}});
  EXPECT_EQ(IntAt(*team, "counts.units"), 1);
}

TEST_F(ImpactHttp, WholeAudienceKpisGiveTheTrendAsWeakerEvidence) {
  PanelOverHttp p = Handling();
  p.outcome = "audience";
  p.activity_prefix = "https://lms.example.com/audience/";
  ASSERT_TRUE(DeclarePanel(server(), p));
  // A year of monthly values on a line falling 0.1 a month, 1.5 lower from July 2025 on; the
  // first completion is in July.
  std::string kpi = "date,value\n";
  for (int t = 0; t < 12; ++t) {
    const double wobble = (t % 3 == 0 ? 0.05 : t % 3 == 1 ? -0.04 : -0.01);
    kpi += PanelDate(p, t, 15) + "," + std::to_string(20 - 0.1 * t + wobble - (t >= 6 ? 1.5 : 0)) +
           "\n";
  }
  ASSERT_TRUE(HasStatus(admin().Post(OutcomePath(p.outcome) + "/kpi", kpi, "text/csv"), 200));
  // Nobody has completed: there is no launch, unless one is given.
  auto no_launch = Impact(p.outcome);
  EXPECT_EQ(StringAt(*no_launch, "unit"), "audience");
  EXPECT_EQ(StringAt(*no_launch, "not_enough_data.reason"), "no_completers");
  auto given = Impact(p.outcome, {{"launch", "2025-07-04"}});
  EXPECT_EQ(StringAt(*given, "method"), "trend_extrapolation");
  EXPECT_EQ(StringAt(*given, "evidence"), "trend");
  EXPECT_EQ(StringAt(*given, "trend.launch"), "2025-07-01");
  EXPECT_EQ(IntAt(*given, "trend.n_pre"), 6);
  EXPECT_EQ(IntAt(*given, "trend.n_post"), 6);
  EXPECT_NEAR(NumberAt(*given, "trend.deviation"), -1.5, 0.1);
  EXPECT_NE(StringAt(*given, "headline").find("weaker evidence"), std::string::npos);
  EXPECT_EQ(StringAt(*given, "headline"), StringAt(*given, "trend.sentence"));
  // The first completion is the launch by default.
  ImpactPanel learners;
  learners.periods = Months();
  ImpactUnit completer;
  completer.group = 6;
  learners.units.push_back(completer);
  ASSERT_TRUE(SendPanel(server(), p, learners));
  ASSERT_TRUE(server().WaitUntilTagged(p.outcome));
  auto by_completion = Impact(p.outcome);
  EXPECT_EQ(JsonAt(*by_completion, "trend"), JsonAt(*given, "trend"));
  // Too early a launch leaves no trend before it.
  auto early = Impact(p.outcome, {{"launch", "2025-03-01"}});
  EXPECT_EQ(StringAt(*early, "not_enough_data.reason"), "no_pre_period");
  // A team view has no whole-audience figure.
  std::string roster = "mbox,team\n" + PanelLearner(p, 0) + "@example.com,solo\n";
  ASSERT_TRUE(HasStatus(admin().Put("/outcomes/roster", {}, roster, "text/csv"), 200));
  auto team = Impact(p.outcome, {{"team", "solo"}});
  EXPECT_EQ(StringAt(*team, "not_enough_data.reason"), "no_kpi_data");
  EXPECT_NE(StringAt(*team, "headline").find("not per team"), std::string::npos);
  // Its export is the trend's one row.
  HttpResult csv = server().Get(OutcomePath(p.outcome) + "/export/impact",
                                {{"format", "csv"}, {"launch", "2025-07-04"}});
  ASSERT_TRUE(HasStatus(csv, 200));
  EXPECT_EQ(csv.body.substr(0, csv.body.find("\r\n")),
            "kind,group,time,base,e,status,att,se,ci_low,ci_high,band_low,band_high,n_treated,"
            "n_control,groups");
  EXPECT_NE(csv.body.find("\r\ntrend,,2025-07-01,"), std::string::npos) << csv.body;
}

TEST_F(ImpactHttp, TeamViewsAndLinksEstimateOnTheTeamsLearnersOnly) {
  const ImpactPanel panel = TestPanel(21);
  const PanelOverHttp p = Handling();
  Send(p, panel);
  PutRoster(p, panel.units.size(), 2);  // team-0: even units (manager mia), team-1: odd (max)
  PanelOverHttp other = p;
  other.outcome = "other";
  other.activity_prefix = "https://lms.example.com/other/";
  ASSERT_TRUE(DeclarePanel(server(), other));

  ImpactOptions o = ExpectedOptions();
  o.min_units = 5;
  const auto expected =
      EstimateImpact(Subpanel(Named(panel), [](size_t i) { return i % 2 == 0; }), o);
  ASSERT_TRUE(expected.ok());
  auto team = Impact(p.outcome, {{"team", "team-0"}, {"min_units", "5"}});
  EXPECT_EQ(StringAt(*team, "team.name"), "team-0");
  EXPECT_EQ(IntAt(*team, "counts.units"), 75);
  ExpectSameAsEstimator(*team, expected.value());
  // The manager of team-0 sees the same.
  auto manager = Impact(p.outcome, {{"manager", "mia"}, {"min_units", "5"}});
  EXPECT_EQ(JsonAt(*manager, "window"), JsonAt(*team, "window"));

  // A team link gets its team's view, whatever it asks; it cannot ask for another team, and a
  // link for another outcome cannot read this one.
  const std::string token = Issue(R"({"outcomes": ["handling"], "team": "team-0"})");
  HttpResult linked = WithToken(token, OutcomePath(p.outcome) + "/impact?min_units=5");
  ASSERT_TRUE(HasStatus(linked, 200));
  HttpResult credential =
      server().Get(OutcomePath(p.outcome) + "/impact", {{"min_units", "5"}, {"team", "team-0"}});
  EXPECT_EQ(linked.body, credential.body);
  EXPECT_TRUE(
      IsError(WithToken(token, OutcomePath(p.outcome) + "/impact?team=team-1"), 403, {"team-0"}));
  const std::string elsewhere = Issue(R"({"outcomes": ["other"]})");
  EXPECT_TRUE(
      IsError(WithToken(elsewhere, OutcomePath(p.outcome) + "/impact"), 403, {"\"handling\""}));
  EXPECT_TRUE(IsError(WithToken(elsewhere, OutcomePath(p.outcome) + "/export/impact"), 403,
                      {"\"handling\""}));
  HttpResult exported = WithToken(token, OutcomePath(p.outcome) + "/export/impact?min_units=5");
  ASSERT_TRUE(HasStatus(exported, 200));
  HttpResult exported_credential = server().Get(OutcomePath(p.outcome) + "/export/impact",
                                                {{"min_units", "5"}, {"team", "team-0"}});
  EXPECT_EQ(exported.body, exported_credential.body);
}

TEST_F(ImpactHttp, TheExportsRowsAreTheAnswersFigures) {
  const PanelOverHttp p = Handling();
  Send(p, TestPanel(31));
  auto doc = Impact(p.outcome);
  HttpResult ndjson = server().Get(OutcomePath(p.outcome) + "/export/impact");
  ASSERT_TRUE(HasStatus(ndjson, 200));
  EXPECT_EQ(ndjson.Header("Content-Type").value_or(""), "application/x-ndjson");
  EXPECT_EQ(ndjson.Header("Content-Disposition").value_or(""),
            "attachment; filename=\"handling-impact.ndjson\"");
  std::vector<std::unique_ptr<json::Document>> rows;
  std::istringstream lines(ndjson.body);
  for (std::string line; std::getline(lines, line);)
    rows.push_back(ParseJson(line));
  const size_t cells = At(*doc, "att_gt")->Size();
  const size_t points = At(*doc, "event_study")->Size();
  ASSERT_EQ(rows.size(), cells + points + 2);  // and overall, window
  for (size_t k = 0; k < cells; ++k) {
    const std::string c = "att_gt." + std::to_string(k);
    EXPECT_EQ(StringAt(*rows[k], "kind"), "att_gt");
    for (const char* key : {"group", "time", "base", "status"})
      EXPECT_EQ(JsonAt(*rows[k], key), JsonAt(*doc, c + "." + key)) << c << " " << key;
    for (const char* key : {"e", "att", "se", "n_treated", "n_control"})
      EXPECT_EQ(JsonAt(*rows[k], key), JsonAt(*doc, c + "." + key)) << c << " " << key;
  }
  for (size_t k = 0; k < points; ++k) {
    const json::Document& row = *rows[cells + k];
    const std::string e = "event_study." + std::to_string(k);
    EXPECT_EQ(StringAt(row, "kind"), "event_study");
    for (const char* key : {"e", "att", "se", "ci_low", "ci_high", "band_low", "band_high",
                            "n_treated", "n_control", "groups"})
      EXPECT_EQ(JsonAt(row, key), JsonAt(*doc, e + "." + key)) << e << " " << key;
  }
  const json::Document& overall = *rows[cells + points];
  EXPECT_EQ(StringAt(overall, "kind"), "overall");
  EXPECT_EQ(JsonAt(overall, "att"), JsonAt(*doc, "overall.att"));
  const json::Document& window = *rows[cells + points + 1];
  EXPECT_EQ(StringAt(window, "kind"), "window");
  for (const char* key : {"att", "se", "ci_low", "ci_high", "n_treated", "n_control"})
    EXPECT_EQ(JsonAt(window, key), JsonAt(*doc, std::string("window.") + key)) << key;
  EXPECT_EQ(IntAt(window, "e"), 2);

  // CSV: the same rows, numbers as JSON writes them, negative numbers as numbers (not
  // neutralised as formulas: they are figures).
  HttpResult csv = server().Get(OutcomePath(p.outcome) + "/export/impact", {{"format", "csv"}});
  ASSERT_TRUE(HasStatus(csv, 200));
  EXPECT_EQ(csv.Header("Content-Type").value_or(""), "text/csv; charset=utf-8");
  std::vector<std::string> csv_lines;
  std::istringstream in(csv.body);
  for (std::string line; std::getline(in, line);)
    csv_lines.push_back(
        line.substr(0, line.size() - (line.empty() || line.back() != '\r' ? 0 : 1)));
  ASSERT_EQ(csv_lines.size(), rows.size() + 1);
  const std::string first_cell =
      "att_gt," + StringAt(*rows[0], "group") + "," + StringAt(*rows[0], "time") + "," +
      StringAt(*rows[0], "base") + "," + JsonAt(*rows[0], "e") + "," +
      StringAt(*rows[0], "status") + "," + JsonAt(*rows[0], "att") + "," + JsonAt(*rows[0], "se") +
      ",,,,," + JsonAt(*rows[0], "n_treated") + "," + JsonAt(*rows[0], "n_control") + ",";
  EXPECT_EQ(csv_lines[1], first_cell);
  EXPECT_EQ(csv.body.find("'"), std::string::npos) << "no cell is text that looks like a formula";
}

}  // namespace
}  // namespace outcomes::http_test
