// The impact estimator's honest states and options: every not-enough-data reason, cells with too
// few units left out of the aggregations, the window, anticipation, groups beyond the data, and
// malformed input refused. Expected numbers are worked out here from the published ATT(g,t) of
// mpdta (tests/data/impact/did-attgt.csv) or from the panel directly.
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "plugin/analytics/impact.h"
#include "tests/outcomes/impact_mpdta.h"

namespace outcomes {
namespace {

// The published ATT(g,t) for the never-treated comparison, by (group year, year).
std::map<std::pair<int, int>, double> ReferenceAtt() {
  std::map<std::pair<int, int>, double> att;
  const auto rows = ReadCsv(kImpactDataDir + "did-attgt.csv");
  for (size_t k = 1; k < rows.size(); ++k)
    if (rows[k][0] == "never")
      att[{std::stoi(rows[k][1]), std::stoi(rows[k][2])}] = std::stod(rows[k][3]);
  return att;
}

ImpactOptions Analytic(ImpactControl control = ImpactControl::kNever) {
  ImpactOptions o;
  o.control = control;
  o.bootstrap = 0;
  return o;
}

const AttGtCell* CellAt(const ImpactResult& r, int g, int t) {
  for (const AttGtCell& c : r.att_gt)
    if (c.group == g && c.time == t) return &c;
  return nullptr;
}

ImpactPanel TinyPanel(int periods) {
  ImpactPanel panel;
  for (int t = 0; t < periods; ++t)
    panel.periods.push_back("2024-0" + std::to_string(t + 1) + "-01");
  return panel;
}

// Adds `count` units of group `group` observed in every period with value base + t.
void AddUnits(ImpactPanel& panel, int count, std::optional<int> group, double base) {
  for (int k = 0; k < count; ++k) {
    ImpactUnit u;
    u.group = group;
    const size_t index = panel.units.size();
    panel.units.push_back(u);
    for (int t = 0; t < static_cast<int>(panel.periods.size()); ++t)
      panel.observations.push_back({index, t, base + t + 0.01 * k * (t % 2)});
  }
}

TEST(ImpactStates, FewerThanTwoPeriods) {
  ImpactPanel panel = TinyPanel(1);
  AddUnits(panel, 20, 0, 1.0);
  const ImpactResult r = EstimateImpact(panel, Analytic()).value();
  ASSERT_TRUE(r.not_enough_data);
  EXPECT_EQ(r.not_enough_data->reason, NotEnoughDataReason::kFewerThanTwoPeriods);
  EXPECT_STREQ(NotEnoughDataReasonName(r.not_enough_data->reason), "fewer_than_two_periods");
  EXPECT_EQ(r.not_enough_data->message,
            "not enough data: the KPI has fewer than two periods of data");
  EXPECT_TRUE(r.att_gt.empty());
  EXPECT_FALSE(r.overall);
}

TEST(ImpactStates, NoCompleters) {
  ImpactPanel panel = TinyPanel(4);
  AddUnits(panel, 30, std::nullopt, 1.0);
  const ImpactResult r = EstimateImpact(panel, Analytic()).value();
  ASSERT_TRUE(r.not_enough_data);
  EXPECT_EQ(r.not_enough_data->reason, NotEnoughDataReason::kNoCompleters);
  EXPECT_EQ(r.n_units, 30);
  EXPECT_TRUE(r.groups.empty());
}

// Everyone who completed did so in the first period: no before. They are dropped from the
// panel, and counted.
TEST(ImpactStates, NoPrePeriod) {
  ImpactPanel panel = TinyPanel(4);
  AddUnits(panel, 15, 0, 1.0);
  AddUnits(panel, 30, std::nullopt, 1.0);
  const ImpactResult r = EstimateImpact(panel, Analytic()).value();
  ASSERT_TRUE(r.not_enough_data);
  EXPECT_EQ(r.not_enough_data->reason, NotEnoughDataReason::kNoPrePeriod);
  EXPECT_EQ(r.dropped_units, 15);
  EXPECT_EQ(r.n_units, 30);
  // With one period of anticipation, completing in period 1 leaves no base period either.
  ImpactPanel later = TinyPanel(4);
  AddUnits(later, 15, 1, 1.0);
  AddUnits(later, 30, std::nullopt, 1.0);
  ImpactOptions o = Analytic();
  EXPECT_FALSE(EstimateImpact(later, o).value().not_enough_data);
  o.anticipation = 1;
  const ImpactResult anticipating = EstimateImpact(later, o).value();
  ASSERT_TRUE(anticipating.not_enough_data);
  EXPECT_EQ(anticipating.not_enough_data->reason, NotEnoughDataReason::kNoPrePeriod);
}

// Every cell below min_units: listed with its counts and status, nothing aggregated.
TEST(ImpactStates, TooFewUnitsEverywhere) {
  const Mpdta m = LoadMpdta();
  ImpactOptions o = Analytic();
  o.min_units = 200;  // the largest group has 131 counties
  const ImpactResult r = EstimateImpact(m.panel, o).value();
  ASSERT_TRUE(r.not_enough_data);
  EXPECT_EQ(r.not_enough_data->reason, NotEnoughDataReason::kTooFewUnits);
  EXPECT_EQ(r.not_enough_data->message,
            "not enough data: every comparison has fewer than 200 completers or fewer than 200 "
            "comparison learners with KPI data before and after");
  ASSERT_EQ(r.att_gt.size(), 12u);
  for (const AttGtCell& c : r.att_gt) {
    EXPECT_EQ(c.status, CellStatus::kTooFewTreated);
    EXPECT_FALSE(c.att);
    EXPECT_GT(c.n_treated, 0);
    EXPECT_EQ(c.n_control, 309);
  }
  EXPECT_FALSE(r.overall);
  EXPECT_FALSE(r.simple);
  EXPECT_TRUE(r.event_study.empty());
  EXPECT_FALSE(r.pretrend);
  EXPECT_FALSE(r.pretrend_note.empty());
}

TEST(ImpactStates, TooFewComparisonUnits) {
  ImpactPanel panel = TinyPanel(4);
  AddUnits(panel, 30, 2, 1.0);
  AddUnits(panel, 5, std::nullopt, 2.0);
  const ImpactResult r = EstimateImpact(panel, Analytic(ImpactControl::kNotYet)).value();
  ASSERT_TRUE(r.not_enough_data);
  EXPECT_EQ(r.not_enough_data->reason, NotEnoughDataReason::kTooFewUnits);
  for (const AttGtCell& c : r.att_gt) {
    EXPECT_EQ(c.status, CellStatus::kTooFewComparison);
    EXPECT_EQ(c.n_treated, 30);
    EXPECT_EQ(c.n_control, 5);
  }
  ImpactOptions o = Analytic(ImpactControl::kNotYet);
  o.min_units = 5;
  const ImpactResult enough = EstimateImpact(panel, o).value();
  EXPECT_FALSE(enough.not_enough_data);
  ASSERT_TRUE(enough.overall);
}

// min_units = 25 leaves out group 2004 (20 counties): its cells are listed but not estimated,
// and every aggregation is over the other groups' cells.
TEST(ImpactStates, SmallGroupIsLeftOutOfTheAggregations) {
  const Mpdta m = LoadMpdta();
  const auto ref = ReferenceAtt();
  ImpactOptions o = Analytic();
  o.min_units = 25;
  const ImpactResult r = EstimateImpact(m.panel, o).value();
  EXPECT_FALSE(r.not_enough_data);
  for (int t = 1; t <= 4; ++t) {
    const AttGtCell* c = CellAt(r, 1, t);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->status, CellStatus::kTooFewTreated);
    EXPECT_EQ(c->n_treated, 20);
  }
  // simple: the post-treatment cells of 2006 (40 counties) and 2007 (131), weighted by size.
  const double simple =
      (40 * ref.at({2006, 2006}) + 40 * ref.at({2006, 2007}) + 131 * ref.at({2007, 2007})) /
      (40 + 40 + 131);
  ASSERT_TRUE(r.simple);
  EXPECT_NEAR(r.simple->att, simple, 1e-12);
  ASSERT_EQ(r.group_effects.size(), 2u);
  EXPECT_EQ(r.group_effects[0].group, 3);
  // Event time 2 and 3 existed only for 2004: gone.
  for (const EventStudyPoint& p : r.event_study)
    EXPECT_LE(p.e, 1);
  ASSERT_TRUE(r.pretrend);
  EXPECT_EQ(r.pretrend->df, 5);  // the pre-periods of 2006 and 2007 only
}

// The window over event times 0..1: the groups observed through e = 1 (2004, 2006; 2007 is not),
// each event time a size-weighted mean over those two groups, the window their mean.
TEST(ImpactStates, WindowIsBalanced) {
  const Mpdta m = LoadMpdta();
  const auto ref = ReferenceAtt();
  ImpactOptions o = Analytic();
  o.window_last_event_time = 1;
  o.window_days = 730;
  o.baseline = 6.0;
  o.direction = KpiDirection::kIncrease;
  o.words.kpi = "log employment";
  o.words.population = "counties";
  const ImpactResult r = EstimateImpact(m.panel, o).value();
  ASSERT_TRUE(r.window);
  EXPECT_EQ(r.window->groups, (std::vector<int>{1, 3}));
  EXPECT_EQ(r.window->event_times, (std::vector<int>{0, 1}));
  const double e0 = (20 * ref.at({2004, 2004}) + 40 * ref.at({2006, 2006})) / 60;
  const double e1 = (20 * ref.at({2004, 2005}) + 40 * ref.at({2006, 2007})) / 60;
  EXPECT_NEAR(r.window->estimate.att, (e0 + e1) / 2, 1e-12);
  EXPECT_GT(r.window->estimate.se, 0);
  EXPECT_NEAR(r.window->estimate.ci_high - r.window->estimate.ci_low,
              2 * kZ975 * r.window->estimate.se, 1e-12);
  EXPECT_EQ(r.window->n_treated, 60);
  EXPECT_EQ(r.window->n_control, 309);
  ASSERT_TRUE(r.window->percent_of_baseline);
  EXPECT_NEAR(*r.window->percent_of_baseline, 100 * r.window->estimate.att / 6.0, 1e-12);
  // The interval lies below zero, and the KPI should rise: away from the target.
  ASSERT_LT(r.window->estimate.ci_high, 0);
  EXPECT_EQ(r.window->toward_target, std::optional<bool>(false));
  const std::string& words = r.window->sentence;
  EXPECT_EQ(words.rfind("completers' log employment fell 0.0", 0), 0u) << words;
  EXPECT_NE(words.find(" % of baseline) more than non-completers' within 730 days of completing; "
                       "95 % CI \u2212"),
            std::string::npos)
      << words;
  const std::string tail = "; 60 completers, 309 comparison counties";
  EXPECT_EQ(words.substr(words.size() - tail.size()), tail) << words;
  // With event times 0..3, no group is observed for the whole window yet.
  o.window_last_event_time = 4;
  const ImpactResult too_long = EstimateImpact(m.panel, o).value();
  ASSERT_TRUE(too_long.not_enough_data);
  EXPECT_EQ(too_long.not_enough_data->reason, NotEnoughDataReason::kWindowNotObserved);
  EXPECT_FALSE(too_long.window);
  EXPECT_FALSE(too_long.overall);
  EXPECT_FALSE(too_long.event_study.empty());  // the points behind it are still listed
  // Observed, but the groups observed have too few units.
  o.window_last_event_time = 1;
  o.min_units = 41;
  const ImpactResult too_few = EstimateImpact(m.panel, o).value();
  ASSERT_TRUE(too_few.not_enough_data);
  EXPECT_EQ(too_few.not_enough_data->reason, NotEnoughDataReason::kTooFewUnits);
}

// One period of anticipation: the base of every post-treatment cell moves to g - 2, and 2004
// (g = 1) has no such period, so it is dropped. Cell (2006, 2006) by hand from the panel.
TEST(ImpactStates, Anticipation) {
  const Mpdta m = LoadMpdta();
  ImpactOptions o = Analytic();
  o.anticipation = 1;
  const ImpactResult r = EstimateImpact(m.panel, o).value();
  EXPECT_EQ(r.dropped_units, 20);
  EXPECT_EQ(r.n_units, 480);
  ASSERT_EQ(r.groups.size(), 2u);
  const AttGtCell* c = CellAt(r, 3, 3);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->base, 1);
  std::map<size_t, std::map<int, double>> y;
  for (const ImpactObservation& ob : m.panel.observations)
    y[ob.unit][ob.period] = ob.value;
  double treated = 0, control = 0;
  int nt = 0, nc = 0;
  for (size_t u = 0; u < m.panel.units.size(); ++u) {
    const double d = y[u][3] - y[u][1];
    if (m.panel.units[u].group == std::optional<int>(3)) {
      treated += d;
      ++nt;
    } else if (!m.panel.units[u].group) {
      control += d;
      ++nc;
    }
  }
  EXPECT_NEAR(*c->att, treated / nt - control / nc, 1e-12);
  EXPECT_EQ(c->n_treated, nt);
  // Period 2 (2005) is anticipation for 2006: a pre-period cell with the varying base 2004.
  const AttGtCell* anticipating = CellAt(r, 3, 2);
  ASSERT_NE(anticipating, nullptr);
  EXPECT_FALSE(anticipating->post);
  EXPECT_EQ(anticipating->base, 1);
  // Not-yet-treated comparison units must be untreated through max(t, b) + 1: the counties of
  // 2007 (period 4) are comparison units for (2006, 2005) (4 > max(2, 1) + 1), not for
  // (2006, 2006) (4 > 3 + 1 fails).
  o.control = ImpactControl::kNotYet;
  const ImpactResult not_yet = EstimateImpact(m.panel, o).value();
  EXPECT_EQ(CellAt(not_yet, 3, 2)->n_control, 309 + 131);
  EXPECT_EQ(CellAt(not_yet, 3, 3)->n_control, 309);
}

