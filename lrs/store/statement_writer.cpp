#include "lrs/store/statement_writer.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <map>
#include <thread>

#include "lrs/core/log.h"
#include "lrs/core/time.h"
#include "lrs/store/writer_metrics.h"
#include "lrs/xapi/activity_definition.h"
#include "lrs/xapi/comparison.h"

namespace lrs::store {

namespace {

// Bounds on one group commit. Larger groups amortize the fsync further but delay the first
// request of the group; these keep a group well under a second of work.
constexpr size_t kMaxGroupJobs = 256;
constexpr size_t kMaxGroupStatements = 20000;

constexpr size_t kMaxCachedKeys = 200000;
constexpr size_t kMaxCachedMetadata = 50000;

}  // namespace

StatementWriter::StatementWriter(std::unique_ptr<WriterRows> rows) : rows_(std::move(rows)) {
  if (auto last = rows_->LastStoredMicros(); last.ok()) last_stored_us_ = last.value();
  WriterMetrics::Get();  // shown from the start, at zero
  thread_ = std::thread([this] { Run(); });
}

StatementWriter::~StatementWriter() {
  Stop();
}

void StatementWriter::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StatementWriter::SetObserver(StatementObserver* observer) {
  {
    std::unique_lock<std::shared_mutex> no_prepare(observer_mu_);
    observer_.store(observer);
  }
  // A group that loaded the previous observer finishes before the lock is free again.
  std::lock_guard<std::mutex> wait_for_group(group_mu_);
}

Status StatementWriter::Submit(StoreId store, std::vector<StatementRecord> batch) {
  if (batch.empty()) return Status();
  if (OnWriterThread()) {
    return Error::Internal(
        "statements were submitted from the statement writer itself (a statement hook); they "
        "would wait for the hook forever");
  }
  // Whatever is stored must read back: every reader parses with json::kMaxDepth, and preparing
  // a statement can deepen it (a single context Activity becomes an array), so a statement
  // within the bound as sent may exceed it as stored. It is refused now rather than answered
  // 500 on every read (and re-send) later.
  for (const StatementRecord& rec : batch) {
    if (rec.statement != nullptr && json::Depth(*rec.statement) > json::kMaxDepth) {
      return Error::BadRequest("statement " + rec.id + " is nested deeper than " +
                               std::to_string(json::kMaxDepth) +
                               " levels as stored (its contextActivities become arrays); nest "
                               "its extensions less deeply");
    }
  }
  auto job = std::make_unique<Job>();
  job->store = store;
  job->batch = std::move(batch);
  {
    std::shared_lock<std::shared_mutex> observing(observer_mu_);
    if (StatementObserver* observer = observer_.load()) {
      Result<std::shared_ptr<const void>> prepared = Error::Internal("not prepared");
      try {
        prepared = observer->Prepare(store, job->batch);
      } catch (const std::exception& e) {
        prepared = Error::Internal(std::string("preparing the batch failed: ") + e.what());
      } catch (...) {
        prepared = Error::Internal("preparing the batch failed: an unknown exception");
      }
      if (!prepared.ok()) {
        if (prepared.error().code() == ErrorCode::kInternal) LogFailure(*job, prepared.error());
        return prepared.error();
      }
      job->prepared = std::move(prepared).value();
    }
  }
  return Enqueue(std::move(job));
}

Status StatementWriter::SubmitWork(std::function<Status(ext::SqlConnection&)> work,
                                   bool forgets_keys) {
  if (OnWriterThread()) {
    return Error::Internal(
        "a write was submitted from the statement writer itself (a statement hook or another "
        "write); it would wait for itself forever: use the connection the hook was lent");
  }
  auto job = std::make_unique<Job>();
  job->work = std::move(work);
  job->forgets_keys = forgets_keys;
  return Enqueue(std::move(job));
}

bool StatementWriter::OnWriterThread() const {
  return std::this_thread::get_id() == writer_id_.load();
}

Status StatementWriter::Enqueue(std::unique_ptr<Job> job) {
  std::future<Status> done = job->done.get_future();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return Error(ErrorCode::kUnavailable, "the LRS is shutting down");
    queue_.push_back(std::move(job));
    WriterMetrics::Get().queued.Add(1);
  }
  cv_.notify_one();
  return done.get();
}

