#include "lrs/service/credentials.h"

#include <rapidjson/document.h>

#include "lrs/core/crypto.h"
#include "lrs/core/json.h"
#include "lrs/core/time.h"
#include "lrs/service/auth.h"
#include "lrs/xapi/iri.h"

namespace lrs::service {

namespace {

// Keys and secrets travel in an HTTP Basic header as "key:secret": printable ASCII; the key
// without spaces or ':', the secret may hold both.
Status CheckToken(const std::string& value, const char* what, bool is_key, size_t min_len) {
  if (value.size() < min_len || value.size() > 256) {
    return Error::BadRequest(std::string(what) + " must be " + std::to_string(min_len) +
                             " to 256 characters long");
  }
  for (char c : value) {
    bool printable = c >= ' ' && c <= '~';
    if (!printable || (is_key && (c == ' ' || c == ':'))) {
      return Error::BadRequest(std::string(what) + " may only contain printable ASCII characters" +
                               (is_key ? " without spaces or ':'" : ""));
    }
  }
  return Status();
}

}  // namespace

Status CheckStoreName(const std::string& name) {
  if (name.empty() || name.size() > 64)
    return Error::BadRequest("store names are 1 to 64 characters");
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok)
      return Error::BadRequest("store names may only contain letters, digits, '-', '_' and '.'");
  }
  return Status();
}

std::string NewSecret() {
  return crypto::Base64UrlEncode(crypto::RandomBytes(24));
}

Result<NewCredential> CreateCredential(store::CredentialStore& credentials,
                                       const NewCredentialRequest& request) {
  auto scopes = ParseScopes(request.scopes, request.extra_scopes);
  if (!scopes.ok()) return scopes.error();
  LRS_RETURN_IF_ERROR(CheckStoreName(request.store));
  if (!xapi::IsAbsoluteIri(request.home_page)) {
    return Error::BadRequest(
        "the home page must be an absolute IRL, such as https://lrs.example.com/");
  }

  NewCredential created;
  created.store = request.store;
  created.key = request.key ? *request.key : crypto::HexEncode(crypto::RandomBytes(12));
  created.secret = request.secret ? *request.secret : NewSecret();
  LRS_RETURN_IF_ERROR(CheckToken(created.key, "the key", /*is_key=*/true, 1));
  LRS_RETURN_IF_ERROR(CheckToken(created.secret, "the secret", /*is_key=*/false, 8));
  for (const std::string& name : scopes.value().names) {
    if (!created.scopes.empty()) created.scopes.push_back(' ');
    created.scopes += name;
  }

  json::Document authority;
  authority.SetObject();
  auto& alloc = authority.GetAllocator();
  authority.AddMember("objectType", "Agent", alloc);
  authority.AddMember("name", json::Copy(request.name ? *request.name : created.key, alloc), alloc);
  json::Value account(rapidjson::kObjectType);
  account.AddMember("homePage", json::Copy(request.home_page, alloc), alloc);
  account.AddMember("name", json::Copy(created.key, alloc), alloc);
  authority.AddMember("account", std::move(account), alloc);
  created.authority = json::Write(authority);

  auto store_id = credentials.EnsureStore(request.store);
  if (!store_id.ok()) return store_id.error();

  store::CredentialRecord record;
  record.store_id = store_id.value();
  record.key = created.key;
  record.salt = crypto::RandomBytes(16);
  record.iterations = kPbkdf2Iterations;
  record.secret_hash = crypto::Pbkdf2Sha256(created.secret, record.salt, record.iterations, 32);
  record.scopes = created.scopes;
  record.name = request.name ? *request.name : created.key;
  record.authority = created.authority;
  record.created = FormatMillisUtc(NowMicros());
  LRS_RETURN_IF_ERROR(credentials.AddCredential(record));
  return created;
}

}  // namespace lrs::service
