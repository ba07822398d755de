// Keeping an outcome's rollups (plugin/store/rollup_store.h) equal to what its tags say, inside
// the transaction that changes the tags: every tag added goes through a RollupBatch, every tag
// removed by voiding through RemoveFromRollups. Tags of retired generations are dropped along
// with their rollups, not one by one.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "plugin/store/rollup_store.h"

namespace outcomes {

// The rollup changes of the tags one batch adds, written with one upsert per generation and
// day, per learner and per learner and day when the batch ends.
class RollupBatch {
 public:
  void Add(int64_t outcome_key, const TagFacts& facts);
  // Writes what was added and forgets it.
  Status Flush(SqlConnection& txn);
  bool empty() const { return days_.empty(); }

 private:
  struct Learner {
    LearnerRollup delta;
    std::map<int64_t, int64_t> days;  // statements by day
  };
  std::map<std::pair<int64_t, int64_t>, DailyRollup> days_;      // by (generation, day)
  std::map<std::pair<int64_t, std::string>, Learner> learners_;  // by (generation, agent)
};

// Takes a removed tag (already deleted from outcome_tags) out of the rollups of `outcome_key`.
Status RemoveFromRollups(SqlConnection& txn, int64_t outcome_key, const TagFacts& facts);

}  // namespace outcomes
