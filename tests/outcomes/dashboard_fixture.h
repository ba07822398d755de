// Varied dashboard inputs from a seed, for tests that must hold of every dashboard rather than
// of one worked by hand: learners active on random days with random scores, completions inside
// and outside the range, anonymous statements, teams, every kind of KPI observation (whole
// audience, per learner, per team, of people without a statement) and values so large that
// figures overflow. The same seed gives the same input on every platform (its own generator).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "plugin/analytics/dashboard.h"
#include "plugin/model/learner_days.h"

namespace outcomes::fixture {

// SplitMix64: tiny, fully specified, so a seed means the same input everywhere.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi].
  int64_t Int(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(int percent) { return Int(0, 99) < percent; }
  // A score in [-1, 1], in thousandths.
  double Score() { return static_cast<double>(Int(-1000, 1000)) / 1000.0; }

 private:
  uint64_t state_;
};

// A DashboardInput and what it points to.
struct VariedDashboard {
  Outcome outcome;
  std::unique_ptr<Team> team;
  DashboardInput in;
};

inline std::string Agent(int64_t i) {
  return "mbox|mailto:learner" + std::to_string(i) + "@example.com";
}

inline VariedDashboard MakeVaried(uint64_t seed) {
  Random rnd(seed);
  VariedDashboard v;
  Outcome& o = v.outcome;
  o.id = "varied-" + std::to_string(seed);
  o.kpi.name = "A KPI";
  o.kpi.unit = "units";
  o.kpi.increase = rnd.Chance(50);
  const int64_t start = *DayOfDate("2026-01-01") + rnd.Int(0, 300);
  const double baseline = rnd.Chance(10) ? 0.0 : static_cast<double>(rnd.Int(-50, 200));
  double target = static_cast<double>(rnd.Int(-50, 200));
  if (target == baseline) target += 7;
  o.kpi.baseline = {baseline, DateOfDay(start - 30), start - 30};
  o.kpi.target = {target, DateOfDay(start + 200), start + 200};
  o.segment = "employees";
  o.audience_size = rnd.Chance(5) ? 0 : rnd.Int(1, 80);

  DashboardInput& in = v.in;
  in.outcome = &o;
  in.from_day = start;
  in.to_day = start + rnd.Int(0, 120);
  in.as_of_day = in.to_day + rnd.Int(0, 10);
  in.bucket = static_cast<Bucket>(rnd.Int(0, 2));

  // Learners, and which of them a team view would count.
  const int64_t learners = rnd.Int(0, 40);
  const bool team_view = rnd.Chance(30);
  if (team_view) {
    v.team = std::make_unique<Team>();
    v.team->name = "team-" + std::to_string(rnd.Int(1, 3));
    v.team->teams = {*v.team->name};
    v.team->managers = {"boss@example.com"};
    in.team = v.team.get();
  }
  std::vector<bool> completed_by_end(static_cast<size_t>(learners) + 3, false);
  for (int64_t i = 0; i < learners; ++i) {
    const bool member = !team_view || rnd.Chance(50);
    if (team_view && member) v.team->agents.push_back(Agent(i));
    if (!member) continue;
    LearnerRollup l;
    l.ordinal = i;
    l.agent = Agent(i);
    const int64_t first_day = in.from_day - 20 + rnd.Int(0, in.to_day - in.from_day + 25);
    l.first_us = first_day * kMicrosPerDay + rnd.Int(0, kMicrosPerDay - 1);
    if (rnd.Chance(60)) l.completed_us = l.first_us + rnd.Int(0, 40 * kMicrosPerDay);
    completed_by_end[static_cast<size_t>(i)] =
        l.completed_us && *l.completed_us < (in.to_day + 1) * kMicrosPerDay;
    in.learners.push_back(l);
  }
  if (team_view) {
    // Members on the roster who never learned, too.
    for (int64_t i = learners; i < learners + rnd.Int(0, 3); ++i)
      v.team->agents.push_back(Agent(i));
    std::sort(v.team->agents.begin(), v.team->agents.end());
  }

  // Days, from before the range to after it. Learners who are not the team's learn too (their
  // entries are in the day lists, and a team view must not count them).
  for (int64_t day = in.from_day - 5; day <= in.to_day + 5; ++day) {
    if (rnd.Chance(30)) continue;
    DailyRollup d;
    d.day = day;
    std::vector<LearnerDay> did;
    for (int64_t i = 0; i < learners; ++i) {
      if (!rnd.Chance(20)) continue;
      LearnerDay l{i, rnd.Int(1, 5), 0, 0};
      for (int64_t s = 0; s < l.statements; ++s) {
        if (rnd.Chance(40)) {
          ++l.scored;
          l.scaled_micros += ScaledMicros(rnd.Score());
        }
      }
      d.statements += l.statements;
      d.scored += l.scored;
      d.scaled_micros += l.scaled_micros;
      did.push_back(l);
    }
    const int64_t anonymous = rnd.Chance(20) ? rnd.Int(1, 3) : 0;
    d.statements += anonymous;
    for (int64_t s = 0; s < anonymous; ++s) {
      if (rnd.Chance(50)) {
        ++d.scored;
        d.scaled_micros += ScaledMicros(rnd.Score());
      }
    }
    d.learners = EncodeLearnerDays(did);
    in.daily.push_back(std::move(d));
  }

  // KPI observations: whole-audience, per learner (some of people with no statement), per team;
  // now and then a value large enough to overflow what is computed from it, and now and then
  // per-learner values so large that completers and the others are too far apart for a double.
  const int kind = static_cast<int>(rnd.Int(0, 4));  // none, audience, learners, teams, all
  const bool apart = rnd.Chance(10);
  auto value = [&] {
    if (rnd.Chance(4)) return rnd.Chance(50) ? 1.7e308 : -1.7e308;
    return static_cast<double>(rnd.Int(-2000, 20000)) / 100.0;
  };
  for (int64_t day = in.from_day; day <= in.to_day; ++day) {
    if (kind == 0) break;
    if ((kind == 1 || kind == 4) && rnd.Chance(15)) {
      KpiObservation obs;
      obs.day = day;
      obs.date = DateOfDay(day);
      obs.value = value();
      in.kpi.push_back(obs);
    }
    if ((kind == 2 || kind == 4) && rnd.Chance(25)) {
      for (int64_t i = 0; i < learners + 3; ++i) {
        if (!rnd.Chance(15)) continue;
        KpiObservation obs;
        obs.day = day;
        obs.date = DateOfDay(day);
        obs.value =
            apart ? (completed_by_end[static_cast<size_t>(i)] ? 1.7e308 : -1.7e308) : value();
        obs.agent_key = Agent(i);
        obs.agent = "{\"mbox\":\"mailto:learner" + std::to_string(i) + "@example.com\"}";
        in.kpi.push_back(obs);
      }
    }
    if ((kind == 3 || kind == 4) && rnd.Chance(15)) {
      KpiObservation obs;
      obs.day = day;
      obs.date = DateOfDay(day);
      obs.value = value();
      obs.team = "team-" + std::to_string(rnd.Int(1, 3));
      in.kpi.push_back(obs);
    }
  }
  // Now and then a day whose learner list is damaged (cut short).
  if (!in.daily.empty() && rnd.Chance(2)) {
    std::string& bytes =
        in.daily[static_cast<size_t>(rnd.Int(0, static_cast<int64_t>(in.daily.size()) - 1))]
            .learners;
    if (!bytes.empty()) bytes.back() = static_cast<char>(0x80);
  }
  if (kind != 0 && !in.kpi.empty()) {
    const bool audience = kind == 1 || kind == 4;
    in.kpi_summary.basis = audience ? "audience" : "learners_and_teams";
    const KpiObservation& last = in.kpi.back();
    in.kpi_summary.latest_day = last.day;
    in.kpi_summary.latest_n = rnd.Int(1, 5);
    // Now and then the mean of the latest day overflowed in SQL.
    in.kpi_summary.latest_value =
        rnd.Chance(5) ? (rnd.Chance(50) ? HUGE_VAL : std::nan("")) : last.value;
  }
  return v;
}

}  // namespace outcomes::fixture
