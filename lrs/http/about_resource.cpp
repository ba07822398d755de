#include "lrs/http/about_resource.h"

#include <rapidjson/document.h>

#include "lrs/core/json.h"
#include "lrs/http/api_version.h"

namespace lrs::http {

HttpResponse AboutResource::Handle() const {
  json::Document doc;
  doc.SetObject();
  auto& a = doc.GetAllocator();
  json::Value versions(rapidjson::kArrayType);
  for (const std::string& v : SupportedVersions())
    versions.PushBack(json::Copy(v, a), a);
  doc.AddMember("version", std::move(versions), a);
  json::Value server(rapidjson::kObjectType);
  server.AddMember("name", "Outcome LRS", a);
  if (!server_version_.empty()) server.AddMember("version", json::Copy(server_version_, a), a);
  json::Value extensions(rapidjson::kObjectType);
  extensions.AddMember(json::Copy(kServerExtension, a), std::move(server), a);
  doc.AddMember("extensions", std::move(extensions), a);
  return JsonResponse(200, json::Write(doc));
}

}  // namespace lrs::http
