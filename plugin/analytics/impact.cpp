#include "plugin/analytics/impact.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <unordered_map>
#include <utility>

#include "plugin/analytics/distributions.h"

namespace outcomes {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The internal group (and group slot) of the never-treated. Not -1: a group before the data is
// a negative period, and must be left out (it has no base period), not compared as never-treated.
constexpr int kNeverGroup = std::numeric_limits<int>::min();
// `did` treats a standard error at or below this as zero (sqrt(.Machine$double.eps) * 10).
const double kZeroSe = std::sqrt(std::numeric_limits<double>::epsilon()) * 10;

// ---------------------------------------------------------------------------------------------
// The panel, in compact form.

struct Panel {
  int periods = 0;
  size_t n = 0;
  std::vector<double> y;                       // periods × n, period-major; NaN = not observed
  std::vector<int> slot;                       // per unit: index into group_periods, or never
  std::vector<int> group_periods;              // the groups' periods, ascending
  std::vector<std::vector<uint32_t>> members;  // per group slot: its units, ascending
  std::vector<uint32_t> never;                 // the never-treated units, ascending
  std::vector<size_t> run_begin;  // group slot h's units are [run_begin[h], run_begin[h + 1]),
                                  // the never-treated [run_begin[G], n)
  std::vector<int64_t> cluster;   // per unit: ImpactUnit::cluster, or -1 - unit
  int64_t dropped = 0;
  int64_t completers_seen = 0;  // units with observations and a group in the data

  const double* Column(int t) const { return &y[static_cast<size_t>(t) * n]; }
  double Share(int s) const {
    return static_cast<double>(members[static_cast<size_t>(s)].size()) / static_cast<double>(n);
  }
};

Panel BuildPanel(const ImpactPanel& in, int anticipation) {
  Panel p;
  p.periods = static_cast<int>(in.periods.size());
  const size_t units = in.units.size();
  std::vector<char> has_obs(units, 0);
  for (const ImpactObservation& o : in.observations)
    has_obs[o.unit] = 1;
  // The group of each unit, with groups beyond the data as never-treated.
  auto group_of = [&](size_t u) -> int {
    const std::optional<int>& g = in.units[u].group;
    if (!g || *g >= p.periods) return kNeverGroup;
    return *g;
  };
  std::vector<int> periods_of_groups;
  for (size_t u = 0; u < units; ++u) {
    if (!has_obs[u]) continue;
    const int g = group_of(u);
    if (g == kNeverGroup) continue;
    ++p.completers_seen;
    if (g <= anticipation) {
      ++p.dropped;  // no base period g - 1 - k in the data
      continue;
    }
    periods_of_groups.push_back(g);
  }
  std::sort(periods_of_groups.begin(), periods_of_groups.end());
  periods_of_groups.erase(std::unique(periods_of_groups.begin(), periods_of_groups.end()),
                          periods_of_groups.end());
  p.group_periods = periods_of_groups;
  p.members.resize(p.group_periods.size());
  // Units are numbered group by group (the never-treated last), keeping their order within a
  // group, so a group's units are one contiguous run of every period's column.
  std::vector<std::vector<size_t>> originals(p.group_periods.size() + 1);
  for (size_t u = 0; u < units; ++u) {
    if (!has_obs[u]) continue;
    const int g = group_of(u);
    if (g != kNeverGroup && g <= anticipation) continue;
    const size_t s = g == kNeverGroup
                         ? p.group_periods.size()
                         : static_cast<size_t>(
                               std::lower_bound(p.group_periods.begin(), p.group_periods.end(), g) -
                               p.group_periods.begin());
    originals[s].push_back(u);
  }
  std::vector<int64_t> compact(units, -1);
  for (size_t s = 0; s < originals.size(); ++s) {
    p.run_begin.push_back(p.n);
    for (size_t u : originals[s]) {
      const auto i = static_cast<uint32_t>(p.n++);
      compact[u] = i;
      p.slot.push_back(s < p.group_periods.size() ? static_cast<int>(s) : kNeverGroup);
      (s < p.group_periods.size() ? p.members[s] : p.never).push_back(i);
      p.cluster.push_back(in.units[u].cluster ? *in.units[u].cluster
                                              : -1 - static_cast<int64_t>(i));
    }
  }
  // Y: the mean of each unit's observations per period.
  const size_t size = p.n * static_cast<size_t>(p.periods);
  std::vector<double> sum(size, 0.0);
  std::vector<int32_t> count(size, 0);
  for (const ImpactObservation& o : in.observations) {
    if (compact[o.unit] < 0) continue;
    const size_t k = static_cast<size_t>(o.period) * p.n + static_cast<size_t>(compact[o.unit]);
    sum[k] += o.value;
    ++count[k];
  }
  p.y.assign(size, kNaN);
  for (size_t k = 0; k < size; ++k)
    if (count[k] > 0) p.y[k] = sum[k] / count[k];
  return p;
}

// ---------------------------------------------------------------------------------------------
// ATT(g,t) cells. A cell keeps its means and counts; its influence function is regenerated from
// the panel whenever it is needed (AddCell, VisitCell), so no n × cells matrix ever exists.

// Count, mean and sum of squared deviations of some values.
struct Moments {
  double count = 0, mean = 0, m2 = 0;

  // Pools `other` into these (Chan, Golub and LeVeque's update).
  void Add(const Moments& other) {
    if (other.count == 0) return;
    const double total = count + other.count;
    const double delta = other.mean - mean;
    mean += delta * other.count / total;
    m2 += other.m2 + delta * delta * count * other.count / total;
    count = total;
  }
};

struct Cell {
  AttGtCell out;
  int slot = 0;                                // the group's slot
  const std::vector<Moments>* pair = nullptr;  // its (t, b) pair's per-slot statistics
  double mu_treated = 0, mu_control = 0;
  double coef_treated = 0, coef_control = 0;  // n / n_T and -n / n_C

