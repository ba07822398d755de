// GET /outcomes/{id}/impact (did the learning move the KPI? plugin/api/impact_service.h) and
// /outcomes/{id}/export/impact (its att_gt cells and event study as CSV or NDJSON rows). The
// answer is documented in docs/OUTCOMES.md ("The impact answer") and schemas/impact.schema.json.
#include <cmath>
#include <cstdlib>

#include <rapidjson/document.h>

#include "lrs/core/strings.h"
#include "plugin/analytics/dashboard.h"
#include "plugin/api/http_handlers.h"
#include "plugin/export/rows.h"
#include "plugin/model/days.h"

namespace outcomes {

namespace {

using json::Value;
using lrs::Error;

constexpr int64_t kMaxMinUnits = 1000000;
constexpr int kMaxBootstrap = 9999;
constexpr int kMaxAnticipation = 52;
constexpr int kMaxWindowDays = 3660;

// The value of parameter `name`, if given.
const std::string* Given(const Params& params, std::string_view name) {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

// An integer parameter from `low` to `high`.
Result<std::optional<int64_t>> IntParam(const Params& params, std::string_view name, int64_t low,
                                        int64_t high) {
  const std::string* text = Given(params, name);
  if (text == nullptr) return std::optional<int64_t>();
  const auto n = lrs::ParseUnsigned(*text);
  if (!n || *n < static_cast<unsigned long long>(low) ||
      *n > static_cast<unsigned long long>(high)) {
    return Error::BadRequest(std::string(name) + ": must be an integer from " +
                             std::to_string(low) + " to " + std::to_string(high) + ", not \"" +
                             *text + "\"");
  }
  return std::optional<int64_t>(static_cast<int64_t>(*n));
}

// The parameters of the impact endpoint (and of its export, without `format`), checked: each
// bad value is kBadRequest naming its parameter; the team view is within the caller's.
Result<ImpactQuery> ImpactQueryOf(const RequestContext& ctx, const Params& params) {
  LRS_RETURN_IF_ERROR(RejectUnknown(
      params, {"period", "control", "base", "anticipation", "window", "min_units", "bootstrap",
               "cluster", "team_share", "launch", "from", "to", "team", "manager"}));
  ImpactQuery q;
  if (const std::string* v = Given(params, "period")) {
    auto kind = ParsePeriodKind(*v);
    if (!kind)
      return Error::BadRequest("period: must be week, month or quarter, not \"" + *v + "\"");
    q.period = *kind;
  }
  if (const std::string* v = Given(params, "control")) {
    if (*v == "not_yet") {
      q.control = ImpactControl::kNotYet;
    } else if (*v == "never") {
      q.control = ImpactControl::kNever;
    } else {
      return Error::BadRequest("control: must be not_yet or never, not \"" + *v + "\"");
    }
  }
  if (const std::string* v = Given(params, "base")) {
    if (*v == "varying") {
      q.base = ImpactBase::kVarying;
    } else if (*v == "universal") {
      q.base = ImpactBase::kUniversal;
    } else {
      return Error::BadRequest("base: must be varying or universal, not \"" + *v + "\"");
    }
  }
  if (const std::string* v = Given(params, "window")) {
    if (*v == "none") {
      q.window_days.reset();
    } else {
      const auto days = lrs::EndsWith(*v, "d")
                            ? lrs::ParseUnsigned(std::string_view(*v).substr(0, v->size() - 1))
                            : std::nullopt;
      if (!days || *days < 1 || *days > static_cast<unsigned long long>(kMaxWindowDays)) {
        return Error::BadRequest("window: must be a number of days from 1d to " +
                                 std::to_string(kMaxWindowDays) +
                                 "d (such as 90d), or none, not \"" + *v + "\"");
      }
      q.window_days = static_cast<int>(*days);
    }
  }
  auto anticipation = IntParam(params, "anticipation", 0, kMaxAnticipation);
  if (!anticipation.ok()) return anticipation.error();
  if (anticipation.value()) q.anticipation = static_cast<int>(*anticipation.value());
  auto min_units = IntParam(params, "min_units", 1, kMaxMinUnits);
  if (!min_units.ok()) return min_units.error();
  if (min_units.value()) q.min_units = *min_units.value();
  auto bootstrap = IntParam(params, "bootstrap", 0, kMaxBootstrap);
  if (!bootstrap.ok()) return bootstrap.error();
  if (bootstrap.value()) q.bootstrap = static_cast<int>(*bootstrap.value());
  if (const std::string* v = Given(params, "cluster")) {
    if (*v == "team") {
      q.cluster_by_team = true;
    } else if (*v != "none") {
      return Error::BadRequest("cluster: must be team or none, not \"" + *v + "\"");
    }
  }
  if (const std::string* v = Given(params, "team_share")) {
    char* end = nullptr;
    const double share = v->empty() ? 0.0 : std::strtod(v->c_str(), &end);
    if (v->empty() || end != v->c_str() + v->size() || !std::isfinite(share) || share <= 0 ||
        share > 1) {
      return Error::BadRequest("team_share: must be a number above 0 and at most 1, not \"" + *v +
                               "\"");
    }
    q.team_share = share;
  }
  for (auto [name, field] :
       {std::make_pair("launch", &q.launch_day), std::make_pair("from", &q.from_day),
        std::make_pair("to", &q.to_day)}) {
    auto day = DateParam(params, name);
    if (!day.ok()) return day.error();
    *field = day.value();
  }
  auto asked = TeamParams(params);
  if (!asked.ok()) return asked.error();
  auto view = ctx.Within(std::move(asked).value());
  if (!view.ok()) return view.error();
  q.team = std::move(view).value();
  return q;
}

Value Number(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? Value(*v) : Value(rapidjson::kNullType);
}

Value Text(const std::optional<std::string>& v, json::Allocator& a) {
  return v ? json::Copy(*v, a) : Value(rapidjson::kNullType);
}

// The name of period `index` (its first day).
Value PeriodName(const ImpactAnswer& answer, int index, json::Allocator& a) {
  if (index < 0 || static_cast<size_t>(index) >= answer.periods.size()) {
    return Value(rapidjson::kNullType);
  }
  return json::Copy(answer.periods[static_cast<size_t>(index)], a);
}

Value EstimateJson(const ImpactEstimate& e, json::Allocator& a) {
  Value v(rapidjson::kObjectType);
  v.AddMember("att", e.att, a);
  v.AddMember("se", e.se, a);
  v.AddMember("ci_low", e.ci_low, a);
  v.AddMember("ci_high", e.ci_high, a);
  v.AddMember("bootstrap_se", Number(e.bootstrap_se), a);
  return v;
}

Value OptionalEstimate(const std::optional<ImpactEstimate>& e, json::Allocator& a) {
  return e ? EstimateJson(*e, a) : Value(rapidjson::kNullType);
}

// The estimate's own members: groups, cells, aggregations, window, pre-trend test.
void AddEstimate(const ImpactAnswer& answer, const ImpactResult& r, Value* out,
                 json::Allocator& a) {
  Value groups(rapidjson::kArrayType);
  for (const GroupSize& g : r.groups) {
    Value v(rapidjson::kObjectType);
    v.AddMember("group", PeriodName(answer, g.group, a), a);
    v.AddMember("units", g.units, a);
    groups.PushBack(v, a);
  }
  out->AddMember("groups", groups, a);
  Value cells(rapidjson::kArrayType);
  for (const AttGtCell& c : r.att_gt) {
    Value v(rapidjson::kObjectType);
    v.AddMember("group", PeriodName(answer, c.group, a), a);
    v.AddMember("time", PeriodName(answer, c.time, a), a);
    v.AddMember("base", PeriodName(answer, c.base, a), a);
    v.AddMember("e", c.time - c.group, a);
    v.AddMember("post", c.post, a);
    v.AddMember("status", json::Ref(CellStatusName(c.status)), a);
    v.AddMember("att", Number(c.att), a);
    v.AddMember("se", Number(c.se), a);
    v.AddMember("n_treated", c.n_treated, a);
    v.AddMember("n_control", c.n_control, a);
    cells.PushBack(v, a);
  }
  out->AddMember("att_gt", cells, a);
  Value study(rapidjson::kArrayType);
  for (const EventStudyPoint& p : r.event_study) {
    Value v(rapidjson::kObjectType);
    v.AddMember("e", p.e, a);
    v.AddMember("reference", p.reference, a);
    v.AddMember("att", p.estimate.att, a);
    // A reference point is 0 by definition: no interval.
    v.AddMember("se", p.reference ? Value(rapidjson::kNullType) : Value(p.estimate.se), a);
    v.AddMember("ci_low", p.reference ? Value(rapidjson::kNullType) : Value(p.estimate.ci_low), a);
    v.AddMember("ci_high", p.reference ? Value(rapidjson::kNullType) : Value(p.estimate.ci_high),
                a);
    v.AddMember("band_low", Number(p.band_low), a);
    v.AddMember("band_high", Number(p.band_high), a);
    v.AddMember("bootstrap_se", Number(p.estimate.bootstrap_se), a);
    v.AddMember("n_treated", p.n_treated, a);
    v.AddMember("n_control", p.n_control, a);
    v.AddMember("groups", p.groups, a);
    study.PushBack(v, a);
  }
  out->AddMember("event_study", study, a);
  out->AddMember("band_critical_value", Number(r.band_critical_value), a);
  out->AddMember("overall", OptionalEstimate(r.overall, a), a);
  out->AddMember("simple", OptionalEstimate(r.simple, a), a);
  Value by_group(rapidjson::kArrayType);
  for (const GroupEffect& g : r.group_effects) {
    Value v = EstimateJson(g.estimate, a);
    v.AddMember("group", PeriodName(answer, g.group, a), a);
    v.AddMember("cells", g.cells, a);
    v.AddMember("n_treated", g.n_treated, a);
    by_group.PushBack(v, a);
  }
  out->AddMember("group_effects", by_group, a);
  out->AddMember("group_overall", OptionalEstimate(r.group_overall, a), a);
  if (r.window) {
    const WindowEffect& w = *r.window;
    Value v = EstimateJson(w.estimate, a);
    v.AddMember("days", w.days, a);
    Value times(rapidjson::kArrayType);
    for (int e : w.event_times)
      times.PushBack(e, a);
    v.AddMember("event_times", times, a);
    Value window_groups(rapidjson::kArrayType);
    for (int g : w.groups)
      window_groups.PushBack(PeriodName(answer, g, a), a);
    v.AddMember("groups", window_groups, a);
    v.AddMember("n_treated", w.n_treated, a);
    v.AddMember("n_control", w.n_control, a);
    v.AddMember("percent_of_baseline", Number(w.percent_of_baseline), a);
    v.AddMember("toward_target",
                w.toward_target ? Value(*w.toward_target) : Value(rapidjson::kNullType), a);
    v.AddMember("sentence", json::Copy(w.sentence, a), a);
    out->AddMember("window", v, a);
  } else {
    out->AddMember("window", Value(rapidjson::kNullType), a);
  }
  if (r.pretrend) {
    const PretrendTest& t = *r.pretrend;
    Value v(rapidjson::kObjectType);
    v.AddMember("chi2", t.chi2, a);
    v.AddMember("df", t.df, a);
    v.AddMember("p", t.p, a);
    v.AddMember("rejected", t.rejected, a);
    v.AddMember("cells_left_out", t.cells_left_out, a);
    v.AddMember("sentence", json::Copy(t.sentence, a), a);
    out->AddMember("pretrend", v, a);
    out->AddMember("pretrend_note", Value(rapidjson::kNullType), a);
  } else {
    out->AddMember("pretrend", Value(rapidjson::kNullType), a);
    out->AddMember("pretrend_note", json::Copy(r.pretrend_note, a), a);
  }
}

Value TrendJson(const ImpactAnswer& answer, const AudienceTrend& t, json::Allocator& a) {
  const bool numbers = !t.not_enough_data;
  auto number = [&](double v) { return numbers ? Number(v) : Value(rapidjson::kNullType); };
  Value v(rapidjson::kObjectType);
  v.AddMember("launch", Text(answer.launch, a), a);
  v.AddMember("n_pre", t.n_pre, a);
  v.AddMember("n_post", t.n_post, a);
  v.AddMember("intercept", number(t.intercept), a);
  v.AddMember("slope", number(t.slope), a);
  v.AddMember("residual_sd", number(t.residual_sd), a);
  v.AddMember("deviation", number(t.deviation), a);
  v.AddMember("se", number(t.se), a);
  v.AddMember("ci_low", number(t.ci_low), a);
  v.AddMember("ci_high", number(t.ci_high), a);
  v.AddMember("df", numbers ? Value(t.df) : Value(rapidjson::kNullType), a);
  v.AddMember("percent_of_baseline", Number(t.percent_of_baseline), a);
  v.AddMember("sentence", numbers ? json::Copy(t.sentence, a) : Value(rapidjson::kNullType), a);
  return v;
}

// The answer (docs/OUTCOMES.md "The impact answer"; schemas/impact.schema.json).
json::Document ImpactJson(const ImpactAnswer& answer) {
  json::Document d;
  d.SetObject();
  auto& a = d.GetAllocator();
  const ImpactQuery& q = answer.query;
  const bool data = answer.observations > 0;
  const ImpactResult* r = answer.estimate ? &*answer.estimate : nullptr;
  const AudienceTrend* trend = answer.trend ? &*answer.trend : nullptr;
  d.AddMember("outcome", json::Copy(answer.outcome_id, a), a);
  Value method(rapidjson::kNullType);
  if (r != nullptr) method = json::Copy(r->method, a);
  if (trend != nullptr) method = json::Copy(trend->method, a);
  d.AddMember("method", method, a);
  d.AddMember("evidence",
              r != nullptr       ? json::Ref("comparison_group")
              : trend != nullptr ? json::Ref("trend")
                                 : Value(rapidjson::kNullType),
              a);
  d.AddMember("unit", data ? Value(json::Ref(ImpactUnitKindName(answer.unit))) : Value(), a);
  d.AddMember("population", json::Copy(answer.words.population, a), a);
  Value kpi(rapidjson::kObjectType);
  kpi.AddMember("name", json::Copy(answer.kpi_name, a), a);
  kpi.AddMember("unit", json::Copy(answer.kpi_unit, a), a);
  kpi.AddMember("direction",
                json::Ref(answer.direction == KpiDirection::kDecrease ? "decrease" : "increase"),
                a);
  Value baseline(rapidjson::kObjectType);
  baseline.AddMember("value", answer.baseline_value, a);
  baseline.AddMember("date", json::Copy(answer.baseline_date, a), a);
  kpi.AddMember("baseline", baseline, a);
  d.AddMember("kpi", kpi, a);

  // What was asked, as understood.
  d.AddMember("period", json::Ref(PeriodKindName(q.period)), a);
  d.AddMember("control", json::Ref(ImpactControlName(q.control)), a);
  d.AddMember("base", json::Ref(ImpactBaseName(q.base)), a);
  d.AddMember("anticipation", q.anticipation, a);
  d.AddMember("min_units", q.min_units, a);
  d.AddMember("bootstrap", q.bootstrap, a);
  d.AddMember("seed", static_cast<uint64_t>(kDefaultImpactSeed), a);
  d.AddMember("cluster", json::Ref(q.cluster_by_team ? "team" : "none"), a);
  d.AddMember("team_share",
              answer.unit == ImpactUnitKind::kTeam && data ? Value(q.team_share) : Value(), a);
  Value range(rapidjson::kObjectType);
  range.AddMember("from", data ? json::Copy(DateOfDay(answer.from_day), a) : Value(), a);
  range.AddMember("to", data ? json::Copy(DateOfDay(answer.to_day), a) : Value(), a);
  d.AddMember("range", range, a);
  Value periods(rapidjson::kArrayType);
  for (const std::string& p : answer.periods)
    periods.PushBack(json::Copy(p, a), a);
  d.AddMember("periods", periods, a);
  Value window_asked(rapidjson::kObjectType);
  window_asked.AddMember("days", q.window_days ? Value(*q.window_days) : Value(), a);
  window_asked.AddMember(
      "last_event_time",
      answer.window_last_event_time ? Value(*answer.window_last_event_time) : Value(), a);
  d.AddMember("window_asked", window_asked, a);

  // The data behind the numbers.
  Value counts(rapidjson::kObjectType);
  counts.AddMember("observations", answer.observations, a);
  counts.AddMember("units", answer.units_observed, a);
  counts.AddMember("completed", answer.units_completed_in_range, a);
  counts.AddMember("completed_before_range", answer.units_completed_before, a);
  counts.AddMember("completed_after_range", answer.units_completed_after, a);
  counts.AddMember("never_completed", answer.units_never_completed, a);
  counts.AddMember("in_panel", r != nullptr ? r->n_units : 0, a);
  counts.AddMember("left_out", r != nullptr ? r->dropped_units : 0, a);
  counts.AddMember("teams_not_in_roster", answer.teams_not_in_roster, a);
  d.AddMember("counts", counts, a);

  if (r != nullptr) {
    AddEstimate(answer, *r, &d, a);
  } else {
    d.AddMember("groups", Value(rapidjson::kArrayType), a);
    d.AddMember("att_gt", Value(rapidjson::kArrayType), a);
    d.AddMember("event_study", Value(rapidjson::kArrayType), a);
    d.AddMember("band_critical_value", Value(), a);
    d.AddMember("overall", Value(), a);
    d.AddMember("simple", Value(), a);
    d.AddMember("group_effects", Value(rapidjson::kArrayType), a);
    d.AddMember("group_overall", Value(), a);
    d.AddMember("window", Value(), a);
    d.AddMember("pretrend", Value(), a);
    d.AddMember(
        "pretrend_note",
        trend != nullptr ? json::Ref("a trend has no periods before completion to test") : Value(),
        a);
  }
  d.AddMember("trend", trend != nullptr ? TrendJson(answer, *trend, a) : Value(), a);

  // The words a reader sees first.
  Value headline(rapidjson::kNullType);
  if (answer.not_enough_reason) {
    headline = json::Copy(answer.not_enough_message, a);
  } else if (r != nullptr && r->window) {
    headline = json::Copy(r->window->sentence, a);
  } else if (trend != nullptr) {
    headline = json::Copy(trend->sentence, a);
  }
  d.AddMember("headline", headline, a);
  if (answer.not_enough_reason) {
    Value why(rapidjson::kObjectType);
    why.AddMember("reason", json::Copy(*answer.not_enough_reason, a), a);
    why.AddMember("message", json::Copy(answer.not_enough_message, a), a);
    d.AddMember("not_enough_data", why, a);
  } else {
    d.AddMember("not_enough_data", Value(), a);
  }
  Value notes(rapidjson::kArrayType);
  for (const std::string& n : answer.notes)
    notes.PushBack(json::Copy(n, a), a);
  d.AddMember("notes", notes, a);
  if (answer.team) d.AddMember("team", TeamJson(*answer.team, a), a);
  return d;
}

}  // namespace

Result<HttpResponse> GetImpact(const Services& s, const RequestContext& ctx) {
  auto query = ImpactQueryOf(ctx, ctx.params);
  if (!query.ok()) return query.error();
  auto answer = s.impacts.Estimate(ctx.store_id, ctx.outcome_id, query.value());
  if (!answer.ok()) return answer.error();
  return JsonAnswer(200, ImpactJson(answer.value()));
}

Result<HttpResponse> ExportImpact(const Services& s, const RequestContext& ctx) {
  Params params = ctx.params;
  auto given = params.find("format");
  auto format = ParseExportFormat(given == params.end() ? std::string_view() : given->second);
  if (!format.ok()) return format.error();
  params.erase("format");
  auto query = ImpactQueryOf(ctx, params);
  if (!query.ok()) return query.error();
  auto answer = s.impacts.Estimate(ctx.store_id, ctx.outcome_id, query.value());
  if (!answer.ok()) return answer.error();
  HttpResponse response;
  response.headers.Set("Content-Type", ExportContentType(format.value()));
  response.headers.Set("Content-Disposition",
                       "attachment; filename=\"" + ctx.outcome_id + "-impact" +
                           (format.value() == ExportFormat::kCsv ? ".csv\"" : ".ndjson\""));
  AppendHeader(format.value(), ImpactColumns(), &response.body);
  std::vector<std::vector<Cell>> rows;
  if (answer.value().estimate) rows = ImpactRows(*answer.value().estimate);
  if (answer.value().trend) {
    rows = AudienceTrendRows(*answer.value().trend, answer.value().launch.value_or(""));
  }
  for (const auto& row : rows)
    AppendRow(format.value(), ImpactColumns(), row, &response.body);
  return response;
}

}  // namespace outcomes
