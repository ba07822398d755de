#include "lrs/service/administration.h"

#include <rapidjson/document.h>

#include "lrs/core/crypto.h"
#include "lrs/core/time.h"
#include "lrs/service/audit.h"

namespace lrs::service {

namespace {

Error NoStore(const std::string& name) {
  return Error::NotFound("no store named \"" + name + "\"");
}

Error NoCredential(const std::string& key) {
  return Error::NotFound("no credential with key \"" + key + "\"");
}

}  // namespace

Administration::Administration(store::Database& database, std::vector<std::string> extra_scopes)
    : database_(database), extra_scopes_(std::move(extra_scopes)) {}

Status Administration::CheckManages(const Administrator& admin, store::StoreId store,
                                    const std::string& name) const {
  if (admin.ManagesEveryStore() || admin.store_id == store) return Status();
  return NoStore(name);
}

Result<store::StoreRecord> Administration::FindManaged(const Administrator& admin,
                                                       const std::string& name) {
  auto found = database_.GetStore(name);
  if (!found.ok()) return found.error();
  if (!found.value()) return NoStore(name);
  LRS_RETURN_IF_ERROR(CheckManages(admin, found.value()->id, name));
  return *found.value();
}

Result<std::vector<store::StoreRecord>> Administration::ListStores(const Administrator& admin) {
  auto all = database_.ListStores();
  if (!all.ok()) return all.error();
  std::vector<store::StoreRecord> out;
  for (store::StoreRecord& s : all.value()) {
    if (CheckManages(admin, s.id, s.name).ok()) out.push_back(std::move(s));
  }
  return out;
}

Result<store::StoreRecord> Administration::GetStore(const Administrator& admin,
                                                    const std::string& name) {
  return FindManaged(admin, name);
}

Result<store::StoreRecord> Administration::CreateStore(const Administrator& admin,
                                                       const std::string& name) {
  if (!admin.ManagesEveryStore()) {
    return Error::Forbidden("only an admin credential of the default store creates stores");
  }
  LRS_RETURN_IF_ERROR(CheckStoreName(name));
  auto existing = database_.FindStore(name);
  if (!existing.ok()) return existing.error();
  if (existing.value()) return Error::Conflict("a store named \"" + name + "\" exists");
  auto id = database_.EnsureStore(name);
  if (!id.ok()) return id.error();
  LRS_RETURN_IF_ERROR(RecordAudit(database_, id.value(), admin.actor, "store.create", name));
  return FindManaged(admin, name);
}

Result<store::StoreRecord> Administration::SetStoreEnabled(const Administrator& admin,
                                                           const std::string& name, bool enabled) {
  auto found = FindManaged(admin, name);
  if (!found.ok()) return found.error();
  if (!admin.ManagesEveryStore()) {
    return Error::Forbidden(
        "only an admin credential of the default store disables or enables stores");
  }
  if (name == store::kDefaultStoreName && !enabled) {
    return Error::BadRequest(
        "the default store cannot be disabled: its admin credentials manage every store");
  }
  const bool changed = found.value().disabled.has_value() == enabled;
  if (changed) {
    std::optional<std::string> when;
    if (!enabled) when = FormatMillisUtc(NowMicros());
    auto set = database_.SetStoreDisabled(found.value().id, when);
    if (!set.ok()) return set.error();
    if (!set.value()) return NoStore(name);
  }
  json::Document detail;
  detail.SetObject();
  detail.AddMember("changed", changed, detail.GetAllocator());
  LRS_RETURN_IF_ERROR(RecordAudit(database_, found.value().id, admin.actor,
                                  enabled ? "store.enable" : "store.disable", name, detail));
  return FindManaged(admin, name);
}

Result<std::vector<store::CredentialRecord>> Administration::ListCredentials(
    const Administrator& admin, const std::optional<std::string>& store) {
  if (store) {
    auto found = FindManaged(admin, *store);
    if (!found.ok()) return found.error();
  }
  auto all = database_.ListCredentials(store);
  if (!all.ok()) return all.error();
  std::vector<store::CredentialRecord> out;
  for (store::CredentialRecord& c : all.value()) {
    if (CheckManages(admin, c.store_id, c.store_name).ok()) out.push_back(std::move(c));
  }
  return out;
}

Result<store::CredentialRecord> Administration::GetCredential(const Administrator& admin,
                                                              const std::string& key) {
  auto found = database_.FindCredential(key);
  if (!found.ok()) return found.error();
  if (!found.value() || !CheckManages(admin, found.value()->store_id, "").ok()) {
    return NoCredential(key);
  }
  return *found.value();
}

Result<NewCredential> Administration::CreateCredential(const Administrator& admin,
                                                       NewCredentialRequest request) {
  auto store = FindManaged(admin, request.store);
  if (!store.ok()) return store.error();
  request.extra_scopes = extra_scopes_;
  auto created = service::CreateCredential(database_, request);
  if (!created.ok()) return created.error();
  json::Document detail;
  detail.SetObject();
  detail.AddMember("scopes", json::Copy(created.value().scopes, detail.GetAllocator()),
                   detail.GetAllocator());
  LRS_RETURN_IF_ERROR(RecordAudit(database_, store.value().id, admin.actor, "credential.create",
                                  created.value().key, detail));
  return created;
}

Result<store::CredentialRecord> Administration::RevokeCredential(const Administrator& admin,
                                                                 const std::string& key) {
  auto found = GetCredential(admin, key);
  if (!found.ok()) return found.error();
  if (found.value().revoked) {
    return Error::Conflict("the credential \"" + key + "\" is revoked already");
  }
  auto revoked = database_.RevokeCredential(key, FormatMillisUtc(NowMicros()));
  if (!revoked.ok()) return revoked.error();
  if (!revoked.value()) return Error::Conflict("the credential \"" + key + "\" is revoked already");
  LRS_RETURN_IF_ERROR(
      RecordAudit(database_, found.value().store_id, admin.actor, "credential.revoke", key));
  return GetCredential(admin, key);
}

Result<RotatedSecret> Administration::RotateSecret(const Administrator& admin,
                                                   const std::string& key) {
  auto found = GetCredential(admin, key);
  if (!found.ok()) return found.error();
  if (found.value().revoked) {
    return Error::Conflict("the credential \"" + key + "\" is revoked; create another one");
  }
  RotatedSecret rotated;
  rotated.store = found.value().store_name;
  rotated.key = key;
  rotated.secret = NewSecret();
  const std::string salt = crypto::RandomBytes(16);
  const std::string hash = crypto::Pbkdf2Sha256(rotated.secret, salt, kPbkdf2Iterations, 32);
  auto replaced = database_.ReplaceCredentialSecret(key, hash, salt, kPbkdf2Iterations);
  if (!replaced.ok()) return replaced.error();
  if (!replaced.value()) {
    return Error::Conflict("the credential \"" + key + "\" is revoked; create another one");
  }
  LRS_RETURN_IF_ERROR(
      RecordAudit(database_, found.value().store_id, admin.actor, "credential.rotate", key));
  return rotated;
}

}  // namespace lrs::service
