// The rollups of tagged statements (schemas/sqlite/outcomes, outcome_daily, outcome_learners,
// outcome_learner_days): what dashboards read instead of statements. Written by the tagging
// layer inside the transaction that tags; read by the dashboards.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugin/store/outcome_store.h"

namespace outcomes {

// One day of one outcome generation.
struct DailyRollup {
  int64_t day = 0;  // days since 1970-01-01 (UTC) of the statements' timestamps
  int64_t statements = 0;
  int64_t scored = 0;  // of which with a scaled score
  double scaled_sum = 0;
  int64_t learner_statements = 0;  // of which by an identified learner
  std::string learners;            // bitmap of the active learners' ordinals (bit i of byte i/8)
};

// One learner (an identified actor) of one outcome generation.
struct LearnerRollup {
  int64_t ordinal = 0;  // 0, 1, 2... within the generation
  std::string agent;    // the actor's identity (xapi::AgentKey)
  int64_t first_us = 0;
  std::optional<int64_t> completed_us;
  int64_t statements = 0;
  int64_t scored = 0;
  double scaled_sum = 0;
};

namespace store {

// Adds to the day: counts (negative to remove) and, unless null, a new bitmap of its learners.
Status AddDaily(SqlConnection& txn, int64_t key, const DailyRollup& delta,
                const std::string* learners);
// The bitmap of the learners active on `day` (empty when none).
Result<std::string> DailyLearners(SqlConnection& txn, int64_t key, int64_t day);
// The days of `key` from `from_day` to `to_day`, in order.
Result<std::vector<DailyRollup>> DailyRange(SqlConnection& txn, int64_t key, int64_t from_day,
                                            int64_t to_day);

// Adds `delta` (agent, first_us, completed_us, counts) to the learner, creating them with the
// next ordinal; returns their ordinal.
Result<int64_t> AddLearner(SqlConnection& txn, int64_t key, const LearnerRollup& delta);
Result<std::optional<LearnerRollup>> FindLearner(SqlConnection& txn, int64_t key,
                                                 std::string_view agent);
Status SetLearner(SqlConnection& txn, int64_t key, const LearnerRollup& learner);
Status ForgetLearner(SqlConnection& txn, int64_t key, std::string_view agent);
Result<std::vector<LearnerRollup>> Learners(SqlConnection& txn, int64_t key);
// The learners with an ordinal above `after`, by ordinal, at most `limit`.
Result<std::vector<LearnerRollup>> LearnersPage(SqlConnection& txn, int64_t key, int64_t after,
                                                int64_t limit);
// (learners, of which completed).
Result<std::pair<int64_t, int64_t>> LearnerCounts(SqlConnection& txn, int64_t key);
// The first tagged statement and first completion of `agent`, recomputed from the tags.
Result<std::pair<std::optional<int64_t>, std::optional<int64_t>>> LearnerTimesFromTags(
    SqlConnection& txn, int64_t key, std::string_view agent);

// Adds `statements` of learner `ordinal` on `day`; returns the learner's count that day.
Result<int64_t> AddLearnerDay(SqlConnection& txn, int64_t key, int64_t day, int64_t ordinal,
                              int64_t statements);
// Removes one statement of learner `ordinal` on `day`, and the row when none is left; returns
// how many are left (0 also when there was no row).
Result<int64_t> RemoveLearnerDayStatement(SqlConnection& txn, int64_t key, int64_t day,
                                          int64_t ordinal);

// What the tag of `seq` by `key` recorded, if there is one.
Result<std::optional<TagFacts>> GetTag(SqlConnection& txn, int64_t key, int64_t seq);

// Removes up to `limit` rollup rows of retired generation `key`; returns how many.
Result<int64_t> DeleteSomeRollups(SqlConnection& txn, int64_t key, int64_t limit);

}  // namespace store
}  // namespace outcomes
