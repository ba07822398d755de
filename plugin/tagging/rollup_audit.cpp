#include "plugin/tagging/rollup_audit.h"

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>

#include "plugin/kpi/series.h"
#include "plugin/model/days.h"
#include "plugin/model/learner_days.h"
#include "plugin/store/outcome_store.h"
#include "plugin/store/rollup_store.h"
#include "plugin/store/sql_catalog.h"

namespace outcomes {

namespace {

// A day as the tags say it should be.
struct ExpectedDay {
  DailyRollup counts;
  std::vector<LearnerDay> learners;
};

Result<std::map<int64_t, ExpectedDay>> ExpectedDays(SqlConnection& txn, int64_t key) {
  std::map<int64_t, ExpectedDay> days;
  {
    auto q = sql::Prepare(txn, "audit_daily");
    if (!q.ok()) return q.error();
    q.value()->Bind(1, key);
    while (true) {
      auto row = q.value()->Step();
      if (!row.ok()) return row.error();
      if (!row.value()) break;
      DailyRollup& d = days[q.value()->Int64(0)].counts;
      d.day = q.value()->Int64(0);
      d.statements = q.value()->Int64(1);
      d.scored = q.value()->Int64(2);
      d.scaled_micros = q.value()->Int64(3);
    }
  }
  auto q = sql::Prepare(txn, "audit_daily_learners");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key);
  while (true) {
    auto row = q.value()->Step();
    if (!row.ok()) return row.error();
    if (!row.value()) break;
    LearnerDay l;
    l.ordinal = q.value()->Int64(1);
    l.statements = q.value()->Int64(2);
    l.scored = q.value()->Int64(3);
    l.scaled_micros = q.value()->Int64(4);
    days[q.value()->Int64(0)].learners.push_back(l);
  }
  return days;
}

struct ExpectedLearner {
  LearnerRollup rollup;  // agent unknown to the tags
  int64_t some_seq = 0;  // one of their tagged statements
};

Result<std::map<int64_t, ExpectedLearner>> ExpectedLearners(SqlConnection& txn, int64_t key) {
  std::map<int64_t, ExpectedLearner> learners;
  auto q = sql::Prepare(txn, "audit_learners");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key);
  while (true) {
    auto row = q.value()->Step();
    if (!row.ok()) return row.error();
    if (!row.value()) break;
    ExpectedLearner& e = learners[q.value()->Int64(0)];
    e.rollup.ordinal = q.value()->Int64(0);
    e.rollup.first_us = q.value()->Int64(1);
    if (!q.value()->IsNull(2)) e.rollup.completed_us = q.value()->Int64(2);
    e.some_seq = q.value()->Int64(3);
  }
  return learners;
}

std::string Describe(const DailyRollup& d) {
  return std::to_string(d.statements) + " statements, " + std::to_string(d.scored) + " scored, " +
         std::to_string(d.scaled_micros) + " millionths";
}

std::string Describe(const std::vector<LearnerDay>& days) {
  std::string out;
  for (const LearnerDay& l : days) {
    out += (out.empty() ? "" : " ") + std::to_string(l.ordinal) + ":" +
           std::to_string(l.statements) + "/" + std::to_string(l.scored) + "/" +
           std::to_string(l.scaled_micros);
  }
  return "[" + out + "]";
}

bool SameDays(const std::vector<LearnerDay>& a, const std::vector<LearnerDay>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const LearnerDay& x, const LearnerDay& y) {
                      return x.ordinal == y.ordinal && x.statements == y.statements &&
                             x.scored == y.scored && x.scaled_micros == y.scaled_micros;
                    });
}

std::string Time(std::optional<int64_t> us) {
  return us ? std::to_string(*us) : "none";
}

