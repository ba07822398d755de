// A thin RAII layer over one SQLite connection, with the backend's named queries prepared once
// and cached. Not thread-safe: one thread uses a connection at a time.
//
// Errors: a busy or locked database (any SQLITE_BUSY_* or SQLITE_LOCKED_* extended code: another
// connection holds the lock past the busy timeout, recovers the log, or made a snapshot stale)
// is kUnavailable; every other failure is kInternal.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include "lrs/core/error.h"

namespace lrs::store::sqlite {

class Connection;

// Whether `rc` (a primary or extended result code) says the database is busy or locked: a
// condition that may pass, unlike a fault.
inline bool IsBusyCode(int rc) {
  const int primary = rc & 0xFF;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

// A prepared statement in use. Binding indexes are 1-based as in the .sql files (?1, ?2, ...).
// Destroying the Query resets the statement, so no read transaction outlives its use. A Query
// must not outlive its Connection.
class Query {
 public:
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;

  // A bind that fails (an index the SQL does not have, a value too large, no memory) is not
  // lost: the next Step() or Run() returns it as a kInternal error, without running the
  // statement.
  Query& Bind(int index, int64_t value);
  Query& BindDouble(int index, double value);
  Query& Bind(int index, std::string_view text);
  Query& BindBlob(int index, std::string_view bytes);
  Query& BindNull(int index);

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> Step();
  // Runs to completion, ignoring rows.
  Status Run();

  int64_t Int64(int column) const { return sqlite3_column_int64(stmt_, column); }
  double Double(int column) const { return sqlite3_column_double(stmt_, column); }
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  // Valid until the next Step() or the Query's destruction.
  std::string_view Text(int column) const;
  // The bytes of a BLOB column (empty for NULL); valid until the next Step() or the Query's
  // destruction.
  std::string_view Blob(int column) const;

 private:
  friend class Connection;
  // `in_use` is the flag of the cache slot lending `stmt`, cleared on destruction; nullptr for a
  // statement of its own, finalized on destruction.
  Query(sqlite3_stmt* stmt, Connection* conn, bool* in_use)
      : stmt_(stmt), conn_(conn), in_use_(in_use) {}
  // Records the first failed bind.
  void Check(int rc, int index);

  sqlite3_stmt* stmt_;
  Connection* conn_;
  bool* in_use_;
  int bind_rc_ = SQLITE_OK;
  int bind_index_ = 0;
};

class Connection {
 public:
  // Opens (creating when `create`) the database file at `path`.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool create);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more SQL statements that return no rows of interest.
  Status Exec(std::string_view sql);
  // The prepared statement of catalog query `name`, ready to bind. Statements are cached; one
  // still in use (its Query alive, e.g. being stepped by a caller further up) is never handed
  // out again: a nested Prepare of the same query gets a copy of its own.
  Result<Query> Prepare(std::string_view name);
  // Prepares ad-hoc SQL (not cached): for PRAGMAs and migrations only.
  Result<Query> PrepareText(std::string_view sql);
  // Prepares `sql`, cached by its text as Prepare caches by name: for plugins' SQL, which the
  // catalog does not hold.
  Result<Query> PrepareCachedText(std::string_view sql);

  // Sets how long a statement waits for a lock another connection holds before it fails with
  // kUnavailable (SQLite's busy timeout).
  void SetBusyTimeout(std::chrono::milliseconds timeout);
  std::chrono::milliseconds busy_timeout() const { return busy_timeout_; }

  // Whether a transaction is open (BEGIN without its COMMIT or ROLLBACK yet).
  bool InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

  // Calls `hook` with the number of frames in the write-ahead log after every commit of this
  // connection. Replaces SQLite's automatic checkpointing for this connection: whoever sets the
  // hook takes charge of checkpoints. An exception out of `hook` is logged and dropped (it
  // must not unwind through SQLite).
  void SetWalHook(std::function<void(int frames)> hook);

  // Copies as much of the write-ahead log into the database as it can without waiting for
  // readers or writers (SQLITE_CHECKPOINT_PASSIVE).
  Status CheckpointPassive();

  // Copies this whole database into `destination` (SQLite's online backup API, in one step: one
  // read snapshot of this database, so the copy is consistent while other connections and
  // processes go on writing it). Waits up to `busy` while this database is locked.
  Status CopyInto(Connection& destination, std::chrono::milliseconds busy);

  int64_t LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }

  // An Error for the connection's last failure, prefixed with `what`: kUnavailable when the
  // database was busy or locked, kInternal otherwise.
  Error LastError(std::string_view what) const;

 private:
  // One prepared copy of a cached statement, and whether a Query holds it now.
  struct Slot {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  using Cache = std::map<std::string, std::vector<std::unique_ptr<Slot>>, std::less<>>;

  explicit Connection(sqlite3* db) : db_(db) {}
  // A free copy from `cache` of the statement `key` (a catalog query's name when `named`, else
  // the SQL itself), prepared (and kept, up to a few copies per key) when every cached copy is
  // in use.
  Result<Query> Cached(Cache& cache, std::string_view key, bool named);
  Error ErrorFor(int rc, std::string_view what) const;

  sqlite3* db_;
  std::chrono::milliseconds busy_timeout_{0};
  Cache named_;
  Cache by_text_;
  std::function<void(int)> wal_hook_;
  friend class Query;
};

// Runs `attempt` (returning a Status or a Result) until it succeeds, fails with something other
// than kUnavailable, or `timeout` has passed since the first try, pausing a little between
// tries; returns the last outcome. Only for work that may start again from the beginning, such
// as a whole read transaction: a statement that failed busy inside a transaction must not be
// retried alone, since the snapshot it read from may be gone.
template <typename Attempt>
auto RetryWhileBusy(std::chrono::milliseconds timeout, Attempt&& attempt) -> decltype(attempt()) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(2);
  while (true) {
    auto outcome = attempt();
    if (outcome.ok() || outcome.error().code() != ErrorCode::kUnavailable) return outcome;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return outcome;
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, std::chrono::milliseconds(100));
  }
}

// Runs `read(conn)` (returning a Status or a Result) inside one read transaction of `conn`, so
// everything it reads comes from one snapshot. When the database is busy or locked, the
// transaction is ended and `read` runs again from the start, until conn's busy timeout has
// passed (RetryWhileBusy): `read` must be safe to repeat, starting over whatever it collects.
template <typename Read>
auto ReadInTransaction(Connection& conn, Read&& read) -> decltype(read(conn)) {
  using Outcome = decltype(read(conn));
  return RetryWhileBusy(conn.busy_timeout(), [&]() -> Outcome {
    Status begun = conn.Exec("BEGIN");
    if (!begun.ok()) return begun.error();
    Outcome outcome = read(conn);
    if (conn.InTransaction()) {
      Status ended = conn.Exec(outcome.ok() ? "COMMIT" : "ROLLBACK");
      if (outcome.ok() && !ended.ok()) return ended.error();
    }
    return outcome;
  });
}

}  // namespace lrs::store::sqlite
