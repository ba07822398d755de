#include "lrs/http/admin_plugins_resource.h"

#include <rapidjson/document.h>

namespace lrs::http {

AdminPluginsResource::AdminPluginsResource(std::vector<ext::Plugin*> plugins,
                                           store::AdminStore& store)
    : plugins_(std::move(plugins)), store_(store) {}

std::string AdminPluginsResource::Allow(std::string_view subpath) const {
  return subpath.empty() || subpath == "/" ? "GET, HEAD" : "";
}

Result<HttpResponse> AdminPluginsResource::Handle(const HttpRequest& /*request*/,
                                                  const service::Administrator& /*admin*/,
                                                  std::string_view /*subpath*/) {
  auto applied = store_.ListAppliedMigrations();
  if (!applied.ok()) return applied.error();
  json::Document doc;
  doc.SetObject();
  auto& alloc = doc.GetAllocator();
  doc.AddMember("interface_version", ext::kAbiVersion, alloc);
  json::Value list(rapidjson::kArrayType);
  for (ext::Plugin* plugin : plugins_) {
    // The host guards plugin calls elsewhere; these accessors return constants, and the router
    // turns an exception into a 500 in any case.
    const std::string name(plugin->Name());
    json::Value item(rapidjson::kObjectType);
    item.AddMember("name", json::Copy(name, alloc), alloc);
    item.AddMember("interface_version", ext::kAbiVersion, alloc);
    item.AddMember("http_prefix", json::Copy(plugin->HttpPrefix(), alloc), alloc);
    json::Value scopes(rapidjson::kArrayType);
    for (const std::string& s : plugin->Scopes())
      scopes.PushBack(json::Copy(s, alloc), alloc);
    item.AddMember("scopes", std::move(scopes), alloc);
    json::Value commands(rapidjson::kArrayType);
    for (const std::string& c : plugin->Commands())
      commands.PushBack(json::Copy(c, alloc), alloc);
    item.AddMember("commands", std::move(commands), alloc);
    json::Value migrations(rapidjson::kArrayType);
    for (const store::AppliedMigration& m : applied.value()) {
      if (m.owner != name) continue;
      json::Value mig(rapidjson::kObjectType);
      mig.AddMember("name", json::Copy(m.name, alloc), alloc);
      mig.AddMember("applied", json::Copy(m.applied, alloc), alloc);
      migrations.PushBack(std::move(mig), alloc);
    }
    item.AddMember("migrations", std::move(migrations), alloc);
    list.PushBack(std::move(item), alloc);
  }
  doc.AddMember("plugins", std::move(list), alloc);
  return AdminAnswer(200, doc);
}

}  // namespace lrs::http
