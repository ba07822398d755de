// What the tagging layer remembers of the rollup tables (plugin/store/rollup_store.h) between
// batches, so that a batch reads neither the learners it has already met nor the learner list of
// a day it wrote last: learners by (generation, agent), the ordinal the next new learner of each
// generation gets, and the learner list of each (generation, day) as last read or written.
//
// It stays equal to the tables because every write of them in this process goes through it, it
// is dropped on a rollback (Clear, from Plugin::OnRollback) and whenever another connection or
// process has written them since it last looked (Check: the rollup epoch, store::EnterRollupWrite),
// and it is bounded: past kMaxLearners learners or
// kMaxDayBytes bytes of learner lists it forgets that part and starts over.
//
// Used on the LRS's writer only (statement hooks and Host::Write), so it takes no lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "plugin/store/rollup_store.h"

namespace outcomes {

class RollupCache {
 public:
  static constexpr size_t kMaxLearners = 100'000;
  static constexpr size_t kMaxDayBytes = size_t{16} << 20;

  // Forgets everything when another connection has written the rollups since the last Check
  // (store::EnterRollupWrite). Call it in every transaction before the calls below (once is
  // enough: the writer's transaction holds the write lock).
  Status Check(SqlConnection& txn);
  void Clear();

  // As store::FindLearner, SetLearner and ForgetLearner. InsertLearner records a new learner
  // with the generation's next ordinal (`learner.ordinal` is not used) and returns it.
  Result<std::optional<LearnerRollup>> FindLearner(SqlConnection& txn, int64_t key,
                                                   std::string_view agent);
  Result<int64_t> InsertLearner(SqlConnection& txn, int64_t key, const LearnerRollup& learner);
  Status SetLearner(SqlConnection& txn, int64_t key, const LearnerRollup& learner);
  Status ForgetLearner(SqlConnection& txn, int64_t key, const LearnerRollup& learner);

  // The learners of `day` (empty when none), valid until the next call.
  Result<std::string_view> DailyLearners(SqlConnection& txn, int64_t key, int64_t day);
  // As store::AddDaily.
  Status AddDaily(SqlConnection& txn, int64_t key, const DailyRollup& delta,
                  std::optional<std::string> learners);

  // Forgets what it knows of generation `key` (its rows are being deleted).
  void ForgetGeneration(int64_t key);

 private:
  struct KeyHash {
    size_t operator()(const std::pair<int64_t, std::string>& k) const;
    size_t operator()(const std::pair<int64_t, int64_t>& k) const;
  };
  struct Learner {
    int64_t ordinal = 0;
    int64_t first_us = 0;
    std::optional<int64_t> completed_us;
  };
  void Remember(int64_t key, const LearnerRollup& learner);
  // Keeps `learners` as the list of (key, day), within kMaxDayBytes; returns it.
  const std::string& RememberDay(int64_t key, int64_t day, std::string learners);

  std::optional<int64_t> epoch_;  // the rollups' epoch once this process's last write commits
  std::unordered_map<std::pair<int64_t, std::string>, Learner, KeyHash> learners_;
  std::unordered_map<std::pair<int64_t, int64_t>, std::string, KeyHash> days_;
  size_t day_bytes_ = 0;
  std::unordered_map<int64_t, int64_t> next_ordinals_;  // by generation
};

}  // namespace outcomes
