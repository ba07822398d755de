// The tag log: how tags of statements being stored reach outcome_tags and the rollups.
//
// A batch's tags are appended to outcome_tag_log in statement order, in the transaction that
// stores the batch, so a statement is never stored untagged. Writing them under their outcomes
// instead would touch, in every commit, a page of outcome_tags per outcome, and a learner row
// and a day row per tag: most of what tagging cost. The log is folded into those tables in
// bulk (TagBatch: each learner and each day row once per fold):
//   * on the writer, once it holds kFoldAt tags or more;
//   * before a statement is untagged (voiding), in the same transaction;
//   * before anything reads tags or rollups (Settle), so readers never see the log: what they
//     read counts every statement stored before they asked.
// Folding drops the logged tags of generations retired meanwhile. A new generation is only
// declared after a fold in the same transaction (OutcomeService::Put), so no logged tag
// outlives its generation's key (SQLite may reuse the key of a deleted generation).
#pragma once

#include <cstdint>
#include <vector>

#include "lrs/extension/extension.h"
#include "plugin/store/outcome_store.h"
#include "plugin/tagging/rollup_cache.h"
#include "plugin/tagging/tagging_metrics.h"

namespace outcomes {

class TagLog {
 public:
  static constexpr int64_t kFoldAt = 20'000;

  // `cache` is what every rollup write of this process goes through; `fold_at` is the number
  // of logged tags at which Append folds (a parameter for tests).
  explicit TagLog(RollupCache& cache, int64_t fold_at = kFoldAt)
      : cache_(cache), fold_at_(fold_at) {}

  // -- On the LRS's writer (statement hooks, Host::Write), without a lock --

  // Logs `tags` (their learners unset) and folds the log once it holds fold_at tags.
  Status Append(SqlConnection& txn, const std::vector<TagRow>& tags);
  // Folds every logged tag into outcome_tags and the rollups, and empties the log.
  Status Fold(SqlConnection& txn);
  // Forgets how many tags it believes are logged (after a rollback).
  void Invalidate() { logged_ = -1; }
  // Where Fold reports its time and the tags it folded (GET /metrics); nothing until set. Set
  // once, at the plugin's start, before the first write; `metrics` outlives the log's use.
  void Measure(const TaggingMetrics* metrics) { metrics_ = metrics; }

  // -- On any thread --

  // Folds the log on the writer when it holds anything (one Host::Write), so that reads that
  // follow see every tag stored before. Cheap when the log is empty: one read.
  Status Settle(lrs::ext::Host& host);

 private:
  RollupCache& cache_;
  const int64_t fold_at_;
  int64_t logged_ = -1;  // tags in the log as this process knows it; -1: unknown
  const TaggingMetrics* metrics_ = nullptr;
};

}  // namespace outcomes
