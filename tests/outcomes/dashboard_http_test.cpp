// GET /outcomes/{id}/dashboard and the headline of listings over HTTP, on a real outcome-lrs: the
// consumer figures of a small history worked out by hand (by day, week and month), the customer
// metric with whole-audience and per-learner KPIs, the link between them, voiding, rule changes,
// retro-tagging ending where declaring first does, defaults, parameters and scopes.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lrs/core/time.h"
#include "tests/outcomes/outcome_http_test.h"

namespace outcomes::http_test {
namespace {

constexpr char kOutcome[] = "quality";
constexpr char kCourse[] = "https://lms.example.com/courses/quality/";
const char kCoursesRule[] = R"([{"activity": {"prefix": "https://lms.example.com/courses/"}}])";
// Declaration() declares audience size 100, baseline 10 on 2026-01-01, target 5 on 2026-12-31.
constexpr double kAudience = 100;

std::string DashboardPath(const std::string& id) {
  return OutcomePath(id) + "/dashboard";
}

std::string KpiPath(const std::string& id) {
  return OutcomePath(id) + "/kpi";
}

constexpr int64_t kMicrosPerDay = 86400LL * 1000000;

// Days since 1970-01-01 of "YYYY-MM-DD".
int64_t DayNumber(const std::string& date) {
  auto ts = lrs::ParseTimestamp(date + "T00:00:00Z");
  EXPECT_TRUE(ts.has_value()) << date;
  return ts ? ts->instant.seconds / 86400 : 0;
}

std::string DateOf(int64_t day) {
  return lrs::FormatMillisUtc(day * kMicrosPerDay).substr(0, 10);
}

int64_t Today() {
  return lrs::NowMicros() / kMicrosPerDay;
}

// ---- The history ------------------------------------------------------------------------------

// A statement of `actor` about a lesson of kCourse (tagged by kCoursesRule) at `timestamp`.
StatementJson Did(const std::string& actor, const std::string& verb, const std::string& timestamp,
                  const std::string& lesson = "unit-1") {
  StatementJson s;
  s.Actor(actor).Verb(verb).Object(kCourse + lesson).Timestamp(timestamp);
  return s;
}

// Two ISO weeks (Monday 2026-03-02 to Sunday 2026-03-15) of five learners and an anonymous
// group, and a few statements around them. Every figure the tests expect is worked out from this
// table:
//
//   #   actor  timestamp (UTC)    verb / result                   scaled  tagged
//   s1  ann    03-02 09:00        experienced                     0.5     yes
//   s2  ann    03-03 09:00        completed                       0.75    yes  ann's 1st completion
//   s3  bob    03-02 12:00        experienced                     -       yes
//   s4  bob    03-04 00:00        attempted                       0.25    yes
//   s5  bob    03-10 00:00        passed (sent as 03-09 22:00-02) 1.0     yes  bob's 1st completion
//   s6  carol  03-09 06:00        experienced                     -       yes
//   s7  carol  03-09 18:00        answered, success true          0.875   yes  carol's 1st
//   s8  carol  03-12 00:00        completed                       -       yes  (not her first)
//   s9  dave   03-11 00:00        experienced                     0.125   yes
//   s10 dave   03-12 12:00        attempted, completion false     -       yes  (no completion)
//   s11 group  03-10 12:00        experienced (anonymous group)   -       yes  (no learner)
//   s12 ann    03-13 00:00        completed, another activity     -       no
//   s13 dave   02-27 00:00        experienced                     -       yes  (before the range)
//   s14 erin   03-16 10:00        completed                       -       yes  (after the range)
//   s15 ann    03-05 00:00        experienced                     -       yes
//   s16 ann    03-13 09:00        completed                       -       yes  (not her first)
//   s17 frank  03-11 12:00        experienced                     -       yes  frank's only one
//
// Time to proficiency (first tagged statement to first completion): ann 1.0 day (s1 to s2),
// bob 7.5 (s3 to s5), carol 0.5 (s6 to s7).
struct History {
  std::vector<std::string> statements;
  std::string ann_first, ann_first_completion, carol_first, frank_only;  // s1, s2, s6, s17
};

History MakeHistory() {
  const std::string group = R"({"objectType": "Group", "member": [
      {"objectType": "Agent", "mbox": "mailto:g1@example.com"},
      {"objectType": "Agent", "mbox": "mailto:g2@example.com"}]})";
  StatementJson s1 = Did("ann", kVerbExperienced, "2026-03-02T09:00:00Z");
  s1.Scaled(0.5);
  StatementJson s2 = Did("ann", kVerbCompleted, "2026-03-03T09:00:00Z");
  s2.Scaled(0.75);
  StatementJson s6 = Did("carol", kVerbExperienced, "2026-03-09T06:00:00Z");
  StatementJson s17 = Did("frank", kVerbExperienced, "2026-03-11T12:00:00Z", "unit-3");
  History h;
  h.ann_first = s1.id();
  h.ann_first_completion = s2.id();
  h.carol_first = s6.id();
  h.frank_only = s17.id();
  h.statements = {
      s1.Json(),
      s2.Json(),
      Did("bob", kVerbExperienced, "2026-03-02T12:00:00Z").Json(),
      Did("bob", kVerbAttempted, "2026-03-04T00:00:00Z", "quiz").Scaled(0.25).Json(),
      Did("bob", kVerbPassed, "2026-03-09T22:00:00-02:00", "quiz").Scaled(1.0).Json(),
      s6.Json(),
      Did("carol", kVerbAnswered, "2026-03-09T18:00:00Z", "quiz")
          .Success(true)
          .Scaled(0.875)
          .Json(),
      Did("carol", kVerbCompleted, "2026-03-12T00:00:00Z", "unit-2").Json(),
      Did("dave", kVerbExperienced, "2026-03-11T00:00:00Z").Scaled(0.125).Json(),
      Did("dave", kVerbAttempted, "2026-03-12T12:00:00Z").Completion(false).Json(),
      Edited(Did("g", kVerbExperienced, "2026-03-10T12:00:00Z").Json(), "/actor", group),
      StatementJson()
          .Actor("ann")
          .Verb(kVerbCompleted)
          .Object("http://example.com/activities/other")
          .Timestamp("2026-03-13T00:00:00Z")
          .Json(),
      Did("dave", kVerbExperienced, "2026-02-27T00:00:00Z").Json(),
      Did("erin", kVerbCompleted, "2026-03-16T10:00:00Z").Json(),
      Did("ann", kVerbExperienced, "2026-03-05T00:00:00Z", "unit-2").Json(),
      Did("ann", kVerbCompleted, "2026-03-13T09:00:00Z", "unit-3").Json(),
      s17.Json(),
  };
  return h;
}

// `count` statements of twelve more learners ("learner-0" to "learner-11"), spread over
// 2026-02-20 to 2026-03-21: every seventh about an untagged activity, every fifth a completion,
// every eleventh a success, every third scored (in eighths, so that sums are exact).
std::vector<StatementJson> Bulk(int count) {
  const int64_t start = DayNumber("2026-02-20") * kMicrosPerDay;
  std::vector<StatementJson> out;
  for (int i = 0; i < count; ++i) {
    StatementJson s;
    s.Actor("learner-" + std::to_string(i * 5 % 12));
    s.Timestamp(lrs::FormatMillisUtc(start + int64_t{i * 7919 % (30 * 24 * 60)} * 60 * 1000000));
    s.Verb(i % 5 == 0 ? kVerbCompleted : kVerbExperienced);
    s.Object(i % 7 == 0 ? "http://example.com/activities/other"
                        : kCourse + std::string("bulk-") + std::to_string(i % 4));
    if (i % 11 == 0) s.Success(true);
    if (i % 3 == 0) s.Scaled((i % 9) / 8.0);
    out.push_back(std::move(s));
  }
  return out;
}

