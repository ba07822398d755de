// The write side of DocumentStore::UpdateDocument, once for every backend (internal to
// lrs/store and its backends): read the current version, let the caller decide, apply the
// decision. A backend runs it where nothing else can write the document in between (as a job
// of its statement writer) and supplies the three row operations.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "lrs/core/error.h"
#include "lrs/store/store.h"

namespace lrs::store {

// One document's row, as a backend reads and writes it.
class DocumentRow {
 public:
  virtual ~DocumentRow() = default;
  virtual Result<std::optional<StoredDocument>> Read() = 0;
  // Replaces (or creates) the document with `write`'s content, written at `updated_us`.
  virtual Status Replace(const DocumentWrite& write, int64_t updated_us) = 0;
  virtual Status Delete() = 0;
};

// Reads `row`, calls `decide` with it and applies the decision. The decision's own error is
// put in `*decided` (nothing is written) and the return value stays ok: nothing failed in the
// database, so the backend need not roll anything back. Errors of the row operations are
// returned.
Status DecideAndApply(
    DocumentRow& row,
    const std::function<Result<DocumentWrite>(const std::optional<StoredDocument>& current)>&
        decide,
    Status* decided);

}  // namespace lrs::store
