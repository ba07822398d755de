// The rollups checked against the tags they summarize, and rebuilt from them: outcome_daily and
// outcome_learners are recomputed from outcome_tags with plain GROUP BY queries
// (schemas/sqlite/outcomes/queries/audit_*.sql), never with the folding code that maintains
// them (plugin/tagging/rollups.h), so a fault in that code cannot hide behind itself. Likewise
// the KPI series (outcome_kpi_series, kept by triggers) are parsed and compared, value by value,
// with the observations of outcome_kpi they hold.
// `outcome-lrs outcomes check [--repair]` runs it; every outcome-plugin test ends with it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "lrs/extension/extension.h"

namespace outcomes {

using lrs::Result;
using lrs::Status;
using lrs::ext::SqlConnection;

struct RollupAudit {
  int64_t generations = 0;  // live generations checked
  int64_t days = 0;         // (generation, day) rows the tags call for
  int64_t learners = 0;     // (generation, learner) rows the tags call for
  int64_t kpi_series = 0;   // (store, outcome, subject) series the observations call for
  // Each row that differs from what the tags say, in words: "outcome \"safety\" (generation 3),
  // 2026-03-02: 4 statements, the tags say 5". Empty when the rollups are right.
  std::vector<std::string> differences;
  bool repaired = false;  // the differing rows were rewritten
};

// The agent (xapi::AgentKey) of the actor of statement `seq` of `store_id`, for a repair that
// must restore a learner row lost altogether.
using AgentOfStatement = std::function<Result<std::string>(int64_t store_id, int64_t seq)>;

// Compares the rollups of every live generation (of store `store_id` when given) with what their
// tags say, and the KPI series with the observations. With `repair` (on a connection of
// Host::Write), rewrites the rows that differ and reports them as repaired. Tags still in the tag
// log are in neither and do not count: fold it first (TagLog::Settle) to check everything stored.
Result<RollupAudit> AuditRollups(SqlConnection& txn, std::optional<int64_t> store_id, bool repair,
                                 const AgentOfStatement& agent_of);

}  // namespace outcomes
