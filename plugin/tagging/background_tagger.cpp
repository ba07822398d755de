#include "plugin/tagging/background_tagger.h"

#include <chrono>

#include "plugin/store/outcome_store.h"
#include "plugin/tagging/tagger.h"

namespace outcomes {

void BackgroundTagger::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void BackgroundTagger::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackgroundTagger::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

lrs::Status BackgroundTagger::ShowBacklog(lrs::ext::SqlConnection& txn) {
  if (metrics_ == nullptr) return lrs::Status();
  auto backlog = store::ReadTaggingBacklog(txn);
  if (!backlog.ok()) return backlog.error();
  metrics_->Show(backlog.value());
  return lrs::Status();
}

lrs::Result<bool> BackgroundTagger::Pass() {
  std::vector<std::pair<int64_t, std::string>> work;
  lrs::Status listed = host_.Read([&](lrs::ext::SqlConnection& txn) -> lrs::Status {
    auto pending = store::PendingWork(txn);
    if (!pending.ok()) return pending.error();
    work = std::move(pending).value();
    return ShowBacklog(txn);
  });
  if (!listed.ok()) return listed.error();
  for (const auto& entry : work) {
    const int64_t key = entry.first;  // a plain variable: C++17 lambdas cannot capture bindings
    bool done = false;
    while (!done) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (stopping_) return !work.empty();
      }
      lrs::Status step = host_.Write([&](lrs::ext::SqlConnection& txn) -> lrs::Status {
        auto result = BackgroundStep(host_, txn, cache_, key, kStepSize);
        if (!result.ok()) return result.error();
        done = result.value();
        return ShowBacklog(txn);
      });
      if (!step.ok()) return step.error();
    }
  }
  return !work.empty();
}

lrs::Status BackgroundTagger::RunUntilIdle() {
  while (true) {
    auto worked = Pass();
    if (!worked.ok()) return worked.error();
    if (!worked.value()) return lrs::Status();
  }
}

void BackgroundTagger::Run() {
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_ || woken_; });
      if (stopping_) return;
      woken_ = false;
    }
    auto worked = Pass();
    if (!worked.ok()) {
      host_.LogWarn("outcome tagging in the background: " + worked.error().message());
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, std::chrono::seconds(5), [this] { return stopping_; });
    }
  }
}

}  // namespace outcomes
