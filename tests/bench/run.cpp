#include "tests/bench/run.h"

#include <cstdio>

namespace lrs::bench {

void Failures::Record(std::string what) {
  count_.fetch_add(1);
  std::lock_guard<std::mutex> lock(mu_);
  if (kept_.size() < kKept) kept_.push_back(std::move(what));
}

std::vector<std::string> Failures::Kept() const {
  std::lock_guard<std::mutex> lock(mu_);
  return kept_;
}

void RunWorkers(int threads, const std::function<void(int)>& work) {
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(threads));
  for (int i = 0; i < threads; ++i)
    pool.emplace_back(work, i);
  for (std::thread& t : pool)
    t.join();
}

Progress::Progress(std::string label, const std::atomic<uint64_t>& done, uint64_t total,
                   std::chrono::seconds period)
    : label_(std::move(label)),
      done_(done),
      total_(total),
      period_(period),
      start_(std::chrono::steady_clock::now()),
      thread_([this] { Loop(); }) {}

Progress::~Progress() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Progress::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!cv_.wait_for(lock, period_, [this] { return stop_; })) {
    double seconds = SecondsSince(start_);
    uint64_t done = done_.load();
    std::fprintf(stderr, "  %s: %llu/%llu (%.0f/s)\n", label_.c_str(),
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
                 seconds > 0 ? static_cast<double>(done) / seconds : 0.0);
  }
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string Excerpt(const std::string& s, size_t n) {
  std::string out;
  for (char c : s.substr(0, n))
    out.push_back(c == '\n' || c == '\r' ? ' ' : c);
  if (s.size() > n) out += "...";
  return out;
}

}  // namespace lrs::bench
