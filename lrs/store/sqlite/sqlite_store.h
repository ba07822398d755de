// The SQLite implementation of the storage interfaces: one database file in WAL mode, one
// writer thread (group commit), and a pool of read connections so reads never wait on writes.
// What both backends do alike is SqlStore's (lrs/store/sql_store.h); here is what SQLite does its
// own way.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lrs/store/connection_pool.h"
#include "lrs/store/sql_store.h"

namespace lrs::store::sqlite {
class Checkpointer;
class Connection;
}  // namespace lrs::store::sqlite

namespace lrs::store {
extern template class SqlStore<sqlite::Connection>;
}

namespace lrs::store::sqlite {

struct SqliteOptions {
  // PRAGMA synchronous=FULL (the default): a commit is on disk before it is acknowledged.
  // NORMAL may lose the last commits on power loss (never on a process crash).
  bool synchronous_full = true;
  // Read connections in the pool: how many reads can run at the same time.
  int read_connections = 4;
  // Page cache of the writer and of each reader, in MiB. The writer's cache holds the hot
  // index pages that inserts touch; readers mostly fetch rows by key, and the operating system
  // caches the file for them anyway. Together these bound most of the server's memory.
  int writer_cache_mib = 64;
  int reader_cache_mib = 8;
  // How long a statement waits for a lock another connection (of this process or another)
  // holds, in milliseconds. Past it the write or read fails with kUnavailable (503 over HTTP);
  // a read that found the database busy starts its transaction again within this time.
  int busy_timeout_ms = 10000;
};

class SqliteStore final : public SqlStore<Connection> {
 public:
  // Opens the database at `path`, creating it (and its directory must exist) when missing, and
  // applies every pending migration. Fails when the file is not a database of this product or
  // comes from a newer version.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                   const SqliteOptions& options);
  // Finishes the statement batches already submitted, then closes every connection.
  ~SqliteStore() override;

  // The schema version (number of migrations applied).
  int SchemaVersion() const { return schema_version_; }

  // StatementStore: what the writer has committed (one process writes a database file).
  int64_t ConsistentThroughMicros() override;

  // CredentialStore: the writes, on one administration connection, serialized.
  Result<StoreId> EnsureStore(const std::string& name) override;
  Status AddCredential(const CredentialRecord& record) override;
  Result<bool> RevokeCredential(const std::string& key, const std::string& when) override;

  // ExtensionStore
  std::string_view SqlDialect() const override { return "sqlite"; }
  Status ApplyMigrations(const std::string& owner,
                         const std::vector<ext::Migration>& migrations) override;
  // One read transaction on a read connection, not started over when busy (`work` may not be
  // safe to repeat).
  Status Read(std::function<Status(ext::SqlConnection&)> work) override;

  // ErasureStore: a TRUNCATE checkpoint (queries/erasure_checkpoint.sql) on the administration
  // connection, waiting up to the busy timeout for readers to let it finish.
  Status ScrubErased() override;

 private:
  SqliteStore();

  // Every read runs in one read transaction of a pooled read connection, started over while the
  // database is busy within the busy timeout (ReadInTransaction), whatever `kind` asks.
  Status RunRead(ReadKind kind, const std::function<Status(Connection&)>& read) override;
  // On the administration connection, serialized.
  Status RunAdmin(const std::function<Status(Connection&)>& write) override;

  std::string path_;
  int schema_version_ = 0;
  std::unique_ptr<Checkpointer> checkpointer_;  // outlives the writer, which signals it

  ConnectionPool<Connection> readers_;

  // Credential and store administration is rare; one connection, serialized.
  std::mutex admin_mu_;
  std::unique_ptr<Connection> admin_;
};

}  // namespace lrs::store::sqlite