  bool Estimated() const { return out.status == CellStatus::kEstimated; }
  bool Usable() const { return Estimated() || out.status == CellStatus::kReference; }
  double Att() const { return out.att.value_or(0.0); }
  int E() const { return out.time - out.group; }
};

// Whether units of group slot `h` are comparison units of the cell (group g, time t, base b).
bool IsComparison(const Panel& p, int h, int g, int t, int b, ImpactControl control,
                  int anticipation) {
  if (h == kNeverGroup) return true;
  if (control == ImpactControl::kNever) return false;
  const int gh = p.group_periods[static_cast<size_t>(h)];
  return gh != g && gh > std::max(t, b) + anticipation;
}

// Calls f(unit, ψ, treated) for every unit of an estimated cell (observed in both t and b), the
// treated first, taking the units from `members` (per group slot) and `never`: the panel's
// lists, or subsets of them.
template <typename F>
void VisitCell(const Panel& p, const std::vector<std::vector<uint32_t>>& members,
               const std::vector<uint32_t>& never, const Cell& c, const ImpactOptions& o, F&& f) {
  const double* yt = p.Column(c.out.time);
  const double* yb = p.Column(c.out.base);
  auto visit = [&](const std::vector<uint32_t>& list, bool treated) {
    const double coef = treated ? c.coef_treated : c.coef_control;
    const double mu = treated ? c.mu_treated : c.mu_control;
    for (uint32_t i : list) {
      const double d = yt[i] - yb[i];
      if (!std::isnan(d)) f(i, coef * (d - mu), treated);
    }
  };
  visit(members[static_cast<size_t>(c.slot)], true);
  visit(never, false);
  for (size_t h = 0; h < members.size(); ++h) {
    if (IsComparison(p, static_cast<int>(h), c.out.group, c.out.time, c.out.base, o.control,
                     o.anticipation))
      visit(members[h], false);
  }
}

// Calls f(slot, begin, end, coef, mu, treated) for each contiguous run of units that may be in
// the cell: its group's, then the never-treated (slot G) and the comparison groups'. A unit of a
// run is in the cell when it is observed in both t and b; its ψ is then coef (ΔY - mu).
template <typename F>
void ForEachRun(const Panel& p, const Cell& c, const ImpactOptions& o, F&& f) {
  const size_t groups = p.members.size();
  const auto s = static_cast<size_t>(c.slot);
  f(s, p.run_begin[s], p.run_begin[s + 1], c.coef_treated, c.mu_treated, true);
  f(groups, p.run_begin[groups], p.n, c.coef_control, c.mu_control, false);
  for (size_t h = 0; h < groups; ++h) {
    if (IsComparison(p, static_cast<int>(h), c.out.group, c.out.time, c.out.base, o.control,
                     o.anticipation))
      f(h, p.run_begin[h], p.run_begin[h + 1], c.coef_control, c.mu_control, false);
  }
}

// ψ over one run of units, added to one or two dense vectors. The runs whose units are all
// observed in t and b take the loops without a test, which the compiler vectorises.
void AddCompleteRun(const double* __restrict yt, const double* __restrict yb, size_t begin,
                    size_t end, double mu, double a, double* __restrict psi) {
  for (size_t i = begin; i < end; ++i)
    psi[i] += a * (yt[i] - yb[i] - mu);
}

void AddCompleteRun2(const double* __restrict yt, const double* __restrict yb, size_t begin,
                     size_t end, double mu, double a, double* __restrict psi, double a2,
                     double* __restrict psi2) {
  for (size_t i = begin; i < end; ++i) {
    const double v = yt[i] - yb[i] - mu;
    psi[i] += a * v;
    psi2[i] += a2 * v;
  }
}

void AddPartialRun(const double* yt, const double* yb, size_t begin, size_t end, double mu,
                   double a, double* psi, double a2, double* psi2, char* seen) {
  for (size_t i = begin; i < end; ++i) {
    const double d = yt[i] - yb[i];
    if (std::isnan(d)) continue;
    psi[i] += a * (d - mu);
    if (psi2 != nullptr) psi2[i] += a2 * (d - mu);
    if (seen != nullptr) seen[i] = 1;
  }
}

// Adds w ψ of an estimated cell to `psi` (and w2 ψ to `psi2` unless null), and marks the units
// in the cell in `treated_seen` / `control_seen` (unless null).
void AddCell(const Panel& p, const Cell& c, const ImpactOptions& o, double w, double* psi,
             double w2, double* psi2, char* treated_seen, char* control_seen) {
  const double* yt = p.Column(c.out.time);
  const double* yb = p.Column(c.out.base);
  const std::vector<Moments>& pair = *c.pair;
  ForEachRun(p, c, o,
             [&](size_t h, size_t begin, size_t end, double coef, double mu, bool treated) {
               char* seen = treated ? treated_seen : control_seen;
               if (pair[h].count != static_cast<double>(end - begin)) {
                 AddPartialRun(yt, yb, begin, end, mu, w * coef, psi, w2 * coef, psi2, seen);
                 return;
               }
               if (psi2 != nullptr) {
                 AddCompleteRun2(yt, yb, begin, end, mu, w * coef, psi, w2 * coef, psi2);
               } else {
                 AddCompleteRun(yt, yb, begin, end, mu, w * coef, psi);
               }
               if (seen != nullptr) std::fill(seen + begin, seen + end, static_cast<char>(1));
             });
}

int64_t CountMarked(const std::vector<char>& marks) {
  int64_t count = 0;
  for (char m : marks)
    count += m;
  return count;
}

// The changes ΔY = Y_t - Y_b of one (t, b) pair summarised per group slot (the never-treated
// last): count, mean and sum of squared deviations. Every cell with this (t, b) takes its
// treated and comparison statistics from these, so each pair is read once, whatever the number
// of cells that use it.
std::vector<Moments> SummarisePair(const Panel& p, int t, int b) {
  const double* yt = p.Column(t);
  const double* yb = p.Column(b);
  std::vector<Moments> slots(p.members.size() + 1);
  for (size_t h = 0; h < slots.size(); ++h) {
    const std::vector<uint32_t>& list = h < p.members.size() ? p.members[h] : p.never;
    // Shifted by the first value, for precision: the slot's units are one contiguous run.
    double shift = 0, count = 0, sum = 0, squares = 0;
    bool first = true;
    for (uint32_t i : list) {
      const double d = yt[i] - yb[i];
      if (std::isnan(d)) continue;
      if (first) shift = d;
      first = false;
      const double v = d - shift;
      count += 1;
      sum += v;
      squares += v * v;
    }
    if (count == 0) continue;
    slots[h].count = count;
    slots[h].mean = shift + sum / count;
    slots[h].m2 = std::max(0.0, squares - sum * (sum / count));
  }
  return slots;
}

Cell ComputeCell(const Panel& p, int s, int t, int b, const std::vector<Moments>& pair,
                 const ImpactOptions& o) {
  Cell c;
  c.slot = s;
  const int g = p.group_periods[static_cast<size_t>(s)];
  c.out.group = g;
  c.out.time = t;
  c.out.base = b;
  c.out.post = t >= g;
  const Moments& treated = pair[static_cast<size_t>(s)];
  Moments control = pair.back();
  for (size_t h = 0; h + 1 < pair.size(); ++h)
    if (IsComparison(p, static_cast<int>(h), g, t, b, o.control, o.anticipation))
      control.Add(pair[h]);
  c.out.n_treated = static_cast<int64_t>(treated.count);
  c.out.n_control = static_cast<int64_t>(control.count);
  if (c.out.n_treated < o.min_units || c.out.n_control < o.min_units) {
    c.out.status =
        c.out.n_treated < o.min_units ? CellStatus::kTooFewTreated : CellStatus::kTooFewComparison;
    return c;
  }
  const double n = static_cast<double>(p.n);
  c.mu_treated = treated.mean;
  c.mu_control = control.mean;
  c.coef_treated = n / treated.count;
  c.coef_control = -n / control.count;
  c.out.att = treated.mean - control.mean;
  // se = sqrt(Σ ψ²) / n with Σ ψ² = (n/n_T)² M2_T + (n/n_C)² M2_C.
  c.out.se = std::sqrt(treated.m2 / (treated.count * treated.count) +
                       control.m2 / (control.count * control.count));
  return c;
}

// The cells, by group then time. `pairs` receives the per-pair statistics the cells point to.
std::vector<Cell> ComputeCells(const Panel& p, const ImpactOptions& o,
                               std::vector<std::vector<Moments>>* pairs_out) {
  std::vector<Cell> cells;
  std::vector<std::vector<Moments>>& pairs = *pairs_out;
  pairs.assign(static_cast<size_t>(p.periods * p.periods), {});
  for (size_t s = 0; s < p.group_periods.size(); ++s) {
    const int g = p.group_periods[s];
    const int post_base = g - 1 - o.anticipation;
    const int first = o.base == ImpactBase::kVarying ? 1 : 0;
    for (int t = first; t < p.periods; ++t) {
      const int b = (t >= g || o.base == ImpactBase::kUniversal) ? post_base : t - 1;
      if (t == b) {
        Cell c;
        c.slot = static_cast<int>(s);
        c.out.group = g;
        c.out.time = t;
        c.out.base = b;
        c.out.status = CellStatus::kReference;
        c.out.att = 0.0;
        cells.push_back(c);
        continue;
      }
      std::vector<Moments>& pair = pairs[static_cast<size_t>(t * p.periods + b)];
      if (pair.empty()) pair = SummarisePair(p, t, b);
      cells.push_back(ComputeCell(p, static_cast<int>(s), t, b, pair, o));
      cells.back().pair = &pair;
    }
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------
// Aggregations: an estimate with its influence function over the n units.

struct Aggregate {
  double att = 0;
  std::vector<double> psi;  // n
};

double StandardError(const std::vector<double>& psi, size_t n) {
  double ss = 0;
  for (double v : psi)
    ss += v * v;
  return std::sqrt(ss) / static_cast<double>(n);
}

ImpactEstimate EstimateOf(const Aggregate& a, size_t n) {
  ImpactEstimate e;
  e.att = a.att;
  e.se = StandardError(a.psi, n);
  e.ci_low = e.att - kZ975 * e.se;
  e.ci_high = e.att + kZ975 * e.se;
  return e;
}

double TotalShare(const Panel& p, const std::vector<Cell>& cells, const std::vector<size_t>& keep) {
  double total = 0;
  for (size_t k : keep)
    total += p.Share(cells[k].slot);
  return total;
}

// θ = Σ p_g ATT / Σ p_g over `keep`.
double WeightedAtt(const Panel& p, const std::vector<Cell>& cells,
                   const std::vector<size_t>& keep) {
  const double total = TotalShare(p, cells, keep);
  double att = 0;
  for (size_t k : keep)
    att += p.Share(cells[k].slot) / total * cells[k].Att();
  return att;
}

// Adds the influence of estimating the weights p_g of the aggregate θ over `keep`: for unit i,
// Σ over the cells of i's own group of (ATT - θ) / Σ p_g (the closed form of `did`'s wif()).
void AddWeightsTerm(const Panel& p, const std::vector<Cell>& cells, const std::vector<size_t>& keep,
                    double theta, std::vector<double>& psi) {
  const double total = TotalShare(p, cells, keep);
  std::vector<double> by_slot(p.members.size(), 0.0);
  for (size_t k : keep)
    by_slot[static_cast<size_t>(cells[k].slot)] += cells[k].Att() - theta;
  for (size_t i = 0; i < p.n; ++i)
    if (p.slot[i] != kNeverGroup) psi[i] += by_slot[static_cast<size_t>(p.slot[i])] / total;
}

// The plain mean of aggregates (fixed weights: no weights term).
Aggregate MeanOf(const std::vector<const Aggregate*>& parts, size_t n) {
  Aggregate a;
  a.psi.assign(n, 0.0);
  const double w = 1.0 / static_cast<double>(parts.size());
  for (const Aggregate* part : parts) {
    a.att += w * part->att;
    for (size_t i = 0; i < n; ++i)
      a.psi[i] += w * part->psi[i];
  }
  return a;
}

// ---------------------------------------------------------------------------------------------
// The pre-trend test.

// Σ = Σ_i ψ_i ψ_i' over the cells `pre`. Units observed in every period are taken group by
// group through their centred cross products (their ψ in cell j is coef_j (ΔY_ij - μ_j), one
// coefficient and centre for a whole group); the others unit by unit.
std::vector<double> PretrendCrossProducts(const Panel& p, const std::vector<Cell>& cells,
                                          const std::vector<size_t>& pre, const ImpactOptions& o) {
  const size_t m = pre.size();
  const size_t P = static_cast<size_t>(p.periods);
  std::vector<double> sigma(m * m, 0.0);
  std::vector<char> complete(p.n, 1);
  for (int t = 0; t < p.periods; ++t) {
    const double* yt = p.Column(t);
    for (size_t i = 0; i < p.n; ++i)
      if (std::isnan(yt[i])) complete[i] = 0;
  }
  // Group slots 0..G-1, then the never-treated as slot G.
  const size_t slots = p.members.size() + 1;
  for (size_t h = 0; h < slots; ++h) {
    const std::vector<uint32_t>& list = h < p.members.size() ? p.members[h] : p.never;
    std::vector<uint32_t> full;
    for (uint32_t i : list)
      if (complete[i]) full.push_back(i);
    if (full.empty()) continue;
    const double count = static_cast<double>(full.size());
    // The slot's complete units, centred per period, period-major: gram = X X'.
    const size_t f = full.size();
    std::vector<double> mean(P, 0.0), x(P * f);
    for (size_t t = 0; t < P; ++t) {
      const double* yt = p.Column(static_cast<int>(t));
      double* xt = &x[t * f];
      for (size_t k = 0; k < f; ++k) {
        xt[k] = yt[full[k]];
        mean[t] += xt[k];
      }
      mean[t] /= count;
      for (size_t k = 0; k < f; ++k)
        xt[k] -= mean[t];
    }
    std::vector<double> gram(P * P, 0.0);
    for (size_t t = 0; t < P; ++t) {
      for (size_t u = t; u < P; ++u) {
        const double* xt = &x[t * f];
        const double* xu = &x[u * f];
        double dot[4] = {0, 0, 0, 0};  // four chains, so the additions overlap
        size_t k = 0;
        for (; k + 4 <= f; k += 4) {
          dot[0] += xt[k] * xu[k];
          dot[1] += xt[k + 1] * xu[k + 1];
          dot[2] += xt[k + 2] * xu[k + 2];
          dot[3] += xt[k + 3] * xu[k + 3];
        }
        for (; k < f; ++k)
          dot[0] += xt[k] * xu[k];
        gram[t * P + u] = gram[u * P + t] = (dot[0] + dot[1]) + (dot[2] + dot[3]);
      }
    }
    // Each cell's coefficient and centre for this slot (0: the slot is not in the cell).
    const int hs = h < p.members.size() ? static_cast<int>(h) : kNeverGroup;
    std::vector<double> coef(m, 0.0), delta(m, 0.0);
    for (size_t j = 0; j < m; ++j) {
      const Cell& c = cells[pre[j]];
      double mu;
      if (hs == c.slot) {
        coef[j] = c.coef_treated;
        mu = c.mu_treated;
      } else if (IsComparison(p, hs, c.out.group, c.out.time, c.out.base, o.control,
                              o.anticipation)) {
        coef[j] = c.coef_control;
        mu = c.mu_control;
      } else {
        continue;
      }
      delta[j] = mean[static_cast<size_t>(c.out.time)] - mean[static_cast<size_t>(c.out.base)] - mu;
    }
    // The cells this slot is in; for each, the row r(u) = gram(t, u) - gram(b, u), so that the
    // centred cross product of cells j and k is r_j(t_k) - r_j(b_k).
    std::vector<size_t> active;
    for (size_t j = 0; j < m; ++j)
      if (coef[j] != 0) active.push_back(j);
    std::vector<size_t> t_of(active.size()), b_of(active.size());
    for (size_t a = 0; a < active.size(); ++a) {
      t_of[a] = static_cast<size_t>(cells[pre[active[a]]].out.time);
      b_of[a] = static_cast<size_t>(cells[pre[active[a]]].out.base);
    }
    std::vector<double> r(P);
    for (size_t a = 0; a < active.size(); ++a) {
      const size_t j = active[a];
      for (size_t u = 0; u < P; ++u)
        r[u] = gram[t_of[a] * P + u] - gram[b_of[a] * P + u];
      double* row = &sigma[j * m];
      const double cj = coef[j], dj = count * delta[j];
      for (size_t b = a; b < active.size(); ++b) {
        const size_t k = active[b];
        row[k] += cj * coef[k] * (r[t_of[b]] - r[b_of[b]] + dj * delta[k]);
      }
    }
  }
  // The units not observed in every period: their ψ entries, unit by unit.
  std::vector<std::vector<uint32_t>> partial_members(p.members.size());
  std::vector<uint32_t> partial_never;
  bool any_partial = false;
  for (size_t h = 0; h < slots; ++h) {
    const std::vector<uint32_t>& list = h < p.members.size() ? p.members[h] : p.never;
    std::vector<uint32_t>& partial = h < p.members.size() ? partial_members[h] : partial_never;
    for (uint32_t i : list)
      if (!complete[i]) partial.push_back(i);
    any_partial = any_partial || !partial.empty();
  }
  std::vector<int64_t> row_of(any_partial ? p.n : 0, -1);
  std::vector<std::vector<std::pair<uint32_t, double>>> rows;
  for (size_t j = 0; j < m && any_partial; ++j) {
    VisitCell(p, partial_members, partial_never, cells[pre[j]], o,
              [&](uint32_t i, double psi, bool) {
                if (row_of[i] < 0) {
                  row_of[i] = static_cast<int64_t>(rows.size());
                  rows.emplace_back();
                }
                rows[static_cast<size_t>(row_of[i])].emplace_back(static_cast<uint32_t>(j), psi);
              });
  }
  for (const auto& row : rows) {
    for (size_t a = 0; a < row.size(); ++a)
      for (size_t b = a; b < row.size(); ++b)
        sigma[row[a].first * m + row[b].first] += row[a].second * row[b].second;
  }
  for (size_t j = 0; j < m; ++j)
    for (size_t k = 0; k < j; ++k)
      sigma[j * m + k] = sigma[k * m + j];
  return sigma;
}

std::optional<double> QuadraticFormInverse(std::vector<double> sigma, std::vector<double> a) {
  const size_t m = a.size();
  for (size_t j = 0; j < m; ++j) {
    if (!(sigma[j * m + j] > 0)) return std::nullopt;
  }
  std::vector<double> scale(m);
  for (size_t j = 0; j < m; ++j)
    scale[j] = 1.0 / std::sqrt(sigma[j * m + j]);
  for (size_t j = 0; j < m; ++j) {
    a[j] *= scale[j];
    for (size_t k = 0; k < m; ++k)
      sigma[j * m + k] *= scale[j] * scale[k];
  }
  // In place: the lower triangle becomes L with Σ = L L'.
  for (size_t j = 0; j < m; ++j) {
    double d = sigma[j * m + j];
    for (size_t k = 0; k < j; ++k)
      d -= sigma[j * m + k] * sigma[j * m + k];
    if (!(d > 1e-12)) return std::nullopt;
    const double l = std::sqrt(d);
    sigma[j * m + j] = l;
    for (size_t r = j + 1; r < m; ++r) {
      double v = sigma[r * m + j];
      for (size_t k = 0; k < j; ++k)
        v -= sigma[r * m + k] * sigma[j * m + k];
      sigma[r * m + j] = v / l;
    }
  }
  // Solve L z = a; a' Σ⁻¹ a = z'z.
  double q = 0;
  for (size_t j = 0; j < m; ++j) {
    double v = a[j];
    for (size_t k = 0; k < j; ++k)
      v -= sigma[j * m + k] * a[k];
    a[j] = v / sigma[j * m + j];
    q += a[j] * a[j];
  }
  return q;
}

// ---------------------------------------------------------------------------------------------
// The multiplier bootstrap.

// The type-1 quantile (the inverse of the empirical distribution function) of `values`, as R's
// quantile(type = 1). Reorders `values`.
double QuantileType1(std::vector<double>& values, double prob) {
  const double np = static_cast<double>(values.size()) * prob;
  const double fuzz = 4 * std::numeric_limits<double>::epsilon();
  const auto j = static_cast<size_t>(std::floor(np + fuzz));
  size_t index = np > static_cast<double>(j) + fuzz ? j : (j == 0 ? 0 : j - 1);
  index = std::min(index, values.size() - 1);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index),
                   values.end());
  return values[index];
}

struct BootstrapResult {
  std::vector<std::optional<double>> se;  // per column
  std::optional<double> critical_value;   // sup-t over the band columns
};

// `columns` influence functions (each of length n); the first `band_columns` form the uniform
// band. `cluster_row[i]` is unit i's row (its cluster) among `rows` rows.
BootstrapResult MultiplierBootstrap(const std::vector<const std::vector<double>*>& columns,
                                    size_t band_columns, const std::vector<uint32_t>& cluster_row,
                                    size_t rows, size_t n, int draws, uint64_t seed) {
  BootstrapResult out;
  const size_t J = columns.size();
  out.se.assign(J, std::nullopt);
  if (J == 0 || draws <= 0 || rows == 0) return out;
  const size_t B = static_cast<size_t>(draws);
  // Cluster sums, row-major, padded to a multiple of 8 rows.
  const size_t padded = (rows + 7) / 8 * 8;
  std::vector<double> m(padded * J, 0.0);
  for (size_t j = 0; j < J; ++j) {
    const std::vector<double>& psi = *columns[j];
    for (size_t i = 0; i < n; ++i)
      m[cluster_row[i] * J + j] += psi[i];
  }
  std::vector<double> total(J, 0.0);
  for (size_t r = 0; r < rows; ++r)
    for (size_t j = 0; j < J; ++j)
      total[j] += m[r * J + j];
  // The Rademacher draws: bit r of draw b set means V_r = +1, clear means -1.
  const size_t words = padded / 64 + 1;
  std::vector<uint64_t> bits(B * words);
  std::mt19937_64 rng(seed);
  for (uint64_t& w : bits)
    w = rng();
  // acc[b] = Σ over the rows with V = +1; then Σ V_r S_r = 2 acc - total.
  std::vector<double> acc(B * J, 0.0);
  std::vector<double> table(256 * J);
  for (size_t r0 = 0; r0 < padded; r0 += 8) {
    std::fill(table.begin(), table.begin() + static_cast<std::ptrdiff_t>(J), 0.0);
    for (unsigned mask = 1; mask < 256; ++mask) {
      const unsigned low = mask & (~mask + 1);
      const unsigned rest = mask ^ low;
      const size_t bit = static_cast<size_t>(__builtin_ctz(mask));
      const double* from = &table[rest * J];
      const double* row = &m[(r0 + bit) * J];
      double* to = &table[mask * J];
      for (size_t j = 0; j < J; ++j)
        to[j] = from[j] + row[j];
    }
    const size_t word = r0 / 64, shift = r0 % 64;
    for (size_t b = 0; b < B; ++b) {
      const size_t byte = static_cast<size_t>((bits[b * words + word] >> shift) & 0xFFu);
      const double* add = &table[byte * J];
      double* into = &acc[b * J];
      for (size_t j = 0; j < J; ++j)
        into[j] += add[j];
    }
  }
  const double root_rows = std::sqrt(static_cast<double>(rows));
  std::vector<double> draws_of(B);
  std::vector<double> sigma(J, 0.0);
  const double iqr_normal = 2 * 0.6744897501960817;  // qnorm(.75) - qnorm(.25)
  for (size_t j = 0; j < J; ++j) {
    for (size_t b = 0; b < B; ++b)
      draws_of[b] = (2 * acc[b * J + j] - total[j]) / root_rows;
    const double q75 = QuantileType1(draws_of, 0.75);
    const double q25 = QuantileType1(draws_of, 0.25);
    sigma[j] = (q75 - q25) / iqr_normal;
    if (sigma[j] > kZeroSe) out.se[j] = sigma[j] * root_rows / static_cast<double>(n);
  }
  std::vector<double> sup;
  sup.reserve(B);
  for (size_t b = 0; b < B; ++b) {
    double best = -1;
    for (size_t j = 0; j < band_columns; ++j) {
      if (!out.se[j]) continue;
      const double r = (2 * acc[b * J + j] - total[j]) / root_rows;
      best = std::max(best, std::fabs(r / sigma[j]));
    }
    if (best >= 0) sup.push_back(best);
  }
  if (!sup.empty()) out.critical_value = std::max(kZ975, QuantileType1(sup, 0.95));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Words.

bool IsTeam(ImpactUnitKind unit) {
  return unit == ImpactUnitKind::kTeam;
}

std::string TreatedNoun(ImpactUnitKind unit) {
  return IsTeam(unit) ? "completing teams" : "completers";
}

std::string ComparisonNoun(ImpactUnitKind unit, ImpactControl control) {
  if (IsTeam(unit))
    return control == ImpactControl::kNotYet ? "not-yet-completing teams" : "non-completing teams";
  return control == ImpactControl::kNotYet ? "not-yet-completers" : "non-completers";
}

// Fixed-point with `decimals` digits, a real minus sign (U+2212), and no "-0".
std::string FormatFixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, std::fabs(v));
  std::string digits = buffer;
  const bool zero = digits.find_first_not_of("0.") == std::string::npos;
  return (v < 0 && !zero ? "\u2212" : "") + digits;
}

