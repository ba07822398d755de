#include "plugin/analytics/impact.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <unordered_map>

#include "plugin/analytics/distributions.h"

namespace outcomes {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kNeverGroup = -1;  // internal group slot of the never-treated
// `did` treats a standard error at or below this as zero (sqrt(.Machine$double.eps) * 10).
const double kZeroSe = std::sqrt(std::numeric_limits<double>::epsilon()) * 10;

// ---------------------------------------------------------------------------------------------
// The panel, in compact form.

struct Panel {
  int periods = 0;
  size_t n = 0;
  std::vector<double> y;                       // n × periods, row-major; NaN = not observed
  std::vector<int> slot;                       // per unit: index into group_periods, or kNeverGroup
  std::vector<int> group_periods;              // the groups' periods, ascending
  std::vector<std::vector<uint32_t>> members;  // per group slot: its units
  std::vector<uint32_t> never;                 // the never-treated units
  std::vector<int64_t> cluster;                // per unit: ImpactUnit::cluster, or -1 - unit
  int64_t dropped = 0;
  int64_t completers_seen = 0;  // units with observations and a group in the data

  double Y(size_t unit, int period) const {
    return y[unit * static_cast<size_t>(periods) + static_cast<size_t>(period)];
  }
  bool Observed(size_t unit, int period) const { return !std::isnan(Y(unit, period)); }
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
  std::vector<int64_t> compact(units, -1);
  std::vector<int> periods_of_groups;
  for (size_t u = 0; u < units; ++u) {
    if (!has_obs[u]) continue;
    const int g = group_of(u);
    if (g != kNeverGroup) ++p.completers_seen;
    if (g != kNeverGroup && g <= anticipation) {
      ++p.dropped;  // no base period g - 1 - k in the data
      continue;
    }
    compact[u] = static_cast<int64_t>(p.n++);
    if (g != kNeverGroup) periods_of_groups.push_back(g);
  }
  std::sort(periods_of_groups.begin(), periods_of_groups.end());
  periods_of_groups.erase(std::unique(periods_of_groups.begin(), periods_of_groups.end()),
                          periods_of_groups.end());
  p.group_periods = periods_of_groups;
  p.members.resize(p.group_periods.size());
  p.slot.assign(p.n, kNeverGroup);
  p.cluster.assign(p.n, 0);
  for (size_t u = 0; u < units; ++u) {
    if (compact[u] < 0) continue;
    const auto i = static_cast<uint32_t>(compact[u]);
    const int g = group_of(u);
    if (g == kNeverGroup) {
      p.never.push_back(i);
    } else {
      const int s =
          static_cast<int>(std::lower_bound(p.group_periods.begin(), p.group_periods.end(), g) -
                           p.group_periods.begin());
      p.slot[i] = s;
      p.members[static_cast<size_t>(s)].push_back(i);
    }
    p.cluster[i] = in.units[u].cluster ? *in.units[u].cluster : -1 - static_cast<int64_t>(i);
  }
  // Y: the mean of each unit's observations per period.
  const size_t cells = p.n * static_cast<size_t>(p.periods);
  std::vector<double> sum(cells, 0.0);
  std::vector<int32_t> count(cells, 0);
  for (const ImpactObservation& o : in.observations) {
    if (compact[o.unit] < 0) continue;
    const size_t k = static_cast<size_t>(compact[o.unit]) * static_cast<size_t>(p.periods) +
                     static_cast<size_t>(o.period);
    sum[k] += o.value;
    ++count[k];
  }
  p.y.assign(cells, kNaN);
  for (size_t k = 0; k < cells; ++k)
    if (count[k] > 0) p.y[k] = sum[k] / count[k];
  return p;
}

// ---------------------------------------------------------------------------------------------
// ATT(g,t) cells.

struct Cell {
  AttGtCell out;
  int slot = 0;                 // the group's slot
  std::vector<uint32_t> units;  // treated first (n_treated of them), then comparison
  std::vector<double> psi;      // the influence function, same order
  double mu_treated = 0, mu_control = 0;

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

Cell ComputeCell(const Panel& p, int s, int t, int b, const ImpactOptions& o) {
  Cell c;
  c.slot = s;
  const int g = p.group_periods[static_cast<size_t>(s)];
  c.out.group = g;
  c.out.time = t;
  c.out.base = b;
  c.out.post = t >= g;
  auto add = [&](const std::vector<uint32_t>& list) {
    for (uint32_t i : list) {
      const double yt = p.Y(i, t), yb = p.Y(i, b);
      if (std::isnan(yt) || std::isnan(yb)) continue;
      c.units.push_back(i);
      c.psi.push_back(yt - yb);  // ΔY for now
    }
  };
  add(p.members[static_cast<size_t>(s)]);
  const size_t n_treated = c.units.size();
  add(p.never);
  for (size_t h = 0; h < p.members.size(); ++h) {
    if (IsComparison(p, static_cast<int>(h), g, t, b, o.control, o.anticipation)) add(p.members[h]);
  }
  const size_t n_control = c.units.size() - n_treated;
  c.out.n_treated = static_cast<int64_t>(n_treated);
  c.out.n_control = static_cast<int64_t>(n_control);
  if (c.out.n_treated < o.min_units || c.out.n_control < o.min_units) {
    c.out.status =
        c.out.n_treated < o.min_units ? CellStatus::kTooFewTreated : CellStatus::kTooFewComparison;
    c.units.clear();
    c.psi.clear();
    c.units.shrink_to_fit();
    c.psi.shrink_to_fit();
    return c;
  }
  double sum_t = 0, sum_c = 0;
  for (size_t k = 0; k < n_treated; ++k)
    sum_t += c.psi[k];
  for (size_t k = n_treated; k < c.psi.size(); ++k)
    sum_c += c.psi[k];
  c.mu_treated = sum_t / static_cast<double>(n_treated);
  c.mu_control = sum_c / static_cast<double>(n_control);
  const double n = static_cast<double>(p.n);
  const double scale_t = n / static_cast<double>(n_treated);
  const double scale_c = n / static_cast<double>(n_control);
  double ss = 0;
  for (size_t k = 0; k < c.psi.size(); ++k) {
    c.psi[k] =
        k < n_treated ? scale_t * (c.psi[k] - c.mu_treated) : -scale_c * (c.psi[k] - c.mu_control);
    ss += c.psi[k] * c.psi[k];
  }
  c.out.att = c.mu_treated - c.mu_control;
  c.out.se = std::sqrt(ss) / n;
  return c;
}

std::vector<Cell> ComputeCells(const Panel& p, const ImpactOptions& o) {
  std::vector<Cell> cells;
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
        cells.push_back(std::move(c));
        continue;
      }
      cells.push_back(ComputeCell(p, static_cast<int>(s), t, b, o));
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

// The p_g-weighted mean of `keep`'s cells, with the weights term when `weights_term`.
Aggregate WeightedByGroupSize(const Panel& p, const std::vector<Cell>& cells,
                              const std::vector<size_t>& keep, bool weights_term) {
  Aggregate a;
  a.psi.assign(p.n, 0.0);
  double total_share = 0;
  for (size_t k : keep)
    total_share += p.Share(cells[k].slot);
  for (size_t k : keep)
    a.att += p.Share(cells[k].slot) / total_share * cells[k].Att();
  for (size_t k : keep) {
    const double w = p.Share(cells[k].slot) / total_share;
    const Cell& c = cells[k];
    for (size_t j = 0; j < c.units.size(); ++j)
      a.psi[c.units[j]] += w * c.psi[j];
  }
  if (weights_term) {
    // For unit i: Σ over the cells of i's own group of (ATT - θ) / Σ p_g.
    std::vector<double> by_slot(p.members.size(), 0.0);
    for (size_t k : keep)
      by_slot[static_cast<size_t>(cells[k].slot)] += cells[k].Att() - a.att;
    for (size_t i = 0; i < p.n; ++i) {
      if (p.slot[i] != kNeverGroup)
        a.psi[i] += by_slot[static_cast<size_t>(p.slot[i])] / total_share;
    }
  }
  return a;
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

// Distinct comparison units and treated units over `keep`'s cells.
void CountUnits(const Panel& p, const std::vector<Cell>& cells, const std::vector<size_t>& keep,
                int64_t* treated, int64_t* control) {
  std::vector<char> seen_t(p.n, 0), seen_c(p.n, 0);
  *treated = 0;
  *control = 0;
  for (size_t k : keep) {
    const Cell& c = cells[k];
    for (size_t j = 0; j < c.units.size(); ++j) {
      const uint32_t i = c.units[j];
      const bool is_treated = static_cast<int64_t>(j) < c.out.n_treated;
      std::vector<char>& seen = is_treated ? seen_t : seen_c;
      if (seen[i]) continue;
      seen[i] = 1;
      ++(is_treated ? *treated : *control);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The pre-trend test.

// Σ = Σ_i ψ_i ψ_i' over the cells `pre`. Units observed in every period are taken group by
// group through their centred cross products (their ψ in cell j is coef_j (ΔY_ij - μ_j), the
// same coefficient and centre for a whole group); the others unit by unit.
std::vector<double> PretrendCrossProducts(const Panel& p, const std::vector<Cell>& cells,
                                          const std::vector<size_t>& pre, const ImpactOptions& o) {
  const size_t m = pre.size();
  const size_t P = static_cast<size_t>(p.periods);
  std::vector<double> sigma(m * m, 0.0);
  std::vector<char> complete(p.n, 1);
  for (size_t i = 0; i < p.n; ++i) {
    for (int t = 0; t < p.periods; ++t) {
      if (!p.Observed(i, t)) {
        complete[i] = 0;
        break;
      }
    }
  }
  // Group slots 0..G-1, then the never-treated as slot G.
  const size_t slots = p.members.size() + 1;
  auto slot_units = [&](size_t h) -> const std::vector<uint32_t>& {
    return h < p.members.size() ? p.members[h] : p.never;
  };
  for (size_t h = 0; h < slots; ++h) {
    std::vector<uint32_t> full;
    for (uint32_t i : slot_units(h))
      if (complete[i]) full.push_back(i);
    if (full.empty()) continue;
    const double count = static_cast<double>(full.size());
    std::vector<double> mean(P, 0.0);
    for (uint32_t i : full)
      for (size_t t = 0; t < P; ++t)
        mean[t] += p.Y(i, static_cast<int>(t));
    for (double& v : mean)
      v /= count;
    std::vector<double> gram(P * P, 0.0);
    std::vector<double> centred(P);
    for (uint32_t i : full) {
      for (size_t t = 0; t < P; ++t)
        centred[t] = p.Y(i, static_cast<int>(t)) - mean[t];
      for (size_t t = 0; t < P; ++t)
        for (size_t u = t; u < P; ++u)
          gram[t * P + u] += centred[t] * centred[u];
    }
    for (size_t t = 0; t < P; ++t)
      for (size_t u = 0; u < t; ++u)
        gram[t * P + u] = gram[u * P + t];
    // Each cell's coefficient and centre for this slot (0: the slot is not in the cell).
    const int hs = h < p.members.size() ? static_cast<int>(h) : kNeverGroup;
    std::vector<double> coef(m, 0.0), delta(m, 0.0);
    for (size_t j = 0; j < m; ++j) {
      const Cell& c = cells[pre[j]];
      const double n = static_cast<double>(p.n);
      double mu;
      if (hs == c.slot) {
        coef[j] = n / static_cast<double>(c.out.n_treated);
        mu = c.mu_treated;
      } else if (IsComparison(p, hs, c.out.group, c.out.time, c.out.base, o.control,
                              o.anticipation)) {
        coef[j] = -n / static_cast<double>(c.out.n_control);
        mu = c.mu_control;
      } else {
        continue;
      }
      delta[j] = mean[static_cast<size_t>(c.out.time)] - mean[static_cast<size_t>(c.out.base)] - mu;
    }
    for (size_t j = 0; j < m; ++j) {
      if (coef[j] == 0) continue;
      const size_t tj = static_cast<size_t>(cells[pre[j]].out.time);
      const size_t bj = static_cast<size_t>(cells[pre[j]].out.base);
      for (size_t k = j; k < m; ++k) {
        if (coef[k] == 0) continue;
        const size_t tk = static_cast<size_t>(cells[pre[k]].out.time);
        const size_t bk = static_cast<size_t>(cells[pre[k]].out.base);
        const double cross = gram[tj * P + tk] - gram[tj * P + bk] - gram[bj * P + tk] +
                             gram[bj * P + bk] + count * delta[j] * delta[k];
        sigma[j * m + k] += coef[j] * coef[k] * cross;
      }
    }
  }
  // The units not observed in every period: their ψ entries, unit by unit.
  std::vector<int64_t> row_of(p.n, -1);
  std::vector<std::vector<std::pair<uint32_t, double>>> rows;
  for (size_t j = 0; j < m; ++j) {
    const Cell& c = cells[pre[j]];
    for (size_t e = 0; e < c.units.size(); ++e) {
      const uint32_t i = c.units[e];
      if (complete[i]) continue;
      if (row_of[i] < 0) {
        row_of[i] = static_cast<int64_t>(rows.size());
        rows.emplace_back();
      }
      rows[static_cast<size_t>(row_of[i])].emplace_back(static_cast<uint32_t>(j), c.psi[e]);
    }
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

// a' Σ⁻¹ a by a Cholesky factorisation of Σ scaled to unit diagonal; nullopt when Σ is
// numerically singular.
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

  const std::vector<Cell> cells = ComputeCells(p, o);
  for (const Cell& c : cells)
    r.att_gt.push_back(c.out);

  // Simple: the post-treatment cells weighted by group size.
  std::vector<size_t> post;
  for (size_t k = 0; k < cells.size(); ++k)
    if (cells[k].Estimated() && cells[k].out.post) post.push_back(k);
  std::vector<const std::vector<double>*> boot_columns;  // event study first
  Aggregate simple;
  if (!post.empty()) {
    simple = WeightedByGroupSize(p, cells, post, true);
    r.simple = EstimateOf(simple, p.n);
  }

  // Group: each group's post-treatment mean, then their weighted mean.
  std::vector<Aggregate> group_aggs;
  std::vector<int> group_slots;
  for (size_t s = 0; s < p.group_periods.size(); ++s) {
    std::vector<size_t> keep;
    for (size_t k : post)
      if (cells[k].slot == static_cast<int>(s)) keep.push_back(k);
    if (keep.empty()) continue;
    group_aggs.push_back(WeightedByGroupSize(p, cells, keep, false));
    group_slots.push_back(static_cast<int>(s));
    GroupEffect ge;
    ge.group = p.group_periods[s];
    ge.estimate = EstimateOf(group_aggs.back(), p.n);
    ge.cells = static_cast<int>(keep.size());
    ge.n_treated = static_cast<int64_t>(p.members[s].size());
    r.group_effects.push_back(ge);
  }
  Aggregate group_overall;
  if (!group_aggs.empty()) {
    double total_share = 0;
    for (int s : group_slots)
      total_share += p.Share(s);
    group_overall.psi.assign(p.n, 0.0);
    std::vector<double> by_slot(p.members.size(), 0.0);
    for (size_t k = 0; k < group_aggs.size(); ++k)
      group_overall.att += p.Share(group_slots[k]) / total_share * group_aggs[k].att;
    for (size_t k = 0; k < group_aggs.size(); ++k) {
      const double w = p.Share(group_slots[k]) / total_share;
      for (size_t i = 0; i < p.n; ++i)
        group_overall.psi[i] += w * group_aggs[k].psi[i];
      by_slot[static_cast<size_t>(group_slots[k])] = group_aggs[k].att - group_overall.att;
    }
    for (size_t i = 0; i < p.n; ++i)
      if (p.slot[i] != kNeverGroup)
        group_overall.psi[i] += by_slot[static_cast<size_t>(p.slot[i])] / total_share;
    r.group_overall = EstimateOf(group_overall, p.n);
  }

  // Event study.
  std::vector<int> event_times;
  for (const Cell& c : cells)
    if (c.Usable()) event_times.push_back(c.E());
  std::sort(event_times.begin(), event_times.end());
  event_times.erase(std::unique(event_times.begin(), event_times.end()), event_times.end());
  std::vector<Aggregate> es_aggs;
  es_aggs.reserve(event_times.size());
  for (int e : event_times) {
    std::vector<size_t> keep;
    bool reference = false;
    for (size_t k = 0; k < cells.size(); ++k) {
      if (!cells[k].Usable() || cells[k].E() != e) continue;
      keep.push_back(k);
      reference = reference || cells[k].out.status == CellStatus::kReference;
    }
    es_aggs.push_back(WeightedByGroupSize(p, cells, keep, true));
    EventStudyPoint point;
    point.e = e;
    point.reference = reference;
    point.estimate = EstimateOf(es_aggs.back(), p.n);
    point.groups = static_cast<int>(keep.size());
    for (size_t k : keep)
      point.n_treated += cells[k].out.n_treated;
    int64_t distinct_treated = 0;
    CountUnits(p, cells, keep, &distinct_treated, &point.n_control);
    r.event_study.push_back(point);
  }
  std::vector<const Aggregate*> post_points;
  for (size_t k = 0; k < event_times.size(); ++k)
    if (event_times[k] >= 0) post_points.push_back(&es_aggs[k]);
  Aggregate overall;
  if (!post_points.empty()) {
    overall = MeanOf(post_points, p.n);
    r.overall = EstimateOf(overall, p.n);
  }

  // The window: event times 0..E over the groups observed, and estimated, for all of them.
  Aggregate window;
  bool have_window = false;
  if (o.window_last_event_time) {
    const int E = std::max(0, *o.window_last_event_time);
    std::vector<int> slots_observed, slots_estimated;
    for (size_t s = 0; s < p.group_periods.size(); ++s) {
      const int g = p.group_periods[s];
      if (g + E > P - 1) continue;
      slots_observed.push_back(static_cast<int>(s));
      bool all = true;
      for (const Cell& c : cells)
        if (c.slot == static_cast<int>(s) && c.E() >= 0 && c.E() <= E && !c.Estimated())
          all = false;
      if (all) slots_estimated.push_back(static_cast<int>(s));
    }
    if (slots_observed.empty()) {
      not_enough(NotEnoughDataReason::kWindowNotObserved);
    } else if (slots_estimated.empty()) {
      not_enough(NotEnoughDataReason::kTooFewUnits);
    } else {
      std::vector<Aggregate> parts;
      std::vector<size_t> all_cells;
      for (int e = 0; e <= E; ++e) {
        std::vector<size_t> keep;
        for (size_t k = 0; k < cells.size(); ++k) {
          if (cells[k].E() != e || !cells[k].Estimated()) continue;
          if (std::find(slots_estimated.begin(), slots_estimated.end(), cells[k].slot) ==
              slots_estimated.end())
            continue;
          keep.push_back(k);
          all_cells.push_back(k);
        }
        parts.push_back(WeightedByGroupSize(p, cells, keep, true));
      }
      std::vector<const Aggregate*> part_ptrs;
      for (const Aggregate& a : parts)
        part_ptrs.push_back(&a);
      window = MeanOf(part_ptrs, p.n);
      have_window = true;
      WindowEffect w;
      w.days = o.window_days;
      for (int e = 0; e <= E; ++e)
        w.event_times.push_back(e);
      for (int s : slots_estimated)
        w.groups.push_back(p.group_periods[static_cast<size_t>(s)]);
      w.estimate = EstimateOf(window, p.n);
      CountUnits(p, cells, all_cells, &w.n_treated, &w.n_control);
      if (o.baseline && *o.baseline != 0)
        w.percent_of_baseline = 100 * w.estimate.att / *o.baseline;
      if (w.estimate.ci_high < 0) w.toward_target = o.direction == KpiDirection::kDecrease;
      if (w.estimate.ci_low > 0) w.toward_target = o.direction == KpiDirection::kIncrease;
      r.window = w;
    }
  }
  if (!r.not_enough_data && !r.overall) not_enough(NotEnoughDataReason::kTooFewUnits);

  // The pre-trend test.
  std::vector<size_t> pre;
  for (size_t k = 0; k < cells.size(); ++k) {
    const Cell& c = cells[k];
    if (c.Estimated() && !c.out.post && *c.out.se > kZeroSe) pre.push_back(k);
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
      t.sentence = PretrendSentence(o.unit, t.p);
      r.pretrend = t;
    }
  }

  // The bootstrap: the event study's points (the band), then overall, window, simple, groups.
  if (o.bootstrap > 0) {
    std::vector<std::optional<double>*> se_of;
    std::vector<size_t> es_index;
    for (size_t k = 0; k < es_aggs.size(); ++k) {
      if (r.event_study[k].reference) continue;
      boot_columns.push_back(&es_aggs[k].psi);
      se_of.push_back(&r.event_study[k].estimate.bootstrap_se);
      es_index.push_back(k);
    }
    const size_t band_columns = boot_columns.size();
    auto add = [&](const Aggregate& a, std::optional<ImpactEstimate>& e) {
      if (!e) return;
      boot_columns.push_back(&a.psi);
      se_of.push_back(&e->bootstrap_se);
    };
    add(overall, r.overall);
    std::optional<ImpactEstimate> window_estimate;
    if (have_window) window_estimate = r.window->estimate;
    add(window, window_estimate);
    add(simple, r.simple);
    add(group_overall, r.group_overall);
    for (size_t k = 0; k < group_aggs.size(); ++k) {
      boot_columns.push_back(&group_aggs[k].psi);
      se_of.push_back(&r.group_effects[k].estimate.bootstrap_se);
    }
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
    if (have_window) r.window->estimate.bootstrap_se = window_estimate->bootstrap_se;
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
                                    std::optional<double> baseline) {
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
  return a;
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
