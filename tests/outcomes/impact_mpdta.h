// The `mpdta` reference panel (tests/data/impact/) as an ImpactPanel, for the impact tests.
#pragma once

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "plugin/analytics/impact.h"

namespace outcomes {

inline const std::string kImpactDataDir =
    std::string(OUTCOME_LRS_SOURCE_DIR) + "/tests/data/impact/";

// A CSV file as rows of fields (quotes removed; the files have no embedded commas).
inline std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) {
      if (field.size() >= 2 && field.front() == '"') field = field.substr(1, field.size() - 2);
      fields.push_back(field);
    }
    rows.push_back(fields);
  }
  return rows;
}

// mpdta as an ImpactPanel: periods 2003..2007 (index = year - 2003), units by countyreal, value
// lemp, group = index of first.treat (0 = never).
struct Mpdta {
  ImpactPanel panel;
  int first_year = 0;
};

inline Mpdta LoadMpdta() {
  const auto rows = ReadCsv(kImpactDataDir + "mpdta.csv");
  Mpdta m;
  std::map<std::string, size_t> column;
  for (size_t k = 0; k < rows[0].size(); ++k)
    column[rows[0][k]] = k;
  std::set<int> years;
  for (size_t r = 1; r < rows.size(); ++r)
    years.insert(std::stoi(rows[r][column["year"]]));
  m.first_year = *years.begin();
  for (int y : years)
    m.panel.periods.push_back(std::to_string(y));
  std::map<std::string, size_t> unit_of;
  for (size_t r = 1; r < rows.size(); ++r) {
    const std::string id = rows[r][column["countyreal"]];
    auto [it, inserted] = unit_of.emplace(id, m.panel.units.size());
    if (inserted) {
      ImpactUnit u;
      const int first_treat = std::stoi(rows[r][column["first.treat"]]);
      if (first_treat != 0) u.group = first_treat - m.first_year;
      m.panel.units.push_back(u);
    }
    ImpactObservation o;
    o.unit = it->second;
    o.period = std::stoi(rows[r][column["year"]]) - m.first_year;
    o.value = std::stod(rows[r][column["lemp"]]);
    m.panel.observations.push_back(o);
  }
  return m;
}

}  // namespace outcomes