// A completion after the data's last period is not in the data: such units are never-treated.
TEST(ImpactStates, GroupsBeyondTheDataAreNeverTreated) {
  Mpdta m = LoadMpdta();
  const ImpactResult before = EstimateImpact(m.panel, Analytic()).value();
  int moved = 0;
  for (ImpactUnit& u : m.panel.units) {
    if (!u.group && moved < 50) {
      u.group = 5 + moved % 3;
      ++moved;
    }
  }
  const ImpactResult after = EstimateImpact(m.panel, Analytic()).value();
  ASSERT_TRUE(before.overall && after.overall);
  EXPECT_EQ(after.groups.size(), 3u);
  EXPECT_NEAR(after.overall->att, before.overall->att, 1e-12);
  EXPECT_NEAR(after.overall->se, before.overall->se, 1e-12);
}

// A group before the first period (a completion before the data, as TeamGroup and the HTTP
// layer give it: any negative period) has no base period: those units are left out and counted,
// exactly like completers of the first period, never taken for never-treated comparison units.
TEST(ImpactStates, GroupsBeforeTheDataAreLeftOutNotCompared) {
  Mpdta m = LoadMpdta();
  ImpactPanel without = m.panel;
  const size_t kept = without.units.size();
  // 40 more units that completed before the data, falling by 5 a period: were they compared as
  // never-treated, every estimate would move.
  ImpactPanel with = m.panel;
  for (int k = 0; k < 40; ++k) {
    ImpactUnit u;
    u.group = k % 2 == 0 ? -1 : -3;
    const size_t index = with.units.size();
    with.units.push_back(u);
    for (int t = 0; t < static_cast<int>(with.periods.size()); ++t)
      with.observations.push_back({index, t, 10.0 - 5.0 * t});
  }
  const ImpactResult a = EstimateImpact(without, Analytic()).value();
  const ImpactResult b = EstimateImpact(with, Analytic()).value();
  EXPECT_EQ(b.n_units, static_cast<int64_t>(kept));
  EXPECT_EQ(b.dropped_units, a.dropped_units + 40);
  ASSERT_TRUE(a.overall && b.overall);
  EXPECT_NEAR(b.overall->att, a.overall->att, 1e-12);
  EXPECT_NEAR(b.overall->se, a.overall->se, 1e-12);
  ASSERT_EQ(a.att_gt.size(), b.att_gt.size());
  for (size_t k = 0; k < a.att_gt.size(); ++k)
    EXPECT_EQ(a.att_gt[k].n_control, b.att_gt[k].n_control) << k;
}

