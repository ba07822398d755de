// What the statement writer (lrs/store/statement_writer.h) needs from a backend: its write
// transaction and the rows it reads and writes, one operation per method (internal to
// lrs/store and its backends). The writer decides everything (conflicts, voiding, inherited
// terms, metadata merges); a backend only runs its SQL (schemas/<backend>/queries). Every
// method runs on the writer thread, inside the transaction BeginGroup opened.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/extension/sql.h"
#include "lrs/store/store.h"
#include "lrs/store/terms.h"

namespace lrs::store {

// A stored statement as the writer sees it.
struct StatementRow {
  int64_t seq = 0;
  int64_t stored_us = 0;
  bool voided = false;
  bool is_voiding = false;
  std::string terms;  // EncodeTerms
  std::string body;
};

// A statement to insert.
struct NewStatementRow {
  std::string_view id;
  int64_t stored_us = 0;
  bool voided = false;
  bool is_voiding = false;
  std::string_view ref_target;  // empty: the object is not a StatementRef
  std::string terms;            // EncodeTerms
  std::string body;
  xapi::Version version = xapi::Version::k1_0_3;  // of the request that brought it
};

// A stored statement whose object is a StatementRef to a given statement.
struct ReferrerRow {
  int64_t seq = 0;
  std::string id;
  std::string terms;  // EncodeTerms
  bool is_voiding = false;
};

// Which canonical metadata a row holds.
enum class MetadataKind { kActivityDefinition, kVerbDisplay };

class WriterRows {
 public:
  virtual ~WriterRows() = default;

  // -- The transaction --

  // Begins the write transaction of one group of jobs and returns the "stored" time its
  // statements get (microseconds since the epoch): at least `not_before`, and past the stored
  // time of every statement committed before, by any process. kUnavailable when the database
  // cannot be reached or stays locked past the busy timeout.
  virtual Result<int64_t> BeginGroup(int64_t not_before) = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  // Whether a transaction is open.
  virtual bool InTransaction() = 0;
  // A savepoint around one job, and its two ends.
  virtual Status Savepoint() = 0;
  virtual Status ReleaseSavepoint() = 0;
  virtual Status RollbackToSavepoint() = 0;
  // The connection lent to plugins' hooks and to write jobs (see ext::Host::Write).
  virtual ext::SqlConnection& Lent() = 0;
  // The latest "stored" time in the database (0 when none), read once as the writer starts.
  virtual Result<int64_t> LastStoredMicros() = 0;

  // -- Statements --

  // The statement `id` (lower case) of `store`.
  virtual Result<std::optional<StatementRow>> FindStatement(StoreId store,
                                                            const std::string& id) = 0;
  // The statements of `store` among `ids` (lower case), by id (ids not stored are not in `out`);
  // the batched form of FindStatement: what a backend with round trips reads in one.
  virtual Status FindStatements(StoreId store, const std::vector<std::string>& ids,
                                std::unordered_map<std::string, StatementRow>* out) = 0;
  // Inserts `rows` into `store` in their order, records in the index that rows[i] carries each
  // of terms[i] (the terms rows[i].terms encodes), and appends their seqs to `seqs` in the same
  // order: increasing, and greater than every seq committed before (by any process). The ids of
  // `rows` are distinct.
  virtual Status InsertStatements(StoreId store, const std::vector<NewStatementRow>& rows,
                                  const std::vector<IndexTerms>& terms,
                                  std::vector<int64_t>* seqs) = 0;
  // Marks statement `seq` voided (a voiding statement never is).
  virtual Status MarkVoided(int64_t seq) = 0;
  // Replaces the recorded terms of statement `seq` with `encoded`, and records in the index that
  // it carries each of `gained` (flags OR-ed into existing entries).
  virtual Status AddInheritedTerms(int64_t seq, const std::string& encoded,
                                   const IndexTerms& gained) = 0;
  // The statements of `store` whose object is a StatementRef to `id` (voiding statements among
  // them), appended to `out`.
  virtual Status FindReferrers(StoreId store, const std::string& id,
                               std::vector<ReferrerRow>* out) = 0;
  // FindReferrers for each of `ids`: the referrers of ids[i] are appended to (*out)[ids[i]] (no
  // entry when there are none).
  virtual Status FindReferrersOf(
      StoreId store, const std::vector<std::string>& ids,
      std::unordered_map<std::string, std::vector<ReferrerRow>>* out) = 0;

  // -- The index --

  // The id of index value (kind, value) of `store`, interned now when it is new.
  virtual Result<int64_t> InternKey(StoreId store, xapi::IndexKind kind,
                                    const std::string& value) = 0;
  // InternKey for each of `keys` (distinct), the ids appended to `ids` in the same order.
  virtual Status InternKeys(StoreId store,
                            const std::vector<std::pair<xapi::IndexKind, std::string>>& keys,
                            std::vector<int64_t>* ids) = 0;

  // -- Metadata, agents, attachments --

  // The canonical JSON of activity or verb `id` of `store`, nullopt when none.
  virtual Result<std::optional<std::string>> GetMetadata(MetadataKind kind, StoreId store,
                                                         const std::string& id) = 0;
  virtual Status PutMetadata(MetadataKind kind, StoreId store, const std::string& id,
                             const std::string& json) = 0;
  // Remembers that a statement of `store` called agent `agent_key` by `name` (once).
  virtual Status AddAgentName(StoreId store, const std::string& agent_key,
                              const std::string& name) = 0;
  // Stores `attachment` unless `store` holds data with its hash already.
  virtual Status InsertAttachment(StoreId store, const AttachmentPayload& attachment) = 0;
};

}  // namespace lrs::store