std::string FormatCount(int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return (v < 0 ? "\u2212" : "") + out;
}

// Two significant digits of the interval's half width.
int DecimalsFor(double ci_low, double ci_high) {
  const double half = (ci_high - ci_low) / 2;
  if (!(half > 0) || !std::isfinite(half)) return 2;
  const int d = 1 - static_cast<int>(std::floor(std::log10(half)));
  return std::max(0, std::min(6, d));
}

std::string FormatP(double p) {
  if (p < 0.001) return "< 0.001";
  const int d = std::max(2, 1 - static_cast<int>(std::floor(std::log10(p))));
  return "= " + FormatFixed(p, d);
}

}  // namespace

// ---------------------------------------------------------------------------------------------

const char* ImpactControlName(ImpactControl control) {
  return control == ImpactControl::kNever ? "never" : "not_yet";
}

const char* ImpactBaseName(ImpactBase base) {
  return base == ImpactBase::kUniversal ? "universal" : "varying";
}

const char* ImpactUnitKindName(ImpactUnitKind unit) {
  switch (unit) {
    case ImpactUnitKind::kLearner:
      return "learner";
    case ImpactUnitKind::kTeam:
      return "team";
    case ImpactUnitKind::kAudience:
      return "audience";
  }
  return "learner";
}

