#include "lrs/service/auth.h"

#include <algorithm>
#include <vector>

#include "lrs/core/crypto.h"
#include "lrs/core/strings.h"
#include "lrs/xapi/agent.h"

namespace lrs::service {

namespace {

struct ScopeName {
  Scope scope;
  const char* name;
};
constexpr ScopeName kScopeNames[] = {
    {kScopeStatementsWrite, "statements/write"},
    {kScopeStatementsRead, "statements/read"},
    {kScopeStatementsReadMine, "statements/read/mine"},
    {kScopeAllRead, "all/read"},
    {kScopeAll, "all"},
    {kScopeDefine, "define"},
    {kScopeState, "state"},
    {kScopeProfile, "profile"},
    {kScopeAdmin, "admin"},
};

constexpr size_t kMaxVerifiedEntries = 10000;

}  // namespace

namespace {

// The scopes of a stored credential. Names no loaded component knows (a plugin's, when the
// plugin is not loaded) are kept by name but grant nothing here.
ScopeSet ScopesOfCredential(std::string_view text) {
  ScopeSet set;
  for (std::string_view item : Split(text, ' ')) {
    if (item.empty()) continue;
    for (const ScopeName& s : kScopeNames) {
      if (item == s.name) set.bits |= s.scope;
    }
    set.names.emplace_back(item);
  }
  return set;
}

// kForbidden when the credential's store is disabled. Asked only once the secret is verified,
// so that the answer tells nothing to whoever does not hold it.
Status RefuseDisabledStore(const store::CredentialRecord& record) {
  if (!record.store_disabled) return Status();
  return Error::Forbidden("the store \"" + record.store_name + "\" is disabled (since " +
                          *record.store_disabled +
                          "); an admin credential of the default store can enable it again");
}

}  // namespace

Result<ScopeSet> ParseScopes(std::string_view text, const std::vector<std::string>& extra_known) {
  ScopeSet set;
  std::string normalized(text);
  for (char& c : normalized) {
    if (c == ',') c = ' ';
  }
  for (std::string_view item : Split(normalized, ' ')) {
    if (item.empty()) continue;
    bool known = false;
    for (const ScopeName& s : kScopeNames) {
      if (item == s.name) {
        set.bits |= s.scope;
        known = true;
      }
    }
    for (const std::string& extra : extra_known) {
      if (item == extra) known = true;
    }
    if (!known) {
      std::string all = FormatScopes(~0u);
      for (const std::string& extra : extra_known)
        all += " " + extra;
      return Error::BadRequest("unknown scope \"" + std::string(item) + "\"; known scopes: " + all);
    }
    if (std::find(set.names.begin(), set.names.end(), item) == set.names.end()) {
      set.names.emplace_back(item);
    }
  }
  if (set.names.empty()) return Error::BadRequest("at least one scope is required");
  return set;
}

std::string FormatScopes(uint32_t bits) {
  std::string out;
  for (const ScopeName& s : kScopeNames) {
    if (bits & s.scope) {
      if (!out.empty()) out.push_back(' ');
      out += s.name;
    }
  }
  return out;
}

Authenticator::Authenticator(store::CredentialStore& credentials)
    : credentials_(credentials), pepper_(crypto::RandomBytes(32)) {}

Result<Principal> Authenticator::Authenticate(std::string_view authorization) {
  authorization = Trim(authorization);
  if (authorization.empty()) {
    return Error::Unauthorized("authentication required: send HTTP Basic credentials");
  }
  if (authorization.size() < 6 || !EqualsIgnoreCase(authorization.substr(0, 6), "Basic ")) {
    return Error::Unauthorized("only HTTP Basic authentication is supported");
  }
  auto decoded = crypto::Base64Decode(Trim(authorization.substr(6)));
  if (!decoded) return Error::Unauthorized("malformed HTTP Basic credentials");
  size_t colon = decoded->find(':');
  if (colon == std::string::npos) return Error::Unauthorized("malformed HTTP Basic credentials");
  std::string key = decoded->substr(0, colon);
  std::string secret = decoded->substr(colon + 1);

  auto found = credentials_.FindCredential(key);
  if (!found.ok()) return found.error();
  if (!found.value() || found.value()->revoked) {
    return Error::Unauthorized("unknown or revoked credentials");
  }
  const store::CredentialRecord& record = *found.value();
  const std::string fast_token = crypto::Sha256(pepper_ + secret);

  Principal principal;
  principal.store_id = record.store_id;
  principal.store_name = record.store_name;
  principal.key = record.key;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = verified_.find(key);
    if (it != verified_.end() && it->second.secret_hash == record.secret_hash &&
        it->second.scopes == record.scopes && it->second.authority_json == record.authority &&
        crypto::ConstantTimeEquals(it->second.fast_token, fast_token)) {
      ScopeSet scopes = ScopesOfCredential(record.scopes);
      principal.scopes = scopes.bits;
      principal.scope_names = std::move(scopes.names);
      principal.authority = it->second.authority;
      principal.authority_key = it->second.authority_key;
      LRS_RETURN_IF_ERROR(RefuseDisabledStore(record));
      return principal;
    }
  }

  const std::string derived =
      crypto::Pbkdf2Sha256(secret, record.salt, record.iterations, record.secret_hash.size());
  if (!crypto::ConstantTimeEquals(derived, record.secret_hash)) {
    return Error::Unauthorized("unknown or revoked credentials");
  }
  ScopeSet scopes = ScopesOfCredential(record.scopes);
  auto authority = std::make_shared<json::Document>();
  if (!json::Parse(record.authority, authority.get()).ok()) {
    return Error::Internal("credential " + key + " has an invalid authority");
  }
  auto authority_key = xapi::AgentKey(*authority);
  if (!authority_key) return Error::Internal("credential " + key + " has an invalid authority");

  principal.scopes = scopes.bits;
  principal.scope_names = std::move(scopes.names);
  principal.authority = authority;
  principal.authority_key = *authority_key;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (verified_.size() >= kMaxVerifiedEntries) verified_.clear();
    verified_[key] = Verified{record.secret_hash, fast_token, record.scopes,
                              record.authority,   authority,  *authority_key};
  }
  LRS_RETURN_IF_ERROR(RefuseDisabledStore(record));
  return principal;
}

}  // namespace lrs::service
