// The impact estimator against the published reference: the `mpdta` panel of the R package
// `did` and the values `did` 2.5.0 computes on it (tests/data/impact/README.md). Every ATT(g,t),
// every aggregation and every standard error must match to 1e-6, for both comparison groups; the
// pre-test's p-value to the 5 digits `did` prints.
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "plugin/analytics/impact.h"

namespace outcomes {
namespace {

const std::string kDir = std::string(OUTCOME_LRS_SOURCE_DIR) + "/tests/data/impact/";

// A CSV file as rows of fields (quotes removed; the files have no embedded commas).
std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) {
      if (field.size() >= 2 && field.front() == '"') field = field.substr(1, field.size() - 2);
      fields.push_back(field);
    }
    rows.push_back(fields);
  }
  return rows;
}

// mpdta as an ImpactPanel: periods 2003..2007 (index = year - 2003), units by countyreal, value
// lemp, group = index of first.treat (0 = never).
struct Mpdta {
  ImpactPanel panel;
  int first_year = 0;
};

Mpdta LoadMpdta() {
  const auto rows = ReadCsv(kDir + "mpdta.csv");
  Mpdta m;
  std::map<std::string, size_t> column;
  for (size_t k = 0; k < rows[0].size(); ++k)
    column[rows[0][k]] = k;
  std::set<int> years;
  for (size_t r = 1; r < rows.size(); ++r)
    years.insert(std::stoi(rows[r][column["year"]]));
  m.first_year = *years.begin();
  for (int y : years)
    m.panel.periods.push_back(std::to_string(y));
  std::map<std::string, size_t> unit_of;
  for (size_t r = 1; r < rows.size(); ++r) {
    const std::string id = rows[r][column["countyreal"]];
    auto [it, inserted] = unit_of.emplace(id, m.panel.units.size());
    if (inserted) {
      ImpactUnit u;
      const int first_treat = std::stoi(rows[r][column["first.treat"]]);
      if (first_treat != 0) u.group = first_treat - m.first_year;
      m.panel.units.push_back(u);
    }
    ImpactObservation o;
    o.unit = it->second;
    o.period = std::stoi(rows[r][column["year"]]) - m.first_year;
    o.value = std::stod(rows[r][column["lemp"]]);
    m.panel.observations.push_back(o);
  }
  return m;
}

ImpactControl ControlOf(const std::string& name) {
  return name == "never" ? ImpactControl::kNever : ImpactControl::kNotYet;
}

ImpactResult Estimate(const Mpdta& m, ImpactControl control, int bootstrap = 0) {
  ImpactOptions o;
  o.control = control;
  o.bootstrap = bootstrap;
  auto r = EstimateImpact(m.panel, o);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message());
  return r.ok() ? r.value() : ImpactResult{};
}

// The acceptance criterion is 1e-6; the values agree to about 1e-12 (W to 3e-13).
constexpr double kTolerance = 1e-9;

TEST(ImpactMpdta, PanelIsTheReferencePanel) {
  const Mpdta m = LoadMpdta();
  EXPECT_EQ(m.panel.periods.size(), 5u);
  EXPECT_EQ(m.panel.units.size(), 500u);
  EXPECT_EQ(m.panel.observations.size(), 2500u);
  const ImpactResult r = Estimate(m, ImpactControl::kNever);
  EXPECT_EQ(r.n_units, 500);
  EXPECT_EQ(r.dropped_units, 0);
  ASSERT_EQ(r.groups.size(), 3u);  // 2004, 2006, 2007
  EXPECT_EQ(r.groups[0].group, 1);
  EXPECT_EQ(r.groups[0].units, 20);
  EXPECT_EQ(r.groups[1].units, 40);
  EXPECT_EQ(r.groups[2].units, 131);
}

