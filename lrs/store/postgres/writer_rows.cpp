#include "lrs/store/postgres/writer_rows.h"

#include "lrs/store/postgres/sql_catalog.h"

namespace lrs::store::postgres {

PostgresWriterRows::PostgresWriterRows(std::unique_ptr<Connection> connection)
    : conn_(std::move(connection)), ext_conn_(*conn_) {}

Result<int64_t> PostgresWriterRows::BeginGroup(int64_t not_before) {
  if (conn_->Broken()) LRS_RETURN_IF_ERROR(conn_->Reconnect());
  Status begun = conn_->Exec(QuerySql("writer_begin"));
  if (!begun.ok() && conn_->Broken()) {
    // Lost while idle (a server restart, a failover): nothing was done yet, so once more on a
    // new connection.
    LRS_RETURN_IF_ERROR(conn_->Reconnect());
    begun = conn_->Exec(QuerySql("writer_begin"));
  }
  LRS_RETURN_IF_ERROR(begun);
  auto q = conn_->Prepare("writer_clock");
  if (!q.ok()) return q.error();
  q.value().Bind(1, not_before);
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return Error::Internal("the commit clock row is missing");
  return q.value().Int64(0);
}

Status PostgresWriterRows::Commit() {
  if (conn_->TransactionFailed()) {
    (void)conn_->Exec("ROLLBACK");
    return Error::Internal("the write transaction had failed; it was rolled back");
  }
  return conn_->Exec("COMMIT");
}

Result<int64_t> PostgresWriterRows::LastStoredMicros() {
  auto q = conn_->Prepare("statement_max_stored");
  if (!q.ok()) return q.error();
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  return row.value() ? q.value().Int64(0) : 0;
}

Result<std::optional<StatementRow>> PostgresWriterRows::FindStatement(StoreId store,
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

namespace {

// The index terms as two array literals of numbers, {k1,k2,...} and {f1,f2,...}, for unnest().
std::pair<std::string, std::string> TermArrays(const IndexTerms& terms) {
  std::string keys = "{";
  std::string flags = "{";
  for (const auto& [key, flag] : terms) {
    if (keys.size() > 1) {
      keys.push_back(',');
      flags.push_back(',');
    }
    keys += std::to_string(key);
    flags += std::to_string(static_cast<int>(flag));
  }
  keys.push_back('}');
  flags.push_back('}');
  return {keys, flags};
}

}  // namespace

Result<int64_t> PostgresWriterRows::InsertStatement(StoreId store, const NewStatementRow& row,
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
  const auto [keys, flags] = TermArrays(terms);
  insert.Bind(10, keys).Bind(11, flags);
  auto inserted = insert.Step();
  if (!inserted.ok()) return inserted.error();
  if (!inserted.value()) return Error::Internal("inserting a statement returned no seq");
  return insert.Int64(0);
}

Status PostgresWriterRows::MarkVoided(int64_t seq) {
  auto q = conn_->Prepare("statement_mark_voided");
  if (!q.ok()) return q.error();
  q.value().Bind(1, seq);
  return q.value().Run();
}

Status PostgresWriterRows::AddInheritedTerms(int64_t seq, const std::string& encoded,
                                             const IndexTerms& gained) {
  auto q = conn_->Prepare("statement_add_inherited_terms");
  if (!q.ok()) return q.error();
  const auto [keys, flags] = TermArrays(gained);
  q.value().Bind(1, seq).Bind(2, encoded).Bind(3, keys).Bind(4, flags);
  return q.value().Run();
}

Status PostgresWriterRows::FindReferrers(StoreId store, const std::string& id,
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

Result<int64_t> PostgresWriterRows::InternKey(StoreId store, xapi::IndexKind kind,
                                              const std::string& value) {
  // A second try sees a key another transaction inserted at the same moment (see the query).
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto q = conn_->Prepare("index_key_intern");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, static_cast<int64_t>(kind)).Bind(3, value);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (row.value()) return q.value().Int64(0);
  }
  return Error::Internal("an index key could not be interned");
}

Result<std::optional<std::string>> PostgresWriterRows::GetMetadata(MetadataKind kind, StoreId store,
                                                                   const std::string& id) {
  auto q = conn_->Prepare(kind == MetadataKind::kActivityDefinition ? "activity_get" : "verb_get");
  if (!q.ok()) return q.error();
  q.value().Bind(1, store).Bind(2, id);
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<std::string>();
  return std::optional<std::string>(std::string(q.value().Text(0)));
}

Status PostgresWriterRows::PutMetadata(MetadataKind kind, StoreId store, const std::string& id,
                                       const std::string& json) {
  auto q = conn_->Prepare(kind == MetadataKind::kActivityDefinition ? "activity_put" : "verb_put");
  if (!q.ok()) return q.error();
  q.value().Bind(1, store).Bind(2, id).Bind(3, json);
  return q.value().Run();
}

Status PostgresWriterRows::AddAgentName(StoreId store, const std::string& agent_key,
                                        const std::string& name) {
  auto q = conn_->Prepare("agent_name_add");
  if (!q.ok()) return q.error();
  q.value().Bind(1, store).Bind(2, agent_key).Bind(3, name);
  return q.value().Run();
}

Status PostgresWriterRows::InsertAttachment(StoreId store, const AttachmentPayload& attachment) {
  auto q = conn_->Prepare("attachment_insert");
  if (!q.ok()) return q.error();
  q.value()
      .Bind(1, store)
      .Bind(2, attachment.sha2)
      .Bind(3, attachment.content_type)
      .BindBlob(4, *attachment.content);
  return q.value().Run();
}

}  // namespace lrs::store::postgres