// ---- Reading dashboards ------------------------------------------------------------------------

// The number at `path` is `want`, or null when `want` is nullopt.
void ExpectNumber(const json::Value& root, const std::string& path, std::optional<double> want) {
  const json::Value* v = At(root, path);
  ASSERT_NE(v, nullptr) << path << " is missing";
  if (!want) {
    EXPECT_TRUE(v->IsNull()) << path << " is " << json::Write(*v) << ", expected null";
    return;
  }
  ASSERT_TRUE(v->IsNumber()) << path << " is " << json::Write(*v) << ", expected " << *want;
  EXPECT_DOUBLE_EQ(v->GetDouble(), *want) << path;
}

// The figure at `path` is {"value": want, "n": n}, with "small_sample": true exactly when n < 10.
void ExpectFigure(const json::Value& root, const std::string& path, std::optional<double> want,
                  int64_t n) {
  const json::Value* figure = At(root, path);
  ASSERT_TRUE(figure != nullptr && figure->IsObject()) << path << " is not an object";
  ExpectNumber(*figure, "value", want);
  EXPECT_EQ(IntAt(*figure, "n"), n) << path << ": " << json::Write(*figure);
  const json::Value* small = At(*figure, "small_sample");
  if (n < 10) {
    EXPECT_TRUE(small != nullptr && small->IsBool() && small->GetBool())
        << path << ": " << json::Write(*figure);
  } else {
    EXPECT_EQ(small, nullptr) << path << ": " << json::Write(*figure);
  }
}

// One bucket of consumer.series.
struct ConsumerBucket {
  std::string start;
  int64_t tagged, active, completions;
  std::optional<double> frequency;
  std::optional<double> score;
  int64_t scored;
  std::optional<double> proficiency;
  int64_t proficient;
};

void ExpectConsumerSeries(const json::Value& dashboard, const std::vector<ConsumerBucket>& want) {
  const json::Value* series = At(dashboard, "consumer.series");
  ASSERT_TRUE(series != nullptr && series->IsArray()) << json::Write(dashboard);
  ASSERT_EQ(series->Size(), want.size()) << json::Write(*series);
  for (rapidjson::SizeType i = 0; i < series->Size(); ++i) {
    const ConsumerBucket& w = want[i];
    const json::Value& b = (*series)[i];
    SCOPED_TRACE("bucket " + w.start + ": " + json::Write(b));
    EXPECT_EQ(StringAt(b, "start"), w.start);
    EXPECT_EQ(IntAt(b, "tagged_statements"), w.tagged);
    EXPECT_EQ(IntAt(b, "active_learners"), w.active);
    ExpectNumber(b, "adoption_rate", w.active / kAudience);
    EXPECT_EQ(IntAt(b, "completions"), w.completions);
    ExpectNumber(b, "application_frequency", w.frequency);
    ExpectFigure(b, "mean_scaled_score", w.score, w.scored);
    ExpectFigure(b, "median_time_to_proficiency_days", w.proficiency, w.proficient);
  }
}

// One bucket of customer.series.
struct KpiBucket {
  std::string start;
  std::optional<double> value;
  int64_t n;
};

void ExpectKpiSeries(const json::Value& dashboard, const std::vector<KpiBucket>& want) {
  const json::Value* series = At(dashboard, "customer.series");
  ASSERT_TRUE(series != nullptr && series->IsArray()) << json::Write(dashboard);
  ASSERT_EQ(series->Size(), want.size()) << json::Write(*series);
  for (rapidjson::SizeType i = 0; i < series->Size(); ++i) {
    const json::Value& b = (*series)[i];
    SCOPED_TRACE("KPI bucket " + want[i].start + ": " + json::Write(b));
    EXPECT_EQ(StringAt(b, "start"), want[i].start);
    ExpectNumber(b, "value", want[i].value);
    EXPECT_EQ(IntAt(b, "n"), want[i].n);
  }
}

// Where the KPI stands: latest value and date, and change and progress against baseline 10 and
// target 5; all null when `latest` is nullopt.
void ExpectKpiPosition(const json::Value& customer, std::optional<double> latest,
                       const std::string& date, int64_t n) {
  if (!latest) {
    for (const char* path : {"latest", "change_vs_baseline", "progress_to_target_percent"}) {
      const json::Value* v = At(customer, path);
      EXPECT_TRUE(v != nullptr && v->IsNull()) << path << " in " << json::Write(customer);
    }
    return;
  }
  ExpectNumber(customer, "latest.value", *latest);
  EXPECT_EQ(StringAt(customer, "latest.date"), date) << json::Write(customer);
  EXPECT_EQ(IntAt(customer, "latest.n"), n) << json::Write(customer);
  ExpectNumber(customer, "change_vs_baseline.absolute", *latest - 10);
  ExpectNumber(customer, "change_vs_baseline.percent", (*latest - 10) / 10 * 100);
  ExpectNumber(customer, "progress_to_target_percent", (*latest - 10) / (5 - 10) * 100);
}

// The declared KPI: name, unit, direction, baseline and target of Declaration().
void ExpectDeclaredKpi(const json::Value& customer) {
  EXPECT_EQ(StringAt(customer, "kpi.name"), "Errors per order");
  EXPECT_EQ(StringAt(customer, "kpi.unit"), "errors");
  EXPECT_EQ(StringAt(customer, "kpi.direction"), "decrease");
  ExpectNumber(customer, "baseline.value", 10);
  EXPECT_EQ(StringAt(customer, "baseline.date"), "2026-01-01");
  ExpectNumber(customer, "target.value", 5);
  EXPECT_EQ(StringAt(customer, "target.date"), "2026-12-31");
}

// The correlation at `path`: r (null when nullopt; within 1e-12), n, ci95 (null when n < 4 or r
// is null, [r, r] when |r| = 1), small_sample, and a reason exactly when r is null.
void ExpectCorrelation(const json::Value& link, const std::string& path,
                       const std::string& activity, std::optional<double> r, int64_t n) {
  const json::Value* c = At(link, path);
  ASSERT_TRUE(c != nullptr && c->IsObject()) << path << " in " << json::Write(link);
  SCOPED_TRACE(path + ": " + json::Write(*c));
  EXPECT_EQ(StringAt(*c, "activity"), activity);
  EXPECT_EQ(IntAt(*c, "n"), n);
  const json::Value* small = At(*c, "small_sample");
  EXPECT_TRUE(small != nullptr && small->IsBool() && small->GetBool() == (n < 10));
  const json::Value* ci = At(*c, "ci95");
  ASSERT_NE(ci, nullptr);
  if (!r) {
    EXPECT_TRUE(At(*c, "r") != nullptr && At(*c, "r")->IsNull());
    EXPECT_TRUE(ci->IsNull());
    EXPECT_FALSE(StringAt(*c, "reason").empty());
    return;
  }
  EXPECT_NEAR(NumberAt(*c, "r"), *r, 1e-12);
  EXPECT_EQ(At(*c, "reason"), nullptr);
  if (n < 4) {
    EXPECT_TRUE(ci->IsNull());
  } else if (std::fabs(*r) == 1) {
    EXPECT_NEAR(NumberAt(*c, "ci95.0"), *r, 1e-9);
    EXPECT_NEAR(NumberAt(*c, "ci95.1"), *r, 1e-9);
  } else {
    ASSERT_TRUE(ci->IsArray() && ci->Size() == 2);
    EXPECT_LT(NumberAt(*c, "ci95.0"), *r);
    EXPECT_GT(NumberAt(*c, "ci95.1"), *r);
  }
}

