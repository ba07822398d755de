// What the two backends share in serving the storage interfaces (internal to lrs/store and its
// backends): every read and write that runs the same named queries, with the same parameters and
// columns, on SQLite and PostgreSQL (schemas/<backend>/queries), and the statement writer that
// takes every write. A backend derives its Database from SqlStore<its Connection> and keeps what
// differs: opening and migrating the database, how a read reaches a connection (RunRead), the
// consistency bound, creating stores and credentials, plugins' migrations and reads.
//
// `Connection` is a backend's connection type (see sqlite/connection.h, postgres/connection.h:
// the same Prepare/Bind/Step/Run/column surface); the member definitions are in
// sql_store_impl.h, instantiated once per backend in its store's .cpp.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lrs/store/store.h"

namespace lrs::store {

class StatementWriter;

// Applies one migration on `conn`: runs `sql` in a transaction of its own, begun by `begin`,
// then `record()` (which records it as applied) in the same transaction, and commits. When
// either fails the transaction is rolled back, and the error is kInternal: "migration `what`
// failed: ...".
template <typename Connection, typename Record>
Status ApplyMigration(Connection& conn, std::string_view begin, const std::string& what,
                      std::string_view sql, Record&& record) {
  LRS_RETURN_IF_ERROR(conn.Exec(begin));
  Status applied = conn.Exec(sql);
  if (applied.ok()) applied = record();
  if (!applied.ok()) {
    (void)conn.Exec("ROLLBACK");
    return Error::Internal("migration " + what + " failed: " + applied.error().message());
  }
  return conn.Exec("COMMIT");
}

template <typename Connection>
class SqlStore : public Database {
 public:
  // Finishes the statement batches already submitted (see StopWriter).
  ~SqlStore() override;
  SqlStore(const SqlStore&) = delete;
  SqlStore& operator=(const SqlStore&) = delete;

  // StatementStore (ConsistentThroughMicros is the backend's)
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

  // CredentialStore: the reads (the writes are the backend's).
  Result<std::optional<StoreId>> FindStore(const std::string& name) override;
  Result<std::optional<CredentialRecord>> FindCredential(const std::string& key) override;
  Result<std::vector<CredentialRecord>> ListCredentials(
      const std::optional<std::string>& store_name) override;

  // AdminStore: reads as every other read; writes one statement each through RunAdmin.
  Result<std::vector<StoreRecord>> ListStores() override;
  Result<std::optional<StoreRecord>> GetStore(const std::string& name) override;
  Result<bool> SetStoreDisabled(StoreId store, const std::optional<std::string>& when) override;
  Result<bool> ReplaceCredentialSecret(const std::string& key, const std::string& secret_hash,
                                       const std::string& salt, int iterations) override;
  Result<int64_t> AddAuditEntry(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> ListAuditEntries(const AuditQuery& query) override;
  Status AddJob(const JobRecord& job) override;
  Result<bool> UpdateJob(const JobRecord& job) override;
  Result<std::optional<JobRecord>> GetJob(const std::string& id) override;
  Result<std::vector<std::string>> FailUnfinishedJobs(const std::string& message,
                                                      const std::string& when) override;
  Result<std::vector<AppliedMigration>> ListAppliedMigrations() override;

  // ExtensionStore: the writer and the statement readers (the dialect, plugins' migrations and
  // Read are the backend's).
  void SetObserver(StatementObserver* observer) override;
  Status Write(std::function<Status(ext::SqlConnection&)> work) override;
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

  // DocumentStore: reads as every other read; writes as jobs of the statement writer, so they
  // serialize with every other write (on PostgreSQL under the writers' lock, so a decision is
  // always taken on the latest version) and are durable on return.
  Result<std::optional<StoredDocument>> GetDocument(StoreId store, const DocumentKey& key) override;
  Result<DocumentIds> ListDocumentIds(StoreId store, const DocumentContext& context,
                                      std::optional<int64_t> since_us) override;
  Status UpdateDocument(
      StoreId store, const DocumentKey& key,
      const std::function<Result<DocumentWrite>(const std::optional<StoredDocument>& current)>&
          decide) override;
  Status DeleteDocuments(StoreId store, const DocumentContext& context) override;

  // ErasureStore: the erasure as a writer job, the block list read as every other read
  // (ScrubErased is the backend's).
  Status WriteErasure(std::function<Status(ErasureRows&, ext::SqlConnection&)> work) override;
  Result<bool> AgentBlocked(StoreId store, const std::vector<std::string>& agent_keys) override;

 protected:
  SqlStore();

  // What a read needs of the database.
  enum class ReadKind {
    kOneQuery,  // a single query: any consistent state will do
    kSnapshot,  // several queries that must all see one snapshot
  };
  // Runs `read` on a connection for reads, as `kind` asks, and returns its status (or the
  // backend's failure to reach the database, begin or end a transaction). The backend may run
  // `read` more than once (after a busy database or a lost connection): it must start over.
  virtual Status RunRead(ReadKind kind, const std::function<Status(Connection&)>& read) = 0;

  // Runs `write` (statements in autocommit, outside the statement writer) on a connection that
  // may write: SQLite's administration connection (serialized), a pooled PostgreSQL connection.
  virtual Status RunAdmin(const std::function<Status(Connection&)>& write) = 0;

  // Finishes the statement batches already submitted, then destroys the writer. A backend's
  // destructor calls it before it destroys what the writer uses; called again, it does nothing.
  void StopWriter();

  // Applies the migrations of plugin `owner` not applied before on `conn`, each in its own
  // transaction begun by `begin` and recorded with it (queries/extension_migration_*.sql).
  // kInternal naming the failing one, whose transaction is rolled back. The caller keeps other
  // migrators away.
  static Status ApplyPluginMigrations(Connection& conn, std::string_view begin,
                                      const std::string& owner,
                                      const std::vector<ext::Migration>& migrations);

  // Binds the parameters of queries/credential_insert.sql to `record`.
  template <typename Query>
  static void BindCredentialInsert(Query& insert, const CredentialRecord& record);

  // Set by the backend's Open; takes every write.
  std::unique_ptr<StatementWriter> writer_;

 private:
  // The database's erasure salt once read (it never changes once written); empty before.
  std::mutex salt_mu_;
  std::string erasure_salt_;

  class DocumentRowOn;

  // RunAdmin for a `work` that returns a Status or a Result: its outcome.
  template <typename Work>
  auto Administering(Work&& work) -> decltype(work(std::declval<Connection&>()));
  // RunRead for a `work` that returns a Status or a Result: its outcome.
  template <typename Work>
  auto Reading(ReadKind kind, Work&& work) -> decltype(work(std::declval<Connection&>()));
  // The page of statements `query` asks for, read on `conn` (in one snapshot).
  static Result<StatementPage> QueryPage(Connection& conn, StoreId store,
                                         const StatementQuery& query);
};

}  // namespace lrs::store