const char* CellStatusName(CellStatus status) {
  switch (status) {
    case CellStatus::kEstimated:
      return "estimated";
    case CellStatus::kReference:
      return "reference";
    case CellStatus::kTooFewTreated:
      return "too_few_treated";
    case CellStatus::kTooFewComparison:
      return "too_few_comparison";
  }
  return "estimated";
}

const char* NotEnoughDataReasonName(NotEnoughDataReason reason) {
  switch (reason) {
    case NotEnoughDataReason::kFewerThanTwoPeriods:
      return "fewer_than_two_periods";
    case NotEnoughDataReason::kNoCompleters:
      return "no_completers";
    case NotEnoughDataReason::kNoPrePeriod:
      return "no_pre_period";
    case NotEnoughDataReason::kTooFewUnits:
      return "too_few_units";
    case NotEnoughDataReason::kWindowNotObserved:
      return "window_not_observed";
  }
  return "too_few_units";
}

lrs::Result<ImpactResult> EstimateImpact(const ImpactPanel& panel, const ImpactOptions& o) {
  if (o.anticipation < 0) return lrs::Error::BadRequest("anticipation must be 0 or more");
  if (o.bootstrap < 0) return lrs::Error::BadRequest("bootstrap must be 0 or more draws");
  if (o.min_units < 1) return lrs::Error::BadRequest("min_units must be 1 or more");
  const int P = static_cast<int>(panel.periods.size());
  for (const ImpactObservation& ob : panel.observations) {
    if (ob.unit >= panel.units.size())
      return lrs::Error::BadRequest("an observation names unit " + std::to_string(ob.unit) +
                                    " of " + std::to_string(panel.units.size()));
    if (ob.period < 0 || ob.period >= P)
      return lrs::Error::BadRequest("an observation names period " + std::to_string(ob.period) +
                                    " of " + std::to_string(P));
    if (!std::isfinite(ob.value))
      return lrs::Error::BadRequest("an observation's value is not a finite number");
  }

  ImpactResult r;
  r.unit = o.unit;
  r.period = o.period;
  r.control = o.control;
  r.base = o.base;
  r.anticipation = o.anticipation;
  r.min_units = o.min_units;
  r.bootstrap = o.bootstrap;
  r.periods = panel.periods;
  auto not_enough = [&](NotEnoughDataReason reason) {
    r.not_enough_data = NotEnoughData{
        reason, NotEnoughDataSentence(reason, o.words, o.unit, o.min_units, o.window_days)};
  };
  if (P < 2) {
    not_enough(NotEnoughDataReason::kFewerThanTwoPeriods);
    r.pretrend_note = "fewer than two periods";
    return r;
  }

  const Panel p = BuildPanel(panel, o.anticipation);
  r.n_units = static_cast<int64_t>(p.n);
  r.dropped_units = p.dropped;
  for (size_t s = 0; s < p.group_periods.size(); ++s)
    r.groups.push_back({p.group_periods[s], static_cast<int64_t>(p.members[s].size())});
  if (p.group_periods.empty()) {
    not_enough(p.completers_seen > 0 ? NotEnoughDataReason::kNoPrePeriod
                                     : NotEnoughDataReason::kNoCompleters);
    r.pretrend_note = "no completers with a period before completion";
    return r;
  }

  std::vector<std::vector<Moments>> pairs;
  const std::vector<Cell> cells = ComputeCells(p, o, &pairs);
  for (const Cell& c : cells)
    r.att_gt.push_back(c.out);

  // The estimated post-treatment cells, and how many each group has.
  std::vector<size_t> post;
  std::vector<int> post_cells_of(p.members.size(), 0);
  for (size_t k = 0; k < cells.size(); ++k) {
    if (!cells[k].Estimated() || !cells[k].out.post) continue;
    post.push_back(k);
    ++post_cells_of[static_cast<size_t>(cells[k].slot)];
  }

  // Event study: θ(e) with its influence function, and, while each post-treatment cell is
  // visited, its share of its group's mean (the group aggregation).
  std::vector<int> event_times;
  for (const Cell& c : cells)
    if (c.Usable()) event_times.push_back(c.E());
  std::sort(event_times.begin(), event_times.end());
  event_times.erase(std::unique(event_times.begin(), event_times.end()), event_times.end());
  std::vector<std::vector<size_t>> cells_at(event_times.size());
  for (size_t k = 0; k < cells.size(); ++k) {
    if (!cells[k].Usable()) continue;
    const size_t e =
        static_cast<size_t>(std::lower_bound(event_times.begin(), event_times.end(), cells[k].E()) -
                            event_times.begin());
    cells_at[e].push_back(k);
  }
  std::vector<Aggregate> group_aggs(p.members.size());
  for (size_t s = 0; s < p.members.size(); ++s)
    if (post_cells_of[s] > 0) group_aggs[s].psi.assign(p.n, 0.0);
  std::vector<Aggregate> es_aggs(event_times.size());
  std::vector<char> comparison_seen(p.n);
  for (size_t e = 0; e < event_times.size(); ++e) {
    const std::vector<size_t>& keep = cells_at[e];
    Aggregate& a = es_aggs[e];
    a.att = WeightedAtt(p, cells, keep);
    a.psi.assign(p.n, 0.0);
    EventStudyPoint point;
    point.e = event_times[e];
    point.groups = static_cast<int>(keep.size());
    std::fill(comparison_seen.begin(), comparison_seen.end(), 0);
    const double total = TotalShare(p, cells, keep);
    for (size_t k : keep) {
      const Cell& c = cells[k];
      point.reference = point.reference || c.out.status == CellStatus::kReference;
      if (!c.Estimated()) continue;
      point.n_treated += c.out.n_treated;
      const double w = p.Share(c.slot) / total;
      const auto s = static_cast<size_t>(c.slot);
      double* group_psi = c.out.post ? group_aggs[s].psi.data() : nullptr;
      const double group_w = c.out.post ? 1.0 / post_cells_of[s] : 0.0;
      AddCell(p, c, o, w, a.psi.data(), group_w, group_psi, nullptr, comparison_seen.data());
      if (c.out.post) group_aggs[s].att += group_w * c.Att();
    }
    point.n_control = CountMarked(comparison_seen);
    AddWeightsTerm(p, cells, keep, a.att, a.psi);
    point.estimate = EstimateOf(a, p.n);
    r.event_study.push_back(point);
  }
  std::vector<const Aggregate*> post_points;
  for (size_t e = 0; e < event_times.size(); ++e)
    if (event_times[e] >= 0) post_points.push_back(&es_aggs[e]);
  Aggregate overall;
  if (!post_points.empty()) {
    overall = MeanOf(post_points, p.n);
    r.overall = EstimateOf(overall, p.n);
  }

  // Group: each group's post-treatment mean, their p_g-weighted mean; simple: the p_g-weighted
  // mean of the post-treatment cells, i.e. of the group means weighted by p_g · cells.
  Aggregate group_overall, simple;
  std::vector<size_t> with_effect;  // slots with post-treatment cells
  for (size_t s = 0; s < p.members.size(); ++s)
    if (post_cells_of[s] > 0) with_effect.push_back(s);
  if (!with_effect.empty()) {
    double groups_share = 0, cells_share = 0;
    for (size_t s : with_effect) {
      groups_share += p.Share(static_cast<int>(s));
      cells_share += p.Share(static_cast<int>(s)) * post_cells_of[s];
    }
    group_overall.psi.assign(p.n, 0.0);
    simple.psi.assign(p.n, 0.0);
    for (size_t s : with_effect) {
      const double share = p.Share(static_cast<int>(s));
      group_overall.att += share / groups_share * group_aggs[s].att;
      simple.att += share * post_cells_of[s] / cells_share * group_aggs[s].att;
      GroupEffect ge;
      ge.group = p.group_periods[s];
      ge.estimate = EstimateOf(group_aggs[s], p.n);
      ge.cells = post_cells_of[s];
      ge.n_treated = static_cast<int64_t>(p.members[s].size());
      r.group_effects.push_back(ge);
    }
    std::vector<double> group_term(p.members.size(), 0.0);
    for (size_t s : with_effect) {
      const double share = p.Share(static_cast<int>(s));
      const double wg = share / groups_share, wc = share * post_cells_of[s] / cells_share;
      const double* psi = group_aggs[s].psi.data();
      for (size_t i = 0; i < p.n; ++i) {
        group_overall.psi[i] += wg * psi[i];
        simple.psi[i] += wc * psi[i];
      }
      group_term[s] = (group_aggs[s].att - group_overall.att) / groups_share;
    }
    for (size_t i = 0; i < p.n; ++i)
      if (p.slot[i] != kNeverGroup)
        group_overall.psi[i] += group_term[static_cast<size_t>(p.slot[i])];
    AddWeightsTerm(p, cells, post, simple.att, simple.psi);
    r.group_overall = EstimateOf(group_overall, p.n);
    r.simple = EstimateOf(simple, p.n);
  }

  // The window: event times 0..E over the groups observed, and estimated, for all of them.
  Aggregate window;
  bool have_window = false;
  if (o.window_last_event_time) {
    const int E = std::max(0, *o.window_last_event_time);
    std::vector<char> in_window(p.members.size(), 0);
    bool observed = false, estimated = false;
    for (size_t s = 0; s < p.group_periods.size(); ++s) {
      if (p.group_periods[s] + E > P - 1) continue;
      observed = true;
      bool all = true;
      for (const Cell& c : cells)
        if (c.slot == static_cast<int>(s) && c.E() >= 0 && c.E() <= E && !c.Estimated())
          all = false;
      in_window[s] = all ? 1 : 0;
      estimated = estimated || all;
    }
    if (!observed) {
      not_enough(NotEnoughDataReason::kWindowNotObserved);
    } else if (!estimated) {
      not_enough(NotEnoughDataReason::kTooFewUnits);
    } else {
      WindowEffect w;
      w.days = o.window_days;
      for (size_t s = 0; s < p.members.size(); ++s)
        if (in_window[s]) w.groups.push_back(p.group_periods[s]);
      std::vector<Aggregate> parts(static_cast<size_t>(E) + 1);
      std::vector<char> treated_seen(p.n, 0), control_seen(p.n, 0);
      for (int e = 0; e <= E; ++e) {
        w.event_times.push_back(e);
        std::vector<size_t> keep;
        for (size_t k = 0; k < cells.size(); ++k)
          if (cells[k].E() == e && in_window[static_cast<size_t>(cells[k].slot)]) keep.push_back(k);
        Aggregate& a = parts[static_cast<size_t>(e)];
        a.att = WeightedAtt(p, cells, keep);
        a.psi.assign(p.n, 0.0);
        const double total = TotalShare(p, cells, keep);
        for (size_t k : keep)
          AddCell(p, cells[k], o, p.Share(cells[k].slot) / total, a.psi.data(), 0.0, nullptr,
                  treated_seen.data(), control_seen.data());
        AddWeightsTerm(p, cells, keep, a.att, a.psi);
      }
      w.n_treated = CountMarked(treated_seen);
      w.n_control = CountMarked(control_seen);
      std::vector<const Aggregate*> part_ptrs;
      for (const Aggregate& a : parts)
        part_ptrs.push_back(&a);
      window = MeanOf(part_ptrs, p.n);
      have_window = true;
      w.estimate = EstimateOf(window, p.n);
      if (o.baseline && *o.baseline != 0)
        w.percent_of_baseline = 100 * w.estimate.att / *o.baseline;
      if (w.estimate.ci_high < 0) w.toward_target = o.direction == KpiDirection::kDecrease;
      if (w.estimate.ci_low > 0) w.toward_target = o.direction == KpiDirection::kIncrease;
      r.window = w;
    }
  }
  if (!r.not_enough_data && !r.overall) not_enough(NotEnoughDataReason::kTooFewUnits);

  // The pre-trend test, over at most kMaxPretrendCells cells: those nearest completion.
  std::vector<size_t> pre;
  for (size_t k = 0; k < cells.size(); ++k) {
    const Cell& c = cells[k];
    if (c.Estimated() && !c.out.post && *c.out.se > kZeroSe) pre.push_back(k);
  }
  int left_out = 0;
  if (pre.size() > static_cast<size_t>(kMaxPretrendCells)) {
    std::vector<int> es;
    for (size_t k : pre)
      es.push_back(cells[k].E());
    std::sort(es.begin(), es.end(), std::greater<int>());
    const int cut = es[static_cast<size_t>(kMaxPretrendCells) - 1];
    // Keep whole event times: those after the cut, and the cut's own if they all fit.
    const auto at_or_after =
        static_cast<size_t>(std::count_if(es.begin(), es.end(), [&](int e) { return e >= cut; }));
    const int keep_from = at_or_after <= static_cast<size_t>(kMaxPretrendCells) ? cut : cut + 1;
    std::vector<size_t> kept;
    for (size_t k : pre)
      if (cells[k].E() >= keep_from) kept.push_back(k);
    left_out = static_cast<int>(pre.size() - kept.size());
    pre = kept;
  }
  if (pre.empty()) {
    r.pretrend_note = "no periods before completion to test";
  } else {
    const std::vector<double> sigma = PretrendCrossProducts(p, cells, pre, o);
    std::vector<double> a;
    for (size_t k : pre)
      a.push_back(cells[k].Att());
    const std::optional<double> q = QuadraticFormInverse(sigma, a);
    if (!q) {
      r.pretrend_note = "the pre-period estimates are collinear; no test";
    } else {
      PretrendTest t;
      const double n = static_cast<double>(p.n);
      t.chi2 = n * n * *q;
      t.df = static_cast<int>(pre.size());
      t.p = ChiSquareSurvival(t.chi2, t.df);
      t.rejected = t.p < 0.05;
      t.cells_left_out = left_out;
      t.sentence = PretrendSentence(o.unit, t.p);
      r.pretrend = t;
    }
  }

  // The bootstrap: the event study's points (the band), then overall, window, simple, group.
  if (o.bootstrap > 0) {
    std::vector<const std::vector<double>*> boot_columns;
    std::vector<std::optional<double>*> se_of;
    std::vector<size_t> es_index;
    for (size_t k = 0; k < es_aggs.size(); ++k) {
      if (r.event_study[k].reference) continue;
      boot_columns.push_back(&es_aggs[k].psi);
      se_of.push_back(&r.event_study[k].estimate.bootstrap_se);
      es_index.push_back(k);
    }
    const size_t band_columns = boot_columns.size();
    auto add = [&](const Aggregate& a, ImpactEstimate* e) {
      if (e == nullptr) return;
      boot_columns.push_back(&a.psi);
      se_of.push_back(&e->bootstrap_se);
    };
    add(overall, r.overall ? &*r.overall : nullptr);
    add(window, have_window ? &r.window->estimate : nullptr);
    add(simple, r.simple ? &*r.simple : nullptr);
    add(group_overall, r.group_overall ? &*r.group_overall : nullptr);
    std::vector<uint32_t> row(p.n);
    size_t rows = 0;
    if (o.cluster) {
      std::unordered_map<int64_t, uint32_t> row_of_cluster;
      for (size_t i = 0; i < p.n; ++i) {
        auto [it, inserted] = row_of_cluster.emplace(p.cluster[i], static_cast<uint32_t>(rows));
        if (inserted) ++rows;
        row[i] = it->second;
      }
    } else {
      for (size_t i = 0; i < p.n; ++i)
        row[i] = static_cast<uint32_t>(i);
      rows = p.n;
    }
    const BootstrapResult b =
        MultiplierBootstrap(boot_columns, band_columns, row, rows, p.n, o.bootstrap, o.seed);
    for (size_t j = 0; j < se_of.size(); ++j)
      *se_of[j] = b.se[j];
    r.band_critical_value = b.critical_value;
    if (b.critical_value) {
      for (size_t k : es_index) {
        EventStudyPoint& point = r.event_study[k];
        if (!point.estimate.bootstrap_se) continue;
        point.band_low = point.estimate.att - *b.critical_value * *point.estimate.bootstrap_se;
        point.band_high = point.estimate.att + *b.critical_value * *point.estimate.bootstrap_se;
      }
    }
  }

  if (r.not_enough_data) {
    r.window.reset();
    r.overall.reset();
  } else if (r.window) {
    WindowSentenceInput in;
    in.words = o.words;
    in.unit = o.unit;
    in.control = o.control;
    in.period = o.period;
    in.days = o.window_days;
    in.last_event_time = r.window->event_times.back();
    in.att = r.window->estimate.att;
    in.ci_low = r.window->estimate.ci_low;
    in.ci_high = r.window->estimate.ci_high;
    in.percent_of_baseline = r.window->percent_of_baseline;
    in.n_treated = r.window->n_treated;
    in.n_control = r.window->n_control;
    r.window->sentence = WindowSentence(in);
  }
  return r;
}