TEST(ImpactStates, MalformedInputIsRefused) {
  ImpactPanel panel = TinyPanel(3);
  AddUnits(panel, 12, 1, 1.0);
  AddUnits(panel, 12, std::nullopt, 1.0);
  EXPECT_TRUE(EstimateImpact(panel, Analytic()).ok());
  auto refused = [&](ImpactPanel p, ImpactOptions o) {
    const auto r = EstimateImpact(p, o);
    if (r.ok()) return std::string("accepted");
    EXPECT_EQ(r.error().code(), lrs::ErrorCode::kBadRequest);
    return r.error().message();
  };
  ImpactPanel bad = panel;
  bad.observations.push_back({99, 0, 1.0});
  EXPECT_EQ(refused(bad, Analytic()), "an observation names unit 99 of 24");
  bad = panel;
  bad.observations.push_back({0, 3, 1.0});
  EXPECT_EQ(refused(bad, Analytic()), "an observation names period 3 of 3");
  bad = panel;
  bad.observations.push_back({0, 1, std::nan("")});
  EXPECT_EQ(refused(bad, Analytic()), "an observation's value is not a finite number");
  ImpactOptions o = Analytic();
  o.anticipation = -1;
  EXPECT_EQ(refused(panel, o), "anticipation must be 0 or more");
  o = Analytic();
  o.bootstrap = -5;
  EXPECT_EQ(refused(panel, o), "bootstrap must be 0 or more draws");
  o = Analytic();
  o.min_units = 0;
  EXPECT_EQ(refused(panel, o), "min_units must be 1 or more");
}

// A unit's value in a period is the mean of its observations there.
TEST(ImpactStates, SeveralObservationsInAPeriodAreAveraged) {
  ImpactPanel one = TinyPanel(3), two = TinyPanel(3);
  AddUnits(one, 12, 1, 1.0);
  AddUnits(one, 12, std::nullopt, 5.0);
  two = one;
  // Split every observation of `two` into a pair around it.
  std::vector<ImpactObservation> split;
  for (const ImpactObservation& ob : two.observations) {
    split.push_back({ob.unit, ob.period, ob.value - 0.5});
    split.push_back({ob.unit, ob.period, ob.value + 0.5});
  }
  two.observations = split;
  const ImpactResult a = EstimateImpact(one, Analytic()).value();
  const ImpactResult b = EstimateImpact(two, Analytic()).value();
  ASSERT_EQ(a.att_gt.size(), b.att_gt.size());
  for (size_t k = 0; k < a.att_gt.size(); ++k) {
    ASSERT_TRUE(a.att_gt[k].att && b.att_gt[k].att);
    EXPECT_NEAR(*a.att_gt[k].att, *b.att_gt[k].att, 1e-12);
  }
}

}  // namespace
}  // namespace outcomes
