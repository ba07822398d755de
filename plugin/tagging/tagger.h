// Tagging statements to the outcomes they serve: as they are stored (on the LRS's writer, in
// the transaction that stores them), and the history of a new or changed declaration, in
// bounded steps.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "lrs/extension/extension.h"
#include "plugin/store/outcome_store.h"
#include "plugin/tagging/rollups.h"
#include "plugin/tagging/rule_index.h"
#include "plugin/tagging/tag_log.h"

namespace outcomes {

using lrs::ext::Host;
using lrs::ext::StoredStatement;

TagFacts FactsOf(const json::Value& statement, int64_t stored_us);

// The rule index of one declaration generation (for tagging its history).
Result<RuleIndex> IndexOf(const DeclarationRow& row);

class Tagger {
 public:
  // `cache` is shared with everything else that writes rollups in this process; `log` is where
  // the tags of stored statements go.
  Tagger(RollupCache& cache, TagLog& log) : cache_(cache), log_(log) {}

  // On a submitting thread (Plugin::Prepare): matches `statements` of `store_id` against the
  // declarations as the writer last read them, and reads what the rollups need of those that
  // match, so that the writer only writes. Null before the writer has read any declarations.
  std::shared_ptr<const void> Prepare(int64_t store_id,
                                      const std::vector<const json::Value*>& statements) const;

  // Tags `statements` (one stored batch) with every live outcome of their store they serve: logs
  // the tags, to be folded into outcome_tags and the rollups (see TagLog). Declarations are re-read
  // first when another transaction or process changed them; what Prepare worked out is used when it
  // was worked out against the declarations in force, and worked out again here otherwise.
  Status TagStored(SqlConnection& txn, const std::vector<StoredStatement>& statements);

  // Removes the tags of statements voided after they were tagged (folding the log first), and
  // takes them out of the rollups: voided statements stop counting.
  Status UntagVoided(SqlConnection& txn, int64_t store_id, const std::vector<int64_t>& seqs);

  // Forgets what it read of the declarations, the rollups and the log (after a rollback).
  void Invalidate() {
    stale_ = true;
    cache_.Clear();
    log_.Invalidate();
  }

 private:
  // The live declarations as read at one version, indexed.
  struct Rules {
    int64_t version = 0;
    std::unordered_map<int64_t, std::unique_ptr<RuleIndex>> indexes;  // by store
    std::unordered_map<int64_t, std::vector<int64_t>> live_keys;      // by store
  };
  struct PreparedBatch;

  Status Refresh(SqlConnection& txn);

  RollupCache& cache_;
  TagLog& log_;
  // The writer's (no lock): the rules in force; re-read when stale_ or the version moved.
  std::shared_ptr<const Rules> rules_;
  bool stale_ = true;
  // The same rules, published for Prepare on other threads.
  mutable std::mutex published_mu_;
  std::shared_ptr<const Rules> published_;
};

// One bounded step of background work on generation `key`, in the transaction of `txn`, writing
// rollups through `cache`: tags
// the next `limit` statements of a running generation's history, or removes up to `limit`
// tags of a retired one (and the generation once it has none). Returns true when the
// generation needs no more work.
Result<bool> BackgroundStep(Host& host, SqlConnection& txn, RollupCache& cache, int64_t key,
                            size_t limit);

}  // namespace outcomes
