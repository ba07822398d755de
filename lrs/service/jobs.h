// Background jobs (issue 16): administrative work too long for one request (an erasure) runs on
// one background thread of the server, one job at a time, in order of submission. Each job is
// a row of the database (store::JobRecord) that a client follows with GET /admin/jobs/{id}:
// "queued", then "running", then "done" with its result or "failed" with why.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "lrs/core/error.h"
#include "lrs/store/store.h"

namespace lrs::service {

// A job's work: runs on the runner's thread, given the job's own id (to name the job in what it
// records, e.g. its audit entry), and returns its result, a JSON object serialized
// (json::Write), or the error that fails the job (its message is what the job reports, so it
// must name no secret nor erased personal data). An exception fails the job too.
using JobWork = std::function<Result<std::string>(const std::string& job_id)>;

class JobRunner {
 public:
  // The message of a job its process did not finish (a crash, a kill, a stop).
  static constexpr std::string_view kInterrupted =
      "the server stopped before the job finished; submit it again";

  explicit JobRunner(store::AdminStore& store);
  // Stop().
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Marks failed (kInterrupted) every job an earlier process left queued or running, then starts
  // the thread. Call once, before the first Submit. On PostgreSQL with several servers on one
  // database, a server starting also fails the jobs the others are running (docs/ADMIN.md).
  Status Start();
  // Lets the job running finish, marks the jobs still queued failed (kInterrupted), and joins the
  // thread. Idempotent; Submit fails with kUnavailable afterwards.
  void Stop();

  // Records a job of `kind` in `store` as "queued" and returns its id (a new UUID) at once; the
  // thread runs `work` later. kUnavailable when the runner is not running.
  Result<std::string> Submit(const std::string& kind, store::StoreId store, JobWork work);

  // Job `id` as stored; nullopt when there is none.
  Result<std::optional<store::JobRecord>> Get(const std::string& id);

 private:
  struct Queued {
    store::JobRecord record;
    JobWork work;
  };
  void Run();
  void Finish(store::JobRecord record, Result<std::string> outcome);

  store::AdminStore& store_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Queued> queue_;
  bool running_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lrs::service