// Numbers within 1e-9 (relative above 1), everything else equal; at most `*budget` differences
// are reported.
void ExpectSameJson(const json::Value& a, const json::Value& b, const std::string& path,
                    int* budget) {
  auto differ = [&](const std::string& what) {
    if ((*budget)-- > 0) {
      ADD_FAILURE() << (path.empty() ? "(root)" : path) << ": " << what << ": " << json::Write(a)
                    << " vs " << json::Write(b);
    }
  };
  if (a.IsNumber() && b.IsNumber()) {
    const double x = a.GetDouble(), y = b.GetDouble();
    if (std::fabs(x - y) > 1e-9 * std::max(1.0, std::fabs(x))) differ("numbers differ");
    return;
  }
  if (a.GetType() != b.GetType()) return differ("types differ");
  if (a.IsObject()) {
    if (a.MemberCount() != b.MemberCount()) return differ("members differ");
    for (const auto& m : a.GetObject()) {
      const std::string name(json::View(m.name));
      const json::Value* other = json::Find(b, name);
      if (other == nullptr) return differ("\"" + name + "\" is missing on the right");
      ExpectSameJson(m.value, *other, path + "." + name, budget);
    }
  } else if (a.IsArray()) {
    if (a.Size() != b.Size()) return differ("sizes differ");
    for (rapidjson::SizeType i = 0; i < a.Size(); ++i)
      ExpectSameJson(a[i], b[i], path + "." + std::to_string(i), budget);
  } else if (json::WriteCanonical(a) != json::WriteCanonical(b)) {
    differ("values differ");
  }
}

class DashboardHttp : public OutcomeHttpTest {
 protected:
  void SetUp() override {
    OutcomeHttpTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    ASSERT_TRUE(HasStatus(server().Put(kOutcome, Declaration("", kCoursesRule)), 201));
  }

  void StoreHistory(const History& h) {
    ASSERT_EQ(server().StoreBatch(JsonArray(h.statements)).size(), h.statements.size());
  }

  // Voids the statements `targets`, in one batch.
  void Void(const std::vector<std::string>& targets) {
    std::vector<std::string> voidings;
    for (const std::string& target : targets) {
      StatementJson v;
      v.Actor("admin").Voids(target);
      voidings.push_back(v.Json());
    }
    ASSERT_EQ(server().StoreBatch(JsonArray(voidings)).size(), targets.size());
  }

  void RecordKpi(const std::string& observations, const std::string& id = kOutcome) {
    HttpResult r = admin().Post(KpiPath(id), observations);
    ASSERT_TRUE(HasStatus(r, 200));
  }

  // GET /outcomes/ID/dashboard?params (a failure unless 200; a null document then).
  std::unique_ptr<json::Document> Dashboard(const ParamList& params,
                                            const std::string& id = kOutcome) {
    HttpResult r = server().Get(DashboardPath(id), params);
    if (!HasStatus(r, 200)) {
      ADD_FAILURE() << "GET " << DashboardPath(id) << ": " << r.Describe();
      return std::make_unique<json::Document>();
    }
    EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/json");
    return ParseJson(r.body);
  }
};

ParamList Range(const std::string& bucket, const std::string& from = "2026-03-02",
                const std::string& to = "2026-03-15") {
  return {{"from", from}, {"to", to}, {"bucket", bucket}};
}

// ---- Consumer figures ----------------------------------------------------------------------

TEST_F(DashboardHttp, ConsumerFiguresByDayWeekAndMonthAreThoseWorkedOutByHand) {
  StoreHistory(MakeHistory());

  auto day = Dashboard(Range("day"));
  const json::Value& d = *day;
  EXPECT_EQ(StringAt(d, "outcome"), kOutcome);
  EXPECT_EQ(StringAt(d, "range.from"), "2026-03-02");
  EXPECT_EQ(StringAt(d, "range.to"), "2026-03-15");
  EXPECT_EQ(StringAt(d, "range.bucket"), "day");
  EXPECT_EQ(StringAt(d, "consumer.audience.segment"), "employees");
  EXPECT_EQ(IntAt(d, "consumer.audience.size"), 100);
  // In the range: s1-s11 and s15-s17 are tagged (14), 13 of them by the five learners ann, bob,
  // carol, dave and frank; ann, bob and carol complete for the first time (3 of 5); six scores
  // summing 3.5; proficiency in 1.0, 7.5 and 0.5 days.
  EXPECT_EQ(IntAt(d, "consumer.totals.tagged_statements"), 14);
  EXPECT_EQ(IntAt(d, "consumer.totals.active_learners"), 5);
  ExpectFigure(d, "consumer.totals.adoption_rate", 5 / kAudience, 5);
  EXPECT_EQ(IntAt(d, "consumer.totals.completions"), 3);
  ExpectFigure(d, "consumer.totals.completion_rate", 3.0 / 5, 5);
  ExpectFigure(d, "consumer.totals.mean_scaled_score", 3.5 / 6, 6);
  ExpectFigure(d, "consumer.totals.median_time_to_proficiency_days", 1.0, 3);
  // 13 learner statements over 12 learner-days (2+1+1+1 in the first week, 1+1+2+2+1 in the
  // second): not a small sample.
  ExpectFigure(d, "consumer.totals.application_frequency", 13.0 / 12, 12);
  const std::optional<double> none;
  ExpectConsumerSeries(d, {
                              {"2026-03-02", 2, 2, 0, 1.0, 0.5, 1, none, 0},
                              {"2026-03-03", 1, 1, 1, 1.0, 0.75, 1, 1.0, 1},
                              {"2026-03-04", 1, 1, 0, 1.0, 0.25, 1, none, 0},
                              {"2026-03-05", 1, 1, 0, 1.0, none, 0, none, 0},
                              {"2026-03-06", 0, 0, 0, none, none, 0, none, 0},
                              {"2026-03-07", 0, 0, 0, none, none, 0, none, 0},
                              {"2026-03-08", 0, 0, 0, none, none, 0, none, 0},
                              {"2026-03-09", 2, 1, 1, 2.0, 0.875, 1, 0.5, 1},
                              {"2026-03-10", 2, 1, 1, 1.0, 1.0, 1, 7.5, 1},  // and the group's
                              {"2026-03-11", 2, 2, 0, 1.0, 0.125, 1, none, 0},
                              {"2026-03-12", 2, 2, 0, 1.0, none, 0, none, 0},
                              {"2026-03-13", 1, 1, 0, 1.0, none, 0, none, 0},  // s12 is untagged
                              {"2026-03-14", 0, 0, 0, none, none, 0, none, 0},
                              {"2026-03-15", 0, 0, 0, none, none, 0, none, 0},
                          });

  auto week = Dashboard(Range("week"));
  const json::Value& w = *week;
  EXPECT_EQ(StringAt(w, "range.bucket"), "week");
  EXPECT_EQ(IntAt(w, "consumer.totals.tagged_statements"), 14);
  EXPECT_EQ(IntAt(w, "consumer.totals.active_learners"), 5);
  EXPECT_EQ(IntAt(w, "consumer.totals.completions"), 3);
  ExpectFigure(w, "consumer.totals.mean_scaled_score", 3.5 / 6, 6);
  ExpectFigure(w, "consumer.totals.median_time_to_proficiency_days", 1.0, 3);
  // 2 active learners in the first week, 5 in the second.
  ExpectFigure(w, "consumer.totals.application_frequency", 13.0 / 7, 7);
  ExpectConsumerSeries(w, {
                              {"2026-03-02", 5, 2, 1, 5.0 / 2, 1.5 / 3, 3, 1.0, 1},
                              {"2026-03-09", 9, 5, 2, 8.0 / 5, 2.0 / 3, 3, 4.0, 2},
                          });

  auto month = Dashboard(Range("month"));
  const json::Value& m = *month;
  ExpectConsumerSeries(m, {{"2026-03-01", 14, 5, 3, 13.0 / 5, 3.5 / 6, 6, 1.0, 3}});
  ExpectFigure(m, "consumer.totals.application_frequency", 13.0 / 5, 5);

  // A range that starts mid-week: the first bucket starts on its Monday but holds only the
  // range's days (ann's s15 on Thursday 03-05 and nothing of s1-s4).
  auto partial = Dashboard(Range("week", "2026-03-05", "2026-03-09"));
  ExpectConsumerSeries(*partial, {
                                     {"2026-03-02", 1, 1, 0, 1.0, none, 0, none, 0},
                                     {"2026-03-09", 2, 1, 1, 2.0, 0.875, 1, 0.5, 1},
                                 });
  EXPECT_EQ(IntAt(*partial, "consumer.totals.active_learners"), 2);

  // The trace links list what lies behind the figures: the 14 tagged statements of the range.
  EXPECT_EQ(StringAt(d, "trace.statements"),
            "/outcomes/quality/statements?from=2026-03-02&to=2026-03-15");
  EXPECT_EQ(StringAt(d, "trace.kpi"), "/outcomes/quality/kpi?from=2026-03-02&to=2026-03-15");
  HttpResult traced = server().Get(StringAt(d, "trace.statements"));
  ASSERT_TRUE(HasStatus(traced, 200));
  const auto traced_doc = ParseJson(traced.body);
  const json::Value* listed = At(*traced_doc, "statements");
  ASSERT_TRUE(listed != nullptr && listed->IsArray()) << traced.body;
  EXPECT_EQ(listed->Size(), 14u);

  // Without observations there is no customer figure and no link.
  EXPECT_EQ(StringAt(d, "customer.basis"), "none");
  ExpectDeclaredKpi(*At(d, "customer"));
  ExpectKpiPosition(*At(d, "customer"), std::nullopt, "", 0);
  EXPECT_EQ(IntAt(d, "customer.observations_in_range"), 0);
  ExpectKpiSeries(w, {{"2026-03-02", none, 0}, {"2026-03-09", none, 0}});
  EXPECT_EQ(StringAt(d, "link.basis"), "none");
  EXPECT_FALSE(StringAt(d, "link.note").empty()) << json::Write(*At(d, "link"));
}

