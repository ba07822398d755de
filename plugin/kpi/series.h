// A KPI subject's observations as one text (outcome_kpi_series.series, migration
// 005_kpi_series.sql): "DAY:VALUE;DAY:VALUE;..." by day, DAY in days since 1970-01-01, VALUE
// with 17 significant digits (SQLite's printf('%!.17g'): exactly the stored double for every
// value an observation may have, |v| <= kMaxKpiMagnitude). Written by the migration's triggers;
// read by the impact estimate and checked by the rollup audit.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"

namespace outcomes {

struct KpiPointOfSeries {
  int64_t day = 0;
  double value = 0;
};

// Calls `add(day, value)` for each observation of `series`, in order. False when the text is
// not a series (an empty text is an empty series).
template <typename Add>
bool ForEachInKpiSeries(std::string_view series, Add&& add);

// The observations of `series`; kInternal naming `what` when it does not parse.
lrs::Result<std::vector<KpiPointOfSeries>> ParseKpiSeries(std::string_view series,
                                                          std::string_view what);

}  // namespace outcomes

#include <charconv>
#include <cmath>

namespace outcomes {

template <typename Add>
bool ForEachInKpiSeries(std::string_view series, Add&& add) {
  const char* p = series.data();
  const char* end = p + series.size();
  while (p < end) {
    int64_t day = 0;
    double value = 0;
    auto d = std::from_chars(p, end, day);
    if (d.ec != std::errc() || d.ptr == end || *d.ptr != ':') return false;
    auto v = std::from_chars(d.ptr + 1, end, value);
    if (v.ec != std::errc() || !std::isfinite(value)) return false;
    p = v.ptr;
    if (p < end && *p++ != ';') return false;
    if (p == end && series.back() == ';') return false;
    add(day, value);
  }
  return true;
}

}  // namespace outcomes
