#include "plugin/analytics/dashboard.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "lrs/core/time.h"
#include "plugin/analytics/statistics.h"
#include "plugin/model/bitmap.h"
#include "plugin/model/learner_days.h"

namespace outcomes {

namespace {

// Days since 1970-01-01 of the first day of `day`'s month.
int64_t MonthStart(int64_t day) {
  int64_t y;
  int m, d;
  lrs::CivilFromDays(day, &y, &m, &d);
  return lrs::DaysFromCivil(y, m, 1);
}

// What each learner did in a range, by ordinal: the sums of their entries in the range's day
// lists. Dense (a vector indexed by ordinal) when the learners' ordinals are, as a generation's
// are; a hash map otherwise (a team's few learners among many). Only the ordinals of `learners`
// are kept, and only when `wanted`.
class OrdinalActivity {
 public:
  OrdinalActivity(const std::vector<LearnerRollup>& learners, bool wanted) : wanted_(wanted) {
    if (!wanted_) return;
    int64_t top = -1;
    for (const LearnerRollup& l : learners)
      top = std::max(top, l.ordinal);
    if (top >= 0 && top < 4 * static_cast<int64_t>(learners.size()) + 1024) {
      dense_.assign(static_cast<size_t>(top) + 1, LearnerDay{-1, 0, 0, 0});
    } else {
      sparse_.reserve(learners.size());
      for (const LearnerRollup& l : learners)
        sparse_.emplace(l.ordinal, LearnerDay{-1, 0, 0, 0});
    }
  }
  void Add(const LearnerDay& l) {
    if (!wanted_) return;
    LearnerDay* sum = Slot(l.ordinal);
    if (sum == nullptr) return;
    sum->ordinal = l.ordinal;
    sum->statements += l.statements;
    sum->scored += l.scored;
    sum->scaled_micros += l.scaled_micros;
  }
  // nullptr when the learner has no entry in the range.
  const LearnerDay* Find(int64_t ordinal) {
    const LearnerDay* sum = Slot(ordinal);
    return sum != nullptr && sum->ordinal >= 0 ? sum : nullptr;
  }

 private:
  LearnerDay* Slot(int64_t ordinal) {
    if (!dense_.empty()) {
      return ordinal >= 0 && ordinal < static_cast<int64_t>(dense_.size())
                 ? &dense_[static_cast<size_t>(ordinal)]
                 : nullptr;
    }
    auto it = sparse_.find(ordinal);
    return it == sparse_.end() ? nullptr : &it->second;
  }

