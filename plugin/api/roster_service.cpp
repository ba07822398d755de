#include "plugin/api/roster_service.h"

#include "plugin/store/roster_store.h"

namespace outcomes {

using lrs::ext::SqlConnection;

Status RosterService::Replace(int64_t store_id, const std::vector<RosterEntry>& entries) {
  return host_.Write(
      [&](SqlConnection& txn) -> Status { return store::ReplaceRoster(txn, store_id, entries); });
}

Result<RosterListing> RosterService::List(int64_t store_id, const TeamFilter& filter) {
  RosterListing out;
  Status read = host_.Read([&](SqlConnection& txn) -> Status {
    if (!filter.everyone()) {
      auto team = store::TeamOf(txn, store_id, filter);
      if (!team.ok()) return team.error();
      out.team = std::move(team.value());
    }
    auto rows = store::RosterRows(txn, store_id, filter);
    if (!rows.ok()) return rows.error();
    out.entries = std::move(rows.value());
    return Status();
  });
  if (!read.ok()) return read.error();
  return out;
}

}  // namespace outcomes
