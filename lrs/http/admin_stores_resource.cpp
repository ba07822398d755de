#include "lrs/http/admin_stores_resource.h"

#include <rapidjson/document.h>

namespace lrs::http {

namespace {

HttpResponse StoreAnswer(int status, const store::StoreRecord& s) {
  json::Document doc;
  StoreJson(s, &doc, doc.GetAllocator());
  return AdminAnswer(status, doc);
}

}  // namespace

AdminStoresResource::AdminStoresResource(service::Administration& administration)
    : administration_(administration) {}

std::string AdminStoresResource::Allow(std::string_view subpath) const {
  if (subpath.empty() || subpath == "/") return "GET, HEAD, POST";
  auto target = ParseTarget(subpath, {"disable", "enable"});
  if (!target) return "";
  return target->action.empty() ? "GET, HEAD" : "POST";
}

Result<HttpResponse> AdminStoresResource::Handle(const HttpRequest& request,
                                                 const service::Administrator& admin,
                                                 std::string_view subpath) {
  if (subpath.empty() || subpath == "/") {
    if (request.method == "POST") {
      static constexpr std::string_view kKnown[] = {"name"};
      auto body = AdminBody(request, kKnown, 1);
      if (!body.ok()) return body.error();
      auto name = StringMember(body.value(), "name");
      if (!name.ok()) return name.error();
      if (!name.value()) return Error::BadRequest("\"name\" is required");
      auto created = administration_.CreateStore(admin, *name.value());
      if (!created.ok()) return created.error();
      return StoreAnswer(201, created.value());
    }
    auto stores = administration_.ListStores(admin);
    if (!stores.ok()) return stores.error();
    json::Document doc;
    doc.SetObject();
    auto& alloc = doc.GetAllocator();
    json::Value list(rapidjson::kArrayType);
    for (const store::StoreRecord& s : stores.value()) {
      json::Value item;
      StoreJson(s, &item, alloc);
      list.PushBack(std::move(item), alloc);
    }
    doc.AddMember("stores", std::move(list), alloc);
    return AdminAnswer(200, doc);
  }
  auto target = ParseTarget(subpath, {"disable", "enable"});
  if (!target) return Error::NotFound("no administration resource at " + request.path);
  if (target->action.empty()) {
    auto found = administration_.GetStore(admin, target->name);
    if (!found.ok()) return found.error();
    return StoreAnswer(200, found.value());
  }
  auto changed = administration_.SetStoreEnabled(admin, target->name, target->action == "enable");
  if (!changed.ok()) return changed.error();
  return StoreAnswer(200, changed.value());
}

}  // namespace lrs::http
