#include "plugin/store/kpi_store.h"

#include <algorithm>
#include <utility>

#include "plugin/kpi/series.h"
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

namespace {

// Puts `rows` in the order of their dates, then their subjects' bytes ("" < "agent:KEY" <
// "team:NAME", the keys and names in byte order), unless they are in it already (SQLite reads
// them so from its primary key). PostgreSQL's key holds the subject's hash, and its sort of the
// text cost more than the rest of a dashboard, so they are ordered here. The rows are sorted
// through small keys pointing into them: moving observations around costs more than comparing.
std::vector<KpiObservation> InSubjectOrder(std::vector<KpiObservation> rows) {
  struct Key {
    int64_t day;
    int kind;               // 0: the whole audience, 1: an agent, 2: a team
    std::string_view name;  // the agent's key or the team's name
    size_t row;
  };
  std::vector<Key> keys;
  keys.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const KpiObservation& o = rows[i];
    if (o.agent_key) {
      keys.push_back({o.day, 1, *o.agent_key, i});
    } else if (o.team) {
      keys.push_back({o.day, 2, *o.team, i});
    } else {
      keys.push_back({o.day, 0, std::string_view(), i});
    }
  }
  auto before = [](const Key& a, const Key& b) {
    if (a.day != b.day) return a.day < b.day;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.name < b.name;
  };
  if (std::is_sorted(keys.begin(), keys.end(), before)) return rows;
  std::sort(keys.begin(), keys.end(), before);
  std::vector<KpiObservation> out;
  out.reserve(rows.size());
  for (const Key& k : keys)
    out.push_back(std::move(rows[k.row]));
  return out;
}

}  // namespace

Result<std::vector<KpiObservation>> ListKpi(SqlConnection& txn, int64_t store_id,
                                            std::string_view outcome_id, int64_t from_day,
                                            int64_t to_day) {
  auto q = sql::Prepare(txn, "kpi_list");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, store_id).Bind(2, outcome_id).Bind(3, from_day).Bind(4, to_day);
  std::vector<KpiObservation> rows;
  // day, subject, value, agent, team
  LRS_RETURN_IF_ERROR(sql::ForEachRow(*q.value(), [&](const lrs::ext::SqlQuery& r) {
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
    return lrs::Status::Ok();
  }));
  return InSubjectOrder(std::move(rows));
}

Result<std::vector<KpiObservation>> ListKpiValues(SqlConnection& txn, int64_t store_id,
                                                  std::string_view outcome_id, int64_t from_day,
                                                  int64_t to_day) {
  auto q = sql::Prepare(txn, "kpi_values");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, store_id).Bind(2, outcome_id).Bind(3, from_day);
  constexpr std::string_view kAgent = "agent:";
  constexpr std::string_view kTeam = "team:";
  std::vector<KpiObservation> rows;
  // subject, series
  LRS_RETURN_IF_ERROR(sql::ForEachRow(*q.value(), [&](const lrs::ext::SqlQuery& r) -> lrs::Status {
    const std::string_view subject = r.Text(0);
    const std::string_view series = r.Text(1);
    const size_t first = rows.size();
    const bool parsed = ForEachInKpiSeries(series, [&](int64_t day, double value) {
      if (day < from_day || day > to_day) return;
      KpiObservation& o = rows.emplace_back();
      o.day = day;
      o.value = value;
    });
    if (!parsed) {
      return lrs::Error::Internal("the KPI series of \"" + std::string(subject) +
                                  "\" of outcome \"" + std::string(outcome_id) +
                                  "\" is damaged (outcome_kpi_series): \"" +
                                  std::string(series.substr(0, 80)) + "\"");
    }
    if (rows.size() == first) return lrs::Status::Ok();
    // Whose they are, once per subject: the observations share the strings' bytes by copy.
    std::optional<std::string> agent_key, team;
    if (subject.substr(0, kAgent.size()) == kAgent) {
      agent_key.emplace(subject.substr(kAgent.size()));
    } else if (subject.substr(0, kTeam.size()) == kTeam) {
      team.emplace(subject.substr(kTeam.size()));
    }
    for (size_t i = first; i < rows.size(); ++i) {
      rows[i].agent_key = agent_key;
      rows[i].team = team;
    }
    return lrs::Status::Ok();
  }));
  return InSubjectOrder(std::move(rows));
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
