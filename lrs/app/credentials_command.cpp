// `outcome-lrs credentials add|list|revoke`.
#include <cstdio>

#include "lrs/app/cli.h"
#include "lrs/core/json.h"
#include "lrs/core/time.h"
#include "lrs/extension/extension_host.h"
#include "lrs/service/audit.h"
#include "lrs/service/credentials.h"
#include "lrs/store/database.h"

namespace lrs::app {

namespace {

int Usage(const std::string& message) {
  std::fprintf(stderr, "outcome-lrs credentials: %s (see outcome-lrs --help)\n", message.c_str());
  return 2;
}

int Fail(const Error& error) {
  std::fprintf(stderr, "outcome-lrs credentials: %s\n", error.message().c_str());
  return error.code() == ErrorCode::kBadRequest ? 2 : 1;
}

Result<std::unique_ptr<store::Database>> OpenDatabase(const std::string& location) {
  store::DatabaseOptions options;
  options.pool_size = 1;
  options.writer_cache_mib = 2;
  options.reader_cache_mib = 2;
  return store::OpenDatabase(location, options);
}

int Add(Args& args, const std::string& db, const std::vector<std::string>& plugin_paths) {
  service::NewCredentialRequest request;
  auto scopes = args.Take("--scopes");
  auto key = args.Take("--key");
  auto secret = args.Take("--secret");
  auto store_name = args.Take("--store");
  auto name = args.Take("--name");
  auto home_page = args.Take("--home-page");
  for (auto* r : {&scopes, &key, &secret, &store_name, &name, &home_page}) {
    if (!r->ok()) return Usage(r->error().message());
  }
  Status finished = args.Finish();
  if (!finished.ok()) return Usage(finished.error().message());
  if (!scopes.value()) return Usage("--scopes is required, for example --scopes all");
  request.scopes = *scopes.value();
  request.key = key.value();
  request.secret = secret.value();
  if (store_name.value()) request.store = *store_name.value();
  request.name = name.value();
  if (home_page.value()) request.home_page = *home_page.value();

  auto database = OpenDatabase(db);
  if (!database.ok()) return Fail(database.error());
  // Loaded (not started) only to learn the scopes they add.
  extension::ExtensionHost extensions(*database.value(), *database.value());
  Status loaded = extensions.Load(plugin_paths);
  if (!loaded.ok()) return Fail(loaded.error());
  request.extra_scopes = extensions.ExtraScopes();
  auto existed = database.value()->FindStore(request.store);
  if (!existed.ok()) return Fail(existed.error());
  auto created = service::CreateCredential(*database.value(), request);
  if (!created.ok()) return Fail(created.error());
  const service::NewCredential& c = created.value();
  // The audit log records what the command line changed, as it does for the HTTP API.
  auto store_id = database.value()->FindStore(c.store);
  if (!store_id.ok()) return Fail(store_id.error());
  if (!store_id.value()) return Fail(Error::Internal("store \"" + c.store + "\" was not created"));
  if (!existed.value()) {
    Status audited = service::RecordAudit(*database.value(), *store_id.value(), service::kCliActor,
                                          "store.create", c.store);
    if (!audited.ok()) return Fail(audited.error());
  }
  json::Document detail;
  detail.SetObject();
  detail.AddMember("scopes", json::Copy(c.scopes, detail.GetAllocator()), detail.GetAllocator());
  Status audited = service::RecordAudit(*database.value(), *store_id.value(), service::kCliActor,
                                        "credential.create", c.key, detail);
  if (!audited.ok()) return Fail(audited.error());
  std::printf("Created a credential in store \"%s\".\n", c.store.c_str());
  std::printf("key:    %s\n", c.key.c_str());
  std::printf("secret: %s\n", c.secret.c_str());
  std::printf("scopes: %s\n", c.scopes.c_str());
  std::printf(
      "Use the key as the user name and the secret as the password of HTTP Basic authentication.\n"
      "The secret is stored hashed and cannot be shown again.\n");
  return 0;
}

int List(Args& args, const std::string& db) {
  auto store_name = args.Take("--store");
  if (!store_name.ok()) return Usage(store_name.error().message());
  Status finished = args.Finish();
  if (!finished.ok()) return Usage(finished.error().message());
  auto database = OpenDatabase(db);
  if (!database.ok()) return Fail(database.error());
  auto list = database.value()->ListCredentials(store_name.value());
  if (!list.ok()) return Fail(list.error());
  std::printf("%-26s %-12s %-8s %-25s %-24s %s\n", "KEY", "STORE", "STATUS", "CREATED", "NAME",
              "SCOPES");
  for (const store::CredentialRecord& c : list.value()) {
    std::printf("%-26s %-12s %-8s %-25s %-24s %s\n", c.key.c_str(), c.store_name.c_str(),
                c.revoked ? "revoked" : "active", c.created.c_str(), c.name.c_str(),
                c.scopes.c_str());
  }
  return 0;
}

int Revoke(Args& args, const std::string& db) {
  auto key = args.Take("--key");
  if (!key.ok()) return Usage(key.error().message());
  Status finished = args.Finish();
  if (!finished.ok()) return Usage(finished.error().message());
  if (!key.value()) return Usage("--key is required");
  auto database = OpenDatabase(db);
  if (!database.ok()) return Fail(database.error());
  auto found = database.value()->FindCredential(*key.value());
  if (!found.ok()) return Fail(found.error());
  auto revoked = database.value()->RevokeCredential(*key.value(), FormatMillisUtc(NowMicros()));
  if (!revoked.ok()) return Fail(revoked.error());
  if (!revoked.value() || !found.value()) {
    std::fprintf(stderr, "outcome-lrs credentials: no active credential with key \"%s\"\n",
                 key.value()->c_str());
    return 1;
  }
  Status audited = service::RecordAudit(*database.value(), found.value()->store_id,
                                        service::kCliActor, "credential.revoke", *key.value());
  if (!audited.ok()) return Fail(audited.error());
  std::printf("Revoked credential %s.\n", key.value()->c_str());
  return 0;
}

}  // namespace

int RunCredentials(const std::string& action, Args args) {
  auto plugin_paths = PluginPaths(args);
  if (!plugin_paths.ok()) return Usage(plugin_paths.error().message());
  auto db = args.Take("--db");
  if (!db.ok()) return Usage(db.error().message());
  if (!db.value()) return Usage("--db is required");
  if (action == "add") return Add(args, *db.value(), plugin_paths.value());
  if (action == "list") return List(args, *db.value());
  if (action == "revoke") return Revoke(args, *db.value());
  return Usage("unknown action \"" + action + "\"; use add, list or revoke");
}

}  // namespace lrs::app