// ---- Customer figures and the link -------------------------------------------------------------

TEST_F(DashboardHttp, WholeAudienceKpisAreTheCustomerMetricAndLinkPerBucket) {
  StoreHistory(MakeHistory());
  RecordKpi(R"([
    {"date": "2026-03-03", "value": 9}, {"date": "2026-03-05", "value": 8},
    {"date": "2026-03-10", "value": 7}, {"date": "2026-03-20", "value": 6},
    {"date": "2026-03-10", "value": 100, "team": "east"}
  ])");

  const int64_t today_before = Today();
  auto week = Dashboard(Range("week"));
  const int64_t today_after = Today();
  const json::Value& w = *week;
  const json::Value& customer = *At(w, "customer");
  ExpectDeclaredKpi(customer);
  // The team's value does not count once there are whole-audience values.
  EXPECT_EQ(StringAt(customer, "basis"), "audience");
  // The last value at or before the end of the range: 7 on 03-10 (6 on 03-20 is later).
  // Change 7 - 10 = -3 (-30 %), progress (7 - 10) / (5 - 10) = 60 %.
  ExpectKpiPosition(customer, 7.0, "2026-03-10", 1);
  ExpectNumber(customer, "change_vs_baseline.absolute", -3);
  ExpectNumber(customer, "change_vs_baseline.percent", -30);
  ExpectNumber(customer, "progress_to_target_percent", 60);
  EXPECT_EQ(IntAt(customer, "observations_in_range"), 3);
  ExpectKpiSeries(w, {{"2026-03-02", 8.5, 2}, {"2026-03-09", 7.0, 1}});
  // Days left are counted from today, whatever the range.
  const std::string as_of = StringAt(w, "range.as_of");
  EXPECT_TRUE(as_of == DateOf(today_before) || as_of == DateOf(today_after)) << as_of;
  EXPECT_EQ(IntAt(customer, "days_left"), DayNumber("2026-12-31") - DayNumber(as_of));

  // Two weeks with a KPI value are too few pairs for a correlation.
  EXPECT_EQ(StringAt(w, "link.basis"), "per_bucket");
  ASSERT_EQ(At(w, "link.correlations")->Size(), 1u);
  ExpectCorrelation(*At(w, "link"), "correlations.0", "tagged_statements", std::nullopt, 2);
  EXPECT_EQ(At(w, "link.completers_vs_non_completers"), nullptr);

  // By day: KPI 9, 8, 7 on days with 1, 1, 2 tagged statements. Deviations (-1/3, -1/3, 2/3) and
  // (1, 0, -1): r = -1 / sqrt(2/3 * 2) = -sqrt(3)/2.
  auto day = Dashboard(Range("day"));
  ExpectCorrelation(*At(*day, "link"), "correlations.0", "tagged_statements", -std::sqrt(3.0) / 2,
                    3);
  const json::Value* series = At(*day, "customer.series");
  ASSERT_TRUE(series != nullptr && series->IsArray() && series->Size() == 14u);
  ExpectNumber((*series)[1], "value", 9.0);
  ExpectNumber((*series)[3], "value", 8.0);
  ExpectNumber((*series)[8], "value", 7.0);
  ExpectNumber((*series)[9], "value", std::nullopt);
  EXPECT_EQ(IntAt((*series)[9], "n"), 0);

  // A range that reaches 03-20 ends at 6: change -4 (-40 %), progress 80 %.
  auto later = Dashboard(Range("week", "2026-03-02", "2026-03-22"));
  ExpectKpiPosition(*At(*later, "customer"), 6.0, "2026-03-20", 1);
  ExpectNumber(*At(*later, "customer"), "progress_to_target_percent", 80);
  EXPECT_EQ(IntAt(*later, "customer.observations_in_range"), 4);
  // One that ends before the first value has none, and no basis yet.
  auto early = Dashboard(Range("week", "2026-03-01", "2026-03-02"));
  EXPECT_EQ(StringAt(*early, "customer.basis"), "none");
  ExpectKpiPosition(*At(*early, "customer"), std::nullopt, "", 0);
  EXPECT_EQ(IntAt(*early, "customer.observations_in_range"), 0);
}