TEST(ImpactMpdta, AttGtMatchesDid) {
  const Mpdta m = LoadMpdta();
  const auto rows = ReadCsv(kDir + "did-attgt.csv");
  ASSERT_EQ(rows.size(), 25u);
  std::map<std::string, ImpactResult> results;
  results["never"] = Estimate(m, ImpactControl::kNever);
  results["not_yet"] = Estimate(m, ImpactControl::kNotYet);
  for (const auto& [name, r] : results)
    EXPECT_EQ(r.att_gt.size(), 12u) << name;  // 3 groups × 4 periods after the first
  int matched = 0;
  for (size_t k = 1; k < rows.size(); ++k) {
    const ImpactResult& r = results.at(rows[k][0]);
    const int g = std::stoi(rows[k][1]) - m.first_year;
    const int t = std::stoi(rows[k][2]) - m.first_year;
    const double att = std::stod(rows[k][3]), se = std::stod(rows[k][4]);
    bool found = false;
    for (const AttGtCell& c : r.att_gt) {
      if (c.group != g || c.time != t) continue;
      found = true;
      ASSERT_EQ(c.status, CellStatus::kEstimated);
      EXPECT_NEAR(*c.att, att, kTolerance) << rows[k][0] << " g=" << g << " t=" << t;
      EXPECT_NEAR(*c.se, se, kTolerance) << rows[k][0] << " g=" << g << " t=" << t;
      EXPECT_EQ(c.base, t >= g ? g - 1 : t - 1);
      EXPECT_EQ(c.n_treated, r.groups[g == 1 ? 0 : g == 3 ? 1 : 2].units);
      ++matched;
    }
    EXPECT_TRUE(found) << rows[k][0] << " g=" << g << " t=" << t;
  }
  EXPECT_EQ(matched, 24);
}

TEST(ImpactMpdta, AggregationsMatchDid) {
  const Mpdta m = LoadMpdta();
  const auto rows = ReadCsv(kDir + "did-aggte.csv");
  std::map<std::string, ImpactResult> results;
  results["never"] = Estimate(m, ImpactControl::kNever);
  results["not_yet"] = Estimate(m, ImpactControl::kNotYet);
  int checked = 0;
  for (size_t k = 1; k < rows.size(); ++k) {
    const std::string& control = rows[k][0];
    const std::string& type = rows[k][1];
    const ImpactResult& r = results.at(control);
    const double overall_att = std::stod(rows[k][5]), overall_se = std::stod(rows[k][6]);
    const std::string where = control + " " + type + " " + rows[k][2];
    if (type == "simple") {
      ASSERT_TRUE(r.simple);
      EXPECT_NEAR(r.simple->att, overall_att, kTolerance) << where;
      EXPECT_NEAR(r.simple->se, overall_se, kTolerance) << where;
      ++checked;
    } else if (type == "group") {
      const int g = std::stoi(rows[k][2]) - m.first_year;
      bool found = false;
      for (const GroupEffect& ge : r.group_effects) {
        if (ge.group != g) continue;
        found = true;
        EXPECT_NEAR(ge.estimate.att, std::stod(rows[k][3]), kTolerance) << where;
        EXPECT_NEAR(ge.estimate.se, std::stod(rows[k][4]), kTolerance) << where;
      }
      EXPECT_TRUE(found) << where;
      ASSERT_TRUE(r.group_overall);
      EXPECT_NEAR(r.group_overall->att, overall_att, kTolerance) << where;
      EXPECT_NEAR(r.group_overall->se, overall_se, kTolerance) << where;
      ++checked;
    } else if (type == "dynamic") {
      const int e = std::stoi(rows[k][2]);
      bool found = false;
      for (const EventStudyPoint& point : r.event_study) {
        if (point.e != e) continue;
        found = true;
        EXPECT_NEAR(point.estimate.att, std::stod(rows[k][3]), kTolerance) << where;
        EXPECT_NEAR(point.estimate.se, std::stod(rows[k][4]), kTolerance) << where;
      }
      EXPECT_TRUE(found) << where;
      ASSERT_TRUE(r.overall);
      EXPECT_NEAR(r.overall->att, overall_att, kTolerance) << where;
      EXPECT_NEAR(r.overall->se, overall_se, kTolerance) << where;
      ++checked;
    }
    // "calendar" aggregations are not part of this estimator.
  }
  EXPECT_EQ(checked, 2 * (1 + 3 + 7));
  for (const auto& [name, r] : results)
    EXPECT_EQ(r.event_study.size(), 7u) << name;  // e = -3..3
}

TEST(ImpactMpdta, PretestMatchesDid) {
  const Mpdta m = LoadMpdta();
  const auto rows = ReadCsv(kDir + "did-pretest.csv");
  ASSERT_EQ(rows.size(), 3u);
  for (size_t k = 1; k < rows.size(); ++k) {
    const ImpactResult r = Estimate(m, ControlOf(rows[k][0]));
    ASSERT_TRUE(r.pretrend) << rows[k][0] << ": " << r.pretrend_note;
    EXPECT_NEAR(r.pretrend->chi2, std::stod(rows[k][1]), kTolerance) << rows[k][0];
    EXPECT_EQ(r.pretrend->df, 5);
    // did prints round(p, 5).
    EXPECT_NEAR(std::round(r.pretrend->p * 1e5) / 1e5, std::stod(rows[k][2]), 1e-12) << rows[k][0];
    EXPECT_FALSE(r.pretrend->rejected);
  }
}

}  // namespace
}  // namespace outcomes
