#include "plugin/store/embed_store.h"

#include "plugin/store/sql_catalog.h"

namespace outcomes::store {

Result<std::optional<std::string>> EmbedKey(SqlConnection& txn, int64_t store_id) {
  auto q = sql::Prepare(txn, "embed_key_get");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, store_id);
  auto row = q.value()->Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<std::string>();
  return std::optional<std::string>(std::string(q.value()->Blob(0)));
}

Status AddEmbedKey(SqlConnection& txn, int64_t store_id, std::string_view key,
                   const std::string& created) {
  auto q = sql::Prepare(txn, "embed_key_add");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, store_id).BindBlob(2, key).Bind(3, created);
  return q.value()->Run();
}

}  // namespace outcomes::store