// ---------------------------------------------------------------------------------------------

std::optional<int> TeamGroup(const std::vector<int>& completion_periods, int64_t roster_size,
                             double team_share) {
  if (roster_size <= 0 || !(team_share > 0) || team_share > 1) return std::nullopt;
  // At least ceil(share · roster) members; the small allowance keeps 0.3 · 10 at 3.
  auto needed =
      static_cast<int64_t>(std::ceil(team_share * static_cast<double>(roster_size) - 1e-9));
  needed = std::max<int64_t>(1, needed);
  if (static_cast<int64_t>(completion_periods.size()) < needed) return std::nullopt;
  std::vector<int> sorted = completion_periods;
  std::sort(sorted.begin(), sorted.end());
  return sorted[static_cast<size_t>(needed - 1)];
}

AudienceTrend EstimateAudienceTrend(const std::vector<std::optional<double>>& values, int launch,
                                    std::optional<double> baseline, const ImpactWords& words) {
  AudienceTrend a;
  a.launch = launch;
  std::vector<double> xs, ys, post_x, post_y;
  for (size_t t = 0; t < values.size(); ++t) {
    if (!values[t] || !std::isfinite(*values[t])) continue;
    if (static_cast<int>(t) < launch) {
      xs.push_back(static_cast<double>(t));
      ys.push_back(*values[t]);
    } else {
      post_x.push_back(static_cast<double>(t));
      post_y.push_back(*values[t]);
    }
  }
  a.n_pre = static_cast<int64_t>(xs.size());
  a.n_post = static_cast<int64_t>(post_x.size());
  if (a.n_pre < kAudienceMinPrePeriods) {
    a.not_enough_data = NotEnoughData{
        NotEnoughDataReason::kNoPrePeriod,
        "not enough data: the trend before launch needs at least 6 periods with a value (" +
            std::to_string(a.n_pre) + " so far)"};
    return a;
  }
  if (a.n_post == 0) {
    a.not_enough_data = NotEnoughData{NotEnoughDataReason::kWindowNotObserved,
                                      "not enough data: no value since the launch yet"};
    return a;
  }
  const double n = static_cast<double>(a.n_pre), m = static_cast<double>(a.n_post);
  double mx = 0, my = 0;
  for (size_t k = 0; k < xs.size(); ++k) {
    mx += xs[k];
    my += ys[k];
  }
  mx /= n;
  my /= n;
  double sxx = 0, sxy = 0;
  for (size_t k = 0; k < xs.size(); ++k) {
    sxx += (xs[k] - mx) * (xs[k] - mx);
    sxy += (xs[k] - mx) * (ys[k] - my);
  }
  a.slope = sxy / sxx;
  a.intercept = my - a.slope * mx;
  double ssr = 0;
  for (size_t k = 0; k < xs.size(); ++k) {
    const double e = ys[k] - (a.intercept + a.slope * xs[k]);
    ssr += e * e;
  }
  a.df = static_cast<int>(a.n_pre) - 2;
  a.residual_sd = std::sqrt(ssr / a.df);
  double mean_post_x = 0;
  for (size_t k = 0; k < post_x.size(); ++k) {
    a.deviation += post_y[k] - (a.intercept + a.slope * post_x[k]);
    mean_post_x += post_x[k];
  }
  a.deviation /= m;
  mean_post_x /= m;
  a.se =
      a.residual_sd * std::sqrt(1.0 / m + 1.0 / n + (mean_post_x - mx) * (mean_post_x - mx) / sxx);
  const double t = StudentTQuantile(0.975, a.df);
  a.ci_low = a.deviation - t * a.se;
  a.ci_high = a.deviation + t * a.se;
  if (baseline && *baseline != 0) a.percent_of_baseline = 100 * a.deviation / *baseline;
  a.sentence = AudienceSentence(a, words);
  return a;
}

