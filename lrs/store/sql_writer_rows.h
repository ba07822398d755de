// What the backends' WriterRows share (internal to lrs/store and its backends): the row
// operations that run the same named query with the same parameters and columns on SQLite and
// PostgreSQL (schemas/<backend>/queries), over the writer's own connection. A backend derives
// its WriterRows from SqlWriterRows<its Connection, its ExtensionConnection> and implements what
// differs: how a group's transaction begins and commits, inserting statements and their index
// entries, inherited terms and interning keys; and, where it saves round trips, the batched
// forms.
//
// `Connection` is a backend's connection type (see sqlite/connection.h, postgres/connection.h:
// the same Prepare/Bind/Step/Run/column surface); `ExtConnection` the ext::SqlConnection it
// lends over one (its ExtensionConnection).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lrs/store/writer_rows.h"

namespace lrs::store {

// The statement row of the current row of `q`, a query whose columns are those of
// queries/statement_find.sql: seq, stored, voided, is_voiding, terms, body.
template <typename Query>
StatementRow ReadStatementRow(const Query& q) {
  StatementRow s;
  s.seq = q.Int64(0);
  s.stored_us = q.Int64(1);
  s.voided = q.Int64(2) != 0;
  s.is_voiding = q.Int64(3) != 0;
  s.terms = std::string(q.Text(4));
  s.body = std::string(q.Text(5));
  return s;
}

// The referrer of the current row of `q`, a query whose columns are those of
// queries/statement_referrers.sql: seq, id, terms, is_voiding.
template <typename Query>
ReferrerRow ReadReferrerRow(const Query& q) {
  return {q.Int64(0), std::string(q.Text(1)), std::string(q.Text(2)), q.Int64(3) != 0};
}

template <typename Connection, typename ExtConnection>
class SqlWriterRows : public WriterRows {
 public:
  // Takes ownership of `connection` (configured, on a migrated database).
  explicit SqlWriterRows(std::unique_ptr<Connection> connection)
      : conn_(std::move(connection)), lent_(*conn_) {}

  Status Rollback() override { return conn_->Exec("ROLLBACK"); }
  bool InTransaction() override { return conn_->InTransaction(); }
  // One savepoint, "job", at a time (the same SQL on both backends).
  Status Savepoint() override { return conn_->Exec("SAVEPOINT job"); }
  Status ReleaseSavepoint() override { return conn_->Exec("RELEASE SAVEPOINT job"); }
  Status RollbackToSavepoint() override {
    return conn_->Exec("ROLLBACK TO SAVEPOINT job; RELEASE SAVEPOINT job");
  }
  ext::SqlConnection& Lent() override { return lent_; }
  Result<int64_t> LastStoredMicros() override;

  Result<std::optional<StatementRow>> FindStatement(StoreId store, const std::string& id) override;
  Status MarkVoided(int64_t seq) override;
  Status FindReferrers(StoreId store, const std::string& id,
                       std::vector<ReferrerRow>* out) override;
  Result<std::optional<std::string>> GetMetadata(MetadataKind kind, StoreId store,
                                                 const std::string& id) override;
  Status PutMetadata(MetadataKind kind, StoreId store, const std::string& id,
                     const std::string& json) override;
  Status AddAgentName(StoreId store, const std::string& agent_key,
                      const std::string& name) override;
  Status InsertAttachment(StoreId store, const AttachmentPayload& attachment) override;

  // The batched forms, one row at a time (a backend that saves round trips by batching
  // overrides them).
  Status FindStatements(StoreId store, const std::vector<std::string>& ids,
                        std::unordered_map<std::string, StatementRow>* out) override;
  Status FindReferrersOf(StoreId store, const std::vector<std::string>& ids,
                         std::unordered_map<std::string, std::vector<ReferrerRow>>* out) override;
  Status InternKeys(StoreId store, const std::vector<std::pair<xapi::IndexKind, std::string>>& keys,
                    std::vector<int64_t>* ids) override;

 protected:
  std::unique_ptr<Connection> conn_;

