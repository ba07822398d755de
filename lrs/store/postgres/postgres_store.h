// The PostgreSQL implementation of the storage interfaces: any number of outcome-lrs processes
// on one database. Each process has one writer connection (group commit, as on SQLite, under the
// writers' lock that orders the writers of all processes: see writer_rows.h) and a pool of
// connections for reads and administration.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lrs/store/postgres/connection.h"
#include "lrs/store/store.h"

namespace lrs::store {
class StatementWriter;
}

namespace lrs::store::postgres {

struct PostgresOptions {
  // A libpq connection URI, postgresql://user@host:port/dbname?sslmode=..., without a password
  // (libpq takes it from PGPASSWORD, the password file or a service file).
  std::string uri;
  // Connections for reads and administration, besides the writer's.
  int pool_size = 8;
  // statement_timeout of every statement in milliseconds; 0: none.
  int statement_timeout_ms = 0;
  // How long a write waits for the writers' lock (another process's commit) or any other lock,
  // in milliseconds, before it fails with kUnavailable (503 with Retry-After over HTTP).
  int lock_timeout_ms = 10000;
};

class PostgresStore final : public Database {
 public:
  // Connects, and applies every pending migration (one process at a time). Fails when the
  // database holds tables but not those of this product, or comes from a newer version.
  static Result<std::unique_ptr<PostgresStore>> Open(const PostgresOptions& options);
  // Finishes the statement batches already submitted, then closes every connection.
  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  // The schema version (number of migrations applied).
  int SchemaVersion() const { return schema_version_; }

  // Microseconds since the epoch up to which every statement that has or will have a "stored"
  // time at or before it is readable, whichever process stores it
  // (X-Experience-API-Consistent-Through; queries/consistent_through.sql). Never less than a
  // value it returned before; that value again when the database cannot be asked.
  int64_t ConsistentThroughMicros() override;

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

  // CredentialStore
  Result<std::optional<StoreId>> FindStore(const std::string& name) override;
  Result<StoreId> EnsureStore(const std::string& name) override;
  Status AddCredential(const CredentialRecord& record) override;
  Result<std::optional<CredentialRecord>> FindCredential(const std::string& key) override;
  Result<std::vector<CredentialRecord>> ListCredentials(
      const std::optional<std::string>& store_name) override;
  Result<bool> RevokeCredential(const std::string& key, const std::string& when) override;

  // ExtensionStore
  std::string_view SqlDialect() const override { return "postgresql"; }
  void SetObserver(StatementObserver* observer) override;
  // One process at a time applies migrations (a session-level advisory lock), each in its own
  // transaction.
  Status ApplyMigrations(const std::string& owner,
                         const std::vector<ext::Migration>& migrations) override;
  Status Write(std::function<Status(ext::SqlConnection&)> work) override;
  // A REPEATABLE READ, READ ONLY transaction on a pooled connection.
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

  // DocumentStore (postgres_documents.cpp): reads on the pool, writes as jobs of the statement
  // writer, under the writers' lock, so a decision is always taken on the latest version.
  Result<std::optional<StoredDocument>> GetDocument(StoreId store, const DocumentKey& key) override;
  Result<DocumentIds> ListDocumentIds(StoreId store, const DocumentContext& context,
                                      std::optional<int64_t> since_us) override;
  Status UpdateDocument(
      StoreId store, const DocumentKey& key,
      const std::function<Result<DocumentWrite>(const std::optional<StoredDocument>& current)>&
          decide) override;
  Status DeleteDocuments(StoreId store, const DocumentContext& context) override;

 private:
  PostgresStore() = default;

  // A pooled connection borrowed for the lifetime of the lease.
  class Lease {
   public:
    Lease(PostgresStore* store, std::unique_ptr<Connection> conn);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_.get(); }

   private:
    PostgresStore* store_;
    std::unique_ptr<Connection> conn_;
  };
  Lease Acquire();

  // Runs `use(conn)` (returning a Status or a Result) on a pooled connection, connected again
  // first when it was lost; when it fails because the connection was lost meanwhile (a server
  // restart), once more on a new connection.
  template <typename Use>
  auto WithConnection(Use&& use) -> decltype(use(std::declval<Connection&>())) {
    Lease conn = Acquire();
    for (int attempt = 0;; ++attempt) {
      if (conn->Broken()) {
        Status reconnected = conn->Reconnect();
        if (!reconnected.ok()) return reconnected.error();
      }
      auto outcome = use(*conn);
      if (outcome.ok() || attempt > 0 || !conn->Broken()) return outcome;
    }
  }
  // WithConnection, with `work(conn)` inside one REPEATABLE READ, READ ONLY transaction: one
  // snapshot. `work` must be safe to repeat.
  template <typename Work>
  auto WithReadTransaction(Work&& work) -> decltype(work(std::declval<Connection&>())) {
    using Outcome = decltype(work(std::declval<Connection&>()));
    return WithConnection([&](Connection& conn) -> Outcome {
      Status begun = BeginRead(conn);
      if (!begun.ok()) return begun.error();
      Outcome outcome = work(conn);
      if (conn.InTransaction()) {
        Status ended = conn.Exec(outcome.ok() ? "COMMIT" : "ROLLBACK");
        if (outcome.ok() && !ended.ok()) return ended.error();
      }
      return outcome;
    });
  }
  static Status BeginRead(Connection& conn);

  Result<StatementPage> QueryWith(Connection& conn, StoreId store, const StatementQuery& query);

  int schema_version_ = 0;
  std::unique_ptr<StatementWriter> writer_;
  std::atomic<int64_t> consistent_through_{0};

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Connection>> pool_;
};

}  // namespace lrs::store::postgres
