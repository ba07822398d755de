// The single writer of a backend (internal to lrs/store and its backends). Request threads do
// not queue on the database's write lock: they hand their batches to this thread, which commits
// whatever has queued up in one transaction (group commit): one durable commit for many
// requests, so durability (SQLite's synchronous=FULL, PostgreSQL's synchronous_commit=on) stays
// affordable. What a statement write means (conflicts, voiding, inherited terms, metadata) is
// decided here, once for every backend; the backend only runs the SQL (WriterRows).
//
// The writer is an exception boundary: whatever a job, a plugin's hook or the writer's own code
// throws (std::bad_alloc included) fails that job alone. Its savepoint is rolled back, the error
// is logged with the batch (store, number of statements, first id) and returned to its
// submitter as kInternal, and the writer goes on with the next job.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "lrs/store/consistency_clock.h"
#include "lrs/store/store.h"
#include "lrs/store/terms.h"
#include "lrs/store/writer_rows.h"

namespace lrs::store {

class StatementWriter {
 public:
  // Takes ownership of `rows` (on a configured, migrated database) and starts the thread.
  explicit StatementWriter(std::unique_ptr<WriterRows> rows);
  // Stops the thread after finishing the batches already submitted.
  ~StatementWriter();
  StatementWriter(const StatementWriter&) = delete;
  StatementWriter& operator=(const StatementWriter&) = delete;

  // Stores `batch` with the semantics of StatementStore::StoreStatements and blocks until its
  // transaction has committed (or failed). Each batch is all-or-nothing on its own: batches
  // committed together never see each other's failures. After Stop(), fails with kUnavailable.
  // A statement nested deeper than json::kMaxDepth as prepared (so it could not be read back)
  // fails the batch with kBadRequest. The observer's Prepare runs next, on the calling thread;
  // its error (or exception) fails the batch before it is queued. Called on the writer thread
  // itself (from a hook), fails at once with kInternal instead of waiting for itself.
  Status Submit(StoreId store, std::vector<StatementRecord> batch);

  // Runs `work` as a job of its own (see ext::Host::Write) and blocks until its transaction has
  // committed or failed. `work` is destroyed before this returns: its code may be a plugin's,
  // which may be unloaded as soon as the plugin's last write returned. Called on the writer
  // thread itself (from a statement hook or inside another job's `work`), fails at once with
  // kInternal: it would wait forever for the job that is calling it. With `forgets_keys`, the
  // writer forgets the index keys it remembers once `work` ran (for work that deletes keys).
  Status SubmitWork(std::function<Status(ext::SqlConnection&)> work, bool forgets_keys = false);

  // Sets who is told about statement writes (see StatementObserver). Returns once no commit and
  // no Prepare still uses the previous observer, so the caller may destroy it then.
  void SetObserver(StatementObserver* observer);

  // Finishes the queued batches, then stops accepting new ones and joins the thread.
  void Stop();

  // See ConsistencyClock::ConsistentThrough: every statement stored at or before the returned
  // time (microseconds since the epoch) is readable.
  int64_t ConsistentThroughMicros() { return clock_.ConsistentThrough(); }

