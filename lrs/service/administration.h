// Administration of stores and credentials (issue 16), as the /admin/ API offers it: every
// change is checked against who asks and recorded in the audit log (lrs/service/audit.h).
//
// Who manages what: an administrator of the default store manages every store; one of another
// store manages that store alone, and every other store is, to it, as if it did not exist
// (kNotFound, never a hint that a name is taken elsewhere), except creating a store, which
// only the default store's administrators may do (kForbidden).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/service/credentials.h"
#include "lrs/store/store.h"

namespace lrs::service {

// Who is acting: an admin credential's store and key, or the command line.
struct Administrator {
  store::StoreId store_id = 0;
  std::string store_name;
  std::string actor;  // the credential's key, or kCliActor

  bool ManagesEveryStore() const { return store_name == store::kDefaultStoreName; }
};

// A credential's new secret, shown once.
struct RotatedSecret {
  std::string store;
  std::string key;
  std::string secret;
};

class Administration {
 public:
  // `extra_scopes`: the scopes of loaded plugins, accepted for new credentials besides xAPI's.
  Administration(store::Database& database, std::vector<std::string> extra_scopes);

  // The stores `admin` manages, in order of creation.
  Result<std::vector<store::StoreRecord>> ListStores(const Administrator& admin);
  // Store `name`; kNotFound when there is none or `admin` does not manage it.
  Result<store::StoreRecord> GetStore(const Administrator& admin, const std::string& name);
  // Creates store `name` (kBadRequest for an invalid name, kConflict when it exists, kForbidden
  // for an administrator of another store than the default). Audited: store.create.
  Result<store::StoreRecord> CreateStore(const Administrator& admin, const std::string& name);
  // Disables or enables store `name`: while disabled, its credentials are refused (403). The
  // default store cannot be disabled (kBadRequest), nor may an administrator of another store
  // change any store's state (kForbidden). Audited: store.disable, store.enable (also when
  // the state does not change, with "changed": false).
  Result<store::StoreRecord> SetStoreEnabled(const Administrator& admin, const std::string& name,
                                             bool enabled);

  // The credentials of the stores `admin` manages, or of store `store` alone (kNotFound when
  // it manages no store of that name). Never secrets: the records hold hashes, which the caller
  // must not show either.
  Result<std::vector<store::CredentialRecord>> ListCredentials(
      const Administrator& admin, const std::optional<std::string>& store);
  // Credential `key`; kNotFound when there is none or it belongs to a store `admin` does not
  // manage.
  Result<store::CredentialRecord> GetCredential(const Administrator& admin, const std::string& key);
  // Creates a credential in `request.store`, which must exist and be managed by `admin`
  // (kNotFound); kBadRequest for invalid scopes, key, secret or home page, kConflict for a taken
  // key. Audited: credential.create (with its scopes).
  Result<NewCredential> CreateCredential(const Administrator& admin, NewCredentialRequest request);
  // Revokes the active credential `key` (kNotFound as GetCredential; kConflict when it is revoked
  // already). Audited: credential.revoke.
  Result<store::CredentialRecord> RevokeCredential(const Administrator& admin,
                                                   const std::string& key);
  // Gives the active credential `key` a new random secret, returned once; the old secret stops
  // working at once (kNotFound as GetCredential; kConflict when it is revoked). Audited:
  // credential.rotate.
  Result<RotatedSecret> RotateSecret(const Administrator& admin, const std::string& key);

 private:
  // kNotFound unless `admin` manages `store`.
  Status CheckManages(const Administrator& admin, store::StoreId store,
                      const std::string& name) const;
  Result<store::StoreRecord> FindManaged(const Administrator& admin, const std::string& name);

  store::Database& database_;
  std::vector<std::string> extra_scopes_;
};

}  // namespace lrs::service
