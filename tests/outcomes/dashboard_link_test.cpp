// The link of ComputeDashboard against the link as the shared definitions spell it out one by one
// (LearnerKpi's values by learner, taken in the order of their identities; LearnerActivity;
// CountLearner): the same figures, bit for bit, on varied dashboards, whatever the order of the
// observations. ComputeDashboard groups the observations and walks the learners without maps;
// this holds it to what the definitions say.
#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <gtest/gtest.h>

#include "plugin/analytics/dashboard.h"
#include "tests/outcomes/dashboard_fixture.h"

namespace outcomes {
namespace {

constexpr uint64_t kSeeds = 400;

// The per-learner link of `in` from the definitions, as the dashboard computed it before it
// grouped the observations itself.
Link ReferenceLink(const DashboardInput& in) {
  Link link;
  const std::unordered_map<std::string, std::vector<double>> by_learner =
      LearnerKpi(in.kpi, in.from_day, in.to_day, in.team);
  if (by_learner.empty()) return link;
  link.basis = Link::Basis::kPerLearner;
  std::unordered_map<std::string, const LearnerRollup*> by_agent;
  for (const LearnerRollup& l : in.learners)
    by_agent[l.agent] = &l;
  auto activity = LearnerActivity(in.daily, in.from_day, in.to_day, in.outcome->id);
  EXPECT_TRUE(activity.ok());
  std::vector<double> completers, others, statements, kpi_for_statements, scores, kpi_for_scores;
  const std::map<std::string, std::vector<double>> ordered(by_learner.begin(), by_learner.end());
  for (const auto& [agent, values] : ordered) {
    auto it = by_agent.find(agent);
    const LearnerRollup* l = it == by_agent.end() ? nullptr : it->second;
    const LearnerDay* did = nullptr;
    if (l != nullptr) {
      auto found = activity.value().find(l->ordinal);
      if (found != activity.value().end()) did = &found->second;
    }
    const LearnerFigures f = CountLearner(l, did, values, in.from_day, in.to_day);
    if (!f.kpi.value) continue;
    (f.completed_by_end ? completers : others).push_back(*f.kpi.value);
    statements.push_back(static_cast<double>(f.tagged_statements));
    kpi_for_statements.push_back(*f.kpi.value);
    if (f.mean_scaled_score.value) {
      scores.push_back(*f.mean_scaled_score.value);
      kpi_for_scores.push_back(*f.kpi.value);
    }
  }
  link.completers = MeanKpi(completers);
  link.non_completers = MeanKpi(others);
  const auto mc = link.completers.value;
  const auto mo = link.non_completers.value;
  link.difference = Figure::Of(mc && mo ? std::optional<double>(*mc - *mo) : std::nullopt,
                               static_cast<int64_t>(std::min(completers.size(), others.size())));
  link.correlations.push_back({"tagged_statements", Pearson(statements, kpi_for_statements)});
  link.correlations.push_back({"mean_scaled_score", Pearson(scores, kpi_for_scores)});
  return link;
}

bool Same(std::optional<double> a, std::optional<double> b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || std::memcmp(&*a, &*b, sizeof(double)) == 0;
}

void ExpectSame(const Figure& got, const Figure& want, const char* what) {
  EXPECT_TRUE(Same(got.value, want.value)) << what;
  EXPECT_EQ(got.n, want.n) << what;
  EXPECT_EQ(got.null, want.null) << what;
}

TEST(DashboardLinkTest, TheLinkIsTheDefinitionsWhateverTheOrderOfTheObservations) {
  int per_learner = 0;
  for (uint64_t seed = 0; seed < kSeeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    fixture::VariedDashboard v = fixture::MakeVaried(seed);
    // Half of the inputs with their observations shuffled: a learner's values are then taken
    // in the shuffled order, by both.
    if (seed % 2 == 1) {
      fixture::Random rnd(seed * 31 + 7);
      std::vector<KpiObservation>& kpi = v.in.kpi;
      for (size_t i = kpi.size(); i > 1; --i)
        std::swap(kpi[i - 1], kpi[static_cast<size_t>(rnd.Int(0, static_cast<int64_t>(i) - 1))]);
    }
    auto computed = ComputeDashboard(v.in);
    if (!computed.ok()) continue;  // a damaged day
    const Link& got = computed.value().link;
    const Link want = ReferenceLink(v.in);
    if (want.basis != Link::Basis::kPerLearner) {
      EXPECT_NE(got.basis, Link::Basis::kPerLearner);
      continue;
    }
    ++per_learner;
    ASSERT_EQ(got.basis, Link::Basis::kPerLearner);
    ExpectSame(got.completers, want.completers, "completers");
    ExpectSame(got.non_completers, want.non_completers, "non_completers");
    ExpectSame(got.difference, want.difference, "difference");
    ASSERT_EQ(got.correlations.size(), want.correlations.size());
    for (size_t i = 0; i < want.correlations.size(); ++i) {
      const Correlation& g = got.correlations[i].correlation;
      const Correlation& w = want.correlations[i].correlation;
      EXPECT_STREQ(got.correlations[i].activity, want.correlations[i].activity);
      const char* what = want.correlations[i].activity;
      EXPECT_EQ(g.n, w.n) << what;
      EXPECT_TRUE(Same(g.r, w.r)) << what;
      EXPECT_TRUE(Same(g.ci_low, w.ci_low)) << what;
      EXPECT_TRUE(Same(g.ci_high, w.ci_high)) << what;
      EXPECT_EQ(g.small_sample, w.small_sample) << what;
      EXPECT_EQ(g.reason, w.reason) << what;
    }
  }
  EXPECT_GT(per_learner, 50);
}

}  // namespace
}  // namespace outcomes
