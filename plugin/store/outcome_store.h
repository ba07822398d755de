// The outcome plugin's tables (schemas/sqlite/outcomes), read and written on a connection the
// LRS lends (inside Host::Write, Host::Read or a statement hook).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/extension/sql.h"

namespace outcomes {

using lrs::Result;
using lrs::Status;
using lrs::ext::SqlConnection;

inline constexpr std::string_view kTaggingRunning = "running";
inline constexpr std::string_view kTaggingDone = "done";
inline constexpr std::string_view kTaggingDeleted = "deleted";

// One generation of a declaration (see the migration).
struct DeclarationRow {
  int64_t key = 0;
  int64_t store_id = 0;
  std::string outcome_id;
  std::string document;
  std::string fingerprint;
  std::string created;
  std::string updated;
  std::string tagging_state;
  int64_t tagging_until = 0;
  int64_t tagging_cursor = 0;
  int64_t tagging_total = 0;
  int64_t tagging_processed = 0;
};

// What a tag records of its statement, for the dashboards.
struct TagFacts {
  int64_t timestamp_us = 0;          // "timestamp", or "stored" when the LRS set it
  std::optional<std::string> agent;  // the actor's identity (xapi::AgentKey); none if anonymous
  bool completed = false;            // completed, passed or mastered, or success/completion true
  std::optional<double> scaled;      // result.score.scaled
};

// A tag: which statement serves which outcome generation, by which rule, and the facts the
// rollups count (the actor as the generation's learner ordinal).
struct TagRow {
  int64_t outcome_key = 0;
  int64_t seq = 0;
  std::string rule;
  int64_t stored_us = 0;
  TagFacts facts;
  std::optional<int64_t> learner;  // outcome_learners.ordinal of facts.agent
};

// Which tags a page lists: stored in (since_us, until_us], with a statement timestamp in
// [from_us, to_us).
struct TagWindow {
  int64_t since_us = INT64_MIN;
  int64_t until_us = INT64_MAX;
  int64_t from_us = INT64_MIN;
  int64_t to_us = INT64_MAX;
};

namespace store {

Result<int64_t> DeclarationsVersion(SqlConnection& txn);
Status BumpDeclarationsVersion(SqlConnection& txn);

// The live declaration of `outcome_id` in `store_id`.
Result<std::optional<DeclarationRow>> FindDeclaration(SqlConnection& txn, int64_t store_id,
                                                      std::string_view outcome_id);
Result<std::optional<DeclarationRow>> DeclarationByKey(SqlConnection& txn, int64_t key);
// The live declarations of `store_id`, or of every store when nullopt.
Result<std::vector<DeclarationRow>> LiveDeclarations(SqlConnection& txn,
                                                     std::optional<int64_t> store_id);
// (key, state) of the generations with background work, oldest first.
Result<std::vector<std::pair<int64_t, std::string>>> PendingWork(SqlConnection& txn);
// The background tagger's backlog: generations with work left, and statements of history they
// have still to scan (queries/declaration_tagging_backlog.sql).
struct TaggingBacklog {
  int64_t generations = 0;
  int64_t statements = 0;
};
Result<TaggingBacklog> ReadTaggingBacklog(SqlConnection& txn);

// Inserts a new generation; returns its key.
Result<int64_t> InsertDeclaration(SqlConnection& txn, const DeclarationRow& row);
Status UpdateDocument(SqlConnection& txn, int64_t key, const std::string& document,
                      const std::string& updated);
Status RetireDeclaration(SqlConnection& txn, int64_t key, const std::string& updated);
Status RecordProgress(SqlConnection& txn, int64_t key, int64_t cursor, int64_t processed,
                      std::string_view state);
Status DeleteRetired(SqlConnection& txn, int64_t key);

// Tags the statement unless it is tagged already; true when the tag is new.
Result<bool> InsertTag(SqlConnection& txn, const TagRow& tag);
Status DeleteTag(SqlConnection& txn, int64_t outcome_key, int64_t seq);

// The tag log (plugin/tagging/tag_log.h): tags waiting to be folded into outcome_tags.
// Appends `tag` (its learner is not used: the log keeps the agent).
Status LogTag(SqlConnection& txn, const TagRow& tag);
// The logged tags of generations not retired, by generation and seq, without learners.
Result<std::vector<TagRow>> LoggedTags(SqlConnection& txn);
Status ClearTagLog(SqlConnection& txn);
// How many tags the log holds, counting no further than `up_to`.
Result<int64_t> CountLoggedTags(SqlConnection& txn, int64_t up_to);
// Deletes up to `limit` tags of `outcome_key`; returns how many.
Result<int64_t> DeleteSomeTags(SqlConnection& txn, int64_t outcome_key, int64_t limit);
// How many statements `outcome_key` tags (read from its rollups).
Result<int64_t> CountTags(SqlConnection& txn, int64_t outcome_key);
// The rule by which `outcome_key` tags `seq`, if it does.
Result<std::optional<std::string>> TagRule(SqlConnection& txn, int64_t outcome_key, int64_t seq);
// Tagged seqs of `outcome_key` after `after_seq` in the given direction (descending: below it)
// within `window`, at most `limit`, with their rules; when `learners` is given (a JSON array of
// learner ordinals), only the tags of those learners.
Result<std::vector<std::pair<int64_t, std::string>>> TagPage(SqlConnection& txn,
                                                             int64_t outcome_key, int64_t after_seq,
                                                             bool ascending,
                                                             const TagWindow& window, int64_t limit,
                                                             const std::string* learners = nullptr);

}  // namespace store
}  // namespace outcomes
