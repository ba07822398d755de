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
#include "tests/outcomes/impact_mpdta.h"

namespace outcomes {
namespace {

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
  const auto rows = ReadCsv(kImpactDataDir + "did-attgt.csv");
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
  const auto rows = ReadCsv(kImpactDataDir + "did-aggte.csv");
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
  const auto rows = ReadCsv(kImpactDataDir + "did-pretest.csv");
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

// The pre-test's cross products take units observed in every period group by group, and the
// others unit by unit. An extra period in which nobody is observed makes every unit "incomplete":
// the same statistic must come out of the unit-by-unit path.
TEST(ImpactMpdta, PretestIsTheSameUnitByUnit) {
  Mpdta m = LoadMpdta();
  const ImpactResult before = Estimate(m, ImpactControl::kNotYet);
  m.panel.periods.push_back("2008");
  const ImpactResult after = Estimate(m, ImpactControl::kNotYet);
  ASSERT_TRUE(before.pretrend);
  ASSERT_TRUE(after.pretrend);
  EXPECT_NEAR(after.pretrend->chi2, before.pretrend->chi2, 1e-9);
  EXPECT_EQ(after.pretrend->df, before.pretrend->df);
  // The cells of 2008 have nobody in them: listed, not estimated, and left out of everything.
  int empty = 0;
  for (const AttGtCell& c : after.att_gt) {
    if (c.time != 5) continue;
    ++empty;
    EXPECT_EQ(c.status, CellStatus::kTooFewTreated);
    EXPECT_EQ(c.n_treated, 0);
    EXPECT_FALSE(c.att);
  }
  EXPECT_EQ(empty, 3);
  ASSERT_TRUE(after.overall);
  EXPECT_NEAR(after.overall->att, before.overall->att, 1e-12);
  EXPECT_NEAR(after.overall->se, before.overall->se, 1e-12);
}

TEST(ImpactMpdta, BootstrapBandIsWiderAndReproducible) {
  const Mpdta m = LoadMpdta();
  const ImpactResult a = Estimate(m, ImpactControl::kNever, 999);
  const ImpactResult b = Estimate(m, ImpactControl::kNever, 999);
  ASSERT_TRUE(a.band_critical_value);
  EXPECT_GT(*a.band_critical_value, kZ975);
  EXPECT_LT(*a.band_critical_value, 4.0);
  ASSERT_EQ(a.event_study.size(), 7u);
  for (size_t k = 0; k < a.event_study.size(); ++k) {
    const EventStudyPoint& p = a.event_study[k];
    ASSERT_TRUE(p.band_low && p.band_high && p.estimate.bootstrap_se) << p.e;
    // The band holds the interval's centre and is wider than the pointwise interval.
    EXPECT_LT(*p.band_low, p.estimate.att);
    EXPECT_GT(*p.band_high, p.estimate.att);
    EXPECT_LT(*p.band_low, p.estimate.ci_low) << p.e;
    EXPECT_GT(*p.band_high, p.estimate.ci_high) << p.e;
    // The bootstrap's standard error is the analytic one, up to simulation noise.
    EXPECT_NEAR(*p.estimate.bootstrap_se / p.estimate.se, 1.0, 0.15) << p.e;
    // The same seed, the same band.
    EXPECT_EQ(*p.band_low, *b.event_study[k].band_low);
    EXPECT_EQ(*p.band_high, *b.event_study[k].band_high);
  }
  ASSERT_TRUE(a.overall && a.overall->bootstrap_se && a.simple && a.simple->bootstrap_se);
  EXPECT_NEAR(*a.overall->bootstrap_se / a.overall->se, 1.0, 0.15);
  EXPECT_NEAR(*a.simple->bootstrap_se / a.simple->se, 1.0, 0.15);
  // Another seed: other draws, a (slightly) different band.
  ImpactOptions o;
  o.control = ImpactControl::kNever;
  o.seed = 7;
  const ImpactResult c = EstimateImpact(m.panel, o).value();
  ASSERT_TRUE(c.band_critical_value);
  EXPECT_NE(*c.band_critical_value, *a.band_critical_value);
  EXPECT_NEAR(*c.band_critical_value, *a.band_critical_value, 0.3);
}

// With every unit its own cluster, resampling clusters is resampling units (the same draws);
// with the state as cluster (countyreal / 1000), the draws are per state.
TEST(ImpactMpdta, ClusterBootstrap) {
  Mpdta m = LoadMpdta();
  const auto rows = ReadCsv(kImpactDataDir + "mpdta.csv");
  std::map<int64_t, size_t> unit_of;
  for (size_t r = 1; r < rows.size(); ++r)
    unit_of.emplace(std::stoll(rows[r][1]), unit_of.size());
  ImpactOptions o;
  o.cluster = true;
  const ImpactResult units = EstimateImpact(m.panel, ImpactOptions{}).value();
  const ImpactResult own = EstimateImpact(m.panel, o).value();
  ASSERT_TRUE(units.band_critical_value && own.band_critical_value);
  EXPECT_EQ(*own.band_critical_value, *units.band_critical_value);
  EXPECT_EQ(*own.overall->bootstrap_se, *units.overall->bootstrap_se);
  for (const auto& [county, unit] : unit_of)
    m.panel.units[unit].cluster = county / 1000;
  const ImpactResult states = EstimateImpact(m.panel, o).value();
  ASSERT_TRUE(states.band_critical_value && states.overall->bootstrap_se);
  EXPECT_NE(*states.overall->bootstrap_se, *units.overall->bootstrap_se);
  EXPECT_EQ(states.overall->att, units.overall->att);  // the estimate itself does not change
  EXPECT_EQ(states.overall->se, units.overall->se);
}

// The universal base compares every period with g - 1: with never-treated comparison units
// (the same in every cell), a pre-period cell is minus the sum of the varying-base cells between.
TEST(ImpactMpdta, UniversalBase) {
  const Mpdta m = LoadMpdta();
  ImpactOptions o;
  o.control = ImpactControl::kNever;
  o.bootstrap = 0;
  const ImpactResult varying = EstimateImpact(m.panel, o).value();
  o.base = ImpactBase::kUniversal;
  const ImpactResult universal = EstimateImpact(m.panel, o).value();
  auto cell = [](const ImpactResult& r, int g, int t) -> const AttGtCell* {
    for (const AttGtCell& c : r.att_gt)
      if (c.group == g && c.time == t) return &c;
    return nullptr;
  };
  EXPECT_EQ(universal.att_gt.size(), 15u);  // every period, for 3 groups
  for (const GroupSize& gs : universal.groups) {
    const int g = gs.group;
    for (int t = 0; t < 5; ++t) {
      const AttGtCell* u = cell(universal, g, t);
      ASSERT_NE(u, nullptr);
      EXPECT_EQ(u->base, g - 1);
      if (t == g - 1) {
        EXPECT_EQ(u->status, CellStatus::kReference);
        EXPECT_EQ(*u->att, 0.0);
        EXPECT_FALSE(u->se);
      } else if (t >= g) {
        EXPECT_NEAR(*u->att, *cell(varying, g, t)->att, 1e-12);
        EXPECT_NEAR(*u->se, *cell(varying, g, t)->se, 1e-12);
      } else {
        double sum = 0;
        for (int s = t + 1; s <= g - 1; ++s)
          sum += *cell(varying, g, s)->att;
        EXPECT_NEAR(*u->att, -sum, 1e-12) << "g=" << g << " t=" << t;
      }
    }
  }
  // The reference event time -1 is 0 by definition, and stays out of the pre-trend test.
  bool reference = false;
  for (const EventStudyPoint& p : universal.event_study) {
    if (p.e != -1) continue;
    reference = true;
    EXPECT_TRUE(p.reference);
    EXPECT_EQ(p.estimate.att, 0.0);
    EXPECT_EQ(p.estimate.se, 0.0);
  }
  EXPECT_TRUE(reference);
  // The pre-period cells (2006: 2003, 2004; 2007: 2003..2005) are an invertible linear map of
  // the varying-base ones, influence functions included: the same Wald statistic.
  ASSERT_TRUE(universal.pretrend && varying.pretrend);
  EXPECT_EQ(universal.pretrend->df, 5);
  EXPECT_NEAR(universal.pretrend->chi2, varying.pretrend->chi2, 1e-9);
}

}  // namespace
}  // namespace outcomes
