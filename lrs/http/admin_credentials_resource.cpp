#include "lrs/http/admin_credentials_resource.h"

#include <rapidjson/document.h>

#include "lrs/core/strings.h"
#include "lrs/http/params.h"

namespace lrs::http {

namespace {

HttpResponse CredentialAnswer(const store::CredentialRecord& c) {
  json::Document doc;
  CredentialJson(c, &doc, doc.GetAllocator());
  return AdminAnswer(200, doc);
}

// A secret as it is shown, once: {"key", "secret", "store"}, the answer of a rotation and the
// start of a creation's.
json::Document SecretJson(const std::string& key, const std::string& secret,
                          const std::string& store) {
  json::Document doc;
  doc.SetObject();
  auto& alloc = doc.GetAllocator();
  doc.AddMember("key", json::Copy(key, alloc), alloc);
  doc.AddMember("secret", json::Copy(secret, alloc), alloc);
  doc.AddMember("store", json::Copy(store, alloc), alloc);
  return doc;
}

// "scopes" as a list of names or one string of names separated by spaces or commas.
Result<std::string> ScopesOf(const json::Value& body) {
  auto it = body.FindMember("scopes");
  if (it == body.MemberEnd()) return Error::BadRequest("\"scopes\" is required, e.g. [\"all\"]");
  if (it->value.IsString()) return std::string(it->value.GetString(), it->value.GetStringLength());
  if (!it->value.IsArray()) return Error::BadRequest("\"scopes\" must be a list of scope names");
  std::string scopes;
  for (const json::Value& s : it->value.GetArray()) {
    if (!s.IsString()) return Error::BadRequest("\"scopes\" must be a list of scope names");
    scopes += (scopes.empty() ? "" : " ") + std::string(s.GetString(), s.GetStringLength());
  }
  return scopes;
}

}  // namespace

AdminCredentialsResource::AdminCredentialsResource(service::Administration& administration)
    : administration_(administration) {}

std::string AdminCredentialsResource::Allow(std::string_view subpath) const {
  if (subpath.empty() || subpath == "/") return "GET, HEAD, POST";
  auto target = ParseTarget(subpath, {"revoke", "rotate"});
  if (!target) return "";
  return target->action.empty() ? "GET, HEAD" : "POST";
}

Result<HttpResponse> AdminCredentialsResource::Create(const HttpRequest& request,
                                                      const service::Administrator& admin) {
  static constexpr std::string_view kKnown[] = {"store",  "scopes", "key",
                                                "secret", "name",   "home_page"};
  auto body = AdminBody(request, kKnown, std::size(kKnown));
  if (!body.ok()) return body.error();
  service::NewCredentialRequest create;
  auto scopes = ScopesOf(body.value());
  if (!scopes.ok()) return scopes.error();
  create.scopes = scopes.value();
  auto store = StringMember(body.value(), "store");
  auto key = StringMember(body.value(), "key");
  auto secret = StringMember(body.value(), "secret");
  auto name = StringMember(body.value(), "name");
  auto home_page = StringMember(body.value(), "home_page");
  for (auto* r : {&store, &key, &secret, &name, &home_page}) {
    if (!r->ok()) return r->error();
  }
  // An administrator of another store makes credentials of its own store by default.
  create.store = store.value().value_or(admin.store_name);
  create.key = key.value();
  create.secret = secret.value();
  create.name = name.value();
  if (home_page.value()) create.home_page = *home_page.value();
  auto created = administration_.CreateCredential(admin, create);
  if (!created.ok()) return created.error();
  const service::NewCredential& made = created.value();
  json::Document doc = SecretJson(made.key, made.secret, made.store);
  auto& alloc = doc.GetAllocator();
  json::Value list(rapidjson::kArrayType);
  for (std::string_view s : Split(made.scopes, ' ')) {
    if (!s.empty()) list.PushBack(json::Copy(s, alloc), alloc);
  }
  doc.AddMember("scopes", std::move(list), alloc);
  return AdminAnswer(201, doc);
}

Result<HttpResponse> AdminCredentialsResource::Handle(const HttpRequest& request,
                                                      const service::Administrator& admin,
                                                      std::string_view subpath) {
  if (subpath.empty() || subpath == "/") {
    if (request.method == "POST") return Create(request, admin);
    auto params = ParseParams(request.query);
    if (!params.ok()) return params.error();
    static constexpr std::string_view kKnown[] = {"store"};
    LRS_RETURN_IF_ERROR(RejectUnknown(params.value(), kKnown, 1));
    auto list = administration_.ListCredentials(admin, Optional(params.value(), "store"));
    if (!list.ok()) return list.error();
    json::Document doc;
    doc.SetObject();
    auto& alloc = doc.GetAllocator();
    json::Value items(rapidjson::kArrayType);
    for (const store::CredentialRecord& c : list.value()) {
      json::Value item;
      CredentialJson(c, &item, alloc);
      items.PushBack(std::move(item), alloc);
    }
    doc.AddMember("credentials", std::move(items), alloc);
    return AdminAnswer(200, doc);
  }
  auto target = ParseTarget(subpath, {"revoke", "rotate"});
  if (!target) return Error::NotFound("no administration resource at " + request.path);
  if (target->action.empty()) {
    auto found = administration_.GetCredential(admin, target->name);
    if (!found.ok()) return found.error();
    return CredentialAnswer(found.value());
  }
  if (target->action == "revoke") {
    auto revoked = administration_.RevokeCredential(admin, target->name);
    if (!revoked.ok()) return revoked.error();
    return CredentialAnswer(revoked.value());
  }
  auto rotated = administration_.RotateSecret(admin, target->name);
  if (!rotated.ok()) return rotated.error();
  const service::RotatedSecret& secret = rotated.value();
  return AdminAnswer(200, SecretJson(secret.key, secret.secret, secret.store));
}

}  // namespace lrs::http
