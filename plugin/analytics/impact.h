// Did the learning move the KPI? The impact estimate of Callaway & Sant'Anna (2021):
// difference-in-differences with staggered adoption, without covariates, on panel data. Pure: no
// I/O, no JSON; plain structs in, plain structs out (the HTTP answer and the CSV/NDJSON export
// are two views of ImpactResult). docs/OUTCOMES.md ("Impact: did the learning move the KPI?")
// explains the method in words; the formulas are summarised here.
//
// Data. Units i = 1..n (learners or teams), periods t = 0..P-1. A unit's group G_i is the period
// of its first completion (nullopt: never completed in the data). Y_it is the mean of the unit's
// observations in period t; missing when it has none. Units without any observation are not in
// the panel; nor are units whose group leaves no base period (G_i <= anticipation: they completed
// before the data shows them untreated), counted in ImpactResult::dropped_units. Groups at or
// after P are never-treated (their completion is not in the data). n is the number of units in
// the panel.
//
// ATT(g,t). Base period b = g-1-k for t >= g (k = anticipation); for t < g, b = t-1 with the
// varying base, g-1-k with the universal base (whose cell t = b is the reference: ATT = 0). The
// treated are the units of group g; the comparison units are the never-treated (control=never),
// or those plus the units whose group is later than max(t, b) + k (control=not_yet). Only units
// observed in both t and b enter the cell: n_treated and n_control count them (with a balanced
// panel this is `did`'s panel estimator exactly; with gaps, each cell is that estimator on the
// units it can use, rather than `did`'s dropping of every unit with a gap). With
// ΔY_i = Y_it - Y_ib, ATT(g,t) = mean over treated ΔY - mean over comparison ΔY. Its influence
// function, scaled to the whole panel as `did` does, is ψ_i = n/n_T (ΔY_i - μ_T) for treated i,
// -n/n_C (ΔY_i - μ_C) for comparison i, 0 otherwise; se = sqrt(Σ ψ_i²) / n. A cell with fewer
// than min_units treated or comparison units is not estimated: it is listed with its counts and
// status, and left out of every aggregation and of the pre-trend test.
//
// Aggregations, over the estimated cells only, with p_g = (units of group g) / n and weights
// w = p_g / Σ p_g over the cells aggregated, influence function Σ w ψ + the term for the
// estimated weights, which for unit i is Σ over the aggregated cells of i's own group of
// (ATT - θ) / Σ p_g (the closed form of `did`'s wif):
//  * simple: the p_g-weighted mean of the post-treatment cells (t >= g);
//  * group: θ(g) = mean of g's post-treatment cells, and their p_g-weighted mean (with the
//    weights term);
//  * event study: θ(e) = p_g-weighted mean of the cells with t - g = e, for every e with an
//    estimated cell; overall = mean of θ(e) over e >= 0 (no weights term: its weights are fixed);
//  * window (the headline): event times 0..E, using only the groups observed for the whole
//    window (g + E <= P-1) whose cells for e = 0..E are all estimated, so every event time has the
//    same groups (`did`'s balance_e); θ_w(e) as above on those groups, window effect = mean of
//    θ_w(0..E).
// Intervals are estimate ± 1.959964 se (pointwise, analytic).
//
// Bootstrap (bootstrap > 0 draws). The multiplier bootstrap with Rademacher weights V_r = ±1 per
// unit (per cluster with options.cluster: the influence functions are summed within clusters;
// units without a cluster id are clusters of their own), the same draws for every estimate:
// R = (1/sqrt(m)) Σ_r V_r S_r over the m units or clusters; bootstrap se = IQR(R) /
// (2 · 0.67449) · sqrt(m) / n; the event study's uniform band uses the 95th percentile c of
// max_e |R(e)| / IQR-scale(e) (the sup-t critical value, at least 1.959964): θ(e) ± c ·
// bootstrap se(e). Draws come from std::mt19937_64 seeded with options.seed, so the same seed
// gives the same band on every platform.
//
// Pre-trend test. W = n² a' Σ⁻¹ a over the estimated pre-treatment cells (t < g, including
// anticipation periods; not the reference cell, nor a cell whose se is 0), a their ATTs, Σ = Σ_i
// ψ_i ψ_i' their influence functions' cross products; df = their number; p = P(χ²_df > W). Not
// computed (nullopt, with a note) without pre-treatment cells or when Σ is singular.
//
// Not enough data (ImpactResult::not_enough_data, and then no `overall` nor `window`): fewer than
// two periods; nobody in the panel completed; every completer completed before a base period
// exists; no group has been observed for the whole window; the groups that have (or, without a
// window, all post-treatment cells) have fewer than min_units units on a side. The first that
// applies, in that order, is the reason.
//
// Cost. Units are numbered group by group, so a group is a contiguous run of each period's
// column. Cells are estimated from per-group moments of each (t, b) pair's ΔY, each pair read
// once. A cell keeps its means and counts; its influence function is regenerated from the panel
// whenever an aggregation needs it, so memory stays O(n P) and no n × cells matrix exists: every
// cell is read once more for the event study and the group means together, and the window's
// cells once more. Σ of the pre-trend test is assembled
// per group from centred cross products of the units observed in every period (O(n P²) +
// O(groups · cells²)), and unit by unit for the others; it uses at most kMaxPretrendCells cells
// (those nearest completion). The bootstrap adds rows eight at a time through a 256-entry table
// of partial sums, so B draws cost O(m/8 · (256 + B) · columns), columns being the event-study
// points, overall, window, simple and group overall.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lrs/core/error.h"
#include "plugin/analytics/periods.h"