 private:
  // A batch of statements, or (when `work` is set) a plugin's write.
  struct Job {
    StoreId store = 0;
    std::vector<StatementRecord> batch;
    std::shared_ptr<const void> prepared;  // the observer's Prepare of `batch`
    std::function<Status(ext::SqlConnection&)> work;
    bool forgets_keys = false;  // for `work`: see SubmitWork
    std::promise<Status> done;
  };
  void Run();
  // Commits `jobs` in one transaction and returns each job's outcome. An exception outside any
  // job rolls the whole group back and fails every job; only running out of memory while
  // handling it escapes (Run then fails the group).
  std::vector<Status> CommitGroup(const std::vector<std::unique_ptr<Job>>& jobs);
  // Applies one job inside its savepoint; an exception becomes the job's kInternal error.
  Status ApplyJobSafely(const Job& job, int64_t stored_us);
  Status ApplyJob(const Job& job, int64_t stored_us);
  // Logs a job that failed with kInternal, naming its batch.
  static void LogFailure(const Job& job, const Error& error);
  // Tells the observer that writes it saw were rolled back; an exception of it is logged.
  void NotifyRollback();
  // Whether the caller runs on the writer thread.
  bool OnWriterThread() const;
  // Reads ahead and interns, for every statement batch of the group at once (per store), what
  // storing them needs: one call of each kind per store, whatever the number of batches (on
  // PostgreSQL, round trips saved per request; single-statement requests gain the most).
  Status PrepareGroup(const std::vector<std::unique_ptr<Job>>& jobs);
  // Reads up front what storing `jobs`' batches (of `store`) needs and was not read yet: their
  // statements and their StatementRef targets, and the statements targeting their statements
  // (at most two reads, whatever their size).
  Status ReadAhead(StoreId store, const std::vector<const Job*>& jobs);
  // FindStatement and FindReferrers through what ReadAhead read, as long as nothing the job
  // wrote since makes it stale; else (after inserting the pending rows) from the backend.
  Result<std::optional<StatementRow>> Find(StoreId store, const std::string& id);
  Status Referrers(StoreId store, const std::string& id, std::vector<ReferrerRow>* out);
  // Inserts the rows ApplyStatement left pending, in their order, and gives their `stored`
  // entries their seqs.
  Status InsertPending(StoreId store);
  // Stores one statement (its row is left pending, see InsertPending); appends what observers
  // must hear of to `stored` and `voided`.
  Status ApplyStatement(StoreId store, const StatementRecord& rec, int64_t stored_us,
                        std::vector<ext::StoredStatement>* stored, std::vector<int64_t>* voided);
  Status Enqueue(std::unique_ptr<Job> job);
  // Passes `terms` (inheritable terms a statement carries or has just gained) on to the
  // statements stored earlier that target it, and on to those that target them, transitively
  // (Part Three §2.1.3). Iterative, with a work list on the heap: a chain of any length needs
  // memory for the statements still to visit, never stack. Each statement passes on only the
  // terms it gained, and terms only grow, so it ends, also on reference cycles.
  // `referrers` are those targeting the statement itself, already read.
  Status Propagate(StoreId store, const IndexTerms& terms, std::vector<ReferrerRow> referrers);
  Status UpdateCanonicalMetadata(StoreId store, const StatementRecord& rec);
  // Remembers the names `rec` gives its agents (for the Agents resource).
  Status RecordAgentNames(StoreId store, const StatementRecord& rec);
  // Inserts the attachment data of `batch` that `store` does not hold yet.
  Status StoreAttachments(StoreId store, const std::vector<StatementRecord>& batch);
  // Interns, in one call to the backend, the index keys of `jobs`' batches the cache lacks.
  Status InternBatchKeys(StoreId store, const std::vector<const Job*>& jobs);
  // The interned id of (kind, value), from the cache or the backend.
  Result<int64_t> InternKey(StoreId store, xapi::IndexKind kind, const std::string& value);
  void ForgetCaches();

  std::unique_ptr<WriterRows> rows_;
  std::atomic<StatementObserver*> observer_{nullptr};
  // Held shared by each observer's Prepare (on submitting threads), exclusively by SetObserver.
  std::shared_mutex observer_mu_;
  int64_t last_stored_us_ = 0;
  ConsistencyClock clock_;

  // Interned index keys, "<store>\x1f<kind>\x1f<value>" -> id. Bounded; cleared on rollback.
  std::unordered_map<std::string, int64_t> key_cache_;
  // The last definition/display JSON seen per activity/verb, to skip unchanged metadata quickly.
  std::unordered_map<std::string, std::string> metadata_seen_;

  // What the group being committed read ahead (ReadAhead), and what its jobs wrote since: an
  // id in `changed_ids` (a statement inserted, or one targeted by an inserted StatementRef) or
  // a row whose seq is in `changed_seqs` (voided, or given terms) is read from the backend
  // again. Per store. Kept from one job of the group to the next (each job's writes are marked
  // as they happen); forgotten when a job is rolled back to its savepoint and after a write job.
  struct ReadAheadRows {
    std::unordered_set<std::string> rows_asked;
    std::unordered_map<std::string, StatementRow> rows;
    std::unordered_set<std::string> referrers_asked;
    std::unordered_map<std::string, std::vector<ReferrerRow>> referrers;
    std::unordered_set<std::string> changed_ids;
    std::unordered_set<int64_t> changed_seqs;
  };
  std::unordered_map<StoreId, ReadAheadRows> read_ahead_;
  // Rows of the job being applied still to insert, their terms, and the index of each one's
  // entry in the job's list of stored statements.
  std::vector<NewStatementRow> pending_rows_;
  std::vector<IndexTerms> pending_terms_;
  std::vector<size_t> pending_stored_;
  // The statements of the job being applied (ApplyStatement appends to it).
  std::vector<ext::StoredStatement>* job_stored_ = nullptr;

  // Held by the writer thread for each group commit (SetObserver waits on it).
  std::mutex group_mu_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Job>> queue_;
  bool stopping_ = false;
  std::atomic<std::thread::id> writer_id_{};  // set by the thread itself as it starts
  std::thread thread_;
};

}  // namespace lrs::store
