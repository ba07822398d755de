// The statement writer's rows on PostgreSQL (internal to lrs/store/postgres): store::WriterRows
// over the writer's own connection, with the queries of schemas/postgres/queries. What both
// backends run alike is in lrs/store/sql_writer_rows.h; here is what PostgreSQL does its own way.
//
// Several processes may write to one database. Each write transaction first takes the writers'
// lock (queries/writer_begin.sql: a transaction-level advisory lock) and then moves the commit
// clock forward (queries/writer_clock.sql), both in one round trip, so writers of every process run
// one at a time: a statement id is checked and inserted by one writer at a time (one 200, or a 409
// for different content, never a unique-constraint error), a document's decision is taken on its
// latest version, seqs are taken and committed in increasing order, and "stored" never decreases as
// seq grows. Each process still commits whatever its requests queued up together (group commit).
#pragma once

#include <memory>

#include "lrs/store/postgres/connection.h"
#include "lrs/store/postgres/extension_connection.h"
#include "lrs/store/sql_writer_rows.h"

namespace lrs::store::postgres {

class PostgresWriterRows final : public SqlWriterRows<Connection, ExtensionConnection> {
 public:
  using SqlWriterRows::SqlWriterRows;

  // Connects again when the connection was lost (also when that is found out by beginning).
  // kUnavailable when the writers' lock is not free within the lock timeout. Each time the
  // statements table has doubled since (by the seqs this writer was given), first has the
  // connection's cached plans made again (DISCARD PLANS, in the same round trip): a plan chosen
  // while the tables were small (a sequential scan of a page or two) would otherwise be kept as
  // they grow, until autovacuum next analyzes them.
  Result<int64_t> BeginGroup(int64_t not_before) override;
  // Fails (and rolls back) when the transaction had failed, rather than let COMMIT end it as a
  // rollback silently.
  Status Commit() override;

  // One query each, whatever the number of rows (the arrays travel as array literals).
  Status FindStatements(StoreId store, const std::vector<std::string>& ids,
                        std::unordered_map<std::string, StatementRow>* out) override;
  Status InsertStatements(StoreId store, const std::vector<NewStatementRow>& rows,
                          const std::vector<IndexTerms>& terms,
                          std::vector<int64_t>* seqs) override;
  Status AddInheritedTerms(int64_t seq, const std::string& encoded,
                           const IndexTerms& gained) override;
  Status FindReferrersOf(StoreId store, const std::vector<std::string>& ids,
                         std::unordered_map<std::string, std::vector<ReferrerRow>>* out) override;
  Result<int64_t> InternKey(StoreId store, xapi::IndexKind kind, const std::string& value) override;
  // One query for all of `keys` (a key another transaction inserted at the same moment is then
  // interned alone).
  Status InternKeys(StoreId store, const std::vector<std::pair<xapi::IndexKind, std::string>>& keys,
                    std::vector<int64_t>* ids) override;

 private:
  int64_t last_seq_ = 0;    // the highest seq this writer inserted
  int64_t replan_at_ = 64;  // DISCARD PLANS once last_seq_ reaches this
};

}  // namespace lrs::store::postgres
