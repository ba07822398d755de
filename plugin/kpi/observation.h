// Observations of an outcome's KPI (schemas/kpi-observation.schema.json): a value on a date, for
// the whole audience, one learner (an xAPI Agent) or one team.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/core/json.h"

namespace outcomes {

// The largest magnitude of an observed KPI value (the schema says the same). Business metrics
// stay far below it, and the figures computed from such values (means, differences, sums of
// squares) cannot overflow a double.
inline constexpr double kMaxKpiMagnitude = 1e15;

struct KpiObservation {
  std::string date;  // YYYY-MM-DD
  int64_t day = 0;   // days since 1970-01-01
  double value = 0;
  std::optional<std::string> agent;      // the Agent as JSON, for a per-learner value
  std::optional<std::string> agent_key;  // its identity (xapi::AgentKey)
  std::optional<std::string> team;

  // Which series the value belongs to: "" (the whole audience), "agent:KEY" or "team:NAME". One
  // value per (outcome, date, subject): a later one replaces an earlier one.
  std::string Subject() const;
};

// One observation from JSON, checked against the schema and beyond it (the date exists, the
// agent is a valid xAPI Agent or identified Group, not both agent and team). kBadRequest whose
// message starts with `path`.
lrs::Result<KpiObservation> ParseObservation(const lrs::json::Value& v, const std::string& path);

// Observations from a CSV export. With a header row, columns are found by name (any case):
// date (or day, period), value (or kpi, metric), agent (or learner, email, mbox, user) and team
// (or group); without one they are date, value, and optionally agent and team, in that order. An
// agent cell is an e-mail address, a mailto IRI or an xAPI Agent in JSON. Dates are YYYY-MM-DD
// or ISO 8601 timestamps (their UTC date). All or nothing: kBadRequest listing every bad line
// ("line 7: value \"n/a\" is not a number"; a value beyond kMaxKpiMagnitude is refused the
// same way), up to 20 of them.
lrs::Result<std::vector<KpiObservation>> ParseKpiCsv(std::string_view text);

// The JSON Schema of observations (schemas/kpi-observation.schema.json, compiled in).
std::string_view KpiObservationSchemaText();

}  // namespace outcomes
