// The statement writer's rows on SQLite (internal to lrs/store/sqlite): store::WriterRows over
// the writer's own connection, with the queries of schemas/sqlite/queries. What both backends
// run alike is in lrs/store/sql_writer_rows.h; here is what SQLite does its own way.
#pragma once

#include <memory>

#include "lrs/store/sql_writer_rows.h"
#include "lrs/store/sqlite/connection.h"
#include "lrs/store/sqlite/extension_connection.h"

namespace lrs::store::sqlite {

class SqliteWriterRows final : public SqlWriterRows<Connection, ExtensionConnection> {
 public:
  using SqlWriterRows::SqlWriterRows;

  // SQLite has one writer at a time: BEGIN IMMEDIATE takes the database's write lock, so the
  // stored time of the group is `not_before` (no other process can have committed after it
  // while this process's writer assigned the times before).
  Result<int64_t> BeginGroup(int64_t not_before) override;
  Status Commit() override { return conn_->Exec("COMMIT"); }

  // One statement at a time: SQLite runs in the process, so a batch saves no round trips (the
  // other batched forms are SqlWriterRows').
  Status InsertStatements(StoreId store, const std::vector<NewStatementRow>& rows,
                          const std::vector<IndexTerms>& terms,
                          std::vector<int64_t>* seqs) override;
  Status AddInheritedTerms(int64_t seq, const std::string& encoded,
                           const IndexTerms& gained) override;
  Result<int64_t> InternKey(StoreId store, xapi::IndexKind kind, const std::string& value) override;

 private:
  Result<int64_t> InsertStatement(StoreId store, const NewStatementRow& row,
                                  const IndexTerms& terms);
  // Records that statement `seq` carries each of `terms`.
  Status AddTerms(int64_t seq, const IndexTerms& terms);
};

}  // namespace lrs::store::sqlite
