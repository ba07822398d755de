// Background checkpoints of the SQLite backend (internal to lrs/store/sqlite). In WAL mode,
// commits append to the write-ahead log and a checkpoint later copies the log into the database
// file. SQLite runs that copy (and its fsync) inside the committing call by default, which puts
// it on the path of every request waiting for the commit. Here the writer only signals how long
// the log has grown, and this thread checkpoints on its own connection, without blocking the
// writer or readers (PASSIVE checkpoints).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "lrs/store/sqlite/connection.h"

namespace lrs::store::sqlite {

class Checkpointer {
 public:
  // Checkpoints once the log holds at least `threshold_frames` frames. Takes ownership of
  // `connection` (configured, on the same database) and starts the thread.
  Checkpointer(std::unique_ptr<Connection> connection, int threshold_frames);
  // Stops the thread (SQLite checkpoints what is left when the last connection closes).
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Called after each commit with the log's length in frames; cheap, never blocks on I/O.
  void LogGrew(int frames);

 private:
  void Run();

  std::unique_ptr<Connection> conn_;
  const int threshold_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lrs::store::sqlite
