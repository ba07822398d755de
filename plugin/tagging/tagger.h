// Tagging statements to the outcomes they serve: as they are stored (on the LRS's writer, in
// the transaction that stores them), and the history of a new or changed declaration, in
// bounded steps.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "lrs/extension/extension.h"
#include "plugin/store/outcome_store.h"
#include "plugin/tagging/rollups.h"
#include "plugin/tagging/rule_index.h"

namespace outcomes {

using lrs::ext::Host;
using lrs::ext::StoredStatement;

TagFacts FactsOf(const json::Value& statement, int64_t stored_us);

// The rule index of one declaration generation (for tagging its history).
Result<RuleIndex> IndexOf(const DeclarationRow& row);

class Tagger {
 public:
  // Tags `statements` (one stored batch) with every live outcome of their store they serve, and
  // adds them to the outcomes' rollups. Declarations are re-read first when another
  // transaction or process changed them.
  Status TagStored(SqlConnection& txn, const std::vector<StoredStatement>& statements);

  // Removes the tags of statements voided after they were tagged, and takes them out of the
  // rollups: voided statements stop counting.
  Status UntagVoided(SqlConnection& txn, int64_t store_id, const std::vector<int64_t>& seqs);

  // Forgets what it read of the declarations (after a rollback, or a change made here).
  void Invalidate() { version_ = -1; }

 private:
  Status Refresh(SqlConnection& txn);

  int64_t version_ = -1;  // of the declarations read; -1: read them again
  std::unordered_map<int64_t, std::unique_ptr<RuleIndex>> indexes_;  // by store
  std::unordered_map<int64_t, std::vector<int64_t>> live_keys_;      // by store
};

// One bounded step of background work on generation `key`, in the transaction of `txn`: tags
// the next `limit` statements of a running generation's history, or removes up to `limit`
// tags of a retired one (and the generation once it has none). Returns true when the
// generation needs no more work.
Result<bool> BackgroundStep(Host& host, SqlConnection& txn, int64_t key, size_t limit);

}  // namespace outcomes
