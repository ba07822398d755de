#include "lrs/store/document_update.h"

#include "lrs/core/time.h"

namespace lrs::store {

Status DecideAndApply(
    DocumentRow& row,
    const std::function<Result<DocumentWrite>(const std::optional<StoredDocument>& current)>&
        decide,
    Status* decided) {
  auto current = row.Read();
  if (!current.ok()) return current.error();
  auto write = decide(current.value());
  if (!write.ok()) {
    *decided = write.error();
    return Status();
  }
  switch (write.value().action) {
    case DocumentWrite::Action::kKeep:
      return Status();
    case DocumentWrite::Action::kDelete:
      if (!current.value()) return Status();
      return row.Delete();
    case DocumentWrite::Action::kReplace:
      return row.Replace(write.value(), NowMicros());
  }
  return Error::Internal("unknown document write");
}

}  // namespace lrs::store
