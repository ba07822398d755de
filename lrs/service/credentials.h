// Creating credentials (the `outcome-lrs credentials` commands, POST /admin/credentials).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/store/store.h"

namespace lrs::service {

// PBKDF2-HMAC-SHA256 rounds for new credentials.
inline constexpr int kPbkdf2Iterations = 100000;

struct NewCredentialRequest {
  std::string store = std::string(store::kDefaultStoreName);  // created when missing
  std::optional<std::string> key;                             // generated when absent
  std::optional<std::string> secret;                          // generated when absent
  std::string scopes;  // e.g. "statements/write statements/read"
  // The scopes of loaded plugins, accepted besides the xAPI ones.
  std::vector<std::string> extra_scopes;
  std::optional<std::string> name;  // defaults to the key
  // The account homePage of the credential's authority Agent.
  std::string home_page = "https://outcome-lrs.invalid/credentials";
};

struct NewCredential {
  std::string store;
  std::string key;
  std::string secret;  // shown once; only its hash is stored
  std::string scopes;
  std::string authority;  // JSON
};

// kBadRequest unless `name` is a valid store name: 1 to 64 letters, digits, '-', '_', '.'.
Status CheckStoreName(const std::string& name);

// A new random secret, as CreateCredential generates (32 URL-safe characters).
std::string NewSecret();

// Validates the request, generates what is missing, and stores the credential with its secret
// hashed. kBadRequest for an invalid key, secret, scope list or home page; kConflict when the
// key is taken.
Result<NewCredential> CreateCredential(store::CredentialStore& credentials,
                                       const NewCredentialRequest& request);

}  // namespace lrs::service
