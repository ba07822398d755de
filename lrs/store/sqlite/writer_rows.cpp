#include "lrs/store/sqlite/writer_rows.h"

namespace lrs::store::sqlite {

SqliteWriterRows::SqliteWriterRows(std::unique_ptr<Connection> connection)
    : conn_(std::move(connection)), ext_conn_(*conn_) {}

Result<int64_t> SqliteWriterRows::BeginGroup(int64_t not_before) {
  LRS_RETURN_IF_ERROR(conn_->Exec("BEGIN IMMEDIATE"));
  return not_before;
}

Result<int64_t> SqliteWriterRows::LastStoredMicros() {
  auto q = conn_->Prepare("statement_max_stored");
  if (!q.ok()) return q.error();
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  return row.value() ? q.value().Int64(0) : 0;
}

Result<std::optional<StatementRow>> SqliteWriterRows::FindStatement(StoreId store,
                                                                    const std::string& id) {
  auto q = conn_->Prepare("statement_find");
  if (!q.ok()) return q.error();
  Query& find = q.value();
  find.Bind(1, store).Bind(2, id);
  auto row = find.Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<StatementRow>();
  StatementRow s;
  s.seq = find.Int64(0);
  s.stored_us = find.Int64(1);
  s.voided = find.Int64(2) != 0;
  s.is_voiding = find.Int64(3) != 0;
  s.terms = std::string(find.Text(4));
  s.body = std::string(find.Text(5));
  return std::optional<StatementRow>(std::move(s));
}

Status SqliteWriterRows::FindStatements(StoreId store, const std::vector<std::string>& ids,
                                        std::unordered_map<std::string, StatementRow>* out) {
  for (const std::string& id : ids) {
    auto found = FindStatement(store, id);
    if (!found.ok()) return found.error();
    if (found.value()) (*out)[id] = std::move(*found.value());
  }
  return Status();
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

Status SqliteWriterRows::FindReferrersOf(
    StoreId store, const std::vector<std::string>& ids,
    std::unordered_map<std::string, std::vector<ReferrerRow>>* out) {
  for (const std::string& id : ids) {
    std::vector<ReferrerRow> found;
    LRS_RETURN_IF_ERROR(FindReferrers(store, id, &found));
    if (found.empty()) continue;
    std::vector<ReferrerRow>& into = (*out)[id];
    for (ReferrerRow& r : found)
      into.push_back(std::move(r));
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

Status SqliteWriterRows::MarkVoided(int64_t seq) {
  auto q = conn_->Prepare("statement_mark_voided");
  if (!q.ok()) return q.error();
  q.value().Bind(1, seq);
  return q.value().Run();
}

Status SqliteWriterRows::AddInheritedTerms(int64_t seq, const std::string& encoded,
                                           const IndexTerms& gained) {
  auto q = conn_->Prepare("statement_set_terms");
  if (!q.ok()) return q.error();
  q.value().Bind(1, seq).Bind(2, encoded);
  LRS_RETURN_IF_ERROR(q.value().Run());
  return AddTerms(seq, gained);
}

Status SqliteWriterRows::FindReferrers(StoreId store, const std::string& id,
                                       std::vector<ReferrerRow>* out) {
  auto q = conn_->Prepare("statement_referrers");
  if (!q.ok()) return q.error();
  Query& find = q.value();
  find.Bind(1, store).Bind(2, id);
  while (true) {
    auto row = find.Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return Status();
    out->push_back(
        {find.Int64(0), std::string(find.Text(1)), std::string(find.Text(2)), find.Int64(3) != 0});
  }
}

Status SqliteWriterRows::InternKeys(
    StoreId store, const std::vector<std::pair<xapi::IndexKind, std::string>>& keys,
    std::vector<int64_t>* ids) {
  for (const auto& [kind, value] : keys) {
    auto id = InternKey(store, kind, value);
    if (!id.ok()) return id.error();
    ids->push_back(id.value());
  }
  return Status();
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

Result<std::optional<std::string>> SqliteWriterRows::GetMetadata(MetadataKind kind, StoreId store,
                                                                 const std::string& id) {
  auto q = conn_->Prepare(kind == MetadataKind::kActivityDefinition ? "activity_get" : "verb_get");
  if (!q.ok()) return q.error();
  q.value().Bind(1, store).Bind(2, id);
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<std::string>();
  return std::optional<std::string>(std::string(q.value().Text(0)));
}

Status SqliteWriterRows::PutMetadata(MetadataKind kind, StoreId store, const std::string& id,
                                     const std::string& json) {
  auto q = conn_->Prepare(kind == MetadataKind::kActivityDefinition ? "activity_put" : "verb_put");
  if (!q.ok()) return q.error();
  q.value().Bind(1, store).Bind(2, id).Bind(3, json);
  return q.value().Run();
}

Status SqliteWriterRows::AddAgentName(StoreId store, const std::string& agent_key,
                                      const std::string& name) {
  auto q = conn_->Prepare("agent_name_add");
  if (!q.ok()) return q.error();
  q.value().Bind(1, store).Bind(2, agent_key).Bind(3, name);
  return q.value().Run();
}

Status SqliteWriterRows::InsertAttachment(StoreId store, const AttachmentPayload& attachment) {
  auto q = conn_->Prepare("attachment_insert");
  if (!q.ok()) return q.error();
  q.value()
      .Bind(1, store)
      .Bind(2, attachment.sha2)
      .Bind(3, attachment.content_type)
      .BindBlob(4, *attachment.content);
  return q.value().Run();
}

}  // namespace lrs::store::sqlite
