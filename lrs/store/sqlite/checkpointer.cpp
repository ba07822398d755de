#include "lrs/store/sqlite/checkpointer.h"

#include "lrs/core/log.h"

namespace lrs::store::sqlite {

Checkpointer::Checkpointer(std::unique_ptr<Connection> connection, int threshold_frames)
    : conn_(std::move(connection)), threshold_(threshold_frames) {
  thread_ = std::thread([this] { Run(); });
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Checkpointer::LogGrew(int frames) {
  if (frames < threshold_) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (pending_) return;
    pending_ = true;
  }
  cv_.notify_one();
}

void Checkpointer::Run() {
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || pending_; });
      if (stopping_) return;
      pending_ = false;
    }
    Status done = conn_->CheckpointPassive();
    if (!done.ok()) log::Warn("background checkpoint: " + done.error().message());
  }
}

}  // namespace lrs::store::sqlite
