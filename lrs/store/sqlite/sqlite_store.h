// The SQLite implementation of the storage interfaces: one database file in WAL mode, one
// writer thread (group commit), and a pool of read connections so reads never wait on writes.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lrs/store/store.h"

namespace lrs::store {
class StatementWriter;
}

namespace lrs::store::sqlite {

class Checkpointer;
class Connection;

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

class SqliteStore final : public Database {
 public:
  // Opens the database at `path`, creating it (and its directory must exist) when missing, and
  // applies every pending migration. Fails when the file is not a database of this product or
  // comes from a newer version.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                   const SqliteOptions& options);
  // Finishes the statement batches already submitted, then closes every connection.
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // The schema version (number of migrations applied).
  int SchemaVersion() const { return schema_version_; }

  // StatementStore
  Status StoreStatements(StoreId store, std::vector<StatementRecord> batch) override;
  Result<std::optional<StoredStatement>> GetStatement(StoreId store,
                                                      const std::string& id) override;
  Result<bool> StatementHasTerm(StoreId store, int64_t seq, xapi::IndexKind kind,
                                const std::string& value, uint8_t mask) override;
  Result<StatementPage> QueryStatements(StoreId store, const StatementQuery& query) override;
  Result<std::vector<AttachmentPayload>> GetAttachments(
      StoreId store, const std::vector<std::string>& sha2s) override;
  Result<std::optional<std::string>> GetActivityDefinition(StoreId store,
                                                           const std::string& activity_id) override;
  Result<std::vector<std::string>> GetAgentNames(StoreId store,
                                                 const std::string& agent_key) override;
  Result<std::optional<std::string>> GetVerbDisplay(StoreId store,
                                                    const std::string& verb_id) override;
  int64_t ConsistentThroughMicros() override;

  // CredentialStore
  Result<std::optional<StoreId>> FindStore(const std::string& name) override;
  Result<StoreId> EnsureStore(const std::string& name) override;
  Status AddCredential(const CredentialRecord& record) override;
  Result<std::optional<CredentialRecord>> FindCredential(const std::string& key) override;
  Result<std::vector<CredentialRecord>> ListCredentials(
      const std::optional<std::string>& store_name) override;
  Result<bool> RevokeCredential(const std::string& key, const std::string& when) override;

  // ExtensionStore
  std::string_view SqlDialect() const override { return "sqlite"; }
  void SetObserver(StatementObserver* observer) override;
  Status ApplyMigrations(const std::string& owner,
                         const std::vector<ext::Migration>& migrations) override;
  Status Write(std::function<Status(ext::SqlConnection&)> work) override;
  Status Read(std::function<Status(ext::SqlConnection&)> work) override;
  Status ScanStatements(ext::SqlConnection& txn, StoreId store, int64_t after_seq,
                        int64_t up_to_seq, size_t limit,
                        const std::function<Status(const ext::StoredStatement&)>& visit) override;
  Status GetStatements(
      ext::SqlConnection& txn, StoreId store, const std::vector<int64_t>& seqs,
      const std::function<Status(int64_t seq, std::string_view json, bool voided)>& visit) override;
  Result<std::optional<int64_t>> FindStatement(ext::SqlConnection& txn, StoreId store,
                                               std::string_view statement_id) override;
  Result<int64_t> LastSeq(ext::SqlConnection& txn, StoreId store) override;
  Result<int64_t> CountStatements(ext::SqlConnection& txn, StoreId store,
                                  int64_t up_to_seq) override;

  // DocumentStore (sqlite_documents.cpp): reads on the reader pool, writes as jobs of the
  // statement writer, so they serialize with every other write and are durable on return.
  Result<std::optional<StoredDocument>> GetDocument(StoreId store, const DocumentKey& key) override;
  Result<DocumentIds> ListDocumentIds(StoreId store, const DocumentContext& context,
                                      std::optional<int64_t> since_us) override;
  Status UpdateDocument(
      StoreId store, const DocumentKey& key,
      const std::function<Result<DocumentWrite>(const std::optional<StoredDocument>& current)>&
          decide) override;
  Status DeleteDocuments(StoreId store, const DocumentContext& context) override;

 private:
  SqliteStore();

  // A read connection borrowed from the pool for the lifetime of the lease.
  class Lease {
   public:
    Lease(SqliteStore* store, std::unique_ptr<Connection> conn);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_.get(); }

   private:
    SqliteStore* store_;
    std::unique_ptr<Connection> conn_;
  };
  Lease AcquireReader();

  Result<StatementPage> QueryWith(Connection& conn, StoreId store, const StatementQuery& query);

  std::string path_;
  int schema_version_ = 0;
  std::unique_ptr<Checkpointer> checkpointer_;  // outlives the writer, which signals it
  std::unique_ptr<StatementWriter> writer_;

  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<Connection>> readers_;

  // Credential and store administration is rare; one connection, serialized.
  std::mutex admin_mu_;
  std::unique_ptr<Connection> admin_;
};

}  // namespace lrs::store::sqlite
