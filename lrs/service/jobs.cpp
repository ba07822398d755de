#include "lrs/service/jobs.h"

#include <exception>

#include "lrs/core/json.h"
#include "lrs/core/log.h"
#include "lrs/core/time.h"
#include "lrs/core/uuid.h"

namespace lrs::service {

namespace {

std::string Now() {
  return FormatMillisUtc(NowMicros());
}

}  // namespace

JobRunner::JobRunner(store::AdminStore& store) : store_(store) {}

JobRunner::~JobRunner() {
  Stop();
}

Status JobRunner::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (running_) return Error::Internal("the job runner is already running");
  auto failed = store_.FailUnfinishedJobs(std::string(kInterrupted), Now());
  if (!failed.ok()) return failed.error();
  for (const std::string& id : failed.value()) {
    log::Warn("job " + id + " was left unfinished by an earlier process: marked failed");
  }
  running_ = true;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
  return Status();
}

void JobRunner::Stop() {
  std::deque<Queued> abandoned;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!running_) return;
    stopping_ = true;
    abandoned.swap(queue_);
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (Queued& q : abandoned) {
    Finish(std::move(q.record), Error(ErrorCode::kUnavailable, std::string(kInterrupted)));
  }
  std::lock_guard<std::mutex> lock(mu_);
  running_ = false;
}

Result<std::string> JobRunner::Submit(const std::string& kind, store::StoreId store, JobWork work) {
  Queued q;
  q.record.id = uuid::NewV4();
  q.record.kind = kind;
  q.record.store_id = store;
  q.record.state = "queued";
  q.record.created = Now();
  q.record.updated = q.record.created;
  q.work = std::move(work);
  std::lock_guard<std::mutex> lock(mu_);
  if (!running_ || stopping_)
    return Error(ErrorCode::kUnavailable, "the server is not running jobs");
  // Recorded under the lock, so the thread never updates a job before its row exists.
  LRS_RETURN_IF_ERROR(store_.AddJob(q.record));
  std::string id = q.record.id;
  queue_.push_back(std::move(q));
  wake_.notify_one();
  return id;
}

Result<std::optional<store::JobRecord>> JobRunner::Get(const std::string& id) {
  return store_.GetJob(id);
}

void JobRunner::Run() {
  while (true) {
    Queued q;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      q = std::move(queue_.front());
      queue_.pop_front();
    }
    q.record.state = "running";
    q.record.updated = Now();
    auto marked = store_.UpdateJob(q.record);
    if (!marked.ok()) {
      log::Error("job " + q.record.id + ": cannot mark it running: " + marked.error().message());
    }
    Result<std::string> outcome = Error::Internal("the job did not run");
    try {
      outcome = q.work(q.record.id);
    } catch (const std::exception& e) {
      outcome = Error::Internal(std::string("the job failed unexpectedly: ") + e.what());
    } catch (...) {
      outcome = Error::Internal("the job failed unexpectedly");
    }
    Finish(std::move(q.record), std::move(outcome));
  }
}

void JobRunner::Finish(store::JobRecord record, Result<std::string> outcome) {
  if (outcome.ok()) {
    json::Document doc;
    if (!json::Parse(outcome.value(), &doc).ok() || !doc.IsObject()) {
      outcome = Error::Internal("the job's result is not a JSON object");
    }
  }
  record.updated = Now();
  if (outcome.ok()) {
    record.state = "done";
    record.result = std::move(outcome).value();
    record.error.reset();
  } else {
    record.state = "failed";
    record.result.reset();
    record.error = outcome.error().message();
  }
  auto updated = store_.UpdateJob(record);
  if (!updated.ok()) {
    log::Error("job " + record.id + ": cannot record that it is " + record.state + ": " +
               updated.error().message());
  } else {
    log::Info("job " + record.id + " (" + record.kind + ") " + record.state);
  }
}

}  // namespace lrs::service