  bool wanted_;
  std::vector<LearnerDay> dense_;
  std::unordered_map<int64_t, LearnerDay> sparse_;
};

std::optional<double> Ratio(double num, double den) {
  return den > 0 ? std::optional<double>(num / den) : std::nullopt;
}

}  // namespace

Figure Figure::Of(std::optional<double> v, int64_t n) {
  Figure f;
  f.n = n;
  if (!v) {
    f.null = Null::kNoData;
  } else if (!std::isfinite(*v)) {
    f.null = Null::kTooLarge;
  } else {
    f.value = v;
    f.null = Null::kNot;
  }
  return f;
}

Figure Figure::Undefined(int64_t n) {
  Figure f;
  f.n = n;
  f.null = Null::kUndefined;
  return f;
}

const char* Figure::reason() const {
  if (null != Null::kTooLarge) return nullptr;
  return "too large to compute: the values behind this figure overflow a double (KPI values are "
         "accepted up to 1e15 in magnitude)";
}

Figure AdoptionRate(int64_t active, int64_t audience) {
  return Figure::Of(Ratio(static_cast<double>(active), static_cast<double>(audience)), active);
}

Figure CompletionRate(int64_t completions, int64_t active) {
  return Figure::Of(Ratio(static_cast<double>(completions), static_cast<double>(active)), active);
}

Figure MeanScaledScore(int64_t scaled_micros, int64_t scored) {
  return Figure::Of(MeanScore(scaled_micros, scored), scored);
}

Figure MeanKpi(const std::vector<double>& values) {
  return Figure::Of(Mean(values), static_cast<int64_t>(values.size()));
}

std::optional<double> MeanScore(int64_t scaled_micros, int64_t scored) {
  if (scored <= 0) return std::nullopt;
  return static_cast<double>(scaled_micros) / (1e6 * static_cast<double>(scored));
}

std::optional<double> DaysToProficiency(const LearnerRollup& learner) {
  if (!learner.completed_us) return std::nullopt;
  return static_cast<double>(*learner.completed_us - learner.first_us) / kMicrosPerDay;
}

bool CompletedWithin(const LearnerRollup& learner, int64_t from_day, int64_t to_day) {
  if (!learner.completed_us) return false;
  const int64_t day = DayOfMicros(*learner.completed_us);
  return day >= from_day && day <= to_day;
}

bool CompletedBy(const LearnerRollup& learner, int64_t to_day) {
  return learner.completed_us && *learner.completed_us < (to_day + 1) * kMicrosPerDay;
}

lrs::Status DecodeDay(const DailyRollup& day, std::string_view outcome_id,
                      std::vector<LearnerDay>* out) {
  out->clear();
  if (DecodeLearnerDays(day.learners, out)) return lrs::Status();
  return lrs::Error::Internal(
      "the rollup of outcome \"" + std::string(outcome_id) + "\" for " + DateOfDay(day.day) +
      " is damaged (its learner list does not decode), so its figures cannot be counted; "
      "`outcome-lrs outcomes check --repair` rebuilds it from the tags");
}

lrs::Result<std::unordered_map<int64_t, LearnerDay>> LearnerActivity(
    const std::vector<DailyRollup>& daily, int64_t from_day, int64_t to_day,
    std::string_view outcome_id) {
  std::unordered_map<int64_t, LearnerDay> out;
  std::vector<LearnerDay> days;
  for (const DailyRollup& d : daily) {
    if (d.day < from_day || d.day > to_day) continue;
    LRS_RETURN_IF_ERROR(DecodeDay(d, outcome_id, &days));
    for (const LearnerDay& l : days) {
      LearnerDay& sum = out[l.ordinal];
      sum.ordinal = l.ordinal;
      sum.statements += l.statements;
      sum.scored += l.scored;
      sum.scaled_micros += l.scaled_micros;
    }
  }
  return out;
}

std::optional<Bucket> ParseBucket(std::string_view name) {
  if (name == "day") return Bucket::kDay;
  if (name == "week") return Bucket::kWeek;
  if (name == "month") return Bucket::kMonth;
  return std::nullopt;
}

const char* BucketName(Bucket bucket) {
  switch (bucket) {
    case Bucket::kDay:
      return "day";
    case Bucket::kWeek:
      return "week";
    case Bucket::kMonth:
      return "month";
  }
  return "week";
}

int64_t BucketStart(int64_t day, Bucket bucket) {
  switch (bucket) {
    case Bucket::kDay:
      return day;
    case Bucket::kWeek: {
      // 1970-01-01 was a Thursday: Monday-based weekday = (day + 3) mod 7.
      const int64_t weekday = ((day + 3) % 7 + 7) % 7;
      return day - weekday;
    }
    case Bucket::kMonth:
      return MonthStart(day);
  }
  return day;
}

int64_t NextBucketStart(int64_t start, Bucket bucket) {
  switch (bucket) {
    case Bucket::kDay:
      return start + 1;
    case Bucket::kWeek:
      return start + 7;
    case Bucket::kMonth:
      return MonthStart(start + 31);
  }
  return start + 1;
}

std::unordered_map<std::string, std::vector<double>> LearnerKpi(
    const std::vector<KpiObservation>& kpi, int64_t from_day, int64_t to_day, const Team* team) {
  std::unordered_map<std::string, std::vector<double>> out;
  for (const KpiObservation& obs : kpi) {
    if (!obs.agent_key || obs.day < from_day || obs.day > to_day) continue;
    if (team != nullptr &&
        !std::binary_search(team->agents.begin(), team->agents.end(), *obs.agent_key)) {
      continue;
    }
    out[*obs.agent_key].push_back(obs.value);
  }
  return out;
}

LearnerFigures CountLearner(const LearnerRollup* learner, const LearnerDay* in_range,
                            const std::vector<double>& kpi, int64_t from_day, int64_t to_day) {
  LearnerFigures f;
  if (in_range != nullptr) {
    f.tagged_statements = in_range->statements;
    f.active = in_range->statements > 0;
    f.mean_scaled_score = MeanScaledScore(in_range->scaled_micros, in_range->scored);
  } else {
    f.mean_scaled_score = MeanScaledScore(0, 0);
  }
  if (learner != nullptr) {
    f.completed_in_range = CompletedWithin(*learner, from_day, to_day);
    f.completed_by_end = CompletedBy(*learner, to_day);
    f.days_to_proficiency = DaysToProficiency(*learner);
  }
  f.kpi = MeanKpi(kpi);
  return f;
}

KpiPosition KpiPositionOf(const Outcome& o, const KpiSummary& kpi, int64_t as_of_day) {
  KpiPosition p;
  p.name = o.kpi.name;
  p.unit = o.kpi.unit;
  p.increase = o.kpi.increase;
  p.baseline = o.kpi.baseline;
  p.target = o.kpi.target;
  p.basis = kpi.basis;
  p.days_left = o.kpi.target.day - as_of_day;
  if (!kpi.latest_day) return p;
  p.latest_day = kpi.latest_day;
  const int64_t n = kpi.latest_n;
  p.latest = Figure::Of(kpi.latest_value, n);
  const double baseline = o.kpi.baseline.value;
  // Differences of halves cannot overflow (and halving is exact, so ordinary values give the
  // very same figures); only a difference too large for a double is null, with its reason.
  const double half_change = kpi.latest_value / 2 - baseline / 2;
  p.change = Figure::Of(half_change * 2, n);
  p.change_percent = baseline != 0 ? Figure::Of(half_change / std::fabs(baseline) * 200.0, n)
                                   : Figure::Undefined(n);
  // The target differs from the baseline (declarations are checked for that), in either
  // direction.
  p.progress_percent = Figure::Of(half_change / (o.kpi.target.value / 2 - baseline / 2) * 100.0, n);
  return p;
}

const char* LinkBasisName(Link::Basis basis) {
  switch (basis) {
    case Link::Basis::kNone:
      return "none";
    case Link::Basis::kPerLearner:
      return "per_learner";
    case Link::Basis::kPerBucket:
      return "per_bucket";
  }
  return "none";
}

lrs::Result<Dashboard> ComputeDashboard(const DashboardInput& in) {
  const Outcome& o = *in.outcome;
  Dashboard out;
  out.outcome_id = o.id;
  out.from_day = in.from_day;
  out.to_day = in.to_day;
  out.as_of_day = in.as_of_day;
  out.bucket = in.bucket;
  if (in.team) out.team = *in.team;
  auto in_range = [&](int64_t day) { return day >= in.from_day && day <= in.to_day; };

  // The buckets of the range, and which bucket a day falls in.
  std::vector<int64_t> starts;
  for (int64_t s = BucketStart(in.from_day, in.bucket); s <= in.to_day;
       s = NextBucketStart(s, in.bucket)) {
    starts.push_back(s);
  }
  auto bucket_of = [&](int64_t day) -> size_t {
    auto it = std::upper_bound(starts.begin(), starts.end(), day);
    return static_cast<size_t>(it - starts.begin()) - 1;
  };
  const size_t buckets = starts.size();

  // ---- Consumer metrics ----
  struct Acc {
    int64_t statements = 0;
    int64_t scored = 0;
    int64_t scaled_micros = 0;
    int64_t learner_statements = 0;
    std::string active;  // bitmap of learner ordinals
    int64_t completions = 0;
    std::vector<double> proficiency_days;
  };
  std::vector<Acc> per(buckets);
  Acc total;
  // A team view counts the entries of the team's learners in each day's list (intersected with
  // the bitmap of their ordinals); statements of others and of anonymous groups do not count.
  std::string members;
  for (const LearnerRollup& l : in.learners) {
    if (in.team) bitmap::Set(&members, l.ordinal);
  }
  // The per-learner observations of the range (in a team view, of the team's learners): the
  // link's input, grouped by learner in byte order, each learner's values in the input's order
  // (LearnerKpi's groups, in the order of a map of them).
  std::vector<const KpiObservation*> learner_kpi;
  for (const KpiObservation& obs : in.kpi) {
    if (!obs.agent_key || !in_range(obs.day)) continue;
    if (in.team &&
        !std::binary_search(in.team->agents.begin(), in.team->agents.end(), *obs.agent_key)) {
      continue;
    }
    learner_kpi.push_back(&obs);
  }
  std::stable_sort(learner_kpi.begin(), learner_kpi.end(),
                   [](const KpiObservation* a, const KpiObservation* b) {
                     return *a->agent_key < *b->agent_key;
                   });
  // What each learner did in the range, for the link (LearnerActivity's sums, added up from the
  // same day lists as the consumer figures).
  OrdinalActivity learner_activity(in.learners, !learner_kpi.empty());
  std::vector<LearnerDay> learner_days;
  for (const DailyRollup& d : in.daily) {
    if (!in_range(d.day)) continue;
    LRS_RETURN_IF_ERROR(DecodeDay(d, o.id, &learner_days));
    int64_t statements = d.statements, scored = d.scored, scaled_micros = d.scaled_micros;
    if (in.team) {
      statements = scored = scaled_micros = 0;
      size_t kept = 0;
      for (const LearnerDay& l : learner_days) {
        if (!bitmap::Test(members, l.ordinal)) continue;
        statements += l.statements;
        scored += l.scored;
        scaled_micros += l.scaled_micros;
        learner_days[kept++] = l;
      }
      learner_days.resize(kept);
    }
    for (Acc* acc : {&per[bucket_of(d.day)], &total}) {
      acc->statements += statements;
      acc->scored += scored;
      acc->scaled_micros += scaled_micros;
      for (const LearnerDay& l : learner_days) {
        acc->learner_statements += l.statements;
        bitmap::Set(&acc->active, l.ordinal);
      }
    }
    for (const LearnerDay& l : learner_days)
      learner_activity.Add(l);
  }
  for (const LearnerRollup& l : in.learners) {
    if (!CompletedWithin(l, in.from_day, in.to_day)) continue;
    for (Acc* acc : {&per[bucket_of(DayOfMicros(*l.completed_us))], &total}) {
      ++acc->completions;
      acc->proficiency_days.push_back(*DaysToProficiency(l));
    }
  }

  Consumer& consumer = out.consumer;
  consumer.audience.segment = o.segment;
  consumer.audience.size = in.team ? in.team->size() : o.audience_size;
  consumer.audience.of_team = in.team != nullptr;
  const int64_t audience = consumer.audience.size;
  int64_t learner_buckets = 0;
  for (size_t i = 0; i < buckets; ++i) {
    const Acc& b = per[i];
    ConsumerBucket p;
    p.start_day = starts[i];
    p.tagged_statements = b.statements;
    p.active_learners = bitmap::Count(b.active);
    p.adoption_rate = AdoptionRate(p.active_learners, audience);
    p.completions = b.completions;
    p.application_frequency = Figure::Of(
        Ratio(static_cast<double>(b.learner_statements), static_cast<double>(p.active_learners)),
        p.active_learners);
    p.mean_scaled_score = MeanScaledScore(b.scaled_micros, b.scored);
    p.median_time_to_proficiency_days =
        Figure::Of(Median(b.proficiency_days), static_cast<int64_t>(b.proficiency_days.size()));
    learner_buckets += p.active_learners;
    consumer.series.push_back(std::move(p));
  }
  ConsumerTotals& totals = consumer.totals;
  totals.tagged_statements = total.statements;
  totals.active_learners = bitmap::Count(total.active);
  totals.adoption_rate = AdoptionRate(totals.active_learners, audience);
  totals.completions = total.completions;
  totals.completion_rate = CompletionRate(total.completions, totals.active_learners);
  totals.application_frequency = Figure::Of(
      Ratio(static_cast<double>(total.learner_statements), static_cast<double>(learner_buckets)),
      learner_buckets);
  totals.mean_scaled_score = MeanScaledScore(total.scaled_micros, total.scored);
  totals.median_time_to_proficiency_days = Figure::Of(
      Median(total.proficiency_days), static_cast<int64_t>(total.proficiency_days.size()));

  // ---- Customer metric ----
  const bool audience_basis = in.kpi_summary.basis == "audience";
  Customer& customer = out.customer;
  customer.position = KpiPositionOf(o, in.kpi_summary, in.as_of_day);
  std::vector<std::vector<double>> kpi_by_bucket(buckets);
  for (const KpiObservation& obs : in.kpi) {
    const bool has_subject = obs.agent_key.has_value() || obs.team.has_value();
    if (!in_range(obs.day) || (audience_basis && has_subject)) continue;
    kpi_by_bucket[bucket_of(obs.day)].push_back(obs.value);
    ++customer.observations_in_range;
  }
  for (size_t i = 0; i < buckets; ++i) {
    customer.series.push_back(KpiBucket{starts[i], MeanKpi(kpi_by_bucket[i])});
  }

  // ---- The link ----
  Link& link = out.link;
  if (!learner_kpi.empty()) {
    link.basis = Link::Basis::kPerLearner;
    // The learners by identity, to walk beside the groups (of equal identities, the last one
    // counts, as in a map filled in order).
    std::vector<const LearnerRollup*> by_agent;
    by_agent.reserve(in.learners.size());
    for (const LearnerRollup& l : in.learners)
      by_agent.push_back(&l);
    std::stable_sort(
        by_agent.begin(), by_agent.end(),
        [](const LearnerRollup* a, const LearnerRollup* b) { return a->agent < b->agent; });
    auto next_learner = by_agent.begin();
    std::vector<double> completers, others, activity_values, kpi_for_activity, scores,
        kpi_for_scores, values;
    for (size_t i = 0; i < learner_kpi.size();) {
      const std::string& agent = *learner_kpi[i]->agent_key;
      values.clear();
      for (; i < learner_kpi.size() && *learner_kpi[i]->agent_key == agent; ++i)
        values.push_back(learner_kpi[i]->value);
      while (next_learner != by_agent.end() && (*next_learner)->agent < agent)
        ++next_learner;
      const LearnerRollup* l = nullptr;
      for (; next_learner != by_agent.end() && (*next_learner)->agent == agent; ++next_learner)
        l = *next_learner;
      const LearnerDay* did = l != nullptr ? learner_activity.Find(l->ordinal) : nullptr;
      const LearnerFigures f = CountLearner(l, did, values, in.from_day, in.to_day);
      // A learner whose KPI cannot be computed (only non-finite stored values could do that)
      // cannot be placed in a group or on a line.
      if (!f.kpi.value) continue;
      const double value = *f.kpi.value;
      (f.completed_by_end ? completers : others).push_back(value);
      activity_values.push_back(static_cast<double>(f.tagged_statements));
      kpi_for_activity.push_back(value);
      if (f.mean_scaled_score.value) {
        scores.push_back(*f.mean_scaled_score.value);
        kpi_for_scores.push_back(value);
      }
    }
    link.completers = MeanKpi(completers);
    link.non_completers = MeanKpi(others);
    const auto mc = link.completers.value;
    const auto mo = link.non_completers.value;
    link.difference = Figure::Of(mc && mo ? std::optional<double>(*mc - *mo) : std::nullopt,
                                 static_cast<int64_t>(std::min(completers.size(), others.size())));
    link.correlations.push_back({"tagged_statements", Pearson(activity_values, kpi_for_activity)});
    link.correlations.push_back({"mean_scaled_score", Pearson(scores, kpi_for_scores)});
  } else if (audience_basis) {
    link.basis = Link::Basis::kPerBucket;
    std::vector<double> activity, values;
    for (size_t i = 0; i < buckets; ++i) {
      if (!customer.series[i].mean.value) continue;
      activity.push_back(static_cast<double>(per[i].statements));
      values.push_back(*customer.series[i].mean.value);
    }
    link.correlations.push_back({"tagged_statements", Pearson(activity, values)});
  } else {
    link.basis = Link::Basis::kNone;
    link.note = customer.observations_in_range > 0
                    ? "the KPI observations in the range are per team: the link needs "
                      "per-learner values or whole-audience values"
                    : "no KPI observations in the range: record some (POST /outcomes/{id}/kpi or "
                      "outcome-lrs kpi import) to see the link";
  }
  return out;
}

Headline ComputeHeadline(const Outcome& outcome, int64_t learners, int64_t completers,
                         const KpiSummary& kpi, int64_t as_of_day,
                         std::optional<int64_t> audience) {
  Headline h;
  h.position = KpiPositionOf(outcome, kpi, as_of_day);
  h.learners = learners;
  h.adoption_rate = AdoptionRate(learners, audience.value_or(outcome.audience_size));
  h.completions = completers;
  h.completion_rate = CompletionRate(completers, learners);
  return h;
}

}  // namespace outcomes
