// `outcome-lrs forget --db PATH --agent JSON [--store NAME] [--block] [--pseudonym-home-page IRL]
// [--plugin PATH]...`: erases a person (lrs/service/forget.h), the plugins loaded erasing their
// part in the same transaction, records it in the audit log (actor "cli") and prints what was
// erased as JSON.
#include <cstdio>

#include "lrs/app/cli.h"
#include "lrs/extension/extension_host.h"
#include "lrs/service/audit.h"
#include "lrs/service/forget.h"
#include "lrs/store/database.h"
#include "lrs/xapi/iri.h"

namespace lrs::app {

namespace {

int Usage(const std::string& message) {
  std::fprintf(stderr, "outcome-lrs forget: %s (see outcome-lrs --help)\n", message.c_str());
  return 2;
}

}  // namespace

int RunForget(Args args) {
  auto plugin_paths = PluginPaths(args);
  if (!plugin_paths.ok()) return Usage(plugin_paths.error().message());
  auto db = args.Take("--db");
  auto agent_text = args.Take("--agent");
  auto store_name = args.Take("--store");
  auto home_page = args.Take("--pseudonym-home-page");
  for (auto* r : {&db, &agent_text, &store_name, &home_page}) {
    if (!r->ok()) return Usage(r->error().message());
  }
  service::ForgetOptions options;
  options.block = args.TakeFlag("--block");
  Status finished = args.Finish();
  if (!finished.ok()) return Usage(finished.error().message());
  if (!db.value()) return Usage("--db is required");
  if (!agent_text.value()) return Usage("--agent is required: the Agent to erase, as JSON");
  if (home_page.value()) {
    if (!xapi::IsAbsoluteIri(*home_page.value())) {
      return Usage("--pseudonym-home-page: \"" + *home_page.value() + "\" is not an IRL");
    }
    options.pseudonym_home_page = *home_page.value();
  }
  json::Document agent;
  Status parsed = json::Parse(*agent_text.value(), &agent);
  if (!parsed.ok()) return Usage("--agent is not JSON: " + parsed.error().message());

  store::DatabaseOptions db_options;
  db_options.pool_size = 2;
  auto database = store::OpenDatabase(*db.value(), db_options);
  if (!database.ok()) {
    std::fprintf(stderr, "outcome-lrs forget: %s\n", database.error().message().c_str());
    return database.error().code() == ErrorCode::kBadRequest ? 2 : 1;
  }
  const std::string name = store_name.value().value_or(std::string(store::kDefaultStoreName));
  auto store = database.value()->FindStore(name);
  if (!store.ok()) {
    std::fprintf(stderr, "outcome-lrs forget: %s\n", store.error().message().c_str());
    return 1;
  }
  if (!store.value()) return Usage("--store: there is no store named \"" + name + "\"");

  extension::ExtensionHost extensions(*database.value(), *database.value());
  Status loaded = extensions.Load(plugin_paths.value());
  if (loaded.ok()) loaded = extensions.Start();
  if (!loaded.ok()) {
    std::fprintf(stderr, "outcome-lrs forget: %s\n", loaded.error().message().c_str());
    return 1;
  }
  auto report =
      service::ForgetAgent(*database.value(), &extensions, *store.value(), agent, options);
  extensions.Stop();
  if (!report.ok()) {
    std::fprintf(stderr, "outcome-lrs forget: %s\n", report.error().message().c_str());
    return report.error().code() == ErrorCode::kBadRequest ? 2 : 1;
  }
  std::printf("%s\n", service::ForgetReportJson(report.value()).c_str());
  if (!report.value().scrubbed) {
    std::fprintf(stderr,
                 "outcome-lrs forget: erased, but the database files were not scrubbed: %s\n",
                 report.value().scrub_error.c_str());
  }
  Status audited = service::RecordForgetAudit(*database.value(), *store.value(), service::kCliActor,
                                              "", report.value());
  if (!audited.ok()) {
    std::fprintf(stderr,
                 "outcome-lrs forget: erased, but the audit entry could not be recorded: %s\n",
                 audited.error().message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace lrs::app
