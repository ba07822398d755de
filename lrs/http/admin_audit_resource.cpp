#include "lrs/http/admin_audit_resource.h"

#include <rapidjson/document.h>

#include "lrs/core/strings.h"
#include "lrs/http/params.h"
#include "lrs/service/audit.h"

namespace lrs::http {

AdminAuditResource::AdminAuditResource(service::Administration& administration,
                                       store::AdminStore& store)
    : administration_(administration), store_(store) {}

std::string AdminAuditResource::Allow(std::string_view subpath) const {
  return subpath.empty() || subpath == "/" ? "GET, HEAD" : "";
}

Result<HttpResponse> AdminAuditResource::Handle(const HttpRequest& request,
                                                const service::Administrator& admin,
                                                std::string_view /*subpath*/) {
  auto params = ParseParams(request.query);
  if (!params.ok()) return params.error();
  static constexpr std::string_view kKnown[] = {"store", "limit", "before"};
  LRS_RETURN_IF_ERROR(RejectUnknown(params.value(), kKnown, std::size(kKnown)));
  std::optional<store::StoreId> store;
  if (auto name = Optional(params.value(), "store")) {
    auto found = administration_.GetStore(admin, *name);
    if (!found.ok()) return found.error();
    store = found.value().id;
  } else if (!admin.ManagesEveryStore()) {
    store = admin.store_id;
  }
  size_t limit = 100;
  if (auto text = Optional(params.value(), "limit")) {
    auto n = ParseUnsigned(*text);
    if (!n || *n < 1 || *n > 1000) return Error::BadRequest("limit must be 1 to 1000");
    limit = static_cast<size_t>(*n);
  }
  std::optional<int64_t> before;
  if (auto text = Optional(params.value(), "before")) {
    auto n = ParseUnsigned(*text);
    if (!n || *n > static_cast<unsigned long long>(INT64_MAX)) {
      return Error::BadRequest("before must be an entry's id");
    }
    before = static_cast<int64_t>(*n);
  }
  auto page = service::ListAudit(store_, store, before, limit);
  if (!page.ok()) return page.error();
  json::Document doc;
  doc.SetObject();
  auto& alloc = doc.GetAllocator();
  json::Value entries(rapidjson::kArrayType);
  for (const store::AuditEntry& e : page.value().entries) {
    json::Value item;
    service::AuditEntryJson(e, &item, alloc);
    entries.PushBack(std::move(item), alloc);
  }
  doc.AddMember("entries", std::move(entries), alloc);
  std::string more;
  if (page.value().next_before) {
    Params next = params.value();
    next["before"] = std::to_string(*page.value().next_before);
    more = request.path + "?" + EncodeParams(next);
  }
  doc.AddMember("more", json::Copy(more, alloc), alloc);
  return AdminAnswer(200, doc);
}

}  // namespace lrs::http
