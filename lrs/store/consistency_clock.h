// When statements become readable, for X-Experience-API-Consistent-Through (Part Three §2.1.3):
// the writer tells the clock when a commit begins (and so which "stored" time its statements
// get) and when it ends; readers ask for a time up to which every statement is readable.
// Internal to lrs/store and its backends: the statement writer keeps one per process.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>

namespace lrs::store {

class ConsistencyClock {
 public:
  // A commit begins: returns the "stored" time of its statements, the largest of the current
  // time, `at_least`, and just after every time ConsistentThrough has returned, so that a client
  // that asks `since=` a reported time never misses a statement stored later. Until EndCommit,
  // ConsistentThrough stays before that time. One commit at a time.
  int64_t BeginCommit(int64_t at_least);

  // The commit begun last has committed (its statements are readable) or failed.
  void EndCommit();

  // Microseconds since the epoch up to which every statement that has or will have a "stored"
  // time at or before it is readable: the current time while no commit is in progress (recent
  // even when nothing is written), else just before the stored time of the commit in progress.
  int64_t ConsistentThrough();

 private:
  std::mutex mu_;
  std::optional<int64_t> committing_;  // the stored time of the commit in progress
  int64_t reported_ = 0;               // the latest time ConsistentThrough returned
};

}  // namespace lrs::store
