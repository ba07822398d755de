#include "lrs/store/consistency_clock.h"

#include <algorithm>

#include "lrs/core/time.h"

namespace lrs::store {

int64_t ConsistencyClock::BeginCommit(int64_t at_least) {
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t stored = std::max({NowMicros(), at_least, reported_ + 1});
  committing_ = stored;
  return stored;
}

void ConsistencyClock::EndCommit() {
  std::lock_guard<std::mutex> lock(mu_);
  committing_.reset();
}

int64_t ConsistencyClock::ConsistentThrough() {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t through = NowMicros();
  if (committing_) through = std::min(through, *committing_ - 1);
  reported_ = std::max(reported_, through);
  return through;
}

}  // namespace lrs::store