TEST_F(DashboardHttp, PerLearnerKpisLinkCompletionAndActivityToTheKpi) {
  StoreHistory(MakeHistory());
  // Per learner (mean over the range): ann 9 (8 and 10), bob 7 (100 on 03-20 is out of the
  // range), carol 7, erin 3, frank 3, gina 1 (no statement at all); team east 4.
  RecordKpi(R"([
    {"date": "2026-03-04", "value": 8, "agent": {"mbox": "mailto:ann@example.com"}},
    {"date": "2026-03-12", "value": 10, "agent": {"mbox": "mailto:ann@example.com"}},
    {"date": "2026-03-12", "value": 7, "agent": {"mbox": "mailto:bob@example.com"}},
    {"date": "2026-03-20", "value": 100, "agent": {"mbox": "mailto:bob@example.com"}},
    {"date": "2026-03-10", "value": 7, "agent": {"name": "Carol", "mbox": "mailto:carol@example.com"}},
    {"date": "2026-03-11", "value": 3, "agent": {"mbox": "mailto:erin@example.com"}},
    {"date": "2026-03-06", "value": 3, "agent": {"mbox": "mailto:frank@example.com"}},
    {"date": "2026-03-08", "value": 1, "agent": {"mbox": "mailto:gina@example.com"}},
    {"date": "2026-03-12", "value": 4, "team": "east"}
  ])");

  auto week = Dashboard(Range("week"));
  const json::Value& w = *week;
  const json::Value& customer = *At(w, "customer");
  EXPECT_EQ(StringAt(customer, "basis"), "learners_and_teams");
  // The last date with values, 03-12: ann 10, bob 7, east 4; mean 7.
  ExpectKpiPosition(customer, 7.0, "2026-03-12", 3);
  EXPECT_EQ(IntAt(customer, "observations_in_range"), 8);
  // Week one: ann 8, frank 3, gina 1. Week two: carol 7, erin 3, ann 10, bob 7, east 4.
  ExpectKpiSeries(w, {{"2026-03-02", 12.0 / 3, 3}, {"2026-03-09", 31.0 / 5, 5}});

  const json::Value& link = *At(w, "link");
  EXPECT_EQ(StringAt(link, "basis"), "per_learner") << json::Write(link);
  // Completed by 03-15: ann, bob, carol (9, 7, 7). Not: erin (on 03-16), frank, gina (3, 3, 1).
  ExpectNumber(link, "completers_vs_non_completers.completers.mean_kpi", 23.0 / 3);
  EXPECT_EQ(IntAt(link, "completers_vs_non_completers.completers.n"), 3);
  ExpectNumber(link, "completers_vs_non_completers.non_completers.mean_kpi", 7.0 / 3);
  EXPECT_EQ(IntAt(link, "completers_vs_non_completers.non_completers.n"), 3);
  ExpectNumber(link, "completers_vs_non_completers.difference", 23.0 / 3 - 7.0 / 3);
  const json::Value* small = At(link, "completers_vs_non_completers.small_sample");
  EXPECT_TRUE(small != nullptr && small->IsBool() && small->GetBool());
  ASSERT_EQ(At(link, "correlations")->Size(), 2u) << json::Write(link);
  // Tagged statements in the range: ann 4, bob 3, carol 3, erin 0 (hers is on 03-16), frank 1,
  // gina 0, against 9, 7, 7, 3, 3, 1: means 11/6 and 5, sxy = 26, sxx = 89/6, syy = 48, so
  // r = 26 / sqrt(712).
  ExpectCorrelation(link, "correlations.0", "tagged_statements", 26 / std::sqrt(712.0), 6);
  // Mean scaled scores in the range: ann 0.625, bob 0.625, carol 0.875 against 9, 7, 7. Deviations
  // (-1/12, -1/12, 1/6) and (4/3, -2/3, -2/3): r = (-1/6) / sqrt(1/24 * 8/3) = -0.5.
  ExpectCorrelation(link, "correlations.1", "mean_scaled_score", -0.5, 3);

  // Up to 03-20 erin has completed too, and bob's 100 counts.
  auto later = Dashboard(Range("week", "2026-03-02", "2026-03-20"));
  EXPECT_EQ(IntAt(*later, "link.completers_vs_non_completers.completers.n"), 4);
  EXPECT_EQ(IntAt(*later, "link.completers_vs_non_completers.non_completers.n"), 2);
  ExpectNumber(*later, "link.completers_vs_non_completers.completers.mean_kpi",
               (9 + 53.5 + 7 + 3) / 4);
  ExpectNumber(*later, "link.completers_vs_non_completers.non_completers.mean_kpi", 2.0);
  ExpectKpiPosition(*At(*later, "customer"), 100.0, "2026-03-20", 1);
}

// The customer metric of a range is that of the observations up to its end: a whole-audience
// value recorded later for a later date leaves it as it was. (The basis was once chosen from
// every observation of any date: one audience value on 04-03 emptied the March dashboard.)
TEST_F(DashboardHttp, AValueRecordedForALaterDateLeavesAnEarlierRangeAsItWas) {
  StoreHistory(MakeHistory());
  RecordKpi(R"([{"date": "2026-03-03", "value": 4, "team": "east"},
                {"date": "2026-03-04", "value": 6, "team": "west"}])");
  auto before = Dashboard(Range("week"));
  const json::Value& customer = *At(*before, "customer");
  EXPECT_EQ(StringAt(customer, "basis"), "learners_and_teams");
  ExpectKpiPosition(customer, 6.0, "2026-03-04", 1);
  EXPECT_EQ(IntAt(customer, "observations_in_range"), 2);
  ExpectKpiSeries(*before, {{"2026-03-02", 5.0, 2}, {"2026-03-09", std::nullopt, 0}});

  RecordKpi(R"({"date": "2026-04-03", "value": 3})");
  auto after = Dashboard(Range("week"));
  int budget = 10;
  ExpectSameJson(*before, *after, "", &budget);
  EXPECT_EQ(StringAt(*after, "customer.basis"), "learners_and_teams");
  EXPECT_EQ(IntAt(*after, "customer.observations_in_range"), 2);
  // Up to 04-05 the audience value is the KPI.
  auto april = Dashboard(Range("week", "2026-03-02", "2026-04-05"));
  EXPECT_EQ(StringAt(*april, "customer.basis"), "audience");
  ExpectKpiPosition(*At(*april, "customer"), 3.0, "2026-04-03", 1);
}

// With per-team values only, the link says why it is empty (it once said there were "no KPI
// observations in the range" next to a customer metric made of them).
TEST_F(DashboardHttp, PerTeamValuesAloneAreNotReportedAsNoObservations) {
  StoreHistory(MakeHistory());
  RecordKpi(R"([{"date": "2026-03-03", "value": 4, "team": "east"},
                {"date": "2026-03-04", "value": 6, "team": "west"}])");
  auto week = Dashboard(Range("week"));
  EXPECT_EQ(IntAt(*week, "customer.observations_in_range"), 2);
  // Team values say nothing of single learners, and there are no whole-audience ones.
  EXPECT_EQ(StringAt(*week, "link.basis"), "none");
  const std::string note = StringAt(*week, "link.note");
  EXPECT_FALSE(note.empty());
  EXPECT_EQ(note.find("no KPI observations"), std::string::npos) << note;
}

// ---- Tracing figures back ---------------------------------------------------------------------

// GET /outcomes/ID/learners?from=&to=: the learners behind the learner figures.
std::vector<std::unique_ptr<json::Document>> LearnerPages(OutcomeServer& server,
                                                          const ParamList& params) {
  std::vector<std::unique_ptr<json::Document>> pages;
  HttpResult r = server.Get(OutcomePath(kOutcome) + "/learners", params);
  for (int guard = 0; guard < 20; ++guard) {
    if (!HasStatus(r, 200)) {
      ADD_FAILURE() << r.Describe();
      break;
    }
    pages.push_back(ParseJson(r.body));
    const std::string more = StringAt(*pages.back(), "more");
    if (more.empty()) break;
    r = server.admin().Get(more);
  }
  return pages;
}