std::string AudienceSentence(const AudienceTrend& a, const ImpactWords& words) {
  const int decimals = DecimalsFor(a.ci_low, a.ci_high);
  const std::string unit = words.kpi_unit.empty() ? "" : " " + words.kpi_unit;
  const std::string size = FormatFixed(std::fabs(a.deviation), decimals);
  const bool zero = size.find_first_not_of("0.") == std::string::npos;
  std::string percent;
  if (a.percent_of_baseline)
    percent = " (" + FormatFixed(*a.percent_of_baseline, 1) + " % of baseline)";
  std::string s = "since launch, the " + words.kpi + " has been ";
  s += zero
           ? "on its earlier trend (" + size + unit + percent + " off it)"
           : size + unit + percent + (a.deviation < 0 ? " below" : " above") + " its earlier trend";
  s += "; 95 % prediction interval " + FormatFixed(a.ci_low, decimals) + " to " +
       FormatFixed(a.ci_high, decimals);
  if (a.ci_low <= 0 && a.ci_high >= 0) s += ", which includes no difference";
  return s + "; weaker evidence: a trend, not a comparison group";
}

std::string WindowSentence(const WindowSentenceInput& in) {
  const int decimals = DecimalsFor(in.ci_low, in.ci_high);
  const std::string unit = in.words.kpi_unit.empty() ? "" : " " + in.words.kpi_unit;
  const std::string treated = TreatedNoun(in.unit);
  const std::string comparison = ComparisonNoun(in.unit, in.control);
  const std::string size = FormatFixed(std::fabs(in.att), decimals);
  const bool zero = size.find_first_not_of("0.") == std::string::npos;
  std::string s = treated + "' " + in.words.kpi + " ";
  std::string percent;
  if (in.percent_of_baseline)
    percent = " (" + FormatFixed(*in.percent_of_baseline, 1) + " % of baseline)";
  if (zero) {
    s += "moved the same as " + comparison + "' (a difference of " + size + unit + percent + ")";
  } else {
    s += std::string(in.att < 0 ? "fell " : "rose ") + size + unit + percent + " more than " +
         comparison + "'";
  }
  const std::string event = IsTeam(in.unit) ? "reaching the completion share" : "completing";
  if (in.days > 0) {
    s += " within " + std::to_string(in.days) + " days of " + event;
  } else {
    const int periods = in.last_event_time + 1;
    s += " in the first " + std::to_string(periods) + " " + PeriodKindName(in.period) +
         (periods == 1 ? "" : "s") + " after " + event;
  }
  s += "; 95 % CI " + FormatFixed(in.ci_low, decimals) + " to " + FormatFixed(in.ci_high, decimals);
  if (in.ci_low <= 0 && in.ci_high >= 0) s += ", which includes no difference";
  s += "; " + FormatCount(in.n_treated) + " " + treated + ", " + FormatCount(in.n_control) +
       " comparison " + in.words.population;
  return s;
}

