#include "plugin/analytics/dashboard.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include <rapidjson/document.h>

#include "lrs/core/time.h"
#include "plugin/analytics/statistics.h"
#include "plugin/model/bitmap.h"
#include "plugin/model/learner_days.h"

namespace outcomes {

namespace {

using json::Value;

// Why a figure is null although its inputs exist.
constexpr char kNotComputable[] =
    "too large to compute: the values behind this figure overflow a double (KPI values are "
    "accepted up to 1e15 in magnitude)";

// Days since 1970-01-01 of the first day of `day`'s month.
int64_t MonthStart(int64_t day) {
  const std::string date = DateOfDay(day);
  auto ts = lrs::ParseTimestamp(date.substr(0, 8) + "01T00:00:00Z");
  return ts ? ts->instant.seconds / 86400 : day;
}

Value Number(std::optional<double> v) {
  return v && std::isfinite(*v) ? Value(*v) : Value(rapidjson::kNullType);
}

// Adds member `name` with `v` to object `obj`: null when `v` is absent, and null with a
// "reason" (once per object) when it could not be computed in a double (it overflowed).
void AddNumber(Value* obj, const char* name, std::optional<double> v, json::Allocator& a) {
  obj->AddMember(rapidjson::StringRef(name), Number(v), a);
  if (v && !std::isfinite(*v) && !obj->HasMember("reason")) {
    obj->AddMember("reason", rapidjson::StringRef(kNotComputable), a);
  }
}

// {"value": v, "n": n} (value null when undefined, with "reason" when it overflowed), with
// "small_sample" when n < 10.
Value Figure(std::optional<double> v, int64_t n, json::Allocator& a) {
  Value out(rapidjson::kObjectType);
  AddNumber(&out, "value", v, a);
  out.AddMember("n", n, a);
  if (n < kSmallSample) out.AddMember("small_sample", true, a);
  return out;
}

std::optional<double> Ratio(double num, double den) {
  return den > 0 ? std::optional<double>(num / den) : std::nullopt;
}

Value CorrelationJson(const char* activity, const Correlation& c, json::Allocator& a) {
  Value out(rapidjson::kObjectType);
  out.AddMember("activity", rapidjson::StringRef(activity), a);
  out.AddMember("r", Number(c.r), a);
  out.AddMember("n", c.n, a);
  Value ci(rapidjson::kArrayType);
  if (c.ci_low && c.ci_high) {
    ci.PushBack(*c.ci_low, a);
    ci.PushBack(*c.ci_high, a);
    out.AddMember("ci95", std::move(ci), a);
  } else {
    out.AddMember("ci95", Value(rapidjson::kNullType), a);
  }
  out.AddMember("small_sample", c.small_sample, a);
  if (!c.reason.empty()) out.AddMember("reason", json::Copy(c.reason, a), a);
  return out;
}

// Baseline, target, latest, change, progress and days left.
void AddKpiPosition(const Outcome& o, const KpiSummary& kpi_summary, int64_t as_of_day, Value* out,
                    json::Allocator& a) {
  Value kpi(rapidjson::kObjectType);
  kpi.AddMember("name", json::Copy(o.kpi.name, a), a);
  kpi.AddMember("unit", json::Copy(o.kpi.unit, a), a);
  kpi.AddMember("direction", rapidjson::StringRef(o.kpi.increase ? "increase" : "decrease"), a);
  out->AddMember("kpi", std::move(kpi), a);
  auto point = [&](const KpiPoint& p) {
    Value v(rapidjson::kObjectType);
    v.AddMember("value", p.value, a);
    v.AddMember("date", json::Copy(p.date, a), a);
    return v;
  };
  out->AddMember("baseline", point(o.kpi.baseline), a);
  out->AddMember("target", point(o.kpi.target), a);
  out->AddMember("basis", json::Copy(kpi_summary.basis, a), a);
  if (kpi_summary.latest_day) {
    Value l(rapidjson::kObjectType);
    AddNumber(&l, "value", kpi_summary.latest_value, a);
    l.AddMember("date", json::Copy(DateOfDay(*kpi_summary.latest_day), a), a);
    l.AddMember("n", kpi_summary.latest_n, a);
    out->AddMember("latest", std::move(l), a);
    const double baseline = o.kpi.baseline.value;
    // Differences of halves cannot overflow (and halving is exact, so ordinary values give the
    // very same figures); only a difference too large for a double is null, with its reason.
    const double half_change = kpi_summary.latest_value / 2 - baseline / 2;
    Value c(rapidjson::kObjectType);
    AddNumber(&c, "absolute", half_change * 2, a);
    AddNumber(&c, "percent",
              baseline != 0 ? std::optional<double>(half_change / std::fabs(baseline) * 200.0)
                            : std::nullopt,
              a);
    out->AddMember("change_vs_baseline", std::move(c), a);
    // The target differs from the baseline (declarations are checked for that), in either
    // direction.
    const double progress = half_change / (o.kpi.target.value / 2 - baseline / 2) * 100.0;
    out->AddMember("progress_to_target_percent", Number(progress), a);
    if (!std::isfinite(progress)) {
      out->AddMember("progress_reason", rapidjson::StringRef(kNotComputable), a);
    }
  } else {
    out->AddMember("latest", Value(rapidjson::kNullType), a);
    out->AddMember("change_vs_baseline", Value(rapidjson::kNullType), a);
    out->AddMember("progress_to_target_percent", Value(rapidjson::kNullType), a);
  }
  out->AddMember("days_left", o.kpi.target.day - as_of_day, a);
}

}  // namespace

std::optional<double> MeanScore(int64_t scaled_micros, int64_t scored) {
  if (scored <= 0) return std::nullopt;
  return static_cast<double>(scaled_micros) / (1e6 * static_cast<double>(scored));
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

lrs::Result<json::Document> BuildDashboard(const DashboardInput& in) {
  const Outcome& o = *in.outcome;
  json::Document doc;
  doc.SetObject();
  auto& a = doc.GetAllocator();
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

  doc.AddMember("outcome", json::Copy(o.id, a), a);
  Value range(rapidjson::kObjectType);
  range.AddMember("from", json::Copy(DateOfDay(in.from_day), a), a);
  range.AddMember("to", json::Copy(DateOfDay(in.to_day), a), a);
  range.AddMember("bucket", rapidjson::StringRef(BucketName(in.bucket)), a);
  range.AddMember("as_of", json::Copy(DateOfDay(in.as_of_day), a), a);
  doc.AddMember("range", std::move(range), a);

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
  std::vector<LearnerDay> learner_days;
  for (const DailyRollup& d : in.daily) {
    if (!in_range(d.day)) continue;
    LRS_RETURN_IF_ERROR(DecodeDay(d, o.id, &learner_days));
    DailyRollup day = d;
    if (in.team) {
      day.statements = day.scored = day.scaled_micros = 0;
      size_t kept = 0;
      for (const LearnerDay& l : learner_days) {
        if (!bitmap::Test(members, l.ordinal)) continue;
        day.statements += l.statements;
        day.scored += l.scored;
        day.scaled_micros += l.scaled_micros;
        learner_days[kept++] = l;
      }
      learner_days.resize(kept);
    }
    for (Acc* acc : {&per[bucket_of(d.day)], &total}) {
      acc->statements += day.statements;
      acc->scored += day.scored;
      acc->scaled_micros += day.scaled_micros;
      for (const LearnerDay& l : learner_days) {
        acc->learner_statements += l.statements;
        bitmap::Set(&acc->active, l.ordinal);
      }
    }
  }
  for (const LearnerRollup& l : in.learners) {
    if (!l.completed_us) continue;
    const int64_t day = DayOfMicros(*l.completed_us);
    if (!in_range(day)) continue;
    const double days = static_cast<double>(*l.completed_us - l.first_us) / kMicrosPerDay;
    for (Acc* acc : {&per[bucket_of(day)], &total}) {
      ++acc->completions;
      acc->proficiency_days.push_back(days);
    }
  }
  std::vector<int64_t> active_per(buckets);
  int64_t learner_buckets = 0;
  for (size_t i = 0; i < buckets; ++i) {
    active_per[i] = bitmap::Count(per[i].active);
    learner_buckets += active_per[i];
  }

  const int64_t audience_size = in.team ? in.team->size() : o.audience_size;
  const double audience = static_cast<double>(audience_size);
  Value consumer(rapidjson::kObjectType);
  Value aud(rapidjson::kObjectType);
  aud.AddMember("segment", json::Copy(o.segment, a), a);
  aud.AddMember("size", audience_size, a);
  aud.AddMember("of", rapidjson::StringRef(in.team ? "team" : "outcome"), a);
  consumer.AddMember("audience", std::move(aud), a);
  const int64_t active = bitmap::Count(total.active);
  Value totals(rapidjson::kObjectType);
  totals.AddMember("tagged_statements", total.statements, a);
  totals.AddMember("active_learners", active, a);
  totals.AddMember("adoption_rate", Figure(Ratio(active, audience), active, a), a);
  totals.AddMember("completions", total.completions, a);
  totals.AddMember("completion_rate", Figure(Ratio(total.completions, active), active, a), a);
  totals.AddMember("application_frequency",
                   Figure(Ratio(total.learner_statements, learner_buckets), learner_buckets, a), a);
  totals.AddMember("mean_scaled_score",
                   Figure(MeanScore(total.scaled_micros, total.scored), total.scored, a), a);
  totals.AddMember("median_time_to_proficiency_days",
                   Figure(Median(total.proficiency_days),
                          static_cast<int64_t>(total.proficiency_days.size()), a),
                   a);
  consumer.AddMember("totals", std::move(totals), a);
  Value series(rapidjson::kArrayType);
  for (size_t i = 0; i < buckets; ++i) {
    const Acc& b = per[i];
    const int64_t n = active_per[i];
    Value p(rapidjson::kObjectType);
    p.AddMember("start", json::Copy(DateOfDay(starts[i]), a), a);
    p.AddMember("tagged_statements", b.statements, a);
    p.AddMember("active_learners", n, a);
    p.AddMember("adoption_rate", Number(Ratio(n, audience)), a);
    p.AddMember("completions", b.completions, a);
    p.AddMember("application_frequency", Number(Ratio(b.learner_statements, n)), a);
    p.AddMember("mean_scaled_score", Figure(MeanScore(b.scaled_micros, b.scored), b.scored, a), a);
    p.AddMember(
        "median_time_to_proficiency_days",
        Figure(Median(b.proficiency_days), static_cast<int64_t>(b.proficiency_days.size()), a), a);
    series.PushBack(std::move(p), a);
  }
  consumer.AddMember("series", std::move(series), a);

  // ---- Customer metric ----
  const bool audience_basis = in.kpi_summary.basis == "audience";
  Value customer(rapidjson::kObjectType);
  AddKpiPosition(o, in.kpi_summary, in.as_of_day, &customer, a);
  std::vector<std::vector<double>> kpi_by_bucket(buckets);
  int64_t kpi_n = 0;
  for (const KpiObservation& obs : in.kpi) {
    if (!in_range(obs.day) || (audience_basis && !obs.Subject().empty())) continue;
    kpi_by_bucket[bucket_of(obs.day)].push_back(obs.value);
    ++kpi_n;
  }
  customer.AddMember("observations_in_range", kpi_n, a);
  Value kpi_series(rapidjson::kArrayType);
  for (size_t i = 0; i < buckets; ++i) {
    Value p(rapidjson::kObjectType);
    p.AddMember("start", json::Copy(DateOfDay(starts[i]), a), a);
    AddNumber(&p, "value", Mean(kpi_by_bucket[i]), a);
    p.AddMember("n", static_cast<int64_t>(kpi_by_bucket[i].size()), a);
    kpi_series.PushBack(std::move(p), a);
  }
  customer.AddMember("series", std::move(kpi_series), a);

  // ---- The link ----
  Value link(rapidjson::kObjectType);
  std::unordered_map<std::string, std::vector<double>> kpi_by_learner;
  for (const KpiObservation& obs : in.kpi) {
    if (!obs.agent_key || !in_range(obs.day)) continue;
    if (in.team &&
        !std::binary_search(in.team->agents.begin(), in.team->agents.end(), *obs.agent_key)) {
      continue;
    }
    kpi_by_learner[*obs.agent_key].push_back(obs.value);
  }
  if (!kpi_by_learner.empty()) {
    link.AddMember("basis", "per_learner", a);
    std::unordered_map<std::string, const LearnerRollup*> by_agent;
    for (const LearnerRollup& l : in.learners)
      by_agent[l.agent] = &l;
    const int64_t end_us = (in.to_day + 1) * kMicrosPerDay;
    auto decoded = LearnerActivity(in.daily, in.from_day, in.to_day, o.id);
    if (!decoded.ok()) return decoded.error();
    const std::unordered_map<int64_t, LearnerDay>& activity_in_range = decoded.value();
    std::vector<double> completers, others, activity, kpi_for_activity, scores, kpi_for_scores;
    // In a fixed order, so the output does not depend on hashing.
    std::map<std::string, double> learner_kpi;
    for (const auto& [agent, values] : kpi_by_learner)
      learner_kpi[agent] = *Mean(values);
    for (const auto& [agent, value] : learner_kpi) {
      auto it = by_agent.find(agent);
      const LearnerRollup* l = it == by_agent.end() ? nullptr : it->second;
      const bool completed = l != nullptr && l->completed_us && *l->completed_us < end_us;
      (completed ? completers : others).push_back(value);
      auto did = l != nullptr ? activity_in_range.find(l->ordinal) : activity_in_range.end();
      const bool active = did != activity_in_range.end();
      activity.push_back(active ? static_cast<double>(did->second.statements) : 0.0);
      kpi_for_activity.push_back(value);
      if (active && did->second.scored > 0) {
        scores.push_back(*MeanScore(did->second.scaled_micros, did->second.scored));
        kpi_for_scores.push_back(value);
      }
    }
    Value cmp(rapidjson::kObjectType);
    auto group = [&](const std::vector<double>& values) {
      Value g(rapidjson::kObjectType);
      AddNumber(&g, "mean_kpi", Mean(values), a);
      g.AddMember("n", static_cast<int64_t>(values.size()), a);
      return g;
    };
    cmp.AddMember("completers", group(completers), a);
    cmp.AddMember("non_completers", group(others), a);
    const auto mc = Mean(completers);
    const auto mo = Mean(others);
    AddNumber(&cmp, "difference", mc && mo ? std::optional<double>(*mc - *mo) : std::nullopt, a);
    cmp.AddMember("small_sample",
                  static_cast<int64_t>(std::min(completers.size(), others.size())) < kSmallSample,
                  a);
    link.AddMember("completers_vs_non_completers", std::move(cmp), a);
    Value correlations(rapidjson::kArrayType);
    correlations.PushBack(
        CorrelationJson("tagged_statements", Pearson(activity, kpi_for_activity), a), a);
    correlations.PushBack(CorrelationJson("mean_scaled_score", Pearson(scores, kpi_for_scores), a),
                          a);
    link.AddMember("correlations", std::move(correlations), a);
  } else if (audience_basis) {
    link.AddMember("basis", "per_bucket", a);
    std::vector<double> activity, values;
    for (size_t i = 0; i < buckets; ++i) {
      if (kpi_by_bucket[i].empty()) continue;
      activity.push_back(static_cast<double>(per[i].statements));
      values.push_back(*Mean(kpi_by_bucket[i]));
    }
    Value correlations(rapidjson::kArrayType);
    correlations.PushBack(CorrelationJson("tagged_statements", Pearson(activity, values), a), a);
    link.AddMember("correlations", std::move(correlations), a);
  } else {
    link.AddMember("basis", "none", a);
    const char* note =
        kpi_n > 0 ? "the KPI observations in the range are per team: the link needs per-learner "
                    "values or whole-audience values"
                  : "no KPI observations in the range: record some (POST /outcomes/{id}/kpi or "
                    "outcome-lrs kpi import) to see the link";
    link.AddMember("note", rapidjson::StringRef(note), a);
  }

  if (in.team) {
    Value team = TeamJson(*in.team, a);
    team.AddMember(
        "note",
        "a team view: consumer figures and the link count only the team's learners, adoption is "
        "over the team's size; customer figures are the whole outcome's (its baseline, target "
        "and whole-audience observations are not per team)",
        a);
    doc.AddMember("team", std::move(team), a);
  }
  doc.AddMember("customer", std::move(customer), a);
  doc.AddMember("consumer", std::move(consumer), a);
  doc.AddMember("link", std::move(link), a);
  return doc;
}

json::Value Headline(const Outcome& outcome, int64_t learners, int64_t completers,
                     const KpiSummary& kpi, int64_t as_of_day, json::Allocator& a,
                     std::optional<int64_t> audience) {
  Value out(rapidjson::kObjectType);
  Value customer(rapidjson::kObjectType);
  AddKpiPosition(outcome, kpi, as_of_day, &customer, a);
  out.AddMember("customer", std::move(customer), a);
  Value consumer(rapidjson::kObjectType);
  consumer.AddMember("learners", learners, a);
  consumer.AddMember(
      "adoption_rate",
      Figure(Ratio(learners, static_cast<double>(audience.value_or(outcome.audience_size))),
             learners, a),
      a);
  consumer.AddMember("completions", completers, a);
  consumer.AddMember("completion_rate", Figure(Ratio(completers, learners), learners, a), a);
  out.AddMember("consumer", std::move(consumer), a);
  return out;
}

json::Value MeanJson(std::optional<double> mean, int64_t n, json::Allocator& a) {
  Value out(rapidjson::kObjectType);
  AddNumber(&out, "mean", mean, a);
  out.AddMember("n", n, a);
  return out;
}

json::Value TeamJson(const Team& team, json::Allocator& a) {
  auto optional = [&](const std::optional<std::string>& v) {
    return v ? json::Copy(*v, a) : Value(rapidjson::kNullType);
  };
  auto list = [&](const std::vector<std::string>& v) {
    Value out(rapidjson::kArrayType);
    for (const std::string& s : v)
      out.PushBack(json::Copy(s, a), a);
    return out;
  };
  Value out(rapidjson::kObjectType);
  out.AddMember("name", optional(team.name), a);
  out.AddMember("manager", optional(team.manager), a);
  out.AddMember("teams", list(team.teams), a);
  out.AddMember("managers", list(team.managers), a);
  out.AddMember("size", team.size(), a);
  return out;
}

}  // namespace outcomes
