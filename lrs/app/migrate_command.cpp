// `outcome-lrs migrate --from SQLITE_FILE --to postgresql://... [--plugin PATH]`: copies an
// SQLite LRS database, and the tables of the plugins loaded, into an empty PostgreSQL database,
// resumably, and verifies the copy (lrs/store/migration.h).
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>

#include "lrs/app/cli.h"
#include "lrs/core/strings.h"
#include "lrs/extension/plugin_library.h"
#include "lrs/store/migration.h"

namespace lrs::app {

namespace {

// For tests only: stop as if interrupted once this many batches are committed.
constexpr char kStopAfterBatchesEnv[] = "OUTCOME_LRS_MIGRATE_STOP_AFTER_BATCHES";

int Usage(const std::string& message) {
  std::fprintf(stderr, "outcome-lrs migrate: %s (see outcome-lrs --help)\n", message.c_str());
  return 2;
}

void PrintChecks(const store::MigrationReport& report) {
  std::printf("%-20s %12s %12s  %-16s %-16s %s\n", "TABLE", "SQLITE ROWS", "PG ROWS",
              "SQLITE SHA-256", "PG SHA-256", "RESULT");
  for (const store::TableCheck& c : report.checks) {
    std::printf("%-20s %12lld %12lld  %-16.16s %-16.16s %s\n", c.table.c_str(),
                static_cast<long long>(c.source_rows), static_cast<long long>(c.target_rows),
                c.source_sha256.c_str(), c.target_sha256.c_str(), c.equal() ? "ok" : "DIFFERS");
    if (c.target_bad_hashes > 0) {
      std::printf(
          "  (%lld rows of %s in PostgreSQL have hash columns that do not match their "
          "text)\n",
          static_cast<long long>(c.target_bad_hashes), c.table.c_str());
    }
  }
}

// Loads the plugins at `paths` for the copy: each told it runs on PostgreSQL (so its migrations
// are PostgreSQL's), never started; what it says of its schema and tables is added to
// `options`. The libraries stay loaded in `libraries`. kBadRequest (naming the plugin) for one
// that cannot be loaded, refuses PostgreSQL, shares a name with another, or throws.
Status LoadPlugins(const std::vector<std::string>& paths,
                   std::vector<std::unique_ptr<extension::PluginLibrary>>* libraries,
                   store::MigrationOptions* options) {
  std::set<std::string> names;
  for (const std::string& path : paths) {
    auto loaded = extension::PluginLibrary::Load(path);
    if (!loaded.ok()) return loaded.error();
    ext::Plugin& plugin = loaded.value()->plugin();
    store::PluginCopy copy;
    const std::string describe = "plugin at " + path;
    try {
      copy.name = std::string(plugin.Name());
      Status usable = plugin.UseDatabase("postgresql");
      if (!usable.ok()) {
        return Error::BadRequest("plugin \"" + copy.name + "\" (" + path +
                                 ") cannot run on a PostgreSQL database, so its data cannot be "
                                 "copied into one: " +
                                 usable.error().message());
      }
      copy.migrations = plugin.Migrations();
      copy.tables = plugin.CopiedTables();
    } catch (const std::exception& e) {
      return Error::BadRequest(describe + " threw: " + e.what());
    } catch (...) {
      return Error::BadRequest(describe + " threw (not a std::exception)");
    }
    if (!names.insert(copy.name).second) {
      return Error::BadRequest("plugin \"" + copy.name + "\" (" + path + ") is loaded twice");
    }
    options->plugins.push_back(std::move(copy));
    libraries->push_back(std::move(loaded).value());
  }
  return Status();
}

}  // namespace

int RunMigrate(Args args) {
  auto from = args.Take("--from");
  auto to = args.Take("--to");
  auto batch = args.Take("--batch-rows");
  for (auto* r : {&from, &to, &batch}) {
    if (!r->ok()) return Usage(r->error().message());
  }
  auto plugin_paths = PluginPaths(args);
  if (!plugin_paths.ok()) return Usage(plugin_paths.error().message());
  store::MigrationOptions options;
  options.without_plugin_data = args.TakeFlag("--without-plugin-data");
  options.verify_only = args.TakeFlag("--verify");
  Status finished = args.Finish();
  if (!finished.ok()) return Usage(finished.error().message());
  if (!from.value()) return Usage("--from is required: the SQLite database file");
  if (!to.value()) return Usage("--to is required: a postgresql:// connection URI");
  options.sqlite_path = *from.value();
  options.postgres_uri = *to.value();
  if (batch.value()) {
    auto n = ParseUnsigned(*batch.value());
    if (!n || *n == 0 || *n > 1000000) return Usage("--batch-rows must be 1 to 1000000");
    options.batch_rows = static_cast<int>(*n);
  }
  if (const char* stop = std::getenv(kStopAfterBatchesEnv)) {
    auto n = ParseUnsigned(stop);
    if (!n || *n > 1000000000) {
      return Usage(std::string(kStopAfterBatchesEnv) + " must be a number of batches");
    }
    options.stop_after_batches = static_cast<int>(*n);
  }

  std::vector<std::unique_ptr<extension::PluginLibrary>> libraries;
  Status loaded = LoadPlugins(plugin_paths.value(), &libraries, &options);
  if (!loaded.ok()) {
    std::fprintf(stderr, "outcome-lrs migrate: %s\n", loaded.error().message().c_str());
    return 2;
  }

  auto migrated = store::MigrateSqliteToPostgres(options, [](std::string_view what) {
    std::printf("%.*s\n", static_cast<int>(what.size()), what.data());
    std::fflush(stdout);
  });
  if (!migrated.ok()) {
    std::fprintf(stderr, "outcome-lrs migrate: %s\n", migrated.error().message().c_str());
    if (migrated.error().code() == ErrorCode::kUnavailable && !options.verify_only) {
      std::fprintf(stderr,
                   "outcome-lrs migrate: what was committed is kept; run the same command again "
                   "to resume\n");
    }
    return migrated.error().code() == ErrorCode::kBadRequest ? 2 : 1;
  }
  const store::MigrationReport& report = migrated.value();
  if (report.stopped) {
    std::fprintf(stderr,
                 "outcome-lrs migrate: stopped in the middle of the batch after %lld (%s, for "
                 "tests); run again to resume\n",
                 static_cast<long long>(report.batches), kStopAfterBatchesEnv);
    return 3;
  }
  if (!options.verify_only) {
    std::printf("%lld rows copied in %lld batches\n", static_cast<long long>(report.rows_copied),
                static_cast<long long>(report.batches));
  }
  PrintChecks(report);
  if (options.without_plugin_data &&
      (!report.left_behind_tables.empty() || !report.left_behind_plugins.empty())) {
    std::string tables;
    for (const std::string& t : report.left_behind_tables)
      tables += (tables.empty() ? "" : ", ") + t;
    std::string plugins;
    for (const std::string& p : report.left_behind_plugins)
      plugins += (plugins.empty() ? "" : ", ") + p;
    std::printf(
        "Left behind in the SQLite file (--without-plugin-data): tables %s; the record of the "
        "migrations of plugin %s\n",
        tables.empty() ? "(none)" : tables.c_str(), plugins.empty() ? "(none)" : plugins.c_str());
  }
  const std::vector<std::string> differ = report.Mismatches();
  if (!differ.empty()) {
    std::string names;
    for (const std::string& t : differ)
      names += (names.empty() ? "" : ", ") + t;
    std::fprintf(stderr,
                 "outcome-lrs migrate: verification failed: %s differ between the SQLite and the "
                 "PostgreSQL database (was the SQLite file written during the copy, or the "
                 "PostgreSQL database since? Stop every server on the file and copy again into a "
                 "new, empty database)\n",
                 names.c_str());
    return 1;
  }
  std::printf("Verified: every table has the same rows on both sides.\n");
  return 0;
}

}  // namespace lrs::app
