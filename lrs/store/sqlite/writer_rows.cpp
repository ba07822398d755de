#include "lrs/store/sqlite/writer_rows.h"

namespace lrs::store::sqlite {

Result<int64_t> SqliteWriterRows::BeginGroup(int64_t not_before) {
  LRS_RETURN_IF_ERROR(conn_->Exec("BEGIN IMMEDIATE"));
  return not_before;
}

Status SqliteWriterRows::InsertStatements(StoreId store, const std::vector<NewStatementRow>& rows,
                                          const std::vector<IndexTerms>& terms,
                                          std::vector<int64_t>* seqs) {
  for (size_t i = 0; i < rows.size(); ++i) {
    auto seq = InsertStatement(store, rows[i], terms[i]);
    if (!seq.ok()) return seq.error();
    seqs->push_back(seq.value());
  }
  return Status();
}

Result<int64_t> SqliteWriterRows::InsertStatement(StoreId store, const NewStatementRow& row,
                                                  const IndexTerms& terms) {
  auto q = conn_->Prepare("statement_insert");
  if (!q.ok()) return q.error();
  Query& insert = q.value();
  insert.Bind(1, store).Bind(2, row.id).Bind(3, row.stored_us).Bind(4, row.voided ? 1 : 0);
  insert.Bind(5, row.is_voiding ? 1 : 0);
  if (row.ref_target.empty()) {
    insert.BindNull(6);
  } else {
    insert.Bind(6, row.ref_target);
  }
  insert.Bind(7, row.terms).Bind(8, row.body);
  insert.Bind(9, xapi::VersionName(row.version));
  LRS_RETURN_IF_ERROR(insert.Run());
  const int64_t seq = conn_->LastInsertRowid();
  LRS_RETURN_IF_ERROR(AddTerms(seq, terms));
  return seq;
}

Status SqliteWriterRows::AddInheritedTerms(int64_t seq, const std::string& encoded,
                                           const IndexTerms& gained) {
  auto q = conn_->Prepare("statement_set_terms");
  if (!q.ok()) return q.error();
  q.value().Bind(1, seq).Bind(2, encoded);
  LRS_RETURN_IF_ERROR(q.value().Run());
  return AddTerms(seq, gained);
}

Result<int64_t> SqliteWriterRows::InternKey(StoreId store, xapi::IndexKind kind,
                                            const std::string& value) {
  {
    auto q = conn_->Prepare("index_key_find");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, static_cast<int64_t>(kind)).Bind(3, value);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (row.value()) return q.value().Int64(0);
  }
  auto q = conn_->Prepare("index_key_insert");
  if (!q.ok()) return q.error();
  q.value().Bind(1, store).Bind(2, static_cast<int64_t>(kind)).Bind(3, value);
  LRS_RETURN_IF_ERROR(q.value().Run());
  return conn_->LastInsertRowid();
}

Status SqliteWriterRows::AddTerms(int64_t seq, const IndexTerms& terms) {
  for (const auto& [key, flags] : terms) {
    auto q = conn_->Prepare("statement_index_add");
    if (!q.ok()) return q.error();
    q.value().Bind(1, key).Bind(2, seq).Bind(3, static_cast<int64_t>(flags));
    LRS_RETURN_IF_ERROR(q.value().Run());
  }
  return Status();
}

}  // namespace lrs::store::sqlite