TEST_F(DashboardHttp, TheTraceLinksListWhatEachFigureCounts) {
  StoreHistory(MakeHistory());
  RecordKpi(R"([{"date": "2026-03-04", "value": 8, "agent": {"mbox": "mailto:ann@example.com"}},
                {"date": "2026-03-12", "value": 10, "agent": {"mbox": "mailto:ann@example.com"}},
                {"date": "2026-03-20", "value": 1, "agent": {"mbox": "mailto:ann@example.com"}}])");
  auto week = Dashboard(Range("week"));
  const std::string range = "?from=2026-03-02&to=2026-03-15";
  EXPECT_EQ(StringAt(*week, "trace.statements"), OutcomePath(kOutcome) + "/statements" + range);
  EXPECT_EQ(StringAt(*week, "trace.learners"), OutcomePath(kOutcome) + "/learners" + range);
  EXPECT_EQ(StringAt(*week, "trace.kpi"), OutcomePath(kOutcome) + "/kpi" + range);

  // The statements: the 14 tagged ones with a timestamp in the range (s5 counts on 03-10 UTC).
  EXPECT_EQ(server().TaggedIds(kOutcome, {{"from", "2026-03-02"}, {"to", "2026-03-15"}}).size(),
            14u);
  EXPECT_EQ(server().TaggedIds(kOutcome, {{"from", "2026-03-10"}, {"to", "2026-03-10"}}).size(),
            2u);  // s5 and the group's s11
  EXPECT_TRUE(IsError(server().Get(TaggedPath(kOutcome), {{"from", "March"}}), 400, {"from"}));

  // The learners, two per page: ann, bob, carol, dave, frank (and erin, active after the range).
  auto pages =
      LearnerPages(server(), {{"from", "2026-03-02"}, {"to", "2026-03-15"}, {"limit", "2"}});
  ASSERT_EQ(pages.size(), 3u);
  std::map<std::string, const json::Value*> by_mbox;
  for (const auto& page : pages) {
    EXPECT_EQ(StringAt(*page, "range.from"), "2026-03-02");
    for (const json::Value& l : (*At(*page, "learners")).GetArray()) {
      by_mbox[StringAt(l, "agent.mbox")] = &l;
    }
  }
  ASSERT_EQ(by_mbox.size(), 6u);
  int active = 0, completed = 0;
  for (const auto& [mbox, l] : by_mbox) {
    active += At(*l, "active_in_range")->GetBool() ? 1 : 0;
    completed += At(*l, "completed_in_range")->GetBool() ? 1 : 0;
  }
  EXPECT_EQ(active, IntAt(*week, "consumer.totals.active_learners"));
  EXPECT_EQ(completed, IntAt(*week, "consumer.totals.completions"));
  const json::Value& bob = *by_mbox.at("mailto:bob@example.com");
  EXPECT_EQ(StringAt(bob, "first_statement"), "2026-03-02T12:00:00.000Z");
  EXPECT_EQ(StringAt(bob, "first_completion"), "2026-03-10T00:00:00.000Z");
  ExpectNumber(bob, "days_to_proficiency", 7.5);
  EXPECT_EQ(IntAt(bob, "tagged_statements_in_range"), 3);
  ExpectNumber(bob, "mean_scaled_score_in_range.value", 0.625);  // 0.25 and 1.0
  EXPECT_EQ(IntAt(bob, "mean_scaled_score_in_range.n"), 2);
  const json::Value& dave = *by_mbox.at("mailto:dave@example.com");
  EXPECT_EQ(StringAt(dave, "first_statement"), "2026-02-27T00:00:00.000Z");  // before the range
  EXPECT_TRUE(At(dave, "first_completion")->IsNull());
  EXPECT_TRUE(At(dave, "active_in_range")->GetBool());
  EXPECT_EQ(IntAt(dave, "tagged_statements_in_range"), 2);  // s9 and s10, not s13
  const json::Value& erin = *by_mbox.at("mailto:erin@example.com");
  EXPECT_FALSE(At(erin, "active_in_range")->GetBool());
  EXPECT_FALSE(At(erin, "completed_by_end")->GetBool());
  const json::Value& ann = *by_mbox.at("mailto:ann@example.com");
  ExpectNumber(ann, "kpi_in_range.mean", 9.0);  // 8 and 10; the value of 03-20 is outside
  EXPECT_EQ(IntAt(ann, "kpi_in_range.n"), 2);
  EXPECT_TRUE(At(ann, "completed_by_end")->GetBool());

  EXPECT_TRUE(
      IsError(server().Get(OutcomePath(kOutcome) + "/learners", {{"limit", "0"}}), 400, {"limit"}));
  EXPECT_TRUE(IsError(server().Get(OutcomePath("nobody") + "/learners"), 404));
}

// ---- Changes: voiding, rule changes, retro-tagging ------------------------------------------

TEST_F(DashboardHttp, VoidingTakesStatementsOutOfTheDashboard) {
  const History h = MakeHistory();
  StoreHistory(h);

  // frank's only statement: he is no longer active, on 03-11 or at all.
  Void({h.frank_only});
  auto week = Dashboard(Range("week"));
  EXPECT_EQ(IntAt(*week, "consumer.totals.tagged_statements"), 13);
  EXPECT_EQ(IntAt(*week, "consumer.totals.active_learners"), 4);
  ExpectFigure(*week, "consumer.totals.adoption_rate", 4 / kAudience, 4);
  ExpectFigure(*week, "consumer.totals.completion_rate", 3.0 / 4, 4);
  ExpectFigure(*week, "consumer.totals.application_frequency", 12.0 / 6, 6);
  EXPECT_EQ(IntAt(*week, "consumer.series.1.active_learners"), 4);

  // ann's first statement and first completion: her first tagged statement becomes s15 (03-05
  // 00:00) and her first completion s16 (03-13 09:00), 8.375 days later. carol's first statement
  // (03-09 06:00): she stays active that day with s7, now her first statement and completion.
  Void({h.ann_first, h.ann_first_completion, h.carol_first});
  auto day = Dashboard(Range("day"));
  const json::Value& d = *day;
  EXPECT_EQ(IntAt(d, "consumer.totals.tagged_statements"), 10);
  EXPECT_EQ(IntAt(d, "consumer.totals.active_learners"), 4);
  EXPECT_EQ(IntAt(d, "consumer.totals.completions"), 3);
  ExpectFigure(d, "consumer.totals.completion_rate", 3.0 / 4, 4);
  // s4 0.25, s5 1.0, s7 0.875, s9 0.125.
  ExpectFigure(d, "consumer.totals.mean_scaled_score", 2.25 / 4, 4);
  // ann 8.375, bob 7.5, carol 0.
  ExpectFigure(d, "consumer.totals.median_time_to_proficiency_days", 7.5, 3);
  // 9 learner statements on 9 learner-days.
  ExpectFigure(d, "consumer.totals.application_frequency", 1.0, 9);
  const std::optional<double> none;
  ExpectConsumerSeries(d, {
                              {"2026-03-02", 1, 1, 0, 1.0, none, 0, none, 0},
                              {"2026-03-03", 0, 0, 0, none, none, 0, none, 0},
                              {"2026-03-04", 1, 1, 0, 1.0, 0.25, 1, none, 0},
                              {"2026-03-05", 1, 1, 0, 1.0, none, 0, none, 0},
                              {"2026-03-06", 0, 0, 0, none, none, 0, none, 0},
                              {"2026-03-07", 0, 0, 0, none, none, 0, none, 0},
                              {"2026-03-08", 0, 0, 0, none, none, 0, none, 0},
                              {"2026-03-09", 1, 1, 1, 1.0, 0.875, 1, 0.0, 1},
                              {"2026-03-10", 2, 1, 1, 1.0, 1.0, 1, 7.5, 1},
                              {"2026-03-11", 1, 1, 0, 1.0, 0.125, 1, none, 0},
                              {"2026-03-12", 2, 2, 0, 1.0, none, 0, none, 0},
                              {"2026-03-13", 1, 1, 1, 1.0, none, 0, 8.375, 1},
                              {"2026-03-14", 0, 0, 0, none, none, 0, none, 0},
                              {"2026-03-15", 0, 0, 0, none, none, 0, none, 0},
                          });

  // All time: ann, bob, carol, dave and erin are left, four of them completed.
  HttpResult got = server().Get(OutcomePath(kOutcome));
  ASSERT_TRUE(HasStatus(got, 200));
  auto g = ParseJson(got.body);
  EXPECT_EQ(IntAt(*g, "headline.consumer.learners"), 5) << got.body;
  EXPECT_EQ(IntAt(*g, "headline.consumer.completions"), 4) << got.body;
  EXPECT_EQ(IntAt(*g, "tagged_statements"), 16 - 4) << got.body;
}

