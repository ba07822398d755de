// The DocumentStore of the SQLite backend: one row per document in `documents`
// (schemas/sqlite/migrations/003_documents.sql).
#include <algorithm>

#include "lrs/store/document_update.h"
#include "lrs/store/sqlite/connection.h"
#include "lrs/store/sqlite/extension_connection.h"
#include "lrs/store/sqlite/sqlite_store.h"
#include "lrs/store/statement_writer.h"

namespace lrs::store::sqlite {

namespace {

// Binds ?1..?5 of the document queries: store, kind, activity, agent, and the registration ('' for
// none when `any_registration` is false, NULL for any when it is true and none is given).
void BindContext(Query& q, StoreId store, const DocumentContext& context, bool any_registration) {
  q.Bind(1, store)
      .Bind(2, static_cast<int64_t>(context.kind))
      .Bind(3, context.activity_id)
      .Bind(4, context.agent_key);
  if (context.registration) {
    q.Bind(5, *context.registration);
  } else if (any_registration) {
    q.BindNull(5);
  } else {
    q.Bind(5, std::string_view(""));  // not a null pointer, which would bind NULL
  }
}

Result<std::optional<StoredDocument>> ReadDocument(Connection& conn, StoreId store,
                                                   const DocumentKey& key) {
  auto q = conn.Prepare("document_get");
  if (!q.ok()) return q.error();
  BindContext(q.value(), store, key.context, /*any_registration=*/false);
  q.value().Bind(6, key.id);
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<StoredDocument>();
  StoredDocument doc;
  doc.content_type = std::string(q.value().Text(0));
  doc.contents = std::string(q.value().Blob(1));
  doc.etag = std::string(q.value().Text(2));
  doc.updated_us = q.value().Int64(3);
  return std::optional<StoredDocument>(std::move(doc));
}

// Document `key` of `store` on the writer's connection.
class Row final : public DocumentRow {
 public:
  Row(Connection& conn, StoreId store, const DocumentKey& key)
      : conn_(conn), store_(store), key_(key) {}

  Result<std::optional<StoredDocument>> Read() override {
    return ReadDocument(conn_, store_, key_);
  }
  Status Replace(const DocumentWrite& w, int64_t updated_us) override {
    auto q = conn_.Prepare("document_put");
    if (!q.ok()) return q.error();
    BindContext(q.value(), store_, key_.context, /*any_registration=*/false);
    q.value()
        .Bind(6, key_.id)
        .Bind(7, w.content_type)
        .BindBlob(8, w.contents)
        .Bind(9, w.etag)
        .Bind(10, updated_us);
    return q.value().Run();
  }
  Status Delete() override {
    auto q = conn_.Prepare("document_delete");
    if (!q.ok()) return q.error();
    BindContext(q.value(), store_, key_.context, /*any_registration=*/false);
    q.value().Bind(6, key_.id);
    return q.value().Run();
  }

 private:
  Connection& conn_;
  StoreId store_;
  const DocumentKey& key_;
};

}  // namespace

Result<std::optional<StoredDocument>> SqliteStore::GetDocument(StoreId store,
                                                               const DocumentKey& key) {
  Lease lease = AcquireReader();
  return ReadInTransaction(*lease, [&](Connection& conn) -> Result<std::optional<StoredDocument>> {
    return ReadDocument(conn, store, key);
  });
}

Result<DocumentIds> SqliteStore::ListDocumentIds(StoreId store, const DocumentContext& context,
                                                 std::optional<int64_t> since_us) {
  Lease lease = AcquireReader();
  return ReadInTransaction(*lease, [&](Connection& conn) -> Result<DocumentIds> {
    auto q = conn.Prepare("document_list_ids");
    if (!q.ok()) return q.error();
    BindContext(q.value(), store, context, /*any_registration=*/true);
    if (since_us) {
      q.value().Bind(6, *since_us);
    } else {
      q.value().BindNull(6);
    }
    DocumentIds out;
    while (true) {
      auto row = q.value().Step();
      if (!row.ok()) return row.error();
      if (!row.value()) break;
      out.ids.emplace_back(q.value().Text(0));
      out.last_updated_us = std::max(out.last_updated_us, q.value().Int64(1));
    }
    return out;
  });
}

Status SqliteStore::UpdateDocument(
    StoreId store, const DocumentKey& key,
    const std::function<Result<DocumentWrite>(const std::optional<StoredDocument>& current)>&
        decide) {
  // The decision's error is carried out beside the job rather than failing it: nothing was
  // written, and a failed job would make the writer roll back and drop its caches for nothing.
  Status decided;
  Status written = writer_->SubmitWork([&](ext::SqlConnection& txn) -> Status {
    Connection* conn = ExtensionConnection::Unwrap(txn);
    if (conn == nullptr) return Error::Internal("document write outside the SQLite writer");
    Row row(*conn, store, key);
    return DecideAndApply(row, decide, &decided);
  });
  LRS_RETURN_IF_ERROR(written);
  return decided;
}

Status SqliteStore::DeleteDocuments(StoreId store, const DocumentContext& context) {
  return writer_->SubmitWork([&](ext::SqlConnection& txn) -> Status {
    Connection* conn = ExtensionConnection::Unwrap(txn);
    if (conn == nullptr) return Error::Internal("document write outside the SQLite writer");
    auto q = conn->Prepare("document_delete_set");
    if (!q.ok()) return q.error();
    BindContext(q.value(), store, context, /*any_registration=*/true);
    return q.value().Run();
  });
}

}  // namespace lrs::store::sqlite
