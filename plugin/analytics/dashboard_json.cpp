#include "plugin/analytics/dashboard_json.h"

#include <cmath>

#include <rapidjson/document.h>

#include "plugin/model/days.h"

namespace outcomes {

namespace {

using json::Value;

Value Null() {
  return Value(rapidjson::kNullType);
}

// The value of `figure`, or null.
Value Number(const Figure& figure) {
  return figure.value ? Value(*figure.value) : Null();
}

Value CorrelationJson(const Link::NamedCorrelation& named, json::Allocator& a) {
  const Correlation& c = named.correlation;
  Value out(rapidjson::kObjectType);
  out.AddMember("activity", rapidjson::StringRef(named.activity), a);
  out.AddMember("r", c.r && std::isfinite(*c.r) ? Value(*c.r) : Null(), a);
  out.AddMember("n", c.n, a);
  if (c.ci_low && c.ci_high) {
    Value ci(rapidjson::kArrayType);
    ci.PushBack(*c.ci_low, a);
    ci.PushBack(*c.ci_high, a);
    out.AddMember("ci95", std::move(ci), a);
  } else {
    out.AddMember("ci95", Null(), a);
  }
  out.AddMember("small_sample", c.small_sample, a);
  if (!c.reason.empty()) out.AddMember("reason", json::Copy(c.reason, a), a);
  return out;
}

// Baseline, target, latest, change, progress and days left, added to `out`.
void AddKpiPosition(const KpiPosition& p, Value* out, json::Allocator& a) {
  Value kpi(rapidjson::kObjectType);
  kpi.AddMember("name", json::Copy(p.name, a), a);
  kpi.AddMember("unit", json::Copy(p.unit, a), a);
  kpi.AddMember("direction", rapidjson::StringRef(p.increase ? "increase" : "decrease"), a);
  out->AddMember("kpi", std::move(kpi), a);
  auto point = [&](const KpiPoint& kp) {
    Value v(rapidjson::kObjectType);
    v.AddMember("value", kp.value, a);
    v.AddMember("date", json::Copy(kp.date, a), a);
    return v;
  };
  out->AddMember("baseline", point(p.baseline), a);
  out->AddMember("target", point(p.target), a);
  out->AddMember("basis", json::Copy(p.basis, a), a);
  if (p.latest_day) {
    Value l(rapidjson::kObjectType);
    AddFigureValue(&l, "value", p.latest, a);
    l.AddMember("date", json::Copy(DateOfDay(*p.latest_day), a), a);
    l.AddMember("n", p.latest.n, a);
    out->AddMember("latest", std::move(l), a);
    Value c(rapidjson::kObjectType);
    AddFigureValue(&c, "absolute", p.change, a);
    AddFigureValue(&c, "percent", p.change_percent, a);
    out->AddMember("change_vs_baseline", std::move(c), a);
    out->AddMember("progress_to_target_percent", Number(p.progress_percent), a);
    if (const char* why = p.progress_percent.reason()) {
      out->AddMember("progress_reason", rapidjson::StringRef(why), a);
    }
  } else {
    out->AddMember("latest", Null(), a);
    out->AddMember("change_vs_baseline", Null(), a);
    out->AddMember("progress_to_target_percent", Null(), a);
  }
  out->AddMember("days_left", p.days_left, a);
}

Value CustomerJson(const Customer& customer, json::Allocator& a) {
  Value out(rapidjson::kObjectType);
  AddKpiPosition(customer.position, &out, a);
  out.AddMember("observations_in_range", customer.observations_in_range, a);
  Value series(rapidjson::kArrayType);
  for (const KpiBucket& b : customer.series) {
    Value p(rapidjson::kObjectType);
    p.AddMember("start", json::Copy(DateOfDay(b.start_day), a), a);
    AddFigureValue(&p, "value", b.mean, a);
    p.AddMember("n", b.mean.n, a);
    series.PushBack(std::move(p), a);
  }
  out.AddMember("series", std::move(series), a);
  return out;
}

Value ConsumerJson(const Consumer& consumer, json::Allocator& a) {
  Value out(rapidjson::kObjectType);
  Value audience(rapidjson::kObjectType);
  audience.AddMember("segment", json::Copy(consumer.audience.segment, a), a);
  audience.AddMember("size", consumer.audience.size, a);
  audience.AddMember("of", rapidjson::StringRef(consumer.audience.of_team ? "team" : "outcome"), a);
  out.AddMember("audience", std::move(audience), a);
  const ConsumerTotals& t = consumer.totals;
  Value totals(rapidjson::kObjectType);
  totals.AddMember("tagged_statements", t.tagged_statements, a);
  totals.AddMember("active_learners", t.active_learners, a);
  totals.AddMember("adoption_rate", FigureJson(t.adoption_rate, a), a);
  totals.AddMember("completions", t.completions, a);
  totals.AddMember("completion_rate", FigureJson(t.completion_rate, a), a);
  totals.AddMember("application_frequency", FigureJson(t.application_frequency, a), a);
  totals.AddMember("mean_scaled_score", FigureJson(t.mean_scaled_score, a), a);
  totals.AddMember("median_time_to_proficiency_days",
                   FigureJson(t.median_time_to_proficiency_days, a), a);
  out.AddMember("totals", std::move(totals), a);
  // In a bucket, the rates are bare numbers: their n is the bucket's active_learners.
  Value series(rapidjson::kArrayType);
  for (const ConsumerBucket& b : consumer.series) {
    Value p(rapidjson::kObjectType);
    p.AddMember("start", json::Copy(DateOfDay(b.start_day), a), a);
    p.AddMember("tagged_statements", b.tagged_statements, a);
    p.AddMember("active_learners", b.active_learners, a);
    p.AddMember("adoption_rate", Number(b.adoption_rate), a);
    p.AddMember("completions", b.completions, a);
    p.AddMember("application_frequency", Number(b.application_frequency), a);
    p.AddMember("mean_scaled_score", FigureJson(b.mean_scaled_score, a), a);
    p.AddMember("median_time_to_proficiency_days", FigureJson(b.median_time_to_proficiency_days, a),
                a);
    series.PushBack(std::move(p), a);
  }
  out.AddMember("series", std::move(series), a);
  return out;
}

Value LinkJson(const Link& link, json::Allocator& a) {
  Value out(rapidjson::kObjectType);
  out.AddMember("basis", rapidjson::StringRef(LinkBasisName(link.basis)), a);
  if (link.basis == Link::Basis::kNone) {
    out.AddMember("note", rapidjson::StringRef(link.note), a);
    return out;
  }
  if (link.basis == Link::Basis::kPerLearner) {
    auto group = [&](const Figure& mean) {
      Value g(rapidjson::kObjectType);
      AddFigureValue(&g, "mean_kpi", mean, a);
      g.AddMember("n", mean.n, a);
      return g;
    };
    Value cmp(rapidjson::kObjectType);
    cmp.AddMember("completers", group(link.completers), a);
    cmp.AddMember("non_completers", group(link.non_completers), a);
    AddFigureValue(&cmp, "difference", link.difference, a);
    cmp.AddMember("small_sample", link.difference.small_sample(), a);
    out.AddMember("completers_vs_non_completers", std::move(cmp), a);
  }
  Value correlations(rapidjson::kArrayType);
  for (const Link::NamedCorrelation& c : link.correlations)
    correlations.PushBack(CorrelationJson(c, a), a);
  out.AddMember("correlations", std::move(correlations), a);
  return out;
}

}  // namespace

void AddFigureValue(Value* obj, const char* name, const Figure& figure, json::Allocator& a) {
  obj->AddMember(rapidjson::StringRef(name), Number(figure), a);
  const char* why = figure.reason();
  if (why != nullptr && !obj->HasMember("reason")) {
    obj->AddMember("reason", rapidjson::StringRef(why), a);
  }
}

Value FigureJson(const Figure& figure, json::Allocator& a) {
  Value out(rapidjson::kObjectType);
  AddFigureValue(&out, "value", figure, a);
  out.AddMember("n", figure.n, a);
  if (figure.small_sample()) out.AddMember("small_sample", true, a);
  return out;
}

Value MeanJson(const Figure& mean, json::Allocator& a) {
  Value out(rapidjson::kObjectType);
  AddFigureValue(&out, "mean", mean, a);
  out.AddMember("n", mean.n, a);
  return out;
}

json::Document DashboardJson(const Dashboard& d) {
  json::Document doc;
  doc.SetObject();
  auto& a = doc.GetAllocator();
  doc.AddMember("outcome", json::Copy(d.outcome_id, a), a);
  Value range(rapidjson::kObjectType);
  range.AddMember("from", json::Copy(DateOfDay(d.from_day), a), a);
  range.AddMember("to", json::Copy(DateOfDay(d.to_day), a), a);
  range.AddMember("bucket", rapidjson::StringRef(BucketName(d.bucket)), a);
  range.AddMember("as_of", json::Copy(DateOfDay(d.as_of_day), a), a);
  doc.AddMember("range", std::move(range), a);
  if (d.team) {
    Value team = TeamJson(*d.team, a);
    team.AddMember(
        "note",
        "a team view: consumer figures and the link count only the team's learners, adoption is "
        "over the team's size; customer figures are the whole outcome's (its baseline, target "
        "and whole-audience observations are not per team)",
        a);
    doc.AddMember("team", std::move(team), a);
  }
  doc.AddMember("customer", CustomerJson(d.customer, a), a);
  doc.AddMember("consumer", ConsumerJson(d.consumer, a), a);
  doc.AddMember("link", LinkJson(d.link, a), a);
  return doc;
}

Value HeadlineJson(const Headline& h, json::Allocator& a) {
  Value out(rapidjson::kObjectType);
  Value customer(rapidjson::kObjectType);
  AddKpiPosition(h.position, &customer, a);
  out.AddMember("customer", std::move(customer), a);
  Value consumer(rapidjson::kObjectType);
  consumer.AddMember("learners", h.learners, a);
  consumer.AddMember("adoption_rate", FigureJson(h.adoption_rate, a), a);
  consumer.AddMember("completions", h.completions, a);
  consumer.AddMember("completion_rate", FigureJson(h.completion_rate, a), a);
  out.AddMember("consumer", std::move(consumer), a);
  return out;
}

Value TeamJson(const Team& team, json::Allocator& a) {
  auto optional = [&](const std::optional<std::string>& v) {
    return v ? json::Copy(*v, a) : Null();
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
