// `outcome-lrs backup --db PATH --to FILE`: a consistent copy of a live SQLite database
// (lrs/store/sqlite/backup.h). PostgreSQL databases are backed up with PostgreSQL's own tools.
#include <cstdio>

#include "lrs/app/cli.h"
#include "lrs/store/database.h"
#include "lrs/store/sqlite/backup.h"

namespace lrs::app {

namespace {

int Usage(const std::string& message) {
  std::fprintf(stderr, "outcome-lrs backup: %s (see outcome-lrs --help)\n", message.c_str());
  return 2;
}

}  // namespace

int RunBackup(Args args) {
  auto db = args.Take("--db");
  auto to = args.Take("--to");
  for (auto* r : {&db, &to}) {
    if (!r->ok()) return Usage(r->error().message());
  }
  Status finished = args.Finish();
  if (!finished.ok()) return Usage(finished.error().message());
  if (!db.value()) return Usage("--db is required: the SQLite database file to copy");
  if (!to.value()) return Usage("--to is required: the file to write the copy to");
  if (store::IsPostgresUri(*db.value())) {
    return Usage(
        "--db is a PostgreSQL database: back it up with PostgreSQL's tools (pg_dump -Fc, or "
        "pg_basebackup and WAL archiving for point-in-time recovery) or your provider's "
        "backups; they copy a live database consistently");
  }
  auto report = store::sqlite::Backup(*db.value(), *to.value());
  if (!report.ok()) {
    std::fprintf(stderr, "outcome-lrs backup: %s\n", report.error().message().c_str());
    const ErrorCode code = report.error().code();
    return code == ErrorCode::kBadRequest || code == ErrorCode::kConflict ? 2 : 1;
  }
  std::printf("backed up %s to %s: %lld statements, %lld bytes, schema version %d\n",
              db.value()->c_str(), to.value()->c_str(),
              static_cast<long long>(report.value().statements),
              static_cast<long long>(report.value().bytes), report.value().schema_version);
  return 0;
}

}  // namespace lrs::app
