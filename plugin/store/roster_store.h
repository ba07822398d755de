// The roster of a store (outcome_roster, migration 003_roster.sql): which team each learner is
// in, and the learners of an outcome that a team filter selects.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugin/roster/roster.h"
#include "plugin/store/outcome_store.h"
#include "plugin/store/rollup_store.h"

namespace outcomes::store {

// Replaces the roster of `store_id` with `entries` (whose learners are distinct).
Status ReplaceRoster(SqlConnection& txn, int64_t store_id, const std::vector<RosterEntry>& entries);

// The roster rows `filter` selects (every row when it selects everyone), by team and learner.
Result<std::vector<RosterEntry>> RosterRows(SqlConnection& txn, int64_t store_id,
                                            const TeamFilter& filter);

// The team (or the manager's teams) `filter` names: kBadRequest when it names both a team and a
// manager, kNotFound when the roster has no such team or no team with such a manager. Not to be
// called with a filter that selects everyone.
Result<Team> TeamOf(SqlConnection& txn, int64_t store_id, const TeamFilter& filter);

// The learners of generation `key` who are in `team`, by ordinal: one query, a primary-key
// look-up per member (members with no tagged statement have no learner row and are left out).
Result<std::vector<LearnerRollup>> TeamLearners(SqlConnection& txn, int64_t key, const Team& team);

}  // namespace outcomes::store
