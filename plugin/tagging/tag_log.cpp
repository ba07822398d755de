#include "plugin/tagging/tag_log.h"

#include <chrono>
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
  const auto start = std::chrono::steady_clock::now();
  auto logged = store::LoggedTags(txn);
  if (!logged.ok()) return logged.error();
  const size_t folded = logged.value().size();
  if (folded > 0) {
    LRS_RETURN_IF_ERROR(cache_.Check(txn));
    LRS_RETURN_IF_ERROR(TagBatch(std::move(logged.value())).Flush(txn, cache_));
  }
  LRS_RETURN_IF_ERROR(store::ClearTagLog(txn));
  logged_ = 0;
  if (metrics_ != nullptr && folded > 0) {  // an empty log costs one read: not a fold
    metrics_->fold_seconds.Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    metrics_->folded_tags.Add(folded);
  }
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