namespace outcomes {

enum class ImpactControl { kNotYet, kNever };
enum class ImpactBase { kVarying, kUniversal };
enum class ImpactUnitKind { kLearner, kTeam, kAudience };
enum class KpiDirection { kIncrease, kDecrease };

const char* ImpactControlName(ImpactControl control);  // "not_yet", "never"
const char* ImpactBaseName(ImpactBase base);           // "varying", "universal"
const char* ImpactUnitKindName(ImpactUnitKind unit);   // "learner", "team", "audience"

inline constexpr uint64_t kDefaultImpactSeed = 20210601;  // fixed, so answers are reproducible
inline constexpr double kZ975 = 1.959963984540054;        // the normal 97.5 % quantile

struct ImpactUnit {
  std::optional<int> group;        // period of the first completion (negative: before the data,
                                   // left out like G <= anticipation); nullopt = never
  std::optional<int64_t> cluster;  // e.g. the team; resampled together with options.cluster
};

struct ImpactObservation {
  size_t unit = 0;  // index into ImpactPanel::units
  int period = 0;   // 0..P-1
  double value = 0;
};

struct ImpactPanel {
  std::vector<std::string> periods;  // the P periods' names (their first day), in order
  std::vector<ImpactUnit> units;
  std::vector<ImpactObservation> observations;
};

// The words of the sentences: "completers' {kpi} fell 1.8 {kpi_unit} ... comparison
// {population}".
struct ImpactWords {
  std::string kpi = "KPI";              // e.g. "average discount"
  std::string kpi_unit;                 // e.g. "points"; may be empty
  std::string population = "learners";  // plural noun of the units, e.g. "reps"
};

struct ImpactOptions {
  ImpactControl control = ImpactControl::kNotYet;
  ImpactBase base = ImpactBase::kVarying;
  int anticipation = 0;    // k >= 0 periods of anticipation
  int64_t min_units = 10;  // fewer treated or comparison units in a cell: not estimated
  int bootstrap = 999;     // draws; 0 = analytic only
  uint64_t seed = kDefaultImpactSeed;
  bool cluster = false;  // resample ImpactUnit::cluster instead of units
  // The window: event times 0..window_last_event_time (see WindowLastEventTime in periods.h);
  // nullopt = no window, the headline is then the event study's overall effect.
  std::optional<int> window_last_event_time;
  int window_days = 0;             // the window in days, for the words (0: say periods)
  std::optional<double> baseline;  // the KPI's baseline, for the percentage
  KpiDirection direction = KpiDirection::kIncrease;
  ImpactUnitKind unit = ImpactUnitKind::kLearner;
  PeriodKind period = PeriodKind::kMonth;
  ImpactWords words;
};

enum class CellStatus {
  kEstimated,
  kReference,         // universal base: t = b, ATT 0 by definition
  kTooFewTreated,     // n_treated < min_units
  kTooFewComparison,  // n_control < min_units (and enough treated)
};
const char* CellStatusName(CellStatus status);  // "estimated", "reference", "too_few_treated", ...

struct AttGtCell {
  int group = 0;
  int time = 0;
  int base = 0;
  bool post = false;  // t >= g
  CellStatus status = CellStatus::kEstimated;
  std::optional<double> att, se;  // estimated and reference cells only (reference: se absent)
  int64_t n_treated = 0, n_control = 0;
};

struct ImpactEstimate {
  double att = 0, se = 0;
  double ci_low = 0, ci_high = 0;  // att ± 1.959964 se
  // With bootstrap draws: for the event-study points, overall, window, simple and group overall.
  std::optional<double> bootstrap_se;
};

struct GroupSize {
  int group = 0;
  int64_t units = 0;
};

struct GroupEffect {
  int group = 0;
  ImpactEstimate estimate;
  int cells = 0;  // post-treatment cells averaged
  int64_t n_treated = 0;
};

struct EventStudyPoint {
  int e = 0;  // t - g
  ImpactEstimate estimate;
  std::optional<double> band_low, band_high;  // the uniform band, with bootstrap draws
  bool reference = false;                     // universal base: e = -1-k, 0 by definition
  int groups = 0;                             // groups with an estimated cell at e
  int64_t n_treated = 0;                      // treated units over those cells
  int64_t n_control = 0;                      // distinct comparison units over those cells
};

struct WindowEffect {
  int days = 0;
  std::vector<int> event_times;  // 0..E
  std::vector<int> groups;       // the groups observed, and estimated, for the whole window
  ImpactEstimate estimate;
  int64_t n_treated = 0;                      // distinct treated units in the window's cells
  int64_t n_control = 0;                      // distinct comparison units in the window's cells
  std::optional<double> percent_of_baseline;  // 100 att / baseline
  // Whether the interval lies wholly on the side the KPI should move (direction); nullopt when
  // it includes zero.
  std::optional<bool> toward_target;
  std::string sentence;  // WindowSentence of these numbers
};

// The most pre-treatment cells the pre-trend test takes (weekly periods over years would give
// thousands): those with the event times nearest completion, whole event times at a time.
inline constexpr int kMaxPretrendCells = 300;

struct PretrendTest {
  double chi2 = 0;
  int df = 0;  // the cells tested
  double p = 1;
  bool rejected = false;   // p < 0.05
  int cells_left_out = 0;  // estimated pre-treatment cells beyond kMaxPretrendCells
  std::string sentence;    // PretrendSentence
};

enum class NotEnoughDataReason {
  kFewerThanTwoPeriods,
  kNoCompleters,       // no unit in the panel has completed
  kNoPrePeriod,        // every completer completed before a pre-period exists
  kTooFewUnits,        // every cell the answer needs has fewer than min_units units on a side
  kWindowNotObserved,  // no group has been observed for the whole window yet
};
const char* NotEnoughDataReasonName(NotEnoughDataReason reason);  // "too_few_units", ...

struct NotEnoughData {
  NotEnoughDataReason reason = NotEnoughDataReason::kTooFewUnits;
  std::string message;  // NotEnoughDataSentence
};

struct ImpactResult {
  std::string method = "callaway_santanna_2021";
  ImpactUnitKind unit = ImpactUnitKind::kLearner;
  PeriodKind period = PeriodKind::kMonth;
  ImpactControl control = ImpactControl::kNotYet;
  ImpactBase base = ImpactBase::kVarying;
  int anticipation = 0;
  int64_t min_units = 0;
  int bootstrap = 0;
  std::vector<std::string> periods;
  int64_t n_units = 0;        // n: units in the panel
  int64_t dropped_units = 0;  // completers without a base period, left out
  std::vector<GroupSize> groups;
  std::vector<AttGtCell> att_gt;  // by group, then time
  std::optional<ImpactEstimate> simple;
  std::vector<GroupEffect> group_effects;
  std::optional<ImpactEstimate> group_overall;
  std::vector<EventStudyPoint> event_study;  // by e
  std::optional<ImpactEstimate> overall;     // mean of θ(e), e >= 0
  std::optional<double> band_critical_value;
  std::optional<WindowEffect> window;
  std::optional<PretrendTest> pretrend;
  std::string pretrend_note;  // why pretrend is absent, when it is
  // Set when the headline (the window effect; without a window, the overall effect) cannot be
  // given; `window` and `overall` are then absent, and the cells and event-study points that could
  // be estimated are still listed with their counts.
  std::optional<NotEnoughData> not_enough_data;
};

// The estimate. Fails (kBadRequest) only on malformed input: an observation naming a unit or
// period out of range, a non-finite value, anticipation < 0, bootstrap < 0, min_units < 1.
// Everything the data cannot support is an answer (not_enough_data), not an error.
lrs::Result<ImpactResult> EstimateImpact(const ImpactPanel& panel, const ImpactOptions& options);

// ---- Team units ----

// A team's group: the first period in which the share of its roster members who have completed
// (first completion at or before that period) reaches `team_share` (0 < share <= 1), i.e. at
// least ceil(share · roster_size) members; nullopt when it never does in the data or the roster
// is empty. `completion_periods` holds each completed member's first-completion period (members
// who never completed are not listed; periods before the data may be negative).
std::optional<int> TeamGroup(const std::vector<int>& completion_periods, int64_t roster_size,
                             double team_share = 0.5);

// ---- Whole-audience KPIs: before/after against the earlier trend (weaker evidence) ----

struct AudienceTrend {
  std::string method = "trend_extrapolation";  // weaker evidence: no comparison group
  int launch = 0;
  int64_t n_pre = 0, n_post = 0;    // periods with a value before / from the launch
  double intercept = 0, slope = 0;  // least-squares line over the pre-launch periods (x = index)
  double residual_sd = 0;           // s = sqrt(SSR / (n_pre - 2))
  // Mean over the post-launch periods of (value - the line's extrapolation), with the 95 %
  // prediction interval for the mean of n_post new values on the line:
  // d ± t(0.975, n_pre - 2) · s · sqrt(1/n_post + 1/n_pre + (x̄_post - x̄_pre)² / Sxx).
  double deviation = 0, se = 0, ci_low = 0, ci_high = 0;
  int df = 0;
  std::optional<double> percent_of_baseline;
  std::string sentence;  // AudienceSentence of these numbers, when there are numbers
  // kNoPrePeriod: fewer than kAudienceMinPrePeriods values before the launch; kWindowNotObserved:
  // no value from the launch on.
  std::optional<NotEnoughData> not_enough_data;
};

inline constexpr int64_t kAudienceMinPrePeriods = 6;

// `values[t]`: the audience's KPI in period t (nullopt: none). `launch`: the first period counted
// as after (the period of the first completion, or of a launch date). The interval assumes the
// deviations from the line are independent with one variance; it is a trend extrapolation, not
// a comparison group: weaker evidence than EstimateImpact.
AudienceTrend EstimateAudienceTrend(const std::vector<std::optional<double>>& values, int launch,
                                    std::optional<double> baseline = std::nullopt,
                                    const ImpactWords& words = {});

// ---- Words: pure functions of the numbers ----

struct WindowSentenceInput {
  ImpactWords words;
  ImpactUnitKind unit = ImpactUnitKind::kLearner;
  ImpactControl control = ImpactControl::kNotYet;
  PeriodKind period = PeriodKind::kMonth;
  int days = 0;  // 0: "in the first E+1 periods after"
  int last_event_time = 0;
  double att = 0, ci_low = 0, ci_high = 0;
  std::optional<double> percent_of_baseline;
  int64_t n_treated = 0, n_control = 0;
};

// "completers' average discount fell 1.8 points (−9.6 % of baseline) more than
// not-yet-completers' within 90 days of completing; 95 % CI −2.9 to −0.7; 312 completers, 1,488
// comparison reps". The effect is rounded to two significant digits of the interval's half
// width; the percentage to one decimal; an interval that includes zero says so. Never "caused".
std::string WindowSentence(const WindowSentenceInput& in);

// p < 0.05: "completers were already moving before they completed; this estimate is not
// reliable (pre-trend test p = 0.003)"; otherwise "no sign that completers were already moving
// before they completed (pre-trend test p = 0.17)".
std::string PretrendSentence(ImpactUnitKind unit, double p);

// "since launch, the average discount has been 2.0 points (−9.6 % of baseline) below its
// earlier trend; 95 % prediction interval −3.1 to −0.9; weaker evidence: a trend, not a
// comparison group". Requires numbers (no not_enough_data).
std::string AudienceSentence(const AudienceTrend& trend, const ImpactWords& words);

// Why there is no number, in words ("not enough data: ...").
std::string NotEnoughDataSentence(NotEnoughDataReason reason, const ImpactWords& words,
                                  ImpactUnitKind unit, int64_t min_units, int window_days);

}  // namespace outcomes
