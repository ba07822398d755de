// Credentials, scopes and authentication (HTTP Basic, Part Three §4.0). A credential belongs to
// one store; everything a request does happens in that store.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/core/json.h"
#include "lrs/store/store.h"

namespace lrs::service {

// The xAPI authorization scopes (Part Three §4.2), as bits.
enum Scope : uint32_t {
  kScopeStatementsWrite = 1u << 0,     // statements/write
  kScopeStatementsRead = 1u << 1,      // statements/read
  kScopeStatementsReadMine = 1u << 2,  // statements/read/mine
  kScopeAllRead = 1u << 3,             // all/read
  kScopeAll = 1u << 4,                 // all
  kScopeDefine = 1u << 5,              // define
  kScopeState = 1u << 6,               // state
  kScopeProfile = 1u << 7,             // profile
  // Not an xAPI scope: operating the server (GET /metrics, /admin/). `all` does not include it,
  // and it grants nothing of xAPI: an admin credential reads no statement unless it also has a
  // scope that does (issue 16).
  kScopeAdmin = 1u << 8,  // admin
};

// A credential's scopes: the xAPI ones as bits, and every scope by name (plugins' scopes, such
// as "outcomes/read", exist only by name).
struct ScopeSet {
  uint32_t bits = 0;
  std::vector<std::string> names;  // in the order given, without repeats
};

// Parses scope names separated by spaces and/or commas ("statements/write,statements/read").
// Every name must be an xAPI scope or one of `extra_known` (the scopes of loaded plugins): the
// error names the first unknown one and lists the known ones. An empty list is an error too.
Result<ScopeSet> ParseScopes(std::string_view text,
                             const std::vector<std::string>& extra_known = {});
// The scope names of `bits` (xAPI's and admin), space-separated, in the order of the enum.
std::string FormatScopes(uint32_t bits);

// Who is making a request, once authenticated.
struct Principal {
  store::StoreId store_id = 0;
  std::string store_name;
  std::string key;
  uint32_t scopes = 0;  // xAPI scopes
  // Every scope of the credential by name, plugins' scopes included.
  std::vector<std::string> scope_names;
  // The Agent the LRS writes as "authority" of statements this principal stores.
  std::shared_ptr<const json::Document> authority;
  // xapi::AgentKey of `authority`.
  std::string authority_key;

  bool Has(uint32_t scope) const { return (scopes & scope) != 0; }
  bool CanWriteStatements() const { return Has(kScopeStatementsWrite | kScopeAll); }
  // Read access to every statement of the store.
  bool CanReadAllStatements() const {
    return Has(kScopeStatementsRead | kScopeAllRead | kScopeAll);
  }
  // Read access limited to statements whose authority is this principal's.
  bool CanReadOwnStatements() const { return Has(kScopeStatementsReadMine); }
  bool CanDefine() const { return Has(kScopeDefine | kScopeAll); }
  // Operating the server (metrics, administration): the admin scope alone, never `all`.
  bool IsAdmin() const { return Has(kScopeAdmin); }
};

// Verifies HTTP Basic credentials against the credential store. Thread-safe.
class Authenticator {
 public:
  explicit Authenticator(store::CredentialStore& credentials);

  // Authenticates an Authorization header value ("Basic base64(key:secret)"). kUnauthorized when
  // it is missing, malformed, names no active credential, or the secret does not match.
  // Secrets are stored as PBKDF2 hashes, which are slow on purpose; after one successful check a
  // fast salted SHA-256 of the secret is remembered in memory only, so later requests stay cheap.
  // A revoked credential is refused from the next request on. kForbidden, once the secret is
  // verified, when the credential's store is disabled (also from the next request on).
  Result<Principal> Authenticate(std::string_view authorization);

 private:
  struct Verified {
    std::string secret_hash;  // the stored PBKDF2 hash this entry was verified against
    std::string fast_token;   // SHA-256(pepper || secret)
    std::string scopes;
    std::string authority_json;
    std::shared_ptr<const json::Document> authority;
    std::string authority_key;
  };

  store::CredentialStore& credentials_;
  const std::string pepper_;  // random per process
  std::mutex mu_;
  std::unordered_map<std::string, Verified> verified_;
};

}  // namespace lrs::service
