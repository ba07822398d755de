// The rollups of tagged statements (schemas/sqlite/outcomes: outcome_daily, outcome_learners):
// what dashboards read instead of statements. Written by the tagging layer inside the
// transaction that tags; read by the dashboards.
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
  int64_t scored = 0;         // of which with a scaled score
  int64_t scaled_micros = 0;  // the sum of those scores, in millionths
  std::string learners;       // what each learner did that day (plugin/model/learner_days.h)
};

// One learner (an identified actor) of one outcome generation.
struct LearnerRollup {
  int64_t ordinal = 0;  // 0, 1, 2... within the generation
  std::string agent;    // the actor's identity (xapi::AgentKey)
  int64_t first_us = 0;
  std::optional<int64_t> completed_us;
};

// What a stored tag recorded of its statement.
struct TagRecord {
  int64_t timestamp_us = 0;
  std::optional<int64_t> learner;
  bool completed = false;
  std::optional<double> scaled;
};

// Where the rollup tables stand, for what a process remembers of them (RollupCache): `seen` as
// the transaction found them, `next` as they will be once it commits. Another process's commit
// of rollup writes makes `seen` differ from the `next` this process last had.
struct RollupEpoch {
  int64_t seen = 0;
  int64_t next = 0;
};

namespace store {

// Called once in every transaction that writes the rollups (outcome_tags, outcome_daily,
// outcome_learners), before its first write. On SQLite, PRAGMA data_version (any commit of
// another connection moves it; next == seen). On PostgreSQL, the counter of outcome_rollup_epoch,
// which this call advances (next == seen + 1): every process's rollup writes pass here, under
// the writers' lock, so the counter counts them.
Result<RollupEpoch> EnterRollupWrite(SqlConnection& txn);
// Adds the counts of `delta` to its day (negative to remove) and, unless null, replaces the
// day's learners with `learners`.
Status AddDaily(SqlConnection& txn, int64_t key, const DailyRollup& delta,
                const std::string* learners);
// The learners of `day` (empty when none).
Result<std::string> DailyLearners(SqlConnection& txn, int64_t key, int64_t day);
// The days of `key` from `from_day` to `to_day`, in order.
Result<std::vector<DailyRollup>> DailyRange(SqlConnection& txn, int64_t key, int64_t from_day,
                                            int64_t to_day);

// The learner whose identity is `agent`, if known.
Result<std::optional<LearnerRollup>> FindLearner(SqlConnection& txn, int64_t key,
                                                 std::string_view agent);
Result<std::optional<LearnerRollup>> LearnerByOrdinal(SqlConnection& txn, int64_t key,
                                                      int64_t ordinal);
// The ordinal of the next new learner of `key`.
Result<int64_t> NextLearnerOrdinal(SqlConnection& txn, int64_t key);
// Records a new learner; kInternal if `key` has one with the same agent or ordinal already.
Status InsertLearner(SqlConnection& txn, int64_t key, const LearnerRollup& learner);
// Sets first_us and completed_us of the learner with `learner.ordinal`.
Status SetLearner(SqlConnection& txn, int64_t key, const LearnerRollup& learner);
Status ForgetLearner(SqlConnection& txn, int64_t key, int64_t ordinal);
Result<std::vector<LearnerRollup>> Learners(SqlConnection& txn, int64_t key);
// The learners with an ordinal above `after`, by ordinal, at most `limit`.
Result<std::vector<LearnerRollup>> LearnersPage(SqlConnection& txn, int64_t key, int64_t after,
                                                int64_t limit);
// (learners, of which completed).
Result<std::pair<int64_t, int64_t>> LearnerCounts(SqlConnection& txn, int64_t key);

// What the tags of learner `ordinal` say: their first statement and first completion
// (recomputed from the tags), and how many tags they have.
struct LearnerTags {
  std::optional<int64_t> first_us;
  std::optional<int64_t> completed_us;
  int64_t tags = 0;
};
Result<LearnerTags> LearnerTagsOf(SqlConnection& txn, int64_t key, int64_t ordinal);

// What the tag of `seq` by `key` recorded, if there is one.
Result<std::optional<TagRecord>> GetTag(SqlConnection& txn, int64_t key, int64_t seq);

// Removes up to `limit` rollup rows of retired generation `key`; returns how many.
Result<int64_t> DeleteSomeRollups(SqlConnection& txn, int64_t key, int64_t limit);

}  // namespace store
}  // namespace outcomes