TEST_F(DashboardHttp, ChangingTheRulesRebuildsTheDashboard) {
  const History h = MakeHistory();
  StoreHistory(h);
  RecordKpi(R"({"date": "2026-03-10", "value": 7})");
  ASSERT_EQ(IntAt(*Dashboard(Range("week")), "consumer.totals.tagged_statements"), 14);

  HttpResult changed = server().Put(
      kOutcome, Declaration("", R"([{"verb": "http://adlnet.gov/expapi/verbs/completed"}])"));
  ASSERT_TRUE(HasStatus(changed, 200));
  ASSERT_TRUE(server().WaitUntilTagged(kOutcome));

  // Now the completed statements alone: s2 (ann 03-03), s8 (carol 03-12), s12 (ann 03-13, now
  // tagged), s16 (ann 03-13) in the range, and erin's s14 after it. Each learner's first tagged
  // statement is their first completion: proficient in 0 days.
  auto week = Dashboard(Range("week"));
  const json::Value& w = *week;
  EXPECT_EQ(IntAt(w, "consumer.totals.tagged_statements"), 4);
  EXPECT_EQ(IntAt(w, "consumer.totals.active_learners"), 2);
  EXPECT_EQ(IntAt(w, "consumer.totals.completions"), 2);
  ExpectFigure(w, "consumer.totals.completion_rate", 1.0, 2);
  ExpectFigure(w, "consumer.totals.mean_scaled_score", 0.75, 1);
  ExpectFigure(w, "consumer.totals.median_time_to_proficiency_days", 0.0, 2);
  const std::optional<double> none;
  ExpectConsumerSeries(w, {
                              {"2026-03-02", 1, 1, 1, 1.0, 0.75, 1, 0.0, 1},
                              {"2026-03-09", 3, 2, 1, 3.0 / 2, none, 0, 0.0, 1},
                          });
  // The KPI observations stay with the outcome.
  ExpectKpiPosition(*At(w, "customer"), 7.0, "2026-03-10", 1);
  EXPECT_EQ(server().TaggedCount(kOutcome), 5);
}

// The dashboard of an outcome declared after the statements (its history tagged in the
// background, in more than one step, while statements and voidings keep arriving) is that of the
// same outcome declared before them.
TEST_F(DashboardHttp, RetroTaggedDashboardsEqualThoseOfAnOutcomeDeclaredFirst) {
  const History h = MakeHistory();
  StoreHistory(h);
  const std::vector<StatementJson> bulk = Bulk(1150);
  const size_t history = 1050;  // with h: more than one background step (1,000 statements)
  std::vector<std::string> texts;
  for (const StatementJson& s : bulk)
    texts.push_back(s.Json());
  server().StoreAll(texts, 0, history);

  HttpResult later = server().Put("quality-later", Declaration("", kCoursesRule));
  ASSERT_TRUE(HasStatus(later, 201));
  auto l = ParseJson(later.body);
  EXPECT_EQ(StringAt(*l, "tagging.state"), "running") << later.body;
  EXPECT_EQ(IntAt(*l, "tagging.total"), static_cast<int64_t>(h.statements.size() + history));
  // While it runs: new statements, and voidings of statements of the history (early ones the
  // background may have reached, late ones it may not have) and of new ones.
  for (size_t begin = history; begin < bulk.size(); begin += 20) {
    server().StoreAll(texts, begin, begin + 20);
    Void({bulk[begin - 1000].id(), bulk[begin - 3].id(), bulk[begin + 5].id()});
  }
  Void({h.frank_only, h.ann_first, h.ann_first_completion, h.carol_first});
  ASSERT_TRUE(server().WaitUntilTagged("quality-later"));
  const std::string kpi = R"([
    {"date": "2026-03-03", "value": 9}, {"date": "2026-03-10", "value": 7},
    {"date": "2026-03-04", "value": 8, "agent": {"mbox": "mailto:ann@example.com"}},
    {"date": "2026-03-12", "value": 7, "agent": {"mbox": "mailto:bob@example.com"}},
    {"date": "2026-03-10", "value": 6, "agent": {"mbox": "mailto:carol@example.com"}},
    {"date": "2026-03-11", "value": 2, "agent": {"mbox": "mailto:dave@example.com"}},
    {"date": "2026-03-06", "value": 3, "agent": {"mbox": "mailto:frank@example.com"}}
  ])";
  RecordKpi(kpi);
  RecordKpi(kpi, "quality-later");

  for (const ParamList& params :
       {Range("day"), Range("week"), Range("month"), Range("week", "2026-02-16", "2026-03-29"),
        Range("day", "2026-03-10", "2026-03-10"), ParamList{{"to", "2026-03-31"}}}) {
    SCOPED_TRACE(lrs::test_support::EncodeQuery(params));
    auto first = Dashboard(params);
    auto retro = Dashboard(params, "quality-later");
    EXPECT_EQ(StringAt(*retro, "outcome"), "quality-later");
    // The trace links name each its own outcome.
    const std::string kpi_link = StringAt(*first, "trace.kpi");
    EXPECT_EQ(kpi_link.rfind("/outcomes/quality/kpi?", 0), 0u) << kpi_link;
    EXPECT_EQ(StringAt(*retro, "trace.kpi"), "/outcomes/quality-later" + kpi_link.substr(17));
    for (json::Document* d : {first.get(), retro.get()}) {
      d->RemoveMember("outcome");
      d->RemoveMember("trace");
    }
    int budget = 10;
    ExpectSameJson(*first, *retro, "", &budget);
    EXPECT_GE(budget, 10) << "the dashboards differ";
  }
  // Not two empty dashboards: from 02-16 to 03-29 every learner but frank (voided) is active, and
  // all but dave complete.
  auto retro = Dashboard(Range("week", "2026-02-16", "2026-03-29"), "quality-later");
  EXPECT_GT(IntAt(*retro, "consumer.totals.tagged_statements"), 900);
  EXPECT_EQ(IntAt(*retro, "consumer.totals.active_learners"), 5 + 12);
  EXPECT_EQ(IntAt(*retro, "consumer.totals.completions"), 4 + 12);
  EXPECT_EQ(StringAt(*retro, "link.basis"), "per_learner");

  auto first_view = ParseJson(server().Get(OutcomePath(kOutcome)).body);
  auto retro_view = ParseJson(server().Get(OutcomePath("quality-later")).body);
  ASSERT_NE(At(*first_view, "headline"), nullptr);
  ASSERT_NE(At(*retro_view, "headline"), nullptr);
  EXPECT_EQ(json::WriteCanonical(*At(*first_view, "headline")),
            json::WriteCanonical(*At(*retro_view, "headline")));
}

// ---- Listings, defaults, parameters, scopes --------------------------------------------------