// Checks (and with `repair` rewrites) the rollups of generation `row`.
Status AuditGeneration(SqlConnection& txn, const DeclarationRow& row, bool repair,
                       const AgentOfStatement& agent_of, RollupAudit* audit) {
  const int64_t key = row.key;
  const std::string where =
      "outcome \"" + row.outcome_id + "\" (generation " + std::to_string(key) + ")";
  auto expected_days = ExpectedDays(txn, key);
  if (!expected_days.ok()) return expected_days.error();
  auto stored_days = store::DailyRange(txn, key, std::numeric_limits<int64_t>::min(),
                                       std::numeric_limits<int64_t>::max());
  if (!stored_days.ok()) return stored_days.error();
  audit->days += static_cast<int64_t>(expected_days.value().size());

  std::map<int64_t, const DailyRollup*> stored;
  for (const DailyRollup& d : stored_days.value())
    stored[d.day] = &d;
  std::vector<int64_t> days;
  for (const auto& [day, e] : expected_days.value())
    days.push_back(day);
  for (const auto& [day, d] : stored) {
    if (expected_days.value().count(day) == 0) days.push_back(day);
  }
  std::sort(days.begin(), days.end());
  for (int64_t day : days) {
    const std::string at = where + ", " + DateOfDay(day) + ": ";
    auto e = expected_days.value().find(day);
    auto s = stored.find(day);
    const ExpectedDay none;
    const ExpectedDay& want = e != expected_days.value().end() ? e->second : none;
    std::vector<LearnerDay> have;
    std::string difference;
    if (s == stored.end()) {
      difference = at + "no row, the tags say " + Describe(want.counts);
    } else {
      const DailyRollup& got = *s->second;
      const bool decodes = DecodeLearnerDays(got.learners, &have);
      if (got.statements != want.counts.statements || got.scored != want.counts.scored ||
          got.scaled_micros != want.counts.scaled_micros) {
        difference = at + Describe(got) + ", the tags say " + Describe(want.counts);
      } else if (!decodes) {
        difference = at + "the learner list is damaged (it does not decode)";
      } else if (!SameDays(have, want.learners)) {
        difference =
            at + "learners " + Describe(have) + ", the tags say " + Describe(want.learners);
      }
      // A row that counts nothing is as good as none.
      if (want.counts.statements == 0 && got.statements == 0 && decodes && have.empty()) {
        difference.clear();
      }
    }
    if (difference.empty()) continue;
    audit->differences.push_back(difference);
    if (!repair) continue;
    if (want.counts.statements == 0) {
      auto q = sql::Prepare(txn, "audit_daily_delete");
      if (!q.ok()) return q.error();
      q.value()->Bind(1, key).Bind(2, day);
      LRS_RETURN_IF_ERROR(q.value()->Run());
    } else {
      auto q = sql::Prepare(txn, "audit_daily_put");
      if (!q.ok()) return q.error();
      q.value()->Bind(1, key).Bind(2, day).Bind(3, want.counts.statements);
      q.value()->Bind(4, want.counts.scored).Bind(5, want.counts.scaled_micros);
      q.value()->BindBlob(6, EncodeLearnerDays(want.learners));
      LRS_RETURN_IF_ERROR(q.value()->Run());
    }
  }

  auto expected_learners = ExpectedLearners(txn, key);
  if (!expected_learners.ok()) return expected_learners.error();
  auto stored_learners = store::Learners(txn, key);
  if (!stored_learners.ok()) return stored_learners.error();
  audit->learners += static_cast<int64_t>(expected_learners.value().size());
  std::map<int64_t, const LearnerRollup*> by_ordinal;
  for (const LearnerRollup& l : stored_learners.value())
    by_ordinal[l.ordinal] = &l;
  for (const auto& [ordinal, want] : expected_learners.value()) {
    const std::string at = where + ", learner " + std::to_string(ordinal) + ": ";
    auto s = by_ordinal.find(ordinal);
    if (s == by_ordinal.end()) {
      audit->differences.push_back(at + "no row, the tags say first " + Time(want.rollup.first_us) +
                                   ", completed " + Time(want.rollup.completed_us));
      if (!repair) continue;
      auto agent = agent_of(row.store_id, want.some_seq);
      if (!agent.ok()) return agent.error();
      LearnerRollup restored = want.rollup;
      restored.agent = agent.value();
      LRS_RETURN_IF_ERROR(store::InsertLearner(txn, key, restored));
      continue;
    }
    const LearnerRollup& got = *s->second;
    if (got.first_us == want.rollup.first_us && got.completed_us == want.rollup.completed_us) {
      continue;
    }
    audit->differences.push_back(at + "first " + Time(got.first_us) + ", completed " +
                                 Time(got.completed_us) + "; the tags say first " +
                                 Time(want.rollup.first_us) + ", completed " +
                                 Time(want.rollup.completed_us));
    if (!repair) continue;
    LearnerRollup fixed = got;
    fixed.first_us = want.rollup.first_us;
    fixed.completed_us = want.rollup.completed_us;
    LRS_RETURN_IF_ERROR(store::SetLearner(txn, key, fixed));
  }
  for (const auto& [ordinal, got] : by_ordinal) {
    if (expected_learners.value().count(ordinal) > 0) continue;
    audit->differences.push_back(where + ", learner " + std::to_string(ordinal) + " (" +
                                 got->agent + "): a row, but no tag of theirs");
    if (repair) LRS_RETURN_IF_ERROR(store::ForgetLearner(txn, key, ordinal));
  }
  return Status();
}

// Binds store ?1: `store_id`, or NULL for every store.
void BindStore(lrs::ext::SqlQuery& q, std::optional<int64_t> store_id) {
  if (store_id) {
    q.Bind(1, *store_id);
  } else {
    q.BindNull(1);
  }
}

