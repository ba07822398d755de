#include "lrs/http/admin_resource.h"

#include <rapidjson/document.h>

#include "lrs/core/strings.h"

namespace lrs::http {

Result<json::Document> AdminBody(const HttpRequest& request, const std::string_view* known,
                                 size_t count) {
  json::Document body;
  if (!json::Parse(request.body, &body).ok() || !body.IsObject()) {
    return Error::BadRequest("the body must be a JSON object");
  }
  for (auto it = body.MemberBegin(); it != body.MemberEnd(); ++it) {
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    bool ok = false;
    for (size_t i = 0; i < count; ++i)
      ok = ok || known[i] == name;
    if (!ok) {
      std::string list;
      for (size_t i = 0; i < count; ++i)
        list += (i ? ", " : "") + std::string(known[i]);
      return Error::BadRequest("unknown member \"" + std::string(name) + "\" (known: " + list +
                               ")");
    }
  }
  return body;
}

Result<std::optional<std::string>> StringMember(const json::Value& body, std::string_view name) {
  auto it = body.FindMember(json::Ref(name));
  if (it == body.MemberEnd()) return std::optional<std::string>();
  if (!it->value.IsString()) {
    return Error::BadRequest("\"" + std::string(name) + "\" must be a string");
  }
  return std::optional<std::string>(
      std::string(it->value.GetString(), it->value.GetStringLength()));
}

HttpResponse AdminAnswer(int status, const json::Value& body) {
  return JsonResponse(status, json::Write(body));
}

void StoreJson(const store::StoreRecord& s, json::Value* out, json::Allocator& alloc) {
  out->SetObject();
  out->AddMember("name", json::Copy(s.name, alloc), alloc);
  out->AddMember("created", json::Copy(s.created, alloc), alloc);
  out->AddMember("enabled", !s.disabled.has_value(), alloc);
  json::Value disabled;
  if (s.disabled) disabled = json::Copy(*s.disabled, alloc);
  out->AddMember("disabled", std::move(disabled), alloc);
}

void CredentialJson(const store::CredentialRecord& c, json::Value* out, json::Allocator& alloc) {
  out->SetObject();
  out->AddMember("key", json::Copy(c.key, alloc), alloc);
  out->AddMember("store", json::Copy(c.store_name, alloc), alloc);
  out->AddMember("name", json::Copy(c.name, alloc), alloc);
  json::Value scopes(rapidjson::kArrayType);
  for (std::string_view s : Split(c.scopes, ' ')) {
    if (!s.empty()) scopes.PushBack(json::Copy(s, alloc), alloc);
  }
  out->AddMember("scopes", std::move(scopes), alloc);
  out->AddMember("created", json::Copy(c.created, alloc), alloc);
  out->AddMember("active", !c.revoked.has_value(), alloc);
  json::Value revoked;
  if (c.revoked) revoked = json::Copy(*c.revoked, alloc);
  out->AddMember("revoked", std::move(revoked), alloc);
}

std::optional<AdminTarget> ParseTarget(std::string_view subpath,
                                       std::initializer_list<std::string_view> actions) {
  if (subpath.size() < 2 || subpath[0] != '/') return std::nullopt;
  subpath.remove_prefix(1);
  AdminTarget target;
  const size_t slash = subpath.rfind('/');
  if (slash != std::string_view::npos) {
    std::string_view last = subpath.substr(slash + 1);
    for (std::string_view a : actions) {
      if (last == a) {
        target.action = std::string(a);
        subpath = subpath.substr(0, slash);
        break;
      }
    }
  }
  if (subpath.empty()) return std::nullopt;
  target.name = std::string(subpath);
  return target;
}

}  // namespace lrs::http