TEST_F(DashboardHttp, ListingsCarryAnAllTimeHeadline) {
  HttpResult empty = server().Get(OutcomePath(kOutcome));
  ASSERT_TRUE(HasStatus(empty, 200));
  auto e = ParseJson(empty.body);
  EXPECT_EQ(StringAt(*e, "headline.customer.basis"), "none") << empty.body;
  ExpectKpiPosition(*At(*e, "headline.customer"), std::nullopt, "", 0);
  EXPECT_EQ(IntAt(*e, "headline.consumer.learners"), 0) << empty.body;
  ExpectFigure(*e, "headline.consumer.adoption_rate", 0.0, 0);
  ExpectFigure(*e, "headline.consumer.completion_rate", std::nullopt, 0);

  StoreHistory(MakeHistory());
  // Whole-audience values 10 and 3 days ago (so that they are in the past whenever this runs),
  // and a per-learner one that does not count.
  const int64_t today = Today();
  RecordKpi("[{\"date\": \"" + DateOf(today - 10) + "\", \"value\": 9}, {\"date\": \"" +
            DateOf(today - 3) + "\", \"value\": 6.5}, {\"date\": \"" + DateOf(today - 3) +
            "\", \"value\": 1, \"agent\": {\"mbox\": \"mailto:ann@example.com\"}}]");

  HttpResult got = server().Get(OutcomePath(kOutcome));
  ASSERT_TRUE(HasStatus(got, 200));
  auto g = ParseJson(got.body);
  const json::Value* headline = At(*g, "headline");
  ASSERT_NE(headline, nullptr) << got.body;
  const json::Value& customer = *At(*headline, "customer");
  ExpectDeclaredKpi(customer);
  EXPECT_EQ(StringAt(customer, "basis"), "audience");
  // 6.5: change -3.5 (-35 %), progress 70 %.
  ExpectKpiPosition(customer, 6.5, DateOf(today - 3), 1);
  ExpectNumber(customer, "progress_to_target_percent", 70);
  const int64_t days_left = IntAt(customer, "days_left");
  EXPECT_TRUE(days_left == DayNumber("2026-12-31") - today ||
              days_left == DayNumber("2026-12-31") - Today())
      << days_left;
  // All time: ann, bob, carol, dave, erin and frank; ann, bob, carol and erin completed.
  EXPECT_EQ(IntAt(*headline, "consumer.learners"), 6);
  ExpectFigure(*headline, "consumer.adoption_rate", 6 / kAudience, 6);
  EXPECT_EQ(IntAt(*headline, "consumer.completions"), 4);
  ExpectFigure(*headline, "consumer.completion_rate", 4.0 / 6, 6);

  HttpResult list = server().Get(kOutcomes);
  ASSERT_TRUE(HasStatus(list, 200));
  auto l = ParseJson(list.body);
  ASSERT_NE(At(*l, "outcomes.0.headline"), nullptr) << list.body;
  EXPECT_EQ(json::WriteCanonical(*At(*l, "outcomes.0.headline")), json::WriteCanonical(*headline));
}

TEST_F(DashboardHttp, TheDefaultRangeRunsFromTheBaselineToTodayByWeek) {
  const int64_t today = Today();
  auto d = Dashboard({});
  // From the baseline (2026-01-01), or today when that is earlier; ISO weeks from Monday
  // 2025-12-29 (2026-01-01 is a Thursday).
  const int64_t from = std::min(DayNumber("2026-01-01"), today);
  EXPECT_EQ(StringAt(*d, "range.from"), DateOf(from));
  const std::string to = StringAt(*d, "range.to");
  EXPECT_TRUE(to == DateOf(today) || to == DateOf(Today())) << to;
  EXPECT_EQ(StringAt(*d, "range.as_of"), to);
  EXPECT_EQ(StringAt(*d, "range.bucket"), "week");
  const int64_t monday = from - ((from + 3) % 7 + 7) % 7;
  const json::Value* series = At(*d, "consumer.series");
  ASSERT_TRUE(series != nullptr && series->IsArray());
  EXPECT_EQ(static_cast<int64_t>(series->Size()), (DayNumber(to) - monday) / 7 + 1);
  EXPECT_EQ(StringAt(*d, "consumer.series.0.start"), DateOf(monday));
  EXPECT_EQ(At(*d, "customer.series")->Size(), series->Size());

  // A `to` before the baseline is also where the range starts.
  auto early = Dashboard({{"to", "2025-06-04"}});
  EXPECT_EQ(StringAt(*early, "range.from"), "2025-06-04");
  EXPECT_EQ(StringAt(*early, "range.to"), "2025-06-04");
  EXPECT_EQ(StringAt(*early, "consumer.series.0.start"), "2025-06-02");
  EXPECT_EQ(At(*early, "consumer.series")->Size(), 1u);
  // A `from` alone runs to today.
  auto from_only = Dashboard({{"from", DateOf(today - 2)}, {"bucket", "day"}});
  EXPECT_EQ(StringAt(*from_only, "range.from"), DateOf(today - 2));
  EXPECT_GE(At(*from_only, "consumer.series")->Size(), 3u);
}

TEST_F(DashboardHttp, BadParametersAre400NamingThem) {
  struct Case {
    ParamList params;
    std::vector<std::string> fragments;
  };
  for (const Case& c : std::vector<Case>{
           {{{"bucket", "fortnight"}}, {"bucket"}},
           {{{"bucket", "Week"}}, {"bucket"}},
           {{{"bucket", ""}}, {"bucket"}},
           {{{"from", "2026-03-15"}, {"to", "2026-03-02"}}, {"from", "2026-03-15", "2026-03-02"}},
           {{{"from", "2099-01-01"}}, {"from", "2099-01-01"}},  // after today
           {{{"from", "2026-02-30"}}, {"from", "2026-02-30"}},
           {{{"from", "March"}}, {"from"}},
           {{{"to", "2026-13-01"}}, {"to", "2026-13-01"}},
           {{{"to", "2026-03-02T00:00:00Z"}}, {"to"}},
           // Day buckets over five years; one more than 1000 days; one more than 1000 weeks.
           {{{"from", "2020-01-01"}, {"to", "2024-12-31"}, {"bucket", "day"}}, {"1000", "day"}},
           {{{"from", "2020-01-01"}, {"to", "2022-09-27"}, {"bucket", "day"}}, {"1000", "day"}},
           {{{"from", "2020-01-06"}, {"to", "2039-03-07"}, {"bucket", "week"}}, {"1000", "week"}},
           {{{"colour", "blue"}}, {"colour"}},
           {{{"from", "2026-03-02"}, {"since", "2026-03-02"}}, {"since"}},
       }) {
    SCOPED_TRACE(lrs::test_support::EncodeQuery(c.params));
    EXPECT_TRUE(IsError(server().Get(DashboardPath(kOutcome), c.params), 400, c.fragments));
  }
  // Exactly 1000 buckets are fine.
  auto days = Dashboard({{"from", "2020-01-01"}, {"to", "2022-09-26"}, {"bucket", "day"}});
  EXPECT_EQ(At(*days, "consumer.series")->Size(), 1000u);
  auto weeks = Dashboard({{"from", "2020-01-06"}, {"to", "2039-03-06"}, {"bucket", "week"}});
  EXPECT_EQ(At(*weeks, "consumer.series")->Size(), 1000u);
  auto months = Dashboard({{"from", "2020-01-01"}, {"to", "2024-12-31"}, {"bucket", "month"}});
  EXPECT_EQ(At(*months, "consumer.series")->Size(), 60u);
  EXPECT_EQ(StringAt(*months, "consumer.series.59.start"), "2024-12-01");
}

TEST_F(DashboardHttp, UnknownOutcomesAre404AndReadingNeedsAnOutcomesScope) {
  EXPECT_TRUE(IsError(server().Get(DashboardPath("no-such-outcome")), 404, {"no-such-outcome"}));
  EXPECT_TRUE(IsError(server().Get(DashboardPath("no-such-outcome"), Range("week")), 404));

  ASSERT_TRUE(server().AddCredential("reader", "reader-secret", "outcomes/read"));
  ASSERT_TRUE(server().AddCredential("xapi", "xapi-secret", "statements/read"));
  ASSERT_TRUE(server().AddCredential("other", "other-secret", "all", "other"));
  XapiClient reader = server().ClientFor("reader", "reader-secret");
  XapiClient xapi = server().ClientFor("xapi", "xapi-secret");
  XapiClient other = server().ClientFor("other", "other-secret");
  EXPECT_TRUE(HasStatus(server().Get(DashboardPath(kOutcome), Range("week"), &reader), 200));
  EXPECT_TRUE(
      IsError(server().Get(DashboardPath(kOutcome), Range("week"), &xapi), 403, {"outcomes/read"}));
  EXPECT_TRUE(IsError(server().Get(DashboardPath(kOutcome), Range("week"), &other), 404));
  XapiClient anonymous = server().Anonymous();
  EXPECT_TRUE(IsError(server().Get(DashboardPath(kOutcome), Range("week"), &anonymous), 401));
  // The dashboard is read-only.
  HttpResult posted = admin().Post(DashboardPath(kOutcome), "{}");
  EXPECT_TRUE(IsError(posted, 405));
}

}  // namespace
}  // namespace outcomes::http_test
