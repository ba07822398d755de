#include "plugin/store/kpi_store.h"

#include <algorithm>
#include <utility>

#include "plugin/model/days.h"
#include "plugin/store/sql_catalog.h"

namespace outcomes::store {

Status PutKpi(SqlConnection& txn, int64_t store_id, std::string_view outcome_id,
              const KpiObservation& o, const std::string& recorded) {
  auto q = sql::Prepare(txn, "kpi_put");
  if (!q.ok()) return q.error();
  lrs::ext::SqlQuery& put = *q.value();
  put.Bind(1, store_id).Bind(2, outcome_id).Bind(3, o.day).Bind(4, o.Subject());
  put.BindDouble(5, o.value);
  if (o.agent) {
    put.Bind(6, *o.agent);
  } else {
    put.BindNull(6);
  }
  if (o.team) {
    put.Bind(7, *o.team);
  } else {
    put.BindNull(7);
  }
  put.Bind(8, recorded);
  return put.Run();
}

Result<std::vector<KpiObservation>> ListKpi(SqlConnection& txn, int64_t store_id,
                                            std::string_view outcome_id, int64_t from_day,
                                            int64_t to_day) {
  auto q = sql::Prepare(txn, "kpi_list");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, store_id).Bind(2, outcome_id).Bind(3, from_day).Bind(4, to_day);
  // By day, then subject in byte order. SQLite reads them so from its primary key; PostgreSQL's
  // key holds the subject's hash, and its sort of the text cost more than the rest of a
  // dashboard: they are put in order here when they are not.
  std::vector<KpiObservation> rows;
  std::vector<std::string> subjects;  // of each row
  while (true) {
    auto row = q.value()->Step();
    if (!row.ok()) return row.error();
    if (!row.value()) break;
    // day, subject, value, agent, team
    const lrs::ext::SqlQuery& r = *q.value();
    KpiObservation o;
    o.day = r.Int64(0);
    o.date = rows.empty() || rows.back().day != o.day ? DateOfDay(o.day) : rows.back().date;
    o.value = r.Double(2);
    const std::string_view subject = r.Text(1);
    if (!r.IsNull(3)) {
      o.agent = std::string(r.Text(3));
      o.agent_key = std::string(subject.substr(subject.find(':') + 1));
    }
    if (!r.IsNull(4)) o.team = std::string(r.Text(4));
    rows.push_back(std::move(o));
    subjects.emplace_back(subject);
  }
  // Rows are put in order through their indices: moving observations around costs more than
  // comparing them.
  auto before = [&](size_t a, size_t b) {
    return rows[a].day != rows[b].day ? rows[a].day < rows[b].day : subjects[a] < subjects[b];
  };
  bool sorted = true;
  for (size_t i = 1; i < rows.size() && sorted; ++i)
    sorted = !before(i, i - 1);
  if (sorted) return rows;
  std::vector<size_t> order(rows.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(), before);
  std::vector<KpiObservation> out;
  out.reserve(rows.size());
  for (size_t i : order)
    out.push_back(std::move(rows[i]));
  return out;
}

Result<KpiSummary> SummarizeKpi(SqlConnection& txn, int64_t store_id, std::string_view outcome_id,
                                int64_t as_of_day) {
  KpiSummary summary;
  {
    auto q = sql::Prepare(txn, "kpi_basis");
    if (!q.ok()) return q.error();
    q.value()->Bind(1, store_id).Bind(2, outcome_id).Bind(3, as_of_day);
    auto row = q.value()->Step();
    if (!row.ok()) return row.error();
    if (!row.value() || q.value()->Int64(1) == 0) return summary;
    summary.basis = q.value()->Int64(0) != 0 ? "audience" : "learners_and_teams";
  }
  auto q =
      sql::Prepare(txn, summary.basis == "audience" ? "kpi_latest_audience" : "kpi_latest_any");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, store_id).Bind(2, outcome_id).Bind(3, as_of_day);
  auto row = q.value()->Step();
  if (!row.ok()) return row.error();
  if (row.value() && !q.value()->IsNull(0)) {
    summary.latest_day = q.value()->Int64(0);
    summary.latest_value = q.value()->Double(1);
    summary.latest_n = q.value()->Int64(2);
  }
  return summary;
}

Status DeleteKpi(SqlConnection& txn, int64_t store_id, std::string_view outcome_id) {
  auto q = sql::Prepare(txn, "kpi_delete_outcome");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, store_id).Bind(2, outcome_id);
  return q.value()->Run();
}

}  // namespace outcomes::store