std::string PretrendSentence(ImpactUnitKind unit, double p) {
  const std::string who = TreatedNoun(unit);
  const std::string before =
      IsTeam(unit) ? "before they reached the completion share" : "before they completed";
  if (p < 0.05)
    return who + " were already moving " + before +
           "; this estimate is not reliable (pre-trend test p " + FormatP(p) + ")";
  return "no sign that " + who + " were already moving " + before + " (pre-trend test p " +
         FormatP(p) + ")";
}

std::string NotEnoughDataSentence(NotEnoughDataReason reason, const ImpactWords& words,
                                  ImpactUnitKind unit, int64_t min_units, int window_days) {
  const std::string treated = TreatedNoun(unit);
  switch (reason) {
    case NotEnoughDataReason::kFewerThanTwoPeriods:
      return "not enough data: the " + words.kpi + " has fewer than two periods of data";
    case NotEnoughDataReason::kNoCompleters:
      return IsTeam(unit) ? "not enough data: no team with " + words.kpi +
                                " data has reached the completion share yet"
                          : "not enough data: none of the " + words.population + " with " +
                                words.kpi + " data has completed yet";
    case NotEnoughDataReason::kNoPrePeriod:
      return "not enough data: every one of the " + treated +
             " completed in the first period of the data, so there is no before to compare with";
    case NotEnoughDataReason::kTooFewUnits:
      return "not enough data: every comparison has fewer than " + std::to_string(min_units) + " " +
             treated + " or fewer than " + std::to_string(min_units) + " comparison " +
             words.population + " with " + words.kpi + " data before and after";
    case NotEnoughDataReason::kWindowNotObserved:
      return "not enough data: no " + treated + " have been followed for the whole " +
             (window_days > 0 ? std::to_string(window_days) + " days" : std::string("window")) +
             " after completing yet";
  }
  return "not enough data";
}

}  // namespace outcomes
