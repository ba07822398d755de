// The views of one Dashboard agree: on varied dashboards (tests/outcomes/dashboard_fixture.h),
// every figure of the JSON answer is the struct's (value, n, small_sample, reason), every cell
// of the CSV and NDJSON series is the JSON answer's figure of the same bucket, and the learners
// listing's per-learner figures add up to the dashboard's totals.
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "plugin/analytics/dashboard.h"
#include "plugin/analytics/dashboard_json.h"
#include "plugin/export/rows.h"
#include "tests/outcomes/dashboard_fixture.h"
#include "tests/support/json_path.h"

namespace outcomes {
namespace {

using lrs::test_support::At;

constexpr uint64_t kSeeds = 400;

// The JSON text of `v`, or "<absent>".
std::string Text(const json::Value* v) {
  return v == nullptr ? "<absent>" : json::Write(*v);
}

// `obj`'s member `name` shows `f`: its value (or null), and a "reason" when (and only when) it
// states one (`reason_member`: the member holding it, "reason" unless the object has several).
void ExpectShows(const json::Value& obj, const char* name, const Figure& f,
                 const char* reason_member = "reason") {
  const json::Value* v = json::Find(obj, name);
  ASSERT_NE(v, nullptr) << name << " in " << json::Write(obj);
  if (f.value) {
    ASSERT_TRUE(v->IsNumber()) << name << ": " << json::Write(*v);
    EXPECT_EQ(v->GetDouble(), *f.value) << name;
  } else {
    EXPECT_TRUE(v->IsNull()) << name << ": " << json::Write(*v);
  }
  const json::Value* reason = json::Find(obj, reason_member);
  if (f.reason() != nullptr) {
    ASSERT_NE(reason, nullptr) << name << " in " << json::Write(obj);
    EXPECT_EQ(json::View(*reason), f.reason());
  }
}

// A {"value", "n", "small_sample"} object shows `f` whole.
void ExpectFigure(const json::Value* obj, const Figure& f) {
  ASSERT_NE(obj, nullptr);
  ExpectShows(*obj, "value", f);
  EXPECT_EQ(json::Find(*obj, "reason") != nullptr, f.reason() != nullptr) << json::Write(*obj);
  EXPECT_EQ((*obj)["n"].GetInt64(), f.n);
  const json::Value* small = json::Find(*obj, "small_sample");
  EXPECT_EQ(small != nullptr && small->GetBool(), f.small_sample()) << json::Write(*obj);
}

TEST(DashboardViewsTest, TheJsonAnswerShowsEveryFigureOfTheStruct) {
  int per_learner = 0, too_large = 0;
  for (uint64_t seed = 0; seed < kSeeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const fixture::VariedDashboard v = fixture::MakeVaried(seed);
    auto computed = ComputeDashboard(v.in);
    if (!computed.ok()) continue;  // a damaged day: no figures at all
    const Dashboard& d = computed.value();
    const json::Document j = DashboardJson(d);
    ASSERT_TRUE(json::WriteChecked(j).ok());

    const ConsumerTotals& t = d.consumer.totals;
    EXPECT_EQ(At(j, "consumer.totals.tagged_statements")->GetInt64(), t.tagged_statements);
    EXPECT_EQ(At(j, "consumer.totals.active_learners")->GetInt64(), t.active_learners);
    EXPECT_EQ(At(j, "consumer.totals.completions")->GetInt64(), t.completions);
    ExpectFigure(At(j, "consumer.totals.adoption_rate"), t.adoption_rate);
    ExpectFigure(At(j, "consumer.totals.completion_rate"), t.completion_rate);
    ExpectFigure(At(j, "consumer.totals.application_frequency"), t.application_frequency);
    ExpectFigure(At(j, "consumer.totals.mean_scaled_score"), t.mean_scaled_score);
    ExpectFigure(At(j, "consumer.totals.median_time_to_proficiency_days"),
                 t.median_time_to_proficiency_days);
    EXPECT_EQ(At(j, "consumer.audience.size")->GetInt64(), d.consumer.audience.size);
    ASSERT_EQ(At(j, "consumer.series")->Size(), d.consumer.series.size());
    for (size_t i = 0; i < d.consumer.series.size(); ++i) {
      const ConsumerBucket& b = d.consumer.series[i];
      const json::Value& p = (*At(j, "consumer.series"))[static_cast<rapidjson::SizeType>(i)];
      EXPECT_EQ(json::View(p["start"]), DateOfDay(b.start_day));
      ExpectShows(p, "adoption_rate", b.adoption_rate);
      ExpectShows(p, "application_frequency", b.application_frequency);
      ExpectFigure(&p["mean_scaled_score"], b.mean_scaled_score);
      ExpectFigure(&p["median_time_to_proficiency_days"], b.median_time_to_proficiency_days);
    }

    const KpiPosition& pos = d.customer.position;
    if (pos.latest_day) {
      ExpectShows(*At(j, "customer.latest"), "value", pos.latest);
      EXPECT_EQ(At(j, "customer.latest.n")->GetInt64(), pos.latest.n);
      ExpectShows(*At(j, "customer.change_vs_baseline"), "absolute", pos.change);
      ExpectShows(*At(j, "customer.change_vs_baseline"), "percent", pos.change_percent);
      ExpectShows(*At(j, "customer"), "progress_to_target_percent", pos.progress_percent,
                  "progress_reason");
      too_large += pos.latest.reason() != nullptr ? 1 : 0;
    } else {
      EXPECT_TRUE(At(j, "customer.latest")->IsNull());
    }
    ASSERT_EQ(At(j, "customer.series")->Size(), d.customer.series.size());
    for (size_t i = 0; i < d.customer.series.size(); ++i) {
      const json::Value& p = (*At(j, "customer.series"))[static_cast<rapidjson::SizeType>(i)];
      ExpectShows(p, "value", d.customer.series[i].mean);
      EXPECT_EQ(p["n"].GetInt64(), d.customer.series[i].mean.n);
    }

    EXPECT_EQ(json::View(*At(j, "link.basis")), LinkBasisName(d.link.basis));
    if (d.link.basis == Link::Basis::kPerLearner) {
      ++per_learner;
      const json::Value& cmp = *At(j, "link.completers_vs_non_completers");
      ExpectShows(cmp["completers"], "mean_kpi", d.link.completers);
      EXPECT_EQ(cmp["completers"]["n"].GetInt64(), d.link.completers.n);
      ExpectShows(cmp["non_completers"], "mean_kpi", d.link.non_completers);
      ExpectShows(cmp, "difference", d.link.difference);
      EXPECT_EQ(cmp["small_sample"].GetBool(), d.link.difference.small_sample());
      too_large += d.link.difference.reason() != nullptr ? 1 : 0;
    }
    ASSERT_EQ(d.link.correlations.empty() ? 0u : At(j, "link.correlations")->Size(),
              d.link.correlations.size());
  }
  // The seeds reach every kind of figure.
  EXPECT_GT(per_learner, 50);
  EXPECT_GT(too_large, 10);
}

// The CSV and NDJSON cells of a series row, by column, and the JSON member each must equal.
struct Column {
  const char* name;
  const char* series;  // "consumer" or "customer"
  const char* path;    // in the bucket's object
};

TEST(DashboardViewsTest, TheSeriesExportHasTheJsonAnswersFiguresInEveryBucket) {
  const std::vector<Column> columns = {
      {"start", "consumer", "start"},
      {"kpi_mean", "customer", "value"},
      {"kpi_n", "customer", "n"},
      {"tagged_statements", "consumer", "tagged_statements"},
      {"active_learners", "consumer", "active_learners"},
      {"adoption_rate", "consumer", "adoption_rate"},
      {"completions", "consumer", "completions"},
      {"application_frequency", "consumer", "application_frequency"},
      {"mean_scaled_score", "consumer", "mean_scaled_score.value"},
      {"mean_scaled_score_n", "consumer", "mean_scaled_score.n"},
      {"median_time_to_proficiency_days", "consumer", "median_time_to_proficiency_days.value"},
      {"median_time_to_proficiency_n", "consumer", "median_time_to_proficiency_days.n"}};
  ASSERT_EQ(columns.size(), SeriesColumns().size());
  for (size_t c = 0; c < columns.size(); ++c)
    ASSERT_EQ(SeriesColumns()[c], columns[c].name);

  int64_t cells = 0, null_cells = 0;
  for (uint64_t seed = 0; seed < kSeeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const fixture::VariedDashboard v = fixture::MakeVaried(seed);
    auto computed = ComputeDashboard(v.in);
    if (!computed.ok()) continue;
    const json::Document j = DashboardJson(computed.value());
    std::string csv, ndjson;
    AppendHeader(ExportFormat::kCsv, SeriesColumns(), &csv);
    for (const auto& row : SeriesRows(computed.value())) {
      AppendRow(ExportFormat::kCsv, SeriesColumns(), row, &csv);
      AppendRow(ExportFormat::kNdjson, SeriesColumns(), row, &ndjson);
    }
    std::istringstream csv_lines(csv), ndjson_lines(ndjson);
    std::string line;
    ASSERT_TRUE(std::getline(csv_lines, line));  // the header
    const json::Value& consumer = *At(j, "consumer.series");
    const json::Value& customer = *At(j, "customer.series");
    ASSERT_EQ(consumer.Size(), customer.Size());
    for (rapidjson::SizeType i = 0; i < consumer.Size(); ++i) {
      std::string nd_line, csv_line;
      ASSERT_TRUE(std::getline(ndjson_lines, nd_line));
      ASSERT_TRUE(std::getline(csv_lines, csv_line));
      ASSERT_EQ(csv_line.back(), '\r');
      csv_line.pop_back();
      json::Document row;
      ASSERT_TRUE(json::Parse(nd_line, &row).ok()) << nd_line;
      ASSERT_EQ(row.MemberCount(), columns.size());
      std::vector<std::string> csv_cells;  // no series cell holds a comma or a quote
      std::istringstream split(csv_line);
      for (std::string cell; std::getline(split, cell, ',');)
        csv_cells.push_back(cell);
      if (!csv_line.empty() && csv_line.back() == ',') csv_cells.emplace_back();
      ASSERT_EQ(csv_cells.size(), columns.size()) << csv_line;
      EXPECT_EQ(json::View(consumer[i]["start"]), json::View(customer[i]["start"]));
      for (size_t c = 0; c < columns.size(); ++c) {
        const Column& col = columns[c];
        const json::Value* want =
            At(std::string(col.series) == "consumer" ? consumer[i] : customer[i], col.path);
        ASSERT_NE(want, nullptr) << col.path;
        const json::Value* got = json::Find(row, col.name);
        // NDJSON: the very JSON value, of the same type ("2.0" stays a double, "2" an integer).
        EXPECT_EQ(Text(got), Text(want)) << col.name << " in " << nd_line;
        // CSV: its text, or an empty cell for null.
        const std::string text = want->IsString() ? std::string(json::View(*want))
                                 : want->IsNull() ? std::string()
                                                  : json::Write(*want);
        EXPECT_EQ(csv_cells[c], text) << col.name << " in " << csv_line;
        ++cells;
        null_cells += want->IsNull() ? 1 : 0;
      }
    }
    EXPECT_FALSE(std::getline(ndjson_lines, line)) << "a row too many";
  }
  EXPECT_GT(cells, 10000);
  EXPECT_GT(null_cells, 1000);
}

TEST(DashboardViewsTest, EachLearnerAsTheListingCountsThemAddsUpToTheTotals) {
  for (uint64_t seed = 0; seed < kSeeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const fixture::VariedDashboard v = fixture::MakeVaried(seed);
    auto computed = ComputeDashboard(v.in);
    if (!computed.ok()) continue;
    const DashboardInput& in = v.in;
    auto activity = LearnerActivity(in.daily, in.from_day, in.to_day, v.outcome.id);
    ASSERT_TRUE(activity.ok());
    const auto kpi = LearnerKpi(in.kpi, in.from_day, in.to_day, in.team);
    int64_t active = 0, completions = 0, statements = 0;
    for (const LearnerRollup& l : in.learners) {
      auto did = activity.value().find(l.ordinal);
      const LearnerFigures f = CountLearner(
          &l, did == activity.value().end() ? nullptr : &did->second, {}, in.from_day, in.to_day);
      active += f.active ? 1 : 0;
      completions += f.completed_in_range ? 1 : 0;
      statements += f.tagged_statements;
    }
    const Dashboard& d = computed.value();
    EXPECT_EQ(active, d.consumer.totals.active_learners);
    EXPECT_EQ(completions, d.consumer.totals.completions);
    // The learners' statements are the totals' but for anonymous groups' (and, in a team
    // view, are all of them).
    EXPECT_LE(statements, d.consumer.totals.tagged_statements);
    if (in.team) {
      EXPECT_EQ(statements, d.consumer.totals.tagged_statements);
    }
    if (d.link.basis == Link::Basis::kPerLearner) {
      EXPECT_EQ(d.link.completers.n + d.link.non_completers.n, static_cast<int64_t>(kpi.size()));
    }
  }
}

}  // namespace
}  // namespace outcomes
