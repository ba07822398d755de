// The thread that tags the history of new or changed declarations and removes retired ones, in
// bounded steps, each its own Host::Write: statement batches keep being stored between steps.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "lrs/extension/extension.h"
#include "plugin/tagging/rollup_cache.h"
#include "plugin/tagging/tagging_metrics.h"

namespace outcomes {

class BackgroundTagger {
 public:
  // Statements per step of history tagging; tags per step of removal.
  static constexpr size_t kStepSize = 1000;

  // `cache` is shared with everything else that writes rollups in this process; the backlog is
  // shown in `metrics` (when given) at every look for work and after every step.
  BackgroundTagger(lrs::ext::Host& host, RollupCache& cache,
                   const TaggingMetrics* metrics = nullptr)
      : host_(host), cache_(cache), metrics_(metrics) {}
  ~BackgroundTagger() { Stop(); }
  BackgroundTagger(const BackgroundTagger&) = delete;
  BackgroundTagger& operator=(const BackgroundTagger&) = delete;

  void Start();
  // Finishes the current step and stops. Idempotent.
  void Stop();
  // Looks for work now (a declaration changed); otherwise it looks every second, which also
  // picks up declarations made by another process.
  void Wake();

  // Does all pending work on the calling thread, then returns (for commands that must leave
  // the work done before they exit, and for tests).
  lrs::Status RunUntilIdle();

 private:
  void Run();
  // One pass over the pending work; false when there was none.
  lrs::Result<bool> Pass();
  // Shows the backlog as `txn` sees it in metrics_ (when given).
  lrs::Status ShowBacklog(lrs::ext::SqlConnection& txn);

  lrs::ext::Host& host_;
  RollupCache& cache_;
  const TaggingMetrics* metrics_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace outcomes
