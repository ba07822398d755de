#include "plugin/tagging/tag_log.h"

#include <utility>

#include "plugin/tagging/rollups.h"

namespace outcomes {

Status TagLog::Append(SqlConnection& txn, const std::vector<TagRow>& tags) {
  if (tags.empty()) return Status();
  for (const TagRow& tag : tags) {
    LRS_RETURN_IF_ERROR(store::LogTag(txn, tag));
  }
  if (logged_ < 0) {
    // Another process may have folded (or a rollback undone what was logged): count afresh.
    auto count = store::CountLoggedTags(txn, fold_at_);
    if (!count.ok()) return count.error();
    logged_ = count.value();
  } else {
    logged_ += static_cast<int64_t>(tags.size());
  }
  return logged_ >= fold_at_ ? Fold(txn) : Status();
}

Status TagLog::Fold(SqlConnection& txn) {
  auto logged = store::LoggedTags(txn);
  if (!logged.ok()) return logged.error();
  if (!logged.value().empty()) {
    LRS_RETURN_IF_ERROR(cache_.Check(txn));
    LRS_RETURN_IF_ERROR(TagBatch(std::move(logged.value())).Flush(txn, cache_));
  }
  LRS_RETURN_IF_ERROR(store::ClearTagLog(txn));
  logged_ = 0;
  return Status();
}

Status TagLog::Settle(lrs::ext::Host& host) {
  int64_t pending = 0;
  LRS_RETURN_IF_ERROR(host.Read([&](SqlConnection& txn) -> Status {
    auto count = store::CountLoggedTags(txn, 1);
    if (!count.ok()) return count.error();
    pending = count.value();
    return Status();
  }));
  if (pending == 0) return Status();
  return host.Write([this](SqlConnection& txn) { return Fold(txn); });
}

}  // namespace outcomes
