// The audit log of administrative actions (issue 16): who did what to which store, when, with a
// small JSON detail of counts and settings. Recorded by every administrative change, over HTTP
// (/admin/) and on the command line alike; never a secret nor erased personal data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/core/json.h"
#include "lrs/store/store.h"

namespace lrs::service {

// The actor of an action taken on the command line (a credential's key otherwise).
inline constexpr std::string_view kCliActor = "cli";

// Records that `actor` did `action` ("store.create", "credential.revoke", "forget", ...) to
// `target` in `store`, now; `detail` must be a JSON object (counts and settings: the caller keeps
// secrets and personal data out of it). kBadRequest when it is not an object.
Status RecordAudit(store::AdminStore& admin, store::StoreId store, std::string_view actor,
                   std::string_view action, std::string_view target, const json::Value& detail);
// The same with no detail ({}).
Status RecordAudit(store::AdminStore& admin, store::StoreId store, std::string_view actor,
                   std::string_view action, std::string_view target);

// One page of the audit log, newest first.
struct AuditPage {
  std::vector<store::AuditEntry> entries;
  // Set when older entries exist: the `before` of the next page.
  std::optional<int64_t> next_before;
};

// The entries of `store` (every store's when nullopt) older than `before` (the newest when
// nullopt), at most `limit` (1 to 1000; else kBadRequest).
Result<AuditPage> ListAudit(store::AdminStore& admin, std::optional<store::StoreId> store,
                            std::optional<int64_t> before, size_t limit);

// `entry` as the JSON object the API answers: id, time, store, actor, action, target, detail.
void AuditEntryJson(const store::AuditEntry& entry, json::Value* out, json::Allocator& alloc);

}  // namespace lrs::service
