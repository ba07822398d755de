#include "plugin/kpi/series.h"

#include <string>

namespace outcomes {

lrs::Result<std::vector<KpiPointOfSeries>> ParseKpiSeries(std::string_view series,
                                                          std::string_view what) {
  std::vector<KpiPointOfSeries> out;
  if (!ForEachInKpiSeries(series, [&](int64_t day, double value) {
        out.push_back({day, value});
      })) {
    return lrs::Error::Internal("the KPI series of " + std::string(what) +
                                " is damaged (outcome_kpi_series): \"" +
                                std::string(series.substr(0, 80)) + "\"");
  }
  return out;
}

}  // namespace outcomes
