// Flat rows for BI tools: tagged statements, dashboard series and impact estimates as CSV or
// NDJSON, written a row at a time so an export of any size streams (plugin/api/http_export.cpp,
// plugin/api/http_impact.cpp). Pure functions.
//
// Statement columns, in order (docs/OUTCOMES.md "Export for BI"):
//   stored, timestamp, statement_id, actor, actor_name, verb, verb_display, activity,
//   activity_type, activity_name, registration, result_success, result_completion,
//   result_score_scaled, result_score_raw, result_score_min, result_score_max, result_duration,
//   result_response, outcome_ids, team
// `actor` is the actor's identifier as the LRS keys agents ("mbox|mailto:ann@example.com",
// "account|https://lms.example.com|ann", ...); display texts are the statement's en-US entry,
// else en, else its first one; outcome_ids are the outcomes tagging the statement, separated by
// spaces; team is the actor's team in the roster (empty when none).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/core/json.h"
#include "plugin/analytics/dashboard.h"
#include "plugin/analytics/impact.h"

namespace outcomes {

enum class ExportFormat { kCsv, kNdjson };

// "csv" or "ndjson" (the default when `text` is empty); kBadRequest otherwise.
lrs::Result<ExportFormat> ParseExportFormat(std::string_view text);
// "text/csv; charset=utf-8" or "application/x-ndjson".
std::string_view ExportContentType(ExportFormat format);

// One cell: absent (empty in CSV, null in NDJSON), text, a number or a boolean.
struct Cell {
  enum class Kind { kNull, kText, kNumber, kBool } kind = Kind::kNull;
  std::string text;  // kText: the text; kNumber: the number as JSON writes it
  bool flag = false;

  static Cell Text(std::string_view s);
  static Cell Number(const lrs::json::Value& number);
  static Cell Integer(int64_t number);
  // A figure's value (absent when it has none), written as the JSON answers write it.
  static Cell ValueOf(const Figure& figure);
  static Cell Bool(bool b);
};

// The column names of a statement row.
const std::vector<std::string>& StatementColumns();
// The cells of `statement` (the exact format, "stored" included), in StatementColumns() order.
std::vector<Cell> StatementRow(const lrs::json::Value& statement,
                               const std::vector<std::string>& outcome_ids,
                               const std::optional<std::string>& team);

// The column names of a series row.
const std::vector<std::string>& SeriesColumns();
// One row per bucket of `dashboard`, in SeriesColumns() order: the bucket's start and KPI mean
// with its n, then the consumer figures of the bucket, each the very Figure the dashboard's
// JSON shows (a null figure is an absent cell).
std::vector<std::vector<Cell>> SeriesRows(const Dashboard& dashboard);

// The column names of an impact row (docs/OUTCOMES.md "Export for BI"):
//   kind, group, time, base, e, status, att, se, ci_low, ci_high, band_low, band_high,
//   n_treated, n_control, groups
// `kind` says what the row is: "att_gt" (a group-time cell: group, time, base, status, att, se,
// counts), "event_study" (a point e: att, se, its 95 % interval, the uniform band with bootstrap
// draws, counts, groups), "overall" (the mean of the event study's points from 0 on), "window"
// (the headline: the mean of its event times 0..e over the groups observed for all of them) and
// "trend" (whole-audience KPIs: the mean deviation since launch, at `time`, from the earlier
// trend, with its prediction interval). Periods are named by their first day; absent figures
// are empty (CSV) or null (NDJSON).
const std::vector<std::string>& ImpactColumns();
// The rows of an estimate, in ImpactColumns() order: every att_gt cell (by group, then time),
// every event-study point (by e), then overall and window when they exist.
std::vector<std::vector<Cell>> ImpactRows(const ImpactResult& result);
// The one row of a whole-audience trend whose launch period is named `launch` (none when the
// trend has no numbers).
std::vector<std::vector<Cell>> AudienceTrendRows(const AudienceTrend& trend,
                                                 const std::string& launch);

// Whether a spreadsheet opening a CSV cell holding `text` would run it as a formula: it begins
// with =, +, -, @, a tab or a carriage return (the OWASP list for CSV injection).
bool LooksLikeFormula(std::string_view text);

// Appends the header line (CSV only; NDJSON has none) or one row to `out`, newline included.
// CSV quotes a cell holding a comma, quote, CR or LF (RFC 4180), and neutralises a text cell
// that LooksLikeFormula as OWASP recommends: quoted, with an apostrophe before it, so the
// spreadsheet shows it as text (numbers, such as -1.5, are numbers and stay as they are).
// NDJSON writes an object of `columns` to cells, every text exactly as it is.
void AppendHeader(ExportFormat format, const std::vector<std::string>& columns, std::string* out);
void AppendRow(ExportFormat format, const std::vector<std::string>& columns,
               const std::vector<Cell>& row, std::string* out);

}  // namespace outcomes
