#include "plugin/export/rows.h"

#include <cmath>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "lrs/xapi/agent.h"

namespace outcomes {

namespace json = lrs::json;
using json::Value;

namespace {

const Value* Path(const Value& root, std::initializer_list<std::string_view> names) {
  const Value* v = &root;
  for (std::string_view name : names) {
    if (!v->IsObject()) return nullptr;
    v = json::Find(*v, name);
    if (v == nullptr) return nullptr;
  }
  return v;
}

Cell TextAt(const Value& root, std::initializer_list<std::string_view> names) {
  const Value* v = Path(root, names);
  return v && v->IsString() ? Cell::Text(json::View(*v)) : Cell{};
}

Cell NumberAt(const Value& root, std::initializer_list<std::string_view> names) {
  const Value* v = Path(root, names);
  return v && v->IsNumber() ? Cell::Number(*v) : Cell{};
}

Cell BoolAt(const Value& root, std::initializer_list<std::string_view> names) {
  const Value* v = Path(root, names);
  return v && v->IsBool() ? Cell::Bool(v->GetBool()) : Cell{};
}

// The en-US entry of a language map, else en, else the first.
Cell Display(const Value* map) {
  if (map == nullptr || !map->IsObject() || map->MemberCount() == 0) return {};
  for (std::string_view tag : {"en-US", "en"}) {
    if (const Value* v = json::Find(*map, tag); v && v->IsString())
      return Cell::Text(json::View(*v));
  }
  const Value& first = map->MemberBegin()->value;
  return first.IsString() ? Cell::Text(json::View(first)) : Cell{};
}

std::string JsonString(std::string_view s) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

bool LooksLikeFormula(std::string_view text) {
  return !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
}

lrs::Result<ExportFormat> ParseExportFormat(std::string_view text) {
  if (text.empty() || text == "ndjson") return ExportFormat::kNdjson;
  if (text == "csv") return ExportFormat::kCsv;
  return lrs::Error::BadRequest("format: must be csv or ndjson, not \"" + std::string(text) + "\"");
}

std::string_view ExportContentType(ExportFormat format) {
  return format == ExportFormat::kCsv ? "text/csv; charset=utf-8" : "application/x-ndjson";
}

Cell Cell::Text(std::string_view s) {
  Cell c;
  c.kind = Kind::kText;
  c.text = std::string(s);
  return c;
}

Cell Cell::Number(const Value& number) {
  Cell c;
  c.kind = Kind::kNumber;
  c.text = json::Write(number);
  return c;
}

Cell Cell::Integer(int64_t number) {
  return Number(json::Value(number));
}

Cell Cell::ValueOf(const Figure& figure) {
  return figure.value ? Number(json::Value(*figure.value)) : Cell{};
}

Cell Cell::Bool(bool b) {
  Cell c;
  c.kind = Kind::kBool;
  c.flag = b;
  return c;
}

const std::vector<std::string>& StatementColumns() {
  static const std::vector<std::string> columns = {"stored",
                                                   "timestamp",
                                                   "statement_id",
                                                   "actor",
                                                   "actor_name",
                                                   "verb",
                                                   "verb_display",
                                                   "activity",
                                                   "activity_type",
                                                   "activity_name",
                                                   "registration",
                                                   "result_success",
                                                   "result_completion",
                                                   "result_score_scaled",
                                                   "result_score_raw",
                                                   "result_score_min",
                                                   "result_score_max",
                                                   "result_duration",
                                                   "result_response",
                                                   "outcome_ids",
                                                   "team"};
  return columns;
}

std::vector<Cell> StatementRow(const Value& statement, const std::vector<std::string>& outcome_ids,
                               const std::optional<std::string>& team) {
  std::vector<Cell> row;
  row.reserve(StatementColumns().size());
  row.push_back(TextAt(statement, {"stored"}));
  row.push_back(TextAt(statement, {"timestamp"}));
  row.push_back(TextAt(statement, {"id"}));
  const Value* actor = Path(statement, {"actor"});
  std::optional<std::string> key = actor ? lrs::xapi::AgentKey(*actor) : std::nullopt;
  row.push_back(key ? Cell::Text(*key) : Cell{});
  row.push_back(TextAt(statement, {"actor", "name"}));
  row.push_back(TextAt(statement, {"verb", "id"}));
  row.push_back(Display(Path(statement, {"verb", "display"})));
  const Value* object = Path(statement, {"object"});
  const Value* type = object ? json::Find(*object, "objectType") : nullptr;
  const bool activity =
      object && (type == nullptr || (type->IsString() && json::View(*type) == "Activity"));
  row.push_back(activity ? TextAt(*object, {"id"}) : Cell{});
  row.push_back(activity ? TextAt(*object, {"definition", "type"}) : Cell{});
  row.push_back(activity ? Display(Path(*object, {"definition", "name"})) : Cell{});
  row.push_back(TextAt(statement, {"context", "registration"}));
  row.push_back(BoolAt(statement, {"result", "success"}));
  row.push_back(BoolAt(statement, {"result", "completion"}));
  row.push_back(NumberAt(statement, {"result", "score", "scaled"}));
  row.push_back(NumberAt(statement, {"result", "score", "raw"}));
  row.push_back(NumberAt(statement, {"result", "score", "min"}));
  row.push_back(NumberAt(statement, {"result", "score", "max"}));
  row.push_back(TextAt(statement, {"result", "duration"}));
  row.push_back(TextAt(statement, {"result", "response"}));
  std::string ids;
  for (const std::string& id : outcome_ids)
    ids += (ids.empty() ? "" : " ") + id;
  row.push_back(Cell::Text(ids));
  row.push_back(team ? Cell::Text(*team) : Cell{});
  return row;
}

const std::vector<std::string>& SeriesColumns() {
  static const std::vector<std::string> columns = {"start",
                                                   "kpi_mean",
                                                   "kpi_n",
                                                   "tagged_statements",
                                                   "active_learners",
                                                   "adoption_rate",
                                                   "completions",
                                                   "application_frequency",
                                                   "mean_scaled_score",
                                                   "mean_scaled_score_n",
                                                   "median_time_to_proficiency_days",
                                                   "median_time_to_proficiency_n"};
  return columns;
}

std::vector<std::vector<Cell>> SeriesRows(const Dashboard& dashboard) {
  std::vector<std::vector<Cell>> rows;
  const std::vector<KpiBucket>& kpi = dashboard.customer.series;
  const std::vector<ConsumerBucket>& consumer = dashboard.consumer.series;
  rows.reserve(consumer.size());
  for (size_t i = 0; i < consumer.size(); ++i) {
    const ConsumerBucket& c = consumer[i];
    const KpiBucket* k = i < kpi.size() ? &kpi[i] : nullptr;
    std::vector<Cell> row;
    row.reserve(SeriesColumns().size());
    row.push_back(Cell::Text(DateOfDay(c.start_day)));
    row.push_back(k ? Cell::ValueOf(k->mean) : Cell{});
    row.push_back(k ? Cell::Integer(k->mean.n) : Cell{});
    row.push_back(Cell::Integer(c.tagged_statements));
    row.push_back(Cell::Integer(c.active_learners));
    row.push_back(Cell::ValueOf(c.adoption_rate));
    row.push_back(Cell::Integer(c.completions));
    row.push_back(Cell::ValueOf(c.application_frequency));
    row.push_back(Cell::ValueOf(c.mean_scaled_score));
    row.push_back(Cell::Integer(c.mean_scaled_score.n));
    row.push_back(Cell::ValueOf(c.median_time_to_proficiency_days));
    row.push_back(Cell::Integer(c.median_time_to_proficiency_days.n));
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {

Cell Real(double v) {
  return std::isfinite(v) ? Cell::Number(Value(v)) : Cell{};
}

Cell Real(const std::optional<double>& v) {
  return v ? Real(*v) : Cell{};
}

Cell Count(int64_t v) {
  return Cell::Number(Value(static_cast<int64_t>(v)));
}

// A period index of `periods` as its name; empty when out of range.
Cell PeriodName(const std::vector<std::string>& periods, int index) {
  if (index < 0 || static_cast<size_t>(index) >= periods.size()) return {};
  return Cell::Text(periods[static_cast<size_t>(index)]);
}

// kind, group, time, base, e, status: the row's first six cells; the rest empty.
std::vector<Cell> ImpactRow(std::string_view kind) {
  std::vector<Cell> row(ImpactColumns().size());
  row[0] = Cell::Text(kind);
  return row;
}

void SetEstimate(const ImpactEstimate& e, std::vector<Cell>* row) {
  (*row)[6] = Real(e.att);
  (*row)[7] = Real(e.se);
  (*row)[8] = Real(e.ci_low);
  (*row)[9] = Real(e.ci_high);
}

}  // namespace

const std::vector<std::string>& ImpactColumns() {
  static const std::vector<std::string> columns = {
      "kind",   "group",   "time",     "base",      "e",         "status",    "att",   "se",
      "ci_low", "ci_high", "band_low", "band_high", "n_treated", "n_control", "groups"};
  return columns;
}

std::vector<std::vector<Cell>> ImpactRows(const ImpactResult& r) {
  std::vector<std::vector<Cell>> rows;
  for (const AttGtCell& c : r.att_gt) {
    std::vector<Cell> row = ImpactRow("att_gt");
    row[1] = PeriodName(r.periods, c.group);
    row[2] = PeriodName(r.periods, c.time);
    row[3] = PeriodName(r.periods, c.base);
    row[4] = Count(c.time - c.group);
    row[5] = Cell::Text(CellStatusName(c.status));
    row[6] = Real(c.att);
    row[7] = Real(c.se);
    row[12] = Count(c.n_treated);
    row[13] = Count(c.n_control);
    rows.push_back(std::move(row));
  }
  for (const EventStudyPoint& p : r.event_study) {
    std::vector<Cell> row = ImpactRow("event_study");
    row[4] = Count(p.e);
    row[5] = Cell::Text(p.reference ? "reference" : "estimated");
    SetEstimate(p.estimate, &row);
    if (p.reference) row[7] = row[8] = row[9] = Cell{};  // 0 by definition: no interval
    row[10] = Real(p.band_low);
    row[11] = Real(p.band_high);
    row[12] = Count(p.n_treated);
    row[13] = Count(p.n_control);
    row[14] = Count(p.groups);
    rows.push_back(std::move(row));
  }
  if (r.overall) {
    std::vector<Cell> row = ImpactRow("overall");
    SetEstimate(*r.overall, &row);
    rows.push_back(std::move(row));
  }
  if (r.window) {
    std::vector<Cell> row = ImpactRow("window");
    row[4] = Count(r.window->event_times.empty() ? 0 : r.window->event_times.back());
    SetEstimate(r.window->estimate, &row);
    row[12] = Count(r.window->n_treated);
    row[13] = Count(r.window->n_control);
    row[14] = Count(static_cast<int64_t>(r.window->groups.size()));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::vector<Cell>> AudienceTrendRows(const AudienceTrend& trend,
                                                 const std::string& launch) {
  std::vector<std::vector<Cell>> rows;
  if (trend.not_enough_data) return rows;
  std::vector<Cell> row = ImpactRow("trend");
  row[2] = Cell::Text(launch);
  row[6] = Real(trend.deviation);
  row[7] = Real(trend.se);
  row[8] = Real(trend.ci_low);
  row[9] = Real(trend.ci_high);
  rows.push_back(std::move(row));
  return rows;
}

void AppendHeader(ExportFormat format, const std::vector<std::string>& columns, std::string* out) {
  if (format != ExportFormat::kCsv) return;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out->push_back(',');
    *out += columns[i];
  }
  *out += "\r\n";
}

void AppendRow(ExportFormat format, const std::vector<std::string>& columns,
               const std::vector<Cell>& row, std::string* out) {
  if (format == ExportFormat::kCsv) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out->push_back(',');
      const Cell& c = row[i];
      // A text a spreadsheet would run as a formula gets a leading apostrophe, and quotes.
      const bool formula = c.kind == Cell::Kind::kText && LooksLikeFormula(c.text);
      if (c.kind == Cell::Kind::kBool) {
        *out += c.flag ? "true" : "false";
      } else if (!formula && c.text.find_first_of(",\"\r\n") == std::string::npos) {
        *out += c.text;
      } else {
        out->push_back('"');
        if (formula) out->push_back('\'');
        for (char ch : c.text) {
          if (ch == '"') out->push_back('"');
          out->push_back(ch);
        }
        out->push_back('"');
      }
    }
    *out += "\r\n";
    return;
  }
  out->push_back('{');
  for (size_t i = 0; i < row.size() && i < columns.size(); ++i) {
    if (i > 0) out->push_back(',');
    *out += JsonString(columns[i]);
    out->push_back(':');
    const Cell& c = row[i];
    switch (c.kind) {
      case Cell::Kind::kNull:
        *out += "null";
        break;
      case Cell::Kind::kText:
        *out += JsonString(c.text);
        break;
      case Cell::Kind::kNumber:
        *out += c.text;
        break;
      case Cell::Kind::kBool:
        *out += c.flag ? "true" : "false";
        break;
    }
  }
  *out += "}\n";
}

}  // namespace outcomes