void StatementWriter::Run() {
  writer_id_.store(std::this_thread::get_id());
  while (true) {
    std::vector<std::unique_ptr<Job>> group;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything submitted is done
      size_t statements = 0;
      while (!queue_.empty() && group.size() < kMaxGroupJobs &&
             (group.empty() || statements + queue_.front()->batch.size() <= kMaxGroupStatements)) {
        statements += queue_.front()->batch.size();
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      WriterMetrics::Get().queued.Add(-static_cast<int64_t>(group.size()));
      WriterMetrics::Get().group_statements.Observe(static_cast<double>(statements));
    }
    std::vector<Status> outcomes;
    {
      std::lock_guard<std::mutex> committing(group_mu_);
      const auto started = std::chrono::steady_clock::now();
      try {
        outcomes = CommitGroup(group);
      } catch (...) {
        outcomes.clear();  // CommitGroup's own handler failed (no memory): every job fails
      }
      WriterMetrics::Get().commit_seconds.Observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    for (size_t i = 0; i < outcomes.size(); ++i) {
      if (outcomes[i].ok()) WriterMetrics::Get().stored.Add(group[i]->batch.size());
    }
    for (size_t i = 0; i < group.size(); ++i) {
      group[i]->work = nullptr;  // before the submitter wakes up (see SubmitWork)
      group[i]->prepared.reset();
      group[i]->done.set_value(i < outcomes.size() ? outcomes[i]
                                                   : Status(Error::Internal("not committed")));
    }
  }
}

std::vector<Status> StatementWriter::CommitGroup(const std::vector<std::unique_ptr<Job>>& jobs) {
  std::vector<Status> outcomes(jobs.size());
  try {
    // A transaction left open by a failure that could not roll it back is not committed now.
    if (rows_->InTransaction()) {
      log::Error("statement writer: a transaction was left open; rolling it back");
      (void)rows_->Rollback();
      ForgetCaches();
      NotifyRollback();
    }
    // "stored" (microsecond precision) strictly increases from one commit to the next, even if
    // the clock steps back: stored order and seq order agree, so time windows become seq
    // windows, and a client reading "since" the last stored time it saw cannot miss a later
    // commit that happened within the same clock tick. Until the commit ends (this scope, left
    // before Run wakes the submitters), Consistent-Through stays before it: a client asking
    // since= that header must not miss this group. The backend may move the time later still
    // (past every commit of another process); the clock's guard then only errs on the safe side.
    const int64_t not_before = clock_.BeginCommit(last_stored_us_ + 1);
    struct CommitEnds {
      ConsistencyClock& clock;
      ~CommitEnds() { clock.EndCommit(); }
    } commit_ends{clock_};

    // A group of statement batches runs first without a savepoint per job (on PostgreSQL, two
    // round trips fewer per job). When a job fails there is then nothing to return to but the
    // beginning: alone, its transaction is rolled back and it has its outcome; with others, the
    // whole group is rolled back and runs again, each job in its savepoint, so that the failing
    // job fails alone. Groups with a write job (documents, plugins' Host::Write) always take
    // savepoints: such a job runs once.
    const bool has_work =
        std::any_of(jobs.begin(), jobs.end(), [](const auto& job) { return bool(job->work); });
    bool savepoints = has_work;
    int64_t stored_us = 0;
    bool any_applied = false;
    while (true) {
      auto begun = rows_->BeginGroup(not_before);
      if (!begun.ok()) {
        log::Error("statement writer: cannot begin a transaction: " + begun.error().message());
        if (rows_->InTransaction()) (void)rows_->Rollback();
        for (auto& outcome : outcomes)
          outcome = begun.error();
        return outcomes;
      }
      stored_us = begun.value();
      any_applied = false;
      // What every batch of the group needs read and interned, in one call per store.
      read_ahead_.clear();
      if (Status ahead = PrepareGroup(jobs); !ahead.ok()) {
        log::Error("statement writer: cannot read ahead for a group: " + ahead.error().message());
        (void)rows_->Rollback();
        ForgetCaches();
        for (auto& outcome : outcomes)
          outcome = ahead;
        return outcomes;
      }
      size_t failed = jobs.size();  // the job that failed without a savepoint, if any
      for (size_t i = 0; i < jobs.size(); ++i) {
        if (savepoints) {
          Status sp = rows_->Savepoint();
          if (!sp.ok()) {
            outcomes[i] = sp;
            continue;
          }
        }
        outcomes[i] = ApplyJobSafely(*jobs[i], stored_us);
        // A write job's SQL is not the writer's: what was read ahead may be stale after it.
        if (jobs[i]->work) read_ahead_.clear();
        if (jobs[i]->forgets_keys) ForgetCaches();
        if (outcomes[i].ok()) {
          any_applied = true;
          if (savepoints) (void)rows_->ReleaseSavepoint();
          continue;
        }
        if (!savepoints) {
          failed = i;
          break;
        }
        if (outcomes[i].error().code() == ErrorCode::kInternal) {
          LogFailure(*jobs[i], outcomes[i].error());
        }
        Status rb = rows_->RollbackToSavepoint();
        ForgetCaches();
        read_ahead_.clear();
        NotifyRollback();
        if (!rb.ok()) {
          log::Error("statement writer: rollback to savepoint failed: " + rb.error().message());
        }
      }
      if (failed == jobs.size()) break;
      Status rb = rows_->Rollback();
      ForgetCaches();
      NotifyRollback();
      if (!rb.ok()) {
        log::Error("statement writer: rollback failed: " + rb.error().message());
        for (size_t i = 0; i < jobs.size(); ++i) {
          if (i != failed) outcomes[i] = rb;
        }
        return outcomes;
      }
      if (jobs.size() == 1) {
        if (outcomes[0].error().code() == ErrorCode::kInternal) {
          LogFailure(*jobs[0], outcomes[0].error());
        }
        return outcomes;
      }
      savepoints = true;
      for (auto& outcome : outcomes)
        outcome = Status();
    }
    Status commit = rows_->Commit();
    if (!commit.ok()) {
      log::Error("statement writer: commit failed: " + commit.error().message());
      if (rows_->InTransaction()) (void)rows_->Rollback();
      ForgetCaches();
      NotifyRollback();
      for (auto& outcome : outcomes) {
        if (outcome.ok()) outcome = commit;
      }
    } else if (any_applied) {
      last_stored_us_ = stored_us;
    }
    return outcomes;
  } catch (...) {
    // Outside any job (beginning, committing, bookkeeping): nothing of the group is kept.
    Error failed = Error::Internal("the statement writer failed: an unexpected exception");
    try {
      std::rethrow_exception(std::current_exception());
    } catch (const std::exception& e) {
      failed = Error::Internal(std::string("the statement writer failed: ") + e.what());
    } catch (...) {
    }
    try {
      log::Error(failed.message() + "; the whole group of " + std::to_string(jobs.size()) +
                 " jobs is rolled back");
      if (rows_->InTransaction()) (void)rows_->Rollback();
      ForgetCaches();
    } catch (...) {
      // The next group rolls back a transaction left open.
    }
    NotifyRollback();
    for (auto& outcome : outcomes) {
      if (outcome.ok()) outcome = failed;
    }
    return outcomes;
  }
}

Status StatementWriter::ApplyJobSafely(const Job& job, int64_t stored_us) {
  const char* what = job.work ? "unexpected exception in the write" : "unexpected exception";
  try {
    return ApplyJob(job, stored_us);
  } catch (const std::exception& e) {
    return Error::Internal(std::string(what) + ": " + e.what());
  } catch (...) {
    return Error::Internal(std::string(what) + " (not a std::exception)");
  }
}

void StatementWriter::LogFailure(const Job& job, const Error& error) {
  if (job.work) {
    log::Error("statement writer: a write job failed: " + error.message());
    return;
  }
  log::Error("statement writer: a batch of " + std::to_string(job.batch.size()) +
             " statement(s) of store " + std::to_string(job.store) + " (first id " +
             (job.batch.empty() ? std::string("none") : job.batch.front().id) +
             ") failed: " + error.message());
}

void StatementWriter::NotifyRollback() {
  StatementObserver* observer = observer_.load();
  if (observer == nullptr) return;
  try {
    observer->OnRollback();
  } catch (const std::exception& e) {
    log::Error(std::string("statement writer: the observer's OnRollback threw: ") + e.what());
  } catch (...) {
    log::Error("statement writer: the observer's OnRollback threw an unknown exception");
  }
}

Status StatementWriter::ApplyJob(const Job& job, int64_t stored_us) {
  if (job.work) return job.work(rows_->Lent());
  std::vector<ext::StoredStatement> stored;
  std::vector<int64_t> voided;
  // The job's pending rows live as long as the job (they point into its batch); what the group
  // read ahead stays valid across its jobs (see ReadAheadRows).
  struct JobEnds {
    StatementWriter& writer;
    ~JobEnds() {
      writer.pending_rows_.clear();
      writer.pending_terms_.clear();
      writer.pending_stored_.clear();
      writer.job_stored_ = nullptr;
    }
  } job_ends{*this};
  job_stored_ = &stored;
  // Normally done for the whole group already (PrepareGroup); after a rollback, again.
  LRS_RETURN_IF_ERROR(ReadAhead(job.store, {&job}));
  LRS_RETURN_IF_ERROR(InternBatchKeys(job.store, {&job}));
  for (size_t i = 0; i < job.batch.size(); ++i) {
    const size_t before = stored.size();
    LRS_RETURN_IF_ERROR(ApplyStatement(job.store, job.batch[i], stored_us, &stored, &voided));
    if (stored.size() > before) {
      stored.back().index = i;
      stored.back().prepared = job.prepared.get();
    }
  }
  LRS_RETURN_IF_ERROR(InsertPending(job.store));
  LRS_RETURN_IF_ERROR(StoreAttachments(job.store, job.batch));
  StatementObserver* observer = observer_.load();
  if (observer == nullptr) return Status();
  if (!stored.empty()) LRS_RETURN_IF_ERROR(observer->OnStatementsStored(rows_->Lent(), stored));
  if (!voided.empty()) {
    LRS_RETURN_IF_ERROR(observer->OnStatementsVoided(rows_->Lent(), job.store, voided));
  }
  return Status();
}

Status StatementWriter::PrepareGroup(const std::vector<std::unique_ptr<Job>>& jobs) {
  std::map<StoreId, std::vector<const Job*>> by_store;
  for (const auto& job : jobs) {
    if (!job->work) by_store[job->store].push_back(job.get());
  }
  for (const auto& [store, store_jobs] : by_store) {
    LRS_RETURN_IF_ERROR(ReadAhead(store, store_jobs));
    LRS_RETURN_IF_ERROR(InternBatchKeys(store, store_jobs));
  }
  return Status();
}

Status StatementWriter::ReadAhead(StoreId store, const std::vector<const Job*>& jobs) {
  ReadAheadRows& ahead = read_ahead_[store];
  std::vector<std::string> ids;
  std::vector<std::string> wanted;
  for (const Job* job : jobs) {
    for (const StatementRecord& rec : job->batch) {
      if (ahead.referrers_asked.count(rec.id) == 0) ids.push_back(rec.id);
      if (ahead.rows_asked.count(rec.id) == 0) wanted.push_back(rec.id);
      if (!rec.ref_target.empty() && ahead.rows_asked.count(rec.ref_target) == 0) {
        wanted.push_back(rec.ref_target);
      }
    }
  }
  for (std::vector<std::string>* list : {&ids, &wanted}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  if (!wanted.empty()) {
    LRS_RETURN_IF_ERROR(rows_->FindStatements(store, wanted, &ahead.rows));
    ahead.rows_asked.insert(wanted.begin(), wanted.end());
  }
  if (!ids.empty()) {
    LRS_RETURN_IF_ERROR(rows_->FindReferrersOf(store, ids, &ahead.referrers));
    ahead.referrers_asked.insert(ids.begin(), ids.end());
  }
  return Status();
}

Result<std::optional<StatementRow>> StatementWriter::Find(StoreId store, const std::string& id) {
  const ReadAheadRows& ahead = read_ahead_[store];
  if (ahead.rows_asked.count(id) > 0 && ahead.changed_ids.count(id) == 0) {
    auto it = ahead.rows.find(id);
    if (it == ahead.rows.end()) return std::optional<StatementRow>();
    if (ahead.changed_seqs.count(it->second.seq) == 0) {
      return std::optional<StatementRow>(it->second);
    }
  }
  LRS_RETURN_IF_ERROR(InsertPending(store));
  return rows_->FindStatement(store, id);
}

Status StatementWriter::Referrers(StoreId store, const std::string& id,
                                  std::vector<ReferrerRow>* out) {
  const ReadAheadRows& ahead = read_ahead_[store];
  if (ahead.referrers_asked.count(id) > 0 && ahead.changed_ids.count(id) == 0) {
    auto it = ahead.referrers.find(id);
    if (it == ahead.referrers.end()) return Status();
    const bool fresh =
        std::none_of(it->second.begin(), it->second.end(),
                     [&](const ReferrerRow& r) { return ahead.changed_seqs.count(r.seq) > 0; });
    if (fresh) {
      out->insert(out->end(), it->second.begin(), it->second.end());
      return Status();
    }
  }
  LRS_RETURN_IF_ERROR(InsertPending(store));
  return rows_->FindReferrers(store, id, out);
}

Status StatementWriter::InsertPending(StoreId store) {
  if (pending_rows_.empty()) return Status();
  std::vector<int64_t> seqs;
  seqs.reserve(pending_rows_.size());
  Status inserted = rows_->InsertStatements(store, pending_rows_, pending_terms_, &seqs);
  if (inserted.ok() && seqs.size() != pending_rows_.size()) {
    inserted = Error::Internal("inserting statements returned a wrong number of seqs");
  }
  if (inserted.ok()) {
    for (size_t i = 0; i < seqs.size(); ++i)
      (*job_stored_)[pending_stored_[i]].seq = seqs[i];
  }
  pending_rows_.clear();
  pending_terms_.clear();
  pending_stored_.clear();
  return inserted;
}

Status StatementWriter::ApplyStatement(StoreId store, const StatementRecord& rec, int64_t stored_us,
                                       std::vector<ext::StoredStatement>* stored,
                                       std::vector<int64_t>* voided_seqs) {
  // 1. An id already stored: the same statement is accepted without change; another is a
  // conflict (Part Three §2.1.1-2.1.2).
  {
    auto existing_row = Find(store, rec.id);
    if (!existing_row.ok()) return existing_row.error();
    if (existing_row.value()) {
      json::Document existing;
      Status parsed = json::Parse(existing_row.value()->body, &existing, json::kMaxStoredDepth);
      if (!parsed.ok()) return Error::Internal("stored statement " + rec.id + " is unreadable");
      if (xapi::StatementsEquivalent(existing, *rec.statement, rec.version)) return Status();
      return Error::Conflict("statement " + rec.id +
                             " is already stored with different content; statements are "
                             "immutable, so send a new statement with a new id");
    }
  }

  // 2. The StatementRef target, when stored.
  std::optional<StatementRow> target;
  if (!rec.ref_target.empty()) {
    auto found = Find(store, rec.ref_target);
    if (!found.ok()) return found.error();
    target = std::move(found).value();
  }

  // 3. Voiding: a voiding statement cannot be voided (Part Two §2.3.2); a statement arriving
  // after the statement that voids it is stored voided.
  bool voided = false;
  if (rec.is_voiding) {
    if (target && target->is_voiding) {
      return Error::BadRequest("statement " + rec.id + " voids statement " + rec.ref_target +
                               ", which is itself a voiding statement; a voiding statement "
                               "cannot be voided");
    }
  }
  // The statements stored earlier that target this one: a voiding one voids it, and they all
  // inherit its terms (step 6).
  std::vector<ReferrerRow> referrers;
  LRS_RETURN_IF_ERROR(Referrers(store, rec.id, &referrers));
  if (!rec.is_voiding) {
    for (const ReferrerRow& r : referrers) {
      voided = voided || r.is_voiding;
    }
  }

  // 4. Index terms: the statement's own, and what it inherits from its StatementRef target.
  IndexTerms terms;
  terms.reserve(rec.terms.size());
  for (const xapi::IndexTerm& t : rec.terms) {
    auto key = InternKey(store, t.kind, t.value);
    if (!key.ok()) return key.error();
    MergeTerms(&terms, {{key.value(), t.flags}});
  }
  if (target) MergeTerms(&terms, InheritableTerms(DecodeTerms(target->terms)));

  // 5. The row itself, with "stored" (and a missing "timestamp") filled in.
  std::string body = rec.body;
  if (body.empty() || body.back() != '}') {
    return Error::Internal("prepared statement body of " + rec.id + " is not a JSON object");
  }
  body.pop_back();
  const std::string stored_text = FormatMicrosUtc(stored_us);
  body += ",\"stored\":\"" + stored_text + "\"";
  if (rec.needs_timestamp) body += ",\"timestamp\":\"" + stored_text + "\"";
  body.push_back('}');

  NewStatementRow row;
  row.id = rec.id;
  row.stored_us = stored_us;
  row.voided = voided;
  row.is_voiding = rec.is_voiding;
  row.ref_target = rec.ref_target;
  row.terms = EncodeTerms(terms);
  row.body = std::move(body);
  row.version = rec.version;
  // Inserted with the rest of the job's rows (InsertPending), which also gives it its seq: no
  // row the job reads ahead of it depends on it, and a read that might is preceded by the
  // insertion (Find, Referrers).
  pending_stored_.push_back(stored->size());
  pending_rows_.push_back(std::move(row));
  pending_terms_.push_back(terms);
  ReadAheadRows& ahead = read_ahead_[store];
  ahead.changed_ids.insert(rec.id);
  if (!rec.ref_target.empty()) ahead.changed_ids.insert(rec.ref_target);

  stored->push_back({store, 0, rec.id, stored_us, rec.statement.get(), voided});
  if (rec.is_voiding && target && !target->is_voiding && !target->voided) {
    LRS_RETURN_IF_ERROR(rows_->MarkVoided(target->seq));
    ahead.changed_seqs.insert(target->seq);
    voided_seqs->push_back(target->seq);
  }

  // 6. Statements stored earlier that reference this one now match what it matches.
  LRS_RETURN_IF_ERROR(Propagate(store, InheritableTerms(terms), std::move(referrers)));

  LRS_RETURN_IF_ERROR(UpdateCanonicalMetadata(store, rec));
  LRS_RETURN_IF_ERROR(RecordAgentNames(store, rec));
  return Status();
}

Status StatementWriter::RecordAgentNames(StoreId store, const StatementRecord& rec) {
  for (const auto& [agent_key, name] : rec.agent_names) {
    // The same learners come back statement after statement: skip names already written.
    std::string cache_key = std::to_string(store) + "\x1fn" + agent_key + "\x1f" + name;
    if (metadata_seen_.count(cache_key) > 0) continue;
    if (metadata_seen_.size() > kMaxCachedMetadata) metadata_seen_.clear();
    LRS_RETURN_IF_ERROR(rows_->AddAgentName(store, agent_key, name));
    metadata_seen_.emplace(std::move(cache_key), std::string());
  }
  return Status();
}

Status StatementWriter::Propagate(StoreId store, const IndexTerms& terms,
                                  std::vector<ReferrerRow> referrers) {
  // A statement still to visit (by id; empty: the one whose referrers were given), and the
  // terms it passes on to the statements targeting it.
  struct Pending {
    std::string id;
    IndexTerms terms;
  };
  std::vector<Pending> work;
  if (!terms.empty()) work.push_back({std::string(), terms});
  while (!work.empty()) {
    Pending next = std::move(work.back());
    work.pop_back();
    if (!next.id.empty()) {
      referrers.clear();
      LRS_RETURN_IF_ERROR(Referrers(store, next.id, &referrers));
    }
    for (ReferrerRow& r : referrers) {
      IndexTerms referrer_terms = DecodeTerms(r.terms);
      IndexTerms gained = MergeTermsGained(&referrer_terms, next.terms);
      if (gained.empty()) continue;  // it has them all already, and so do those targeting it
      LRS_RETURN_IF_ERROR(rows_->AddInheritedTerms(r.seq, EncodeTerms(referrer_terms), gained));
      read_ahead_[store].changed_seqs.insert(r.seq);
      work.push_back({std::move(r.id), std::move(gained)});
    }
  }
  return Status();
}

Status StatementWriter::UpdateCanonicalMetadata(StoreId store, const StatementRecord& rec) {
  if (rec.activity_definitions.empty() && !rec.verb_display) return Status();
  if (metadata_seen_.size() > kMaxCachedMetadata) metadata_seen_.clear();
  const std::string prefix = std::to_string(store) + "\x1f";

  auto merge = [&](MetadataKind kind, const std::string& cache_key,
                   const MetadataUpdate& update) -> Status {
    // Courses send the same definition over and over: skip what was merged last time.
    auto seen = metadata_seen_.find(cache_key);
    if (seen != metadata_seen_.end() && seen->second == update.json) return Status();

    json::Document incoming;
    if (!json::Parse(update.json, &incoming).ok()) {
      return Error::Internal("unreadable metadata for " + update.id);
    }
    json::Document canonical;
    canonical.SetObject();
    {
      auto stored_json = rows_->GetMetadata(kind, store, update.id);
      if (!stored_json.ok()) return stored_json.error();
      if (stored_json.value()) {
        json::Document current;
        if (json::Parse(*stored_json.value(), &current).ok() && current.IsObject()) {
          canonical.CopyFrom(current, canonical.GetAllocator());
        }
      }
    }
    const bool changed =
        kind == MetadataKind::kActivityDefinition
            ? xapi::MergeActivityDefinition(canonical, incoming, canonical.GetAllocator())
            : xapi::MergeLanguageMap(canonical, incoming, canonical.GetAllocator());
    if (changed) {
      LRS_RETURN_IF_ERROR(rows_->PutMetadata(kind, store, update.id, json::Write(canonical)));
    }
    metadata_seen_[cache_key] = update.json;
    return Status();
  };

  for (const MetadataUpdate& definition : rec.activity_definitions) {
    LRS_RETURN_IF_ERROR(
        merge(MetadataKind::kActivityDefinition, prefix + "a" + definition.id, definition));
  }
  if (rec.verb_display) {
    LRS_RETURN_IF_ERROR(
        merge(MetadataKind::kVerbDisplay, prefix + "v" + rec.verb_display->id, *rec.verb_display));
  }
  return Status();
}

Status StatementWriter::StoreAttachments(StoreId store, const std::vector<StatementRecord>& batch) {
  for (const StatementRecord& rec : batch) {
    for (const AttachmentPayload& a : rec.attachments) {
      LRS_RETURN_IF_ERROR(rows_->InsertAttachment(store, a));
    }
  }
  return Status();
}

namespace {

std::string KeyCacheKey(StoreId store, xapi::IndexKind kind, const std::string& value) {
  std::string cache_key = std::to_string(store);
  cache_key.push_back('\x1f');
  cache_key.push_back(static_cast<char>('0' + static_cast<int>(kind)));
  cache_key.push_back('\x1f');
  cache_key += value;
  return cache_key;
}

}  // namespace

Status StatementWriter::InternBatchKeys(StoreId store, const std::vector<const Job*>& jobs) {
  std::vector<std::pair<xapi::IndexKind, std::string>> missing;
  std::vector<std::string> missing_cache_keys;
  std::unordered_set<std::string> seen;
  for (const Job* job : jobs) {
    for (const StatementRecord& rec : job->batch) {
      for (const xapi::IndexTerm& t : rec.terms) {
        std::string cache_key = KeyCacheKey(store, t.kind, t.value);
        if (key_cache_.count(cache_key) > 0 || !seen.insert(cache_key).second) continue;
        missing.emplace_back(t.kind, t.value);
        missing_cache_keys.push_back(std::move(cache_key));
      }
    }
  }
  if (missing.empty()) return Status();
  std::vector<int64_t> ids;
  ids.reserve(missing.size());
  LRS_RETURN_IF_ERROR(rows_->InternKeys(store, missing, &ids));
  if (ids.size() != missing.size()) {
    return Error::Internal("interning index keys returned a wrong number of ids");
  }
  if (key_cache_.size() + ids.size() > kMaxCachedKeys) key_cache_.clear();
  for (size_t i = 0; i < ids.size(); ++i)
    key_cache_.emplace(std::move(missing_cache_keys[i]), ids[i]);
  return Status();
}

Result<int64_t> StatementWriter::InternKey(StoreId store, xapi::IndexKind kind,
                                           const std::string& value) {
  std::string cache_key = KeyCacheKey(store, kind, value);
  auto it = key_cache_.find(cache_key);
  if (it != key_cache_.end()) return it->second;

  auto id = rows_->InternKey(store, kind, value);
  if (!id.ok()) return id.error();
  if (key_cache_.size() >= kMaxCachedKeys) key_cache_.clear();
  key_cache_.emplace(std::move(cache_key), id.value());
  return id.value();
}

void StatementWriter::ForgetCaches() {
  // A rollback may have removed keys and metadata the caches remember.
  key_cache_.clear();
  metadata_seen_.clear();
}

}  // namespace lrs::store
