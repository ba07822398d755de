// A thin RAII layer over one SQLite connection, with the backend's named queries prepared once
// and cached. Not thread-safe: one thread uses a connection at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "lrs/core/error.h"

namespace lrs::store::sqlite {

class Connection;

// A prepared statement in use. Binding indexes are 1-based as in the .sql files (?1, ?2, ...).
// Destroying the Query resets the statement, so no read transaction outlives its use.
class Query {
 public:
  Query(sqlite3_stmt* stmt, Connection* conn) : stmt_(stmt), conn_(conn) {}
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  Query(Query&& other) noexcept : stmt_(other.stmt_), conn_(other.conn_) { other.stmt_ = nullptr; }

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
  std::string Blob(int column) const { return std::string(BlobView(column)); }
  // Valid until the next Step() or the Query's destruction.
  std::string_view BlobView(int column) const;

 private:
  sqlite3_stmt* stmt_;
  Connection* conn_;
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
  // The cached prepared statement of catalog query `name`, ready to bind.
  Result<Query> Prepare(std::string_view name);
  // Prepares ad-hoc SQL (not cached): for PRAGMAs and migrations only.
  Result<Query> PrepareText(std::string_view sql);
  // Prepares `sql`, cached by its text: for plugins' SQL, which the catalog does not hold.
  Result<Query> PrepareCachedText(std::string_view sql);

  // Calls `hook` with the number of frames in the write-ahead log after every commit of this
  // connection. Replaces SQLite's automatic checkpointing for this connection: whoever sets the
  // hook takes charge of checkpoints.
  void SetWalHook(std::function<void(int frames)> hook);

  // Copies as much of the write-ahead log into the database as it can without waiting for
  // readers or writers (SQLITE_CHECKPOINT_PASSIVE).
  Status CheckpointPassive();

  int64_t LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }

  // An Error for the connection's last failure, prefixed with `what`.
  Error LastError(std::string_view what) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
  std::map<std::string, sqlite3_stmt*, std::less<>> text_cache_;
  std::map<sqlite3_stmt*, bool> adhoc_;
  std::function<void(int)> wal_hook_;
  friend class Query;
};

}  // namespace lrs::store::sqlite