// The KPI series (outcome_kpi_series) against the observations (outcome_kpi): every subject
// with observations has a series holding exactly them, by day, and no other series exists.
Status AuditKpiSeries(SqlConnection& txn, std::optional<int64_t> store_id, bool repair,
                      RollupAudit* audit) {
  using Key = std::tuple<int64_t, std::string, std::string>;  // store, outcome, subject
  std::map<Key, std::vector<KpiPointOfSeries>> expected;
  {
    auto q = sql::Prepare(txn, "audit_kpi_observations");
    if (!q.ok()) return q.error();
    BindStore(*q.value(), store_id);
    while (true) {
      auto row = q.value()->Step();
      if (!row.ok()) return row.error();
      if (!row.value()) break;
      const lrs::ext::SqlQuery& r = *q.value();
      expected[Key{r.Int64(0), std::string(r.Text(1)), std::string(r.Text(2))}].push_back(
          {r.Int64(3), r.Double(4)});
    }
  }
  struct Stored {
    int64_t observations = 0;
    std::string series;
    int64_t last_day = 0;
  };
  std::map<Key, Stored> found;  // each series as stored
  {
    auto q = sql::Prepare(txn, "audit_kpi_series");
    if (!q.ok()) return q.error();
    BindStore(*q.value(), store_id);
    while (true) {
      auto row = q.value()->Step();
      if (!row.ok()) return row.error();
      if (!row.value()) break;
      const lrs::ext::SqlQuery& r = *q.value();
      found[Key{r.Int64(0), std::string(r.Text(1)), std::string(r.Text(2))}] =
          Stored{r.Int64(3), std::string(r.Text(4)), r.Int64(5)};
    }
  }
  audit->kpi_series = static_cast<int64_t>(expected.size());
  std::vector<Key> wrong;
  auto name = [](const Key& k) {
    return "the KPI series of outcome \"" + std::get<1>(k) + "\" (store " +
           std::to_string(std::get<0>(k)) + "), subject \"" + std::get<2>(k) + "\"";
  };
  for (const auto& [key, points] : expected) {
    auto it = found.find(key);
    if (it == found.end()) {
      audit->differences.push_back(name(key) + " is missing; " + std::to_string(points.size()) +
                                   " observations call for it");
      wrong.push_back(key);
      continue;
    }
    auto parsed = ParseKpiSeries(it->second.series, name(key));
    std::string why;
    if (!parsed.ok()) {
      why = "does not parse";
    } else if (parsed.value().size() != points.size()) {
      why = "holds " + std::to_string(parsed.value().size()) + " observations, not " +
            std::to_string(points.size());
    } else {
      for (size_t k = 0; k < points.size() && why.empty(); ++k) {
        const KpiPointOfSeries& a = parsed.value()[k];
        if (a.day != points[k].day || a.value != points[k].value) {
          why = "differs on " + DateOfDay(points[k].day);
        }
      }
    }
    if (why.empty() && (it->second.observations != static_cast<int64_t>(points.size()) ||
                        it->second.last_day != points.back().day)) {
      why = "says " + std::to_string(it->second.observations) + " observations up to " +
            DateOfDay(it->second.last_day) + ", not " + std::to_string(points.size()) + " up to " +
            DateOfDay(points.back().day);
    }
    if (!why.empty()) {
      audit->differences.push_back(name(key) + " " + why);
      wrong.push_back(key);
    }
    found.erase(it);
  }
  for (const auto& [key, stored] : found) {
    audit->differences.push_back(name(key) + " exists, but the subject has no observation");
    wrong.push_back(key);
  }
  if (!repair) return Status();
  for (const Key& key : wrong) {
    for (const char* query : {"audit_kpi_series_delete", "audit_kpi_series_insert"}) {
      auto q = sql::Prepare(txn, query);
      if (!q.ok()) return q.error();
      q.value()->Bind(1, std::get<0>(key)).Bind(2, std::get<1>(key)).Bind(3, std::get<2>(key));
      LRS_RETURN_IF_ERROR(q.value()->Run());
    }
  }
  return Status();
}

}  // namespace

Result<RollupAudit> AuditRollups(SqlConnection& txn, std::optional<int64_t> store_id, bool repair,
                                 const AgentOfStatement& agent_of) {
  RollupAudit audit;
  if (repair) {
    // What any process remembers of the rollups is out of date once this commits.
    auto epoch = store::EnterRollupWrite(txn);
    if (!epoch.ok()) return epoch.error();
  }
  auto rows = store::LiveDeclarations(txn, store_id);
  if (!rows.ok()) return rows.error();
  for (const DeclarationRow& row : rows.value()) {
    ++audit.generations;
    LRS_RETURN_IF_ERROR(AuditGeneration(txn, row, repair, agent_of, &audit));
  }
  LRS_RETURN_IF_ERROR(AuditKpiSeries(txn, store_id, repair, &audit));
  audit.repaired = repair && !audit.differences.empty();
  return audit;
}

}  // namespace outcomes
