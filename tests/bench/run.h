// What every benchmark phase shares: its limits, the failures it has seen, worker threads and a
// progress line on stderr.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lrs::bench {

// Bounds on one phase, so that no run can go on for ever.
struct RunLimits {
  int concurrency = 8;               // worker threads, each with its own connection
  double time_limit_seconds = 3600;  // a phase still running after this stops, incomplete
  uint64_t max_failures = 20;        // a phase stops early once more requests than this failed
};

// Failed requests and wrong answers, counted across threads. The first few descriptions are
// kept for the report.
class Failures {
 public:
  static constexpr size_t kKept = 10;

  explicit Failures(uint64_t limit) : limit_(limit) {}

  void Record(std::string what);
  uint64_t count() const { return count_.load(); }
  // True once more failures than the limit were recorded: phases stop early.
  bool TooMany() const { return count_.load() > limit_; }
  std::vector<std::string> Kept() const;

 private:
  const uint64_t limit_;
  std::atomic<uint64_t> count_{0};
  mutable std::mutex mu_;
  std::vector<std::string> kept_;
};

// Runs `work(i)` for i in [0, threads) on that many threads and waits for all of them.
void RunWorkers(int threads, const std::function<void(int)>& work);

// While alive, prints "label: done/total (rate/s)" to stderr every `period` from its own thread.
class Progress {
 public:
  Progress(std::string label, const std::atomic<uint64_t>& done, uint64_t total,
           std::chrono::seconds period = std::chrono::seconds(10));
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

 private:
  void Loop();

  const std::string label_;
  const std::atomic<uint64_t>& done_;
  const uint64_t total_;
  const std::chrono::seconds period_;
  const std::chrono::steady_clock::time_point start_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// Seconds elapsed since `start`, by the steady clock.
double SecondsSince(std::chrono::steady_clock::time_point start);

// The first `n` bytes of `s`, with "..." when cut, for failure descriptions.
std::string Excerpt(const std::string& s, size_t n = 300);

}  // namespace lrs::bench
