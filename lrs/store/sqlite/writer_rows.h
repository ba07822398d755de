// The statement writer's rows on SQLite (internal to lrs/store/sqlite): store::WriterRows over
// the writer's own connection, with the queries of schemas/sqlite/queries.
#pragma once

#include <memory>

#include "lrs/store/sqlite/connection.h"
#include "lrs/store/sqlite/extension_connection.h"
#include "lrs/store/writer_rows.h"

namespace lrs::store::sqlite {

class SqliteWriterRows final : public WriterRows {
 public:
  // Takes ownership of `connection` (configured and migrated).
  explicit SqliteWriterRows(std::unique_ptr<Connection> connection);

  // SQLite has one writer at a time: BEGIN IMMEDIATE takes the database's write lock, so the
  // stored time of the group is `not_before` (no other process can have committed after it
  // while this process's writer assigned the times before).
  Result<int64_t> BeginGroup(int64_t not_before) override;
  Status Commit() override { return conn_->Exec("COMMIT"); }
  Status Rollback() override { return conn_->Exec("ROLLBACK"); }
  bool InTransaction() override { return conn_->InTransaction(); }
  Status Savepoint() override { return conn_->Exec("SAVEPOINT job"); }
  Status ReleaseSavepoint() override { return conn_->Exec("RELEASE job"); }
  Status RollbackToSavepoint() override { return conn_->Exec("ROLLBACK TO job; RELEASE job"); }
  ext::SqlConnection& Lent() override { return ext_conn_; }
  Result<int64_t> LastStoredMicros() override;

  Result<std::optional<StatementRow>> FindStatement(StoreId store, const std::string& id) override;
  // The batched forms loop over one row at a time: SQLite runs in the process, so a batch saves
  // no round trips.
  Status FindStatements(StoreId store, const std::vector<std::string>& ids,
                        std::unordered_map<std::string, StatementRow>* out) override;
  Status InsertStatements(StoreId store, const std::vector<NewStatementRow>& rows,
                          const std::vector<IndexTerms>& terms,
                          std::vector<int64_t>* seqs) override;
  Status MarkVoided(int64_t seq) override;
  Status AddInheritedTerms(int64_t seq, const std::string& encoded,
                           const IndexTerms& gained) override;
  Status FindReferrers(StoreId store, const std::string& id,
                       std::vector<ReferrerRow>* out) override;
  Status FindReferrersOf(StoreId store, const std::vector<std::string>& ids,
                         std::unordered_map<std::string, std::vector<ReferrerRow>>* out) override;
  Result<int64_t> InternKey(StoreId store, xapi::IndexKind kind, const std::string& value) override;
  Status InternKeys(StoreId store, const std::vector<std::pair<xapi::IndexKind, std::string>>& keys,
                    std::vector<int64_t>* ids) override;
  Result<std::optional<std::string>> GetMetadata(MetadataKind kind, StoreId store,
                                                 const std::string& id) override;
  Status PutMetadata(MetadataKind kind, StoreId store, const std::string& id,
                     const std::string& json) override;
  Status AddAgentName(StoreId store, const std::string& agent_key,
                      const std::string& name) override;
  Status InsertAttachment(StoreId store, const AttachmentPayload& attachment) override;

 private:
  std::unique_ptr<Connection> conn_;
  ExtensionConnection ext_conn_;

  Result<int64_t> InsertStatement(StoreId store, const NewStatementRow& row,
                                  const IndexTerms& terms);
  // Records that statement `seq` carries each of `terms`.
  Status AddTerms(int64_t seq, const IndexTerms& terms);
};

}  // namespace lrs::store::sqlite
