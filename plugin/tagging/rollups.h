// Writing tags and keeping an outcome's rollups (plugin/store/rollup_store.h) equal to what its
// tags say, inside the transaction that changes the tags: tags are added through a TagBatch and
// removed (voiding) through Untag. Tags of retired generations are dropped along with their
// rollups, not one by one.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "plugin/store/rollup_store.h"
#include "plugin/tagging/rollup_cache.h"

namespace outcomes {

// The tags of one batch of statements, written by Flush with as few rollup writes as possible:
// the learner row only when a learner appears or their first statement or first completion
// moves, and one rewrite per (generation, day) of its counts and learners.
class TagBatch {
 public:
  explicit TagBatch(std::vector<TagRow> tags) : tags_(std::move(tags)) {}

  // Writes the tags (a statement already tagged by a generation stays as it is) and their
  // rollups through `cache` (checked earlier in the transaction), and forgets them.
  Status Flush(SqlConnection& txn, RollupCache& cache);

 private:
  std::vector<TagRow> tags_;
};

// Removes the tag of `seq` by generation `key`, if there is one, and takes it out of the
// rollups through `cache` (checked earlier in the transaction).
Status Untag(SqlConnection& txn, RollupCache& cache, int64_t key, int64_t seq);

}  // namespace outcomes