 private:
  ExtConnection lent_;
};

// ---- Implementation ----

template <typename Connection, typename ExtConnection>
Result<int64_t> SqlWriterRows<Connection, ExtConnection>::LastStoredMicros() {
  auto q = conn_->Prepare("statement_max_stored");
  if (!q.ok()) return q.error();
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  return row.value() ? q.value().Int64(0) : 0;
}

template <typename Connection, typename ExtConnection>
Result<std::optional<StatementRow>> SqlWriterRows<Connection, ExtConnection>::FindStatement(
    StoreId store, const std::string& id) {
  auto q = conn_->Prepare("statement_find");
  if (!q.ok()) return q.error();
  q.value().Bind(1, store).Bind(2, id);
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<StatementRow>();
  return std::optional<StatementRow>(ReadStatementRow(q.value()));
}

template <typename Connection, typename ExtConnection>
Status SqlWriterRows<Connection, ExtConnection>::MarkVoided(int64_t seq) {
  auto q = conn_->Prepare("statement_mark_voided");
  if (!q.ok()) return q.error();
  q.value().Bind(1, seq);
  return q.value().Run();
}

template <typename Connection, typename ExtConnection>
Status SqlWriterRows<Connection, ExtConnection>::FindReferrers(StoreId store, const std::string& id,
                                                               std::vector<ReferrerRow>* out) {
  auto q = conn_->Prepare("statement_referrers");
  if (!q.ok()) return q.error();
  q.value().Bind(1, store).Bind(2, id);
  while (true) {
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return Status();
    out->push_back(ReadReferrerRow(q.value()));
  }
}

template <typename Connection, typename ExtConnection>
Result<std::optional<std::string>> SqlWriterRows<Connection, ExtConnection>::GetMetadata(
    MetadataKind kind, StoreId store, const std::string& id) {
  auto q = conn_->Prepare(kind == MetadataKind::kActivityDefinition ? "activity_get" : "verb_get");
  if (!q.ok()) return q.error();
  q.value().Bind(1, store).Bind(2, id);
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<std::string>();
  return std::optional<std::string>(std::string(q.value().Text(0)));
}

template <typename Connection, typename ExtConnection>
Status SqlWriterRows<Connection, ExtConnection>::PutMetadata(MetadataKind kind, StoreId store,
                                                             const std::string& id,
                                                             const std::string& json) {
  auto q = conn_->Prepare(kind == MetadataKind::kActivityDefinition ? "activity_put" : "verb_put");
  if (!q.ok()) return q.error();
  q.value().Bind(1, store).Bind(2, id).Bind(3, json);
  return q.value().Run();
}

template <typename Connection, typename ExtConnection>
Status SqlWriterRows<Connection, ExtConnection>::AddAgentName(StoreId store,
                                                              const std::string& agent_key,
                                                              const std::string& name) {
  auto q = conn_->Prepare("agent_name_add");
  if (!q.ok()) return q.error();
  q.value().Bind(1, store).Bind(2, agent_key).Bind(3, name);
  return q.value().Run();
}

template <typename Connection, typename ExtConnection>
Status SqlWriterRows<Connection, ExtConnection>::InsertAttachment(
    StoreId store, const AttachmentPayload& attachment) {
  auto q = conn_->Prepare("attachment_insert");
  if (!q.ok()) return q.error();
  q.value()
      .Bind(1, store)
      .Bind(2, attachment.sha2)
      .Bind(3, attachment.content_type)
      .BindBlob(4, *attachment.content);
  return q.value().Run();
}

template <typename Connection, typename ExtConnection>
Status SqlWriterRows<Connection, ExtConnection>::FindStatements(
    StoreId store, const std::vector<std::string>& ids,
    std::unordered_map<std::string, StatementRow>* out) {
  for (const std::string& id : ids) {
    auto found = FindStatement(store, id);
    if (!found.ok()) return found.error();
    if (found.value()) (*out)[id] = std::move(*found.value());
  }
  return Status();
}

template <typename Connection, typename ExtConnection>
Status SqlWriterRows<Connection, ExtConnection>::FindReferrersOf(
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

template <typename Connection, typename ExtConnection>
Status SqlWriterRows<Connection, ExtConnection>::InternKeys(
    StoreId store, const std::vector<std::pair<xapi::IndexKind, std::string>>& keys,
    std::vector<int64_t>* ids) {
  for (const auto& [kind, value] : keys) {
    auto id = InternKey(store, kind, value);
    if (!id.ok()) return id.error();
    ids->push_back(id.value());
  }
  return Status();
}

}  // namespace lrs::store
