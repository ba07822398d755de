#include "lrs/service/audit.h"

#include <rapidjson/document.h>

#include "lrs/core/time.h"

namespace lrs::service {

Status RecordAudit(store::AdminStore& admin, store::StoreId store, std::string_view actor,
                   std::string_view action, std::string_view target, const json::Value& detail) {
  if (!detail.IsObject()) return Error::BadRequest("an audit entry's detail must be an object");
  store::AuditEntry entry;
  entry.time = FormatMillisUtc(NowMicros());
  entry.store_id = store;
  entry.actor = std::string(actor);
  entry.action = std::string(action);
  entry.target = std::string(target);
  entry.detail = json::Write(detail);
  auto added = admin.AddAuditEntry(entry);
  return added.ok() ? Status() : Status(added.error());
}

Status RecordAudit(store::AdminStore& admin, store::StoreId store, std::string_view actor,
                   std::string_view action, std::string_view target) {
  json::Value empty(rapidjson::kObjectType);
  return RecordAudit(admin, store, actor, action, target, empty);
}

Result<AuditPage> ListAudit(store::AdminStore& admin, std::optional<store::StoreId> store,
                            std::optional<int64_t> before, size_t limit) {
  if (limit < 1 || limit > 1000) return Error::BadRequest("limit must be 1 to 1000");
  store::AuditQuery query;
  query.store = store;
  query.before_id = before;
  query.limit = limit + 1;  // one more tells whether another page follows
  auto entries = admin.ListAuditEntries(query);
  if (!entries.ok()) return entries.error();
  AuditPage page;
  page.entries = std::move(entries).value();
  if (page.entries.size() > limit) {
    page.entries.resize(limit);
    page.next_before = page.entries.back().id;
  }
  return page;
}

void AuditEntryJson(const store::AuditEntry& entry, json::Value* out, json::Allocator& alloc) {
  out->SetObject();
  out->AddMember("id", entry.id, alloc);
  out->AddMember("time", json::Copy(entry.time, alloc), alloc);
  out->AddMember("store", json::Copy(entry.store_name, alloc), alloc);
  out->AddMember("actor", json::Copy(entry.actor, alloc), alloc);
  out->AddMember("action", json::Copy(entry.action, alloc), alloc);
  out->AddMember("target", json::Copy(entry.target, alloc), alloc);
  json::Document detail;
  json::Value value(rapidjson::kObjectType);
  if (json::Parse(entry.detail, &detail).ok() && detail.IsObject()) value.CopyFrom(detail, alloc);
  out->AddMember("detail", std::move(value), alloc);
}

}  // namespace lrs::service
