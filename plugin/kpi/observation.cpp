#include "plugin/kpi/observation.h"

#include <cmath>
#include <cstdlib>

#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/xapi/agent.h"
#include "lrs/xapi/validator.h"
#include "plugin/kpi/csv.h"
#include "plugin/model/days.h"
#include "plugin/model/schema_check.h"

namespace outcomes {

namespace {

namespace json = lrs::json;
using lrs::Error;

const SchemaCheck& Schema() {
  static const SchemaCheck* check = new SchemaCheck(KpiObservationSchemaText());
  return *check;
}

// A date "YYYY-MM-DD", or the UTC date of an ISO 8601 timestamp.
lrs::Result<int64_t> DayOf(std::string_view date, const std::string& path) {
  if (auto day = DayOfDate(date)) return *day;
  if (date.size() > 10) {
    if (auto ts = lrs::ParseTimestamp(date)) return DayOfMicros(lrs::ToMicros(ts->instant));
  }
  return Error::BadRequest(path + ": \"" + std::string(date) + "\" is not a date");
}

lrs::Status SetAgent(const json::Value& agent, const std::string& path, KpiObservation* o) {
  LRS_RETURN_IF_ERROR(lrs::xapi::ValidateAgentParameter(agent, path));
  o->agent = json::Write(agent);
  o->agent_key = *lrs::xapi::AgentKey(agent);
  return lrs::Status();
}

// An agent cell: an e-mail address, a mailto IRI, or an Agent in JSON.
lrs::Status AgentFromCell(const std::string& cell, const std::string& path, KpiObservation* o) {
  json::Document agent;
  if (!cell.empty() && cell[0] == '{') {
    lrs::Status parsed = json::Parse(cell, &agent);
    if (!parsed.ok()) return Error::BadRequest(path + ": " + parsed.error().message());
  } else {
    const std::string mbox = lrs::StartsWith(cell, "mailto:") ? cell : "mailto:" + cell;
    agent.SetObject();
    agent.AddMember("mbox", json::Copy(mbox, agent.GetAllocator()), agent.GetAllocator());
  }
  lrs::Status set = SetAgent(agent, path, o);
  if (!set.ok()) {
    return Error::BadRequest(path + ": \"" + cell +
                             "\" is neither an e-mail address nor an xAPI Agent");
  }
  return lrs::Status();
}

int ColumnOf(const std::string& header) {
  const std::string h = lrs::AsciiLower(header);
  if (h == "date" || h == "day" || h == "period") return 0;
  if (h == "value" || h == "kpi" || h == "metric") return 1;
  if (h == "agent" || h == "learner" || h == "email" || h == "mbox" || h == "user") return 2;
  if (h == "team" || h == "group") return 3;
  return -1;
}

// A decimal number ("-12.5", "3e2"); not hexadecimal, infinite or NaN, which strtod also takes.
std::optional<double> NumberOf(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  for (char c : cell) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
      return std::nullopt;
    }
  }
  char* end = nullptr;
  const double v = std::strtod(cell.c_str(), &end);
  if (end != cell.c_str() + cell.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

std::string KpiObservation::Subject() const {
  if (agent_key) return "agent:" + *agent_key;
  if (team) return "team:" + *team;
  return "";
}

lrs::Result<KpiObservation> ParseObservation(const json::Value& v, const std::string& path) {
  // The schema's bound on values, said in words before the schema's own message.
  if (const json::Value* value = v.IsObject() ? json::Find(v, "value") : nullptr;
      value != nullptr && value->IsNumber() && std::fabs(value->GetDouble()) > kMaxKpiMagnitude) {
    return Error::BadRequest(path + ".value: " + json::Write(*value) +
                             " is beyond 1e15 in magnitude, the largest a KPI value may be (the "
                             "figures computed from it would overflow)");
  }
  LRS_RETURN_IF_ERROR(Schema().Check(v, path));
  KpiObservation o;
  auto day = DayOf(json::View(v["date"]), path + ".date");
  if (!day.ok()) return day.error();
  o.day = day.value();
  o.date = DateOfDay(o.day);
  o.value = v["value"].GetDouble();
  const json::Value* agent = json::Find(v, "agent");
  const json::Value* team = json::Find(v, "team");
  if (agent != nullptr && team != nullptr) {
    return Error::BadRequest(path + ": an observation is for an agent or a team, not both");
  }
  if (agent != nullptr) LRS_RETURN_IF_ERROR(SetAgent(*agent, path + ".agent", &o));
  if (team != nullptr) o.team = std::string(json::View(*team));
  return o;
}

lrs::Result<std::vector<KpiObservation>> ParseKpiCsv(std::string_view text) {
  auto records = ParseCsv(text);
  if (!records.ok()) return records.error();
  if (records.value().empty()) return Error::BadRequest("the file holds no rows");

  // Column positions: date, value, agent, team (-1: absent).
  int columns[4] = {0, 1, 2, 3};
  size_t first = 0;
  const CsvRecord& head = records.value()[0];
  bool header = false;
  for (const std::string& cell : head.fields)
    header = header || ColumnOf(cell) >= 0;
  if (header) {
    for (int& c : columns)
      c = -1;
    for (size_t i = 0; i < head.fields.size(); ++i) {
      const int column = ColumnOf(head.fields[i]);
      if (column < 0) {
        return Error::BadRequest("line " + std::to_string(head.line) + ": unknown column \"" +
                                 head.fields[i] + "\" (expected date, value, agent, team)");
      }
      if (columns[column] >= 0) {
        return Error::BadRequest("line " + std::to_string(head.line) + ": column \"" +
                                 head.fields[i] + "\" repeats another");
      }
      columns[column] = static_cast<int>(i);
    }
    if (columns[0] < 0 || columns[1] < 0) {
      return Error::BadRequest("line " + std::to_string(head.line) +
                               ": the header needs a date and a value column");
    }
    first = 1;
  }

  std::vector<KpiObservation> out;
  CsvRowErrors errors;
  for (size_t r = first; r < records.value().size(); ++r) {
    const CsvRecord& rec = records.value()[r];
    const std::string where = "line " + std::to_string(rec.line);
    auto cell = [&](int column) -> std::string {
      const int at = columns[column];
      return (at >= 0 && static_cast<size_t>(at) < rec.fields.size()) ? rec.fields[at] : "";
    };
    const size_t known = header ? head.fields.size() : 4;
    std::string error;
    KpiObservation o;
    if (rec.fields.size() > known) {
      error = where + ": " + std::to_string(rec.fields.size()) + " fields, expected at most " +
              std::to_string(known);
    } else if (auto day = DayOf(cell(0), where + ": date"); !day.ok()) {
      error = day.error().message();
    } else if (auto value = NumberOf(cell(1)); !value) {
      o.day = day.value();
      error = where + ": value \"" + cell(1) + "\" is not a number";
    } else if (std::fabs(*value) > kMaxKpiMagnitude) {
      error = where + ": value \"" + cell(1) +
              "\" is beyond 1e15 in magnitude, the largest a KPI value may be (the figures "
              "computed from it would overflow)";
    } else {
      o.day = day.value();
      o.date = DateOfDay(o.day);
      o.value = *value;
      const std::string agent = cell(2);
      const std::string team = cell(3);
      if (!agent.empty() && !team.empty()) {
        error = where + ": a row is for an agent or a team, not both";
      } else if (!agent.empty()) {
        lrs::Status set = AgentFromCell(agent, where + ": agent", &o);
        if (!set.ok()) error = set.error().message();
      } else if (!team.empty()) {
        o.team = team;
      }
    }
    if (!error.empty()) {
      errors.Add(std::move(error));
      continue;
    }
    out.push_back(std::move(o));
  }
  if (!errors.empty()) return errors.ToError();
  if (out.empty()) return Error::BadRequest("the file holds a header but no rows");
  return out;
}

}  // namespace outcomes
